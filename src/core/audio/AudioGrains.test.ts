// AudioGrains against a stand-in AudioContext that records what is started: a step plays its
// frame's sound as one frame-long grain with fades, reverse play schedules nothing, and 2x play
// schedules half-overlapped grains whose sources advance twice as fast as they play.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Playback } from '../playback/Playback';
import type { FrameImage, MediaAudio, MediaSource, TimedAudioBuffer } from '../media/types';
import { AudioGrains, type AudioProgram } from './AudioGrains';
import { STRETCH_GRAIN_S } from './grainAlign';
import { PcmBlockCache } from './pcmBlocks';

const FPS = 24;
const RATE = 4800;

interface Started {
  when: number;
  /** Media time of the grain's first sample (the ramp's value / RATE). */
  sourceS: number;
  durationS: number;
  ramps: Array<[string, number, number]>;
}

class FakeContext {
  currentTime = 10;
  state = 'running';
  readonly started: Started[] = [];
  createBuffer(channels: number, length: number, sampleRate: number) {
    const data = new Float32Array(length);
    return {
      duration: length / sampleRate,
      copyToChannel: (source: Float32Array, channel: number) => {
        if (channel === 0) data.set(source);
      },
      data,
    };
  }
  createGain() {
    const ramps: Array<[string, number, number]> = [];
    return {
      ramps,
      gain: {
        value: 0,
        setValueAtTime: (v: number, t: number) => ramps.push(['set', v, t]),
        linearRampToValueAtTime: (v: number, t: number) => ramps.push(['ramp', v, t]),
        cancelScheduledValues: () => undefined,
      },
      connect: () => undefined,
      disconnect: () => undefined,
    };
  }
  createBufferSource() {
    const started = this.started;
    const node = {
      context: this,
      buffer: null as null | { duration: number; data: Float32Array },
      gain: null as null | { ramps: Array<[string, number, number]> },
      connect(gain: { ramps: Array<[string, number, number]> }) {
        node.gain = gain;
      },
      addEventListener: () => undefined,
      stop: () => undefined,
      start(when: number) {
        started.push({
          when,
          sourceS: (node.buffer?.data[0] ?? 0) / RATE,
          durationS: node.buffer?.duration ?? 0,
          ramps: node.gain?.ramps ?? [],
        });
      },
    };
    return node;
  }
}

/** 10 s of sound whose sample i has the value i. */
const rampAudio: MediaAudio = {
  timeOfFrame: (position) => (position - 1) / FPS,
  async *buffers(start: number): AsyncGenerator<TimedAudioBuffer, void, unknown> {
    for (let t = Math.max(0, Math.floor(start * 10) / 10); t < 10; t += 0.1) {
      const first = Math.round(t * RATE);
      const data = Float32Array.from({ length: RATE / 10 }, (_, i) => first + i);
      yield {
        buffer: {
          sampleRate: RATE,
          numberOfChannels: 1,
          length: data.length,
          getChannelData: () => data,
        } as unknown as AudioBuffer,
        timestamp: first / RATE,
      };
    }
  },
};

function media(): MediaSource {
  const image = {} as FrameImage;
  return {
    info: {
      kind: 'video',
      name: 'ramp.webm',
      frameStart: 1,
      frameEnd: 240,
      fps: FPS,
      width: 16,
      height: 9,
      sizeBytes: 1,
      fingerprint: null,
      hasAudio: true,
    },
    audio: rampAudio,
    getFrame: () => image,
    loadFrame: () => Promise.resolve(image),
    setPlayhead: () => undefined,
    fingerprint: () => Promise.resolve('x'),
    dispose: () => undefined,
  };
}

describe('AudioGrains', () => {
  let now = 0;
  let context: FakeContext;
  let session: Playback;
  let grains: AudioGrains;
  const errors: unknown[] = [];

  beforeEach(() => {
    vi.useFakeTimers();
    now = 1000;
    context = new FakeContext();
    session = new Playback({ clock: { now: () => now }, media: media() });
    const program: AudioProgram = { audio: rampAudio, blocks: new PcmBlockCache(rampAudio) };
    grains = new AudioGrains(session, {
      output: () => ({
        context: context as unknown as AudioContext,
        destination: {} as AudioNode,
        latency: 0,
      }),
      program: () => program,
      onError: (error) => errors.push(error),
    });
  });

  afterEach(() => {
    grains.dispose();
    session.dispose();
    vi.useRealTimers();
  });

  const settle = () => vi.advanceTimersByTimeAsync(0);

  it('plays a step’s frame as one frame-long grain with short fades', async () => {
    session.seek(25);
    await settle();
    expect(context.started).toHaveLength(1);
    const grain = context.started[0];
    expect(grain?.sourceS).toBeCloseTo(1, 3); // frame 25 starts at 1 s
    expect(grain?.durationS).toBeCloseTo(1 / FPS, 3);
    expect(grain?.when).toBeGreaterThan(context.currentTime);
    const [, up, , down] = grain?.ramps ?? [];
    expect(up?.[1]).toBe(1);
    expect((up?.[2] ?? 0) - (grain?.when ?? 0)).toBeCloseTo(0.004, 6);
    expect(down?.[1]).toBe(0);
    expect(errors).toEqual([]);
  });

  it('schedules nothing while playing in reverse', async () => {
    session.seek(100);
    await settle();
    context.started.length = 0;
    session.setDirection(-1);
    session.setSpeed(2);
    session.play();
    await vi.advanceTimersByTimeAsync(300);
    expect(context.started).toEqual([]);
  });

  it('at 2x, half-overlapped grains whose sources advance twice as fast', async () => {
    session.seek(25);
    await settle();
    context.started.length = 0;
    session.setSpeed(2);
    session.play();
    await vi.advanceTimersByTimeAsync(0);
    const started = context.started.slice(0, 6);
    expect(started.length).toBeGreaterThanOrEqual(5);
    const hop = STRETCH_GRAIN_S / 2;
    for (let i = 1; i < started.length; i++) {
      const previous = started[i - 1];
      const grain = started[i];
      expect((grain?.when ?? 0) - (previous?.when ?? 0)).toBeCloseTo(hop, 6);
      // Two hops of source per hop of output, give or take the WSOLA alignment (±12 ms).
      expect((grain?.sourceS ?? 0) - (previous?.sourceS ?? 0)).toBeGreaterThan(2 * hop - 0.025);
      expect((grain?.sourceS ?? 0) - (previous?.sourceS ?? 0)).toBeLessThan(2 * hop + 0.025);
      expect(grain?.durationS).toBeCloseTo(STRETCH_GRAIN_S, 3);
    }
  });
});
