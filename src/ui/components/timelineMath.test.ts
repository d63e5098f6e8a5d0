import { describe, expect, it } from 'vitest';
import {
  frameCenterFraction,
  fractionToFrame,
  frameToFraction,
  labelLeft,
  tickFrames,
  tickStep,
} from './timelineMath';

const range = { start: 1, end: 1440 };

describe('timeline geometry', () => {
  it('maps frames to equal cells and back', () => {
    expect(frameToFraction(1, range)).toBe(0);
    expect(frameToFraction(721, range)).toBe(0.5);
    for (const frame of [1, 2, 100, 720, 1439, 1440]) {
      expect(fractionToFrame(frameCenterFraction(frame, range), range)).toBe(frame);
      expect(fractionToFrame(frameToFraction(frame, range), range)).toBe(frame);
    }
  });

  it('clamps fractions outside the track', () => {
    expect(fractionToFrame(-0.2, range)).toBe(1);
    expect(fractionToFrame(1, range)).toBe(1440);
    expect(fractionToFrame(3, range)).toBe(1440);
  });

  it('handles a one-frame range', () => {
    const still = { start: 1, end: 1 };
    expect(fractionToFrame(0.99, still)).toBe(1);
    expect(frameCenterFraction(1, still)).toBe(0.5);
  });

  it('spaces ticks at least minPx apart with nice steps', () => {
    expect(tickStep(range, 1440, 6)).toBe(10);
    expect(tickStep({ start: 1, end: 48 }, 960, 6)).toBe(1);
    const frames = tickFrames(range, 100);
    expect(frames[0]).toBe(100);
    expect(frames.at(-1)).toBe(1400);
    expect(tickFrames({ start: 1001, end: 1005 }, 1)).toEqual([1001, 1002, 1003, 1004, 1005]);
  });
});

describe('tick labels', () => {
  it('puts a label right of its tick when it fits', () => {
    expect(labelLeft(100, 24, 600)).toBe(103);
  });

  it('moves the last label left of its tick instead of clipping it', () => {
    // "1400" is 24 px wide; its tick is 10 px from the right edge of a 600 px track.
    const left = labelLeft(590, 24, 600);
    expect(left + 24).toBeLessThanOrEqual(600);
    expect(left).toBe(563);
  });
});
