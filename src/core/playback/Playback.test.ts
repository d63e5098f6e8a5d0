// Unit tests for the Playback model, driven by a fake clock whose time the test sets.

import { describe, expect, it } from 'vitest';
import type { MediaInfo, MediaSource } from '../media/types';
import { Playback } from './Playback';
import type { PlaybackEvents } from './Playback';

const FRAME_MS = 1000 / 24;

class FakeClock {
  constructor(public time = 0) {}
  now(): number {
    return this.time;
  }
}

type Recorded = { event: keyof PlaybackEvents; payload: unknown };

const EVENT_NAMES: (keyof PlaybackEvents)[] = [
  'frameChanged',
  'playbackChanged',
  'playbackSpeedChanged',
  'playDirectionChanged',
  'loopModeChanged',
  'inOutChanged',
  'volumeChanged',
  'mutedChanged',
  'mediaChanged',
  'fpsChanged',
  'motionChanged',
];

function setup(time = 0): { session: Playback; clock: FakeClock; events: Recorded[] } {
  const clock = new FakeClock(time);
  const session = new Playback({ clock });
  const events: Recorded[] = [];
  for (const event of EVENT_NAMES) {
    session.on(event, (payload) => events.push({ event, payload }));
  }
  return { session, clock, events };
}

function names(events: Recorded[]): (keyof PlaybackEvents)[] {
  return events.map((e) => e.event);
}

function fakeMedia(info: Partial<MediaInfo> = {}): MediaSource & { hints: string[] } {
  const hints: string[] = [];
  return {
    hints,
    info: {
      kind: 'video',
      name: 'shot.mp4',
      frameStart: 1001,
      frameEnd: 1100,
      fps: 25,
      width: 1920,
      height: 1080,
      sizeBytes: 1,
      fingerprint: null,
      hasAudio: false,
      ...info,
    },
    getFrame: () => null,
    loadFrame: () => Promise.reject(new Error('not decoded in unit tests')),
    setPlayhead: (frame, direction, playing) => hints.push(`${frame}|${direction}|${playing}`),
    fingerprint: () => Promise.resolve('fingerprint'),
    dispose: () => undefined,
  };
}

describe('Playback without media', () => {
  it('uses the demo clip range 1..1440 at 24 fps, paused on frame 1', () => {
    const { session } = setup();
    expect([session.frameStart, session.frameEnd, session.fps]).toEqual([1, 1440, 24]);
    expect([session.inPoint, session.outPoint, session.currentFrame]).toEqual([1, 1440, 1]);
    expect(session.isPlaying).toBe(false);
    expect([session.speed, session.direction, session.loopMode]).toEqual([1, 1, 'loop']);
    expect([session.volume, session.muted, session.media]).toEqual([1, false, null]);
  });
});

describe('playback derived from the clock', () => {
  it('shows frame +24 after exactly 1000 ms and the right frame after a slow tick', () => {
    const { session, clock, events } = setup(5000);
    session.seek(100);
    session.play();
    events.length = 0;
    clock.time = 5500; // one slow tick, half a second late
    expect(session.tick()).toBe(112);
    expect(events).toEqual([{ event: 'frameChanged', payload: 112 }]);
    clock.time = 6000;
    expect(session.tick()).toBe(124);
    clock.time = 6000 + 10 * FRAME_MS;
    expect(session.tick()).toBe(134);
  });

  it('a tick with a lag reads the timeline at the display frame start, never before the anchor', () => {
    const { session, clock } = setup(5000);
    session.seek(100);
    session.play();
    clock.time = 6000;
    // The display frame began 100 ms before the callback ran: 21.6 frames in, not 24.
    expect(session.tick(100)).toBe(121);
    // Right after play, a frame that began earlier still shows the anchor frame, not 99.
    session.seek(200);
    expect(session.tick(30)).toBe(200);
  });

  it('ticks without a change emit nothing', () => {
    const { session, clock, events } = setup();
    session.play();
    clock.time = 10;
    session.tick();
    session.tick();
    expect(names(events)).toEqual(['playbackChanged', 'motionChanged']);
  });

  it('changes speed mid-play without a jump, re-anchored at the fractional position', () => {
    const { session, clock, events } = setup();
    session.seek(100);
    session.play();
    clock.time = 520; // position 112.48
    session.tick();
    events.length = 0;
    session.setSpeed(2);
    expect(session.currentFrame).toBe(112);
    expect(names(events)).toEqual(['playbackSpeedChanged', 'motionChanged']);
    expect(session.motion.anchorTime).toBe(520);
    expect(session.motion.anchorFrame).toBeCloseTo(112.48, 9);
    clock.time = 520 + FRAME_MS / 2; // + 1 frame at 2x → 113.48
    expect(session.tick()).toBe(113);
    clock.time = 1520; // + 48 frames
    expect(session.tick()).toBe(160);
  });

  it('changes direction mid-play on the frame on screen, then counts down from it', () => {
    const { session, clock } = setup();
    session.seek(100);
    session.play();
    clock.time = 1010; // 124.24
    session.tick();
    session.setDirection(-1);
    expect(session.currentFrame).toBe(124);
    expect(session.motion.anchorFrame).toBe(124);
    clock.time = 1010 + FRAME_MS - 1;
    expect(session.tick()).toBe(124);
    clock.time = 1010 + 2 * FRAME_MS;
    expect(session.tick()).toBe(122);
  });

  it('plays in reverse across the in point in loop mode', () => {
    const { session, clock } = setup();
    session.setInPoint(10);
    session.setOutPoint(14);
    session.seek(11);
    session.setDirection(-1);
    session.play();
    const shown = [0, 1, 2, 3].map((k) => {
      clock.time = k * FRAME_MS;
      return session.tick();
    });
    expect(shown).toEqual([11, 10, 14, 13]);
    expect(session.isPlaying).toBe(true);
  });

  it("pauses at the out point in 'once' mode, and play restarts from the in point", () => {
    const { session, clock, events } = setup();
    session.setLoopMode('once');
    session.setInPoint(10);
    session.setOutPoint(14);
    session.seek(13);
    session.play();
    events.length = 0;
    clock.time = 500;
    expect(session.tick()).toBe(14);
    expect(session.isPlaying).toBe(false);
    expect(names(events)).toEqual(['playbackChanged', 'frameChanged', 'motionChanged']);
    expect(session.motion).toMatchObject({ playing: false, anchorFrame: 14, anchorTime: 500 });
    session.play();
    expect(session.currentFrame).toBe(10);
    expect(session.isPlaying).toBe(true);
  });

  it("pauses at the in point in 'once' mode going in reverse", () => {
    const { session, clock } = setup();
    session.setLoopMode('once');
    session.setInPoint(10);
    session.seek(12);
    session.shuttle(-1);
    clock.time = FRAME_MS;
    expect(session.tick()).toBe(11);
    clock.time = 2 * FRAME_MS;
    expect(session.tick()).toBe(10);
    expect(session.isPlaying).toBe(false);
    expect(session.motion.anchorFrame).toBe(10);
  });

  it('ping-pong reflects at both ends and reports the on-screen direction', () => {
    const { session, clock, events } = setup();
    session.setLoopMode('pingpong');
    session.setInPoint(10);
    session.setOutPoint(12);
    session.seek(11);
    session.play();
    events.length = 0;
    const shown = [0, 1, 2, 3, 4, 5].map((k) => {
      clock.time = k * FRAME_MS + 1;
      return [session.tick(), session.direction];
    });
    expect(shown).toEqual([
      [11, 1],
      [12, -1], // the end frame is the turn: it is followed by the way back
      [11, -1],
      [10, 1],
      [11, 1],
      [12, -1],
    ]);
    expect(events.filter((e) => e.event === 'playDirectionChanged').map((e) => e.payload)).toEqual([
      -1, 1, -1,
    ]);
    expect(events.filter((e) => e.event === 'motionChanged')).toEqual([]);
  });

  it('ping-pong keeps going backward after a re-anchor on its backward leg', () => {
    const { session, clock } = setup();
    session.setLoopMode('pingpong');
    session.setInPoint(10);
    session.setOutPoint(14);
    session.seek(14);
    session.play();
    clock.time = 1.5 * FRAME_MS; // backward leg, on 13
    expect(session.tick()).toBe(13);
    session.setSpeed(0.5);
    expect(session.direction).toBe(-1);
    clock.time += 2 * FRAME_MS; // one frame at half speed
    expect(session.tick()).toBe(12);
    session.toggleDirection();
    expect(session.direction).toBe(1);
    clock.time += 2 * FRAME_MS;
    expect(session.tick()).toBe(13);
  });
});

describe('setClock and applyMotion', () => {
  it('setClock moves onto a new time base without a jump', () => {
    const { session, clock } = setup(1000);
    session.seek(100);
    session.play();
    clock.time = 1500;
    expect(session.tick()).toBe(112);
    const server = new FakeClock(9_000_000);
    session.setClock(server);
    expect(session.clock).toBe(server);
    expect(session.tick()).toBe(112);
    expect(session.motion.anchorTime).toBe(9_000_000);
    server.time += 1000;
    expect(session.tick()).toBe(136);
  });

  it('applyMotion emits the specific events for what changed, then motionChanged', () => {
    const { session, events } = setup(2000);
    session.applyMotion({
      playing: true,
      anchorFrame: 150,
      anchorTime: 1000, // one second ago: the frame is where the motion says now
      fps: 24,
      speed: 2,
      direction: -1,
      loopMode: 'pingpong',
      inPoint: 100,
      outPoint: 200,
    });
    expect(names(events)).toEqual([
      'playbackChanged',
      'playbackSpeedChanged',
      'loopModeChanged',
      'inOutChanged',
      'frameChanged',
      'playDirectionChanged',
      'motionChanged',
    ]);
    expect(session.currentFrame).toBe(102);
    expect(session.motion).toMatchObject({ anchorFrame: 150, anchorTime: 1000, speed: 2 });
    events.length = 0;
    session.applyMotion(session.motion);
    expect(events).toEqual([]);
    session.applyMotion({ ...session.motion, anchorFrame: 160 });
    expect(names(events)).toEqual(['frameChanged', 'motionChanged']);
  });

  it('applyMotion sanitizes values the local setters would reject', () => {
    const { session } = setup();
    session.applyMotion({
      ...session.motion,
      fps: -3,
      speed: 100,
      inPoint: 5000,
      outPoint: -4,
    });
    expect(session.fps).toBe(24);
    expect(session.speed).toBe(16);
    expect([session.inPoint, session.outPoint]).toEqual([1440, 1440]);
    expect(session.currentFrame).toBe(1440);
  });
});

describe('transport commands', () => {
  it('fires motionChanged after every re-anchor and nothing when nothing changes', () => {
    const { session, events } = setup();
    const count = (): number => events.filter((e) => e.event === 'motionChanged').length;
    session.play();
    session.play();
    session.pause();
    session.pause();
    session.seek(50);
    session.seek(50);
    session.setSpeed(2);
    session.setSpeed(2);
    session.setDirection(-1);
    session.setDirection(-1);
    session.setLoopMode('pingpong');
    session.setLoopMode('pingpong');
    session.setInPoint(10);
    session.setInPoint(10);
    session.setOutPoint(60);
    session.setOutPoint(60);
    session.setFps(30);
    session.setFps(30);
    expect(count()).toBe(9);
    expect(names(events).filter((e) => e === 'playbackChanged')).toHaveLength(2);
    expect(events.filter((e) => e.event === 'fpsChanged')).toEqual([
      { event: 'fpsChanged', payload: 30 },
    ]);
  });

  it('seek clamps to the media range, then into in/out, and keeps playing', () => {
    const { session, clock } = setup();
    session.seek(99_999);
    expect(session.currentFrame).toBe(1440);
    session.seek(-5);
    expect(session.currentFrame).toBe(1);
    session.seek(10.6);
    expect(session.currentFrame).toBe(11);
    session.setInPoint(100);
    session.setOutPoint(200);
    session.seek(500);
    expect(session.currentFrame).toBe(200);
    session.play();
    session.seek(1000); // past the out point while playing: from out, then the loop wraps in
    expect(session.isPlaying).toBe(true);
    clock.time = FRAME_MS;
    expect(session.tick()).toBe(100);
    expect(session.seek(Number.NaN)).toBeUndefined();
    expect(session.currentFrame).toBe(100);
  });

  it('step pauses and moves within in/out; goToStart/goToEnd go to in/out', () => {
    const { session, clock } = setup();
    session.setInPoint(10);
    session.setOutPoint(20);
    session.play();
    clock.time = 3 * FRAME_MS; // on 13
    session.step(1);
    expect([session.isPlaying, session.currentFrame]).toEqual([false, 14]);
    session.step(-100);
    expect(session.currentFrame).toBe(10);
    session.goToEnd();
    expect(session.currentFrame).toBe(20);
    session.goToStart();
    expect(session.currentFrame).toBe(10);
  });

  it('shuttle plays at 1x, doubles up to 8x when pressed again, and resets when reversed', () => {
    const { session } = setup();
    session.seek(500);
    session.shuttle(1);
    expect([session.isPlaying, session.direction, session.speed]).toEqual([true, 1, 1]);
    const speeds = [1, 2, 3, 4].map(() => {
      session.shuttle(1);
      return session.speed;
    });
    expect(speeds).toEqual([2, 4, 8, 8]);
    session.shuttle(-1);
    expect([session.isPlaying, session.direction, session.speed]).toEqual([true, -1, 1]);
    session.shuttle(-1);
    expect(session.speed).toBe(2);
    session.pause();
    session.shuttle(-1);
    expect([session.isPlaying, session.direction, session.speed]).toEqual([true, -1, 1]);
  });

  it('clamps speed to [0.05, 16] and ignores non-positive speeds', () => {
    const { session } = setup();
    session.setSpeed(100);
    expect(session.speed).toBe(16);
    session.setSpeed(0.001);
    expect(session.speed).toBe(0.05);
    session.setSpeed(0);
    session.setSpeed(-2);
    session.setSpeed(Number.NaN);
    expect(session.speed).toBe(0.05);
  });

  it('cycles loop modes loop → once → pingpong → loop', () => {
    const { session } = setup();
    const modes = [1, 2, 3].map(() => {
      session.cycleLoopMode();
      return session.loopMode;
    });
    expect(modes).toEqual(['once', 'pingpong', 'loop']);
  });

  it('changes fps mid-play without a jump', () => {
    const { session, clock } = setup();
    session.seek(100);
    session.play();
    clock.time = 1000;
    session.tick();
    session.setFps(48);
    expect(session.currentFrame).toBe(124);
    clock.time = 2000;
    expect(session.tick()).toBe(172);
  });
});

describe('in and out points', () => {
  it('an in point past the out point drags the out point (and vice versa), within the media', () => {
    const { session, events } = setup();
    session.setOutPoint(100);
    session.setInPoint(150);
    expect([session.inPoint, session.outPoint]).toEqual([150, 150]);
    session.setOutPoint(120);
    expect([session.inPoint, session.outPoint]).toEqual([120, 120]);
    session.setOutPoint(5000);
    session.setInPoint(-3);
    expect([session.inPoint, session.outPoint]).toEqual([1, 1440]);
    session.setInPoint(20.4);
    expect(session.inPoint).toBe(20);
    session.resetInOut();
    expect([session.inPoint, session.outPoint]).toEqual([1, 1440]);
    expect(events.filter((e) => e.event === 'inOutChanged').at(-1)?.payload).toEqual({
      inPoint: 1,
      outPoint: 1440,
    });
  });

  it('an out point set before the playing position brings playback back into range', () => {
    const { session, clock } = setup();
    session.seek(150);
    session.play();
    session.setOutPoint(120);
    expect(session.currentFrame).toBe(120);
    clock.time = FRAME_MS;
    expect(session.tick()).toBe(1);
  });
});

describe('volume, media and dispose', () => {
  it('clamps volume to [0, 1] and emits volume/mute only on change', () => {
    const { session, events } = setup();
    session.setVolume(2);
    session.setVolume(0.5);
    session.setVolume(0.5);
    session.setVolume(-1);
    session.toggleMute();
    session.setMuted(true);
    session.toggleMute();
    expect(events).toEqual([
      { event: 'volumeChanged', payload: 0.5 },
      { event: 'volumeChanged', payload: 0 },
      { event: 'mutedChanged', payload: true },
      { event: 'mutedChanged', payload: false },
    ]);
  });

  it('setMedia takes range and fps from the media, pauses on its first frame, hints decode-ahead', () => {
    const { session, clock, events } = setup();
    session.setSpeed(2);
    session.play();
    events.length = 0;
    const media = fakeMedia();
    session.setMedia(media);
    expect(session.media).toBe(media);
    expect(names(events)).toEqual([
      'mediaChanged',
      'playbackChanged',
      'inOutChanged',
      'fpsChanged',
      'frameChanged',
      'motionChanged',
    ]);
    expect([session.frameStart, session.frameEnd, session.fps]).toEqual([1001, 1100, 25]);
    expect([session.inPoint, session.outPoint, session.currentFrame]).toEqual([1001, 1100, 1001]);
    expect(session.speed).toBe(2);
    session.play();
    clock.time = 100; // 2.5 frames at 25 fps × 2
    session.tick();
    session.tick();
    expect(media.hints).toEqual(['1001|1|false', '1001|1|true', '1006|1|true']);
  });

  it('a Playback built with media starts on it', () => {
    const media = fakeMedia({ frameStart: 0, frameEnd: 47, fps: 23.976 });
    const session = new Playback({ clock: new FakeClock(), media });
    expect([session.frameStart, session.frameEnd, session.fps, session.currentFrame]).toEqual([
      0, 47, 23.976, 0,
    ]);
    // A second source with the same range still gets its decode-ahead hint.
    const same = fakeMedia({ frameStart: 0, frameEnd: 47, fps: 23.976 });
    session.setMedia(same);
    expect(same.hints).toEqual(['0|1|false']);
  });

  it('dispose drops listeners and stops emitting', () => {
    const { session, clock, events } = setup();
    session.play();
    events.length = 0;
    session.dispose();
    clock.time = 1000;
    session.tick();
    session.seek(10);
    expect(events).toEqual([]);
    expect(session.listenerCount()).toBe(0);
  });
});
