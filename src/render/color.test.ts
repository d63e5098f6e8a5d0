import { describe, expect, it } from 'vitest';
import {
  CHANNEL_MODES,
  COLOR_RANGES,
  colorsEqual,
  colorUniforms,
  DEFAULT_COLOR,
  REC709_LUMA,
  sanitizeColor,
  whiteBalanceGains,
} from './color';
import { FRAGMENT_SHADER, fragmentShaderVariant } from './shaders';

describe('sanitizeColor', () => {
  it('clamps to the documented ranges and drops non-finite values', () => {
    expect(sanitizeColor({ exposure: 100, gamma: 0, saturation: Number.NaN, tint: -0.5 })).toEqual({
      exposure: COLOR_RANGES.exposure.max,
      gamma: COLOR_RANGES.gamma.min,
      tint: -0.5,
    });
  });
});

describe('whiteBalanceGains', () => {
  it('is neutral at zero', () => {
    const gains = whiteBalanceGains(0, 0);
    gains.forEach((gain) => expect(gain).toBeCloseTo(1, 12));
  });

  it('warms with positive temperature and goes magenta with positive tint, keeping white luma', () => {
    for (const [temperature, tint] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0.4, -0.7],
    ] as const) {
      const [r, g, b] = whiteBalanceGains(temperature, tint);
      expect(REC709_LUMA[0] * r + REC709_LUMA[1] * g + REC709_LUMA[2] * b).toBeCloseTo(1, 12);
    }
    const [wr, , wb] = whiteBalanceGains(1, 0);
    expect(wr).toBeGreaterThan(wb);
    const [mr, mg] = whiteBalanceGains(0, 1);
    expect(mg).toBeLessThan(mr);
  });
});

describe('colorUniforms', () => {
  it('passes pixels through at the defaults', () => {
    const u = colorUniforms({ ...DEFAULT_COLOR }, 'rgb');
    expect(u.adjust).toBe(false);
    expect(u.exposureScale).toBe(1);
    expect(u.inverseGamma).toBe(1);
    expect(u.channel).toBe(0);
  });

  it('turns stops into a linear scale and gamma into its inverse', () => {
    const u = colorUniforms({ ...DEFAULT_COLOR, exposure: 1, gamma: 2.2 }, 'luminance');
    expect(u.adjust).toBe(true);
    expect(u.exposureScale).toBe(2);
    expect(u.inverseGamma).toBeCloseTo(1 / 2.2, 12);
    expect(u.channel).toBe(CHANNEL_MODES.indexOf('luminance'));
  });

  it('colorsEqual compares every control', () => {
    expect(colorsEqual({ ...DEFAULT_COLOR }, DEFAULT_COLOR)).toBe(true);
    expect(colorsEqual({ ...DEFAULT_COLOR, tint: 0.01 }, DEFAULT_COLOR)).toBe(false);
  });
});

describe('fragmentShaderVariant', () => {
  it('defines ADJUST and CHANNEL right after the #version line', () => {
    const source = fragmentShaderVariant(true, 3);
    const lines = source.split('\n');
    expect(lines[0]).toBe('#version 300 es');
    expect(lines[1]).toBe('#define ADJUST 1');
    expect(lines[2]).toBe('#define CHANNEL 3');
    expect(source.endsWith(FRAGMENT_SHADER.slice(FRAGMENT_SHADER.indexOf('\n') + 1))).toBe(true);
  });
});
