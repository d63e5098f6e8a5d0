// @vitest-environment happy-dom
// window.reelsync is a faithful facade: getters read the live objects, commands and events route
// to the session or the viewer.
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../App';
import type { FrameImage, MediaSource } from '../core/media/types';
import { withoutServer } from '../../test/support/noServer';
import { createReelSyncApi } from './reelsync';

const media: MediaSource = {
  info: {
    kind: 'images',
    name: 'plate.png',
    frameStart: 1,
    frameEnd: 100,
    fps: 25,
    width: 64,
    height: 36,
    sizeBytes: 1,
    fingerprint: null,
    hasAudio: false,
  },
  getFrame: () => ({}) as FrameImage,
  loadFrame: () => Promise.resolve({} as FrameImage),
  setPlayhead: () => {},
  fingerprint: () => Promise.resolve('f'),
  dispose: () => {},
};

withoutServer();
afterEach(() => document.body.replaceChildren());

describe('window.reelsync', () => {
  it('reads and drives the session and viewer, and routes events by name', () => {
    const app = new App(document.body, { media });
    const api = createReelSyncApi(app);
    expect(api.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(api.media.info?.name).toBe('plate.png');
    expect(api.session.fps).toBe(25);

    const frames: number[] = [];
    const channels: string[] = [];
    const offFrame = api.on('frameChanged', (frame) => frames.push(frame));
    api.on('channelChanged', (mode) => channels.push(mode));
    api.session.seek(42);
    api.session.setLoopMode('pingpong');
    api.session.setInPoint(10);
    api.viewer.setChannel('blue');
    expect(api.session.currentFrame).toBe(42);
    expect(api.session.loopMode).toBe('pingpong');
    expect(api.session.inPoint).toBe(10);
    expect(api.session.motion.loopMode).toBe('pingpong');
    expect(api.viewer.channel).toBe('blue');
    expect(frames).toEqual([42]);
    expect(channels).toEqual(['blue']);
    offFrame();
    api.session.step(1);
    expect(frames).toEqual([42]);
    expect(Object.isFrozen(api.session)).toBe(true);
    app.dispose();
  });
});
