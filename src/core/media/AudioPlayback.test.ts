import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Playback } from '../playback/Playback';
import { AudioPlayback } from './AudioPlayback';
import type { FrameImage, MediaAudio, MediaInfo, MediaSource, TimedAudioBuffer } from './types';

const FPS = 24;
const BUFFER_S = 0.5;

/** The parts of a Web Audio AudioContext that AudioPlayback uses, recording what it is asked. */
class FakeAudioContext {
  currentTime = 0;
  state: 'running' | 'suspended' | 'closed' = 'running';
  outputLatency = 0;
  baseLatency = 0;
  /** When false, resume() leaves the context suspended (no user gesture yet). */
  resumeAllowed = true;
  readonly destination = {};
  readonly gainLevels: number[] = [];
  readonly started: { node: FakeSource; when: number; offset: number; duration: number }[] = [];

  createGain(): unknown {
    return {
      gain: { setTargetAtTime: (level: number) => this.gainLevels.push(level) },
      connect: () => undefined,
    };
  }

  createBufferSource(): unknown {
    return new FakeSource(this);
  }

  resume(): Promise<void> {
    if (this.resumeAllowed) this.state = 'running';
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.state = 'closed';
    return Promise.resolve();
  }

  /** Buffers scheduled and not stopped. */
  active(): FakeSource[] {
    return this.started.map((entry) => entry.node).filter((node) => !node.stopped);
  }
}

class FakeSource {
  buffer: { duration: number } | null = null;
  stopped = false;
  constructor(private readonly context: FakeAudioContext) {}
  connect(): void {}
  disconnect(): void {}
  addEventListener(): void {}
  start(when: number, offset: number, duration: number): void {
    this.context.started.push({ node: this, when, offset, duration });
  }
  stop(): void {
    this.stopped = true;
  }
}

/** A 10 s media whose audio is 0.5 s buffers; frame 1 starts at media time 0. */
function mediaWithAudio(): MediaSource {
  const audio: MediaAudio = {
    timeOfFrame: (position) => (position - 1) / FPS,
    async *buffers(startSeconds: number): AsyncGenerator<TimedAudioBuffer, void, unknown> {
      for (let t = Math.floor(startSeconds / BUFFER_S) * BUFFER_S; t < 10; t += BUFFER_S) {
        yield { buffer: { duration: BUFFER_S } as AudioBuffer, timestamp: t };
      }
    },
  };
  const info: MediaInfo = {
    kind: 'video',
    name: 'tone.webm',
    frameStart: 1,
    frameEnd: 240,
    fps: FPS,
    width: 64,
    height: 36,
    sizeBytes: 1,
    fingerprint: null,
    hasAudio: true,
  };
  const image = {} as FrameImage;
  return {
    info,
    audio,
    getFrame: () => image,
    loadFrame: () => Promise.resolve(image),
    setPlayhead: () => undefined,
    fingerprint: () => Promise.resolve('x'),
    dispose: () => undefined,
  };
}

describe('AudioPlayback', () => {
  let now = 0;
  let context: FakeAudioContext;
  let session: Playback;
  let gestures: EventTarget;
  let playback: AudioPlayback;

  beforeEach(() => {
    vi.useFakeTimers();
    now = 1000;
    context = new FakeAudioContext();
    gestures = new EventTarget();
    session = new Playback({ clock: { now: () => now }, media: mediaWithAudio() });
    playback = new AudioPlayback(session, {
      createContext: () => context as unknown as AudioContext,
      gestureTarget: gestures,
    });
  });

  afterEach(() => {
    playback.dispose();
    session.dispose();
    vi.useRealTimers();
  });

  const settle = (): Promise<void> => vi.advanceTimersByTimeAsync(0).then(() => undefined);

  it('schedules the audio from the playhead when playing forward at 1x', async () => {
    session.seek(25); // media time 1 s
    session.play();
    await settle();
    expect(playback.isPlaying).toBe(true);
    const first = context.started[0];
    expect(first).toBeDefined();
    // Started 50 ms ahead, at the media time the picture reaches then (1.05 s into the buffer at 1 s).
    expect(first?.when).toBeCloseTo(0.05, 6);
    expect(first?.offset).toBeCloseTo(0.05, 6);
    // Buffers follow back to back, about a second ahead.
    expect(context.started[1]?.when).toBeCloseTo(0.5, 6);
    expect(context.started.length).toBeGreaterThanOrEqual(3);
  });

  it('is silent in reverse, at other speeds, and when paused', async () => {
    session.play();
    await settle();
    expect(context.active().length).toBeGreaterThan(0);

    session.setDirection(-1);
    await settle();
    expect(playback.isPlaying).toBe(false);
    expect(context.active()).toHaveLength(0);

    session.setDirection(1);
    session.setSpeed(2);
    await settle();
    expect(playback.isPlaying).toBe(false);
    expect(context.active()).toHaveLength(0);

    session.setSpeed(1);
    await settle();
    expect(playback.isPlaying).toBe(true);

    session.pause();
    await settle();
    expect(playback.isPlaying).toBe(false);
    expect(context.active()).toHaveLength(0);
  });

  it('re-seeks when the session seeks while playing', async () => {
    session.play();
    await settle();
    const before = context.started.length;
    session.seek(121); // media time 5 s
    await settle();
    const restarted = context.started[before];
    expect(restarted).toBeDefined();
    // The buffer holding 5.05 s starts at 5 s: played from 0.05 s in.
    expect(restarted?.offset).toBeCloseTo(0.05, 6);
    expect(context.active().every((node) => context.started.find((s) => s.node === node))).toBe(
      true,
    );
    expect(context.started.slice(0, before).every((s) => s.node.stopped)).toBe(true);
  });

  it('follows volume and mute through the gain', async () => {
    session.play();
    await settle();
    session.setVolume(0.5);
    session.setMuted(true);
    session.setMuted(false);
    expect(context.gainLevels.slice(-3)).toEqual([0.5, 0, 0.5]);
  });

  it('restarts at the right place when the picture wraps at the out point', async () => {
    session.seek(235);
    session.play();
    await settle();
    const before = context.started.length;
    // 0.5 s later the picture has wrapped from 240 to frame 7; the audio clock moved the same.
    now += 500;
    context.currentTime += 0.5;
    await vi.advanceTimersByTimeAsync(300);
    const restarted = context.started[before];
    expect(restarted).toBeDefined();
    expect(restarted?.when).toBeCloseTo(0.55, 2);
  });

  it('is silent on the backward leg of a ping-pong and sounds again on the next forward leg', async () => {
    session.setLoopMode('pingpong');
    session.seek(235);
    session.play();
    await settle();
    expect(playback.isPlaying).toBe(true);
    // The last scheduled sound ends at the out frame's start, where the ping-pong turns: it
    // began at context time 0.05 with the picture at frame 235 + 0.05 s.
    const startMedia = (235 + 0.05 * FPS - 1) / FPS;
    const turnMedia = (240 - 1) / FPS;
    const last = context.started.at(-1);
    expect((last?.when ?? 0) + (last?.duration ?? 0)).toBeCloseTo(0.05 + turnMedia - startMedia, 6);

    now += 500; // 12 frames: up to 240 and back to 233
    context.currentTime += 0.5;
    await vi.advanceTimersByTimeAsync(250);
    expect(playback.isPlaying).toBe(false);
    expect(context.active()).toHaveLength(0);

    const before = context.started.length;
    now += (233 - 1) / (FPS / 1000) + 500; // down to frame 1, then forward again
    context.currentTime += (233 - 1) / FPS + 0.5;
    await vi.advanceTimersByTimeAsync(250);
    expect(playback.isPlaying).toBe(true);
    expect(context.started.length).toBeGreaterThan(before);
  });

  it('waits for a user gesture when autoplay keeps the context suspended', async () => {
    context.state = 'suspended';
    context.resumeAllowed = false;
    session.play();
    await settle();
    expect(playback.isBlockedByAutoplay).toBe(true);

    context.resumeAllowed = true;
    const before = context.started.length;
    gestures.dispatchEvent(new Event('keydown'));
    await settle();
    expect(context.state).toBe('running');
    expect(playback.isBlockedByAutoplay).toBe(false);
    // Rescheduled against the now-running clock.
    expect(context.started.length).toBeGreaterThan(before);
  });

  it('dispose stops the sound and closes the context', async () => {
    session.play();
    await settle();
    playback.dispose();
    expect(context.active()).toHaveLength(0);
    expect(context.state).toBe('closed');
    session.seek(10);
    await settle();
    expect(context.active()).toHaveLength(0);
  });
});
