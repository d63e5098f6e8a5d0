// The category rules the server (send locks) and the client (send/accept) share.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MOTION, DEFAULT_VIEW } from './defaults';
import type { Motion, ViewState } from './schemas/common';
import {
  DEFAULT_IMAGE_FORMAT,
  lockedCategory,
  mergeMotion,
  mergeView,
  motionCategories,
  viewCategories,
} from './syncCategories';

const motion: Motion = { ...DEFAULT_MOTION, inPoint: 1, outPoint: 100 };
const view: ViewState = { ...DEFAULT_VIEW, fit: false, zoom: 2, pan: { x: 5, y: -5 } };

describe('sync categories', () => {
  it('splits a motion change into playback, in/out and loop', () => {
    expect(motionCategories(motion, motion)).toEqual([]);
    expect(motionCategories(motion, { ...motion, inPoint: 10 })).toEqual(['inout']);
    expect(motionCategories(motion, { ...motion, outPoint: 50 })).toEqual(['inout']);
    expect(motionCategories(motion, { ...motion, loopMode: 'once' })).toEqual(['loop']);
    expect(motionCategories(motion, { ...motion, playing: true })).toEqual(['playback']);
    // A re-anchor is a playback change (a seek moves the anchor).
    expect(motionCategories(motion, { ...motion, anchorFrame: 40, anchorTime: 9 })).toEqual([
      'playback',
    ]);
    expect(
      motionCategories(motion, { ...motion, speed: 2, loopMode: 'pingpong', outPoint: 80 }),
    ).toEqual(['playback', 'inout', 'loop']);
  });

  it('splits a view change into region and channel; two fitted views are one region', () => {
    expect(viewCategories(view, { ...view, channel: 'red' })).toEqual(['channel']);
    expect(viewCategories(view, { ...view, zoom: 3 })).toEqual(['view']);
    expect(viewCategories(view, { ...view, pan: { x: 6, y: -5 } })).toEqual(['view']);
    expect(viewCategories(view, { ...view, fit: true })).toEqual(['view']);
    const fitted = { ...view, fit: true };
    expect(viewCategories(fitted, { ...fitted, zoom: 7 })).toEqual([]);
  });

  it('counts safe areas as the View category and the aspect mask as Image format; absent guides are none', () => {
    const guides = { safeAreas: true, mask: '1.85' as const };
    expect(viewCategories(view, { ...view, guides })).toEqual(['view', 'format']);
    expect(viewCategories(view, { ...view, guides: { safeAreas: true, mask: null } })).toEqual([
      'view',
    ]);
    expect(viewCategories(view, { ...view, guides: { safeAreas: false, mask: 2.2 } })).toEqual([
      'format',
    ]);
    expect(viewCategories({ ...view, guides }, { ...view, guides: { ...guides } })).toEqual([]);
    expect(viewCategories(view, { ...view, guides: { safeAreas: false, mask: null } })).toEqual([]);
    const remote: ViewState = { ...view, zoom: 2, guides };
    expect(mergeView(view, remote, new Set(['view'])).guides).toEqual({
      safeAreas: true,
      mask: null,
    });
    expect(mergeView(view, remote, new Set(['format'])).guides).toEqual({
      safeAreas: false,
      mask: '1.85',
    });
    expect(mergeView(view, remote, new Set(['view', 'format'])).guides).toEqual(guides);
    expect(mergeView(view, remote, new Set(['channel'])).guides).toBeUndefined();
  });

  it('counts an image-format change as the Image format category; a view without one changes none', () => {
    const format = { ...DEFAULT_IMAGE_FORMAT, rotation: 90 as const, pixelAspect: 2 };
    expect(viewCategories(view, { ...view, format })).toEqual(['format']);
    expect(viewCategories({ ...view, format }, { ...view, format: { ...format } })).toEqual([]);
    expect(viewCategories(view, { ...view, format: { ...DEFAULT_IMAGE_FORMAT } })).toEqual([]);
    // An older player's view (no format) does not reset the room's.
    expect(viewCategories({ ...view, format }, view)).toEqual([]);
    expect(viewCategories(view, { ...view, format: { ...format, flop: true } })).toEqual([
      'format',
    ]);
    const remote: ViewState = { ...view, zoom: 4, format };
    expect(mergeView(view, remote, new Set(['format']))).toEqual({ ...view, format });
    expect(mergeView(view, remote, new Set(['view'])).format).toBeUndefined();
    expect(
      mergeView({ ...view, format: DEFAULT_IMAGE_FORMAT }, remote, new Set(['view'])).format,
    ).toEqual(DEFAULT_IMAGE_FORMAT);
  });

  it('merges a motion by category, leaving the rest as the base has it', () => {
    const remote: Motion = {
      ...motion,
      playing: true,
      anchorFrame: 50,
      speed: 2,
      inPoint: 20,
      outPoint: 30,
      loopMode: 'pingpong',
    };
    const inoutOnly = mergeMotion(motion, remote, new Set(['inout']));
    expect(inoutOnly).toEqual({ ...motion, inPoint: 20, outPoint: 30 });
    const playbackOnly = mergeMotion(motion, remote, new Set(['playback']));
    expect(playbackOnly).toEqual({ ...remote, inPoint: 1, outPoint: 100, loopMode: 'loop' });
    expect(mergeMotion(motion, remote, new Set(['playback', 'inout', 'loop']))).toEqual(remote);
    expect(mergeMotion(motion, remote, new Set())).toEqual(motion);
  });

  it('merges a view by category', () => {
    const remote: ViewState = { zoom: 4, pan: { x: 1, y: 1 }, fit: false, channel: 'blue' };
    expect(mergeView(view, remote, new Set(['channel']))).toEqual({ ...view, channel: 'blue' });
    expect(mergeView(view, remote, new Set(['view']))).toEqual({ ...remote, channel: 'rgb' });
  });

  it('finds the first locked category of a change for that user only', () => {
    const locks = { u1: ['inout' as const, 'color' as const] };
    expect(lockedCategory(locks, 'u1', ['playback', 'inout'])).toBe('inout');
    expect(lockedCategory(locks, 'u1', ['playback', 'loop'])).toBeUndefined();
    expect(lockedCategory(locks, 'u2', ['inout'])).toBeUndefined();
    expect(lockedCategory(undefined, 'u1', ['inout'])).toBeUndefined();
  });
});
