import { describe, expect, it } from 'vitest';
import { Playback } from '../playback/Playback';
import { RenumberedSource, originalSource, setStartFrame, startFrameRefusal } from './startFrame';
import { mediaTimecode } from './timecode';
import type { MediaInfo, MediaSource } from './types';

const clock = { now: () => 0 };

/** A video of frames 1..48 whose getFrame/loadFrame record the frame asked for. */
function fakeVideo(info: Partial<MediaInfo> = {}): MediaSource & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    info: {
      kind: 'video',
      name: 'shot.mp4',
      frameStart: 1,
      frameEnd: 48,
      fps: 24000 / 1001,
      timecodeStart: 24 * 3600,
      width: 16,
      height: 9,
      sizeBytes: 1,
      fingerprint: null,
      hasAudio: false,
      ...info,
    },
    getFrame: (frame) => {
      asked.push(frame);
      return null;
    },
    loadFrame: (frame) => {
      asked.push(frame);
      return Promise.reject(new Error('not decoded in unit tests'));
    },
    setPlayhead: () => undefined,
    fingerprint: () => Promise.resolve('abc'),
    dispose: () => undefined,
  };
}

describe('setStartFrame', () => {
  it('numbers a video from 1001 and keeps the picture and its timecode', () => {
    const video = fakeVideo();
    const session = new Playback({ clock, media: video });
    session.seek(11);
    expect(setStartFrame(session, 1001)).toBeNull();
    expect([session.frameStart, session.frameEnd, session.currentFrame]).toEqual([
      1001, 1048, 1011,
    ]);
    const media = session.media;
    if (!media) throw new Error('no media');
    media.getFrame(1011);
    expect(video.asked).toEqual([11]);
    // The timecode stays with the picture: frame 1001 is the file's 01:00:00:00.
    expect(mediaTimecode(1001, media.info)).toBe('01:00:00:00');
    expect(originalSource(media)).toBe(video);
  });

  it('goes back to the original numbering without stacking wrappers', () => {
    const video = fakeVideo();
    const session = new Playback({ clock, media: video });
    setStartFrame(session, 1001);
    setStartFrame(session, 86400);
    expect(session.media).toBeInstanceOf(RenumberedSource);
    expect((session.media as RenumberedSource).inner).toBe(video);
    setStartFrame(session, 1);
    expect(session.media).toBe(video);
  });

  it('refuses image sequences, the demo clip and bad numbers, saying why', () => {
    expect(startFrameRefusal(fakeVideo({ kind: 'images' }), 1001)).toMatch(/file names/);
    expect(startFrameRefusal(fakeVideo({ kind: 'demo' }), 1001)).toMatch(/Only a video/);
    expect(startFrameRefusal(fakeVideo(), -5)).toMatch(/whole number/);
    expect(startFrameRefusal(fakeVideo(), 1.5)).toMatch(/whole number/);
    expect(startFrameRefusal(null, 1)).toMatch(/Open a video/);
    const session = new Playback({ clock, media: fakeVideo({ kind: 'images' }) });
    expect(setStartFrame(session, 1001)).toMatch(/file names/);
    expect(session.frameStart).toBe(1);
  });

  it('shifts audio times and writes the fingerprint into its own info', async () => {
    const audio = {
      timeOfFrame: (position: number) => (position - 1) / 24,
      buffers: async function* () {},
    };
    const wrapped = new RenumberedSource({ ...fakeVideo({ hasAudio: true }), audio }, 1001);
    expect(wrapped.audio?.timeOfFrame(1025)).toBe(1);
    expect(await wrapped.fingerprint()).toBe('abc');
    expect(wrapped.info.fingerprint).toBe('abc');
  });
});
