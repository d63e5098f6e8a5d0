// The PCM block cache: segments across block edges, silence outside the sound, retries after
// a decode error, mono spread to every channel.
import { describe, expect, it } from 'vitest';
import type { MediaAudio, TimedAudioBuffer } from '../media/types';
import { PcmBlockCache } from './pcmBlocks';

const RATE = 1000;

/** A sound of `seconds` whose sample i has the value i (so positions can be read back), in 0.25 s buffers. */
function rampAudio(seconds: number, options: { failOnce?: boolean; channels?: number } = {}) {
  let failures = options.failOnce ? 1 : 0;
  let decodes = 0;
  const audio: Pick<MediaAudio, 'buffers'> = {
    async *buffers(start: number): AsyncGenerator<TimedAudioBuffer, void, unknown> {
      decodes++;
      if (failures > 0) {
        failures--;
        throw new Error('decoder error');
      }
      const step = 0.25;
      for (let t = Math.floor(start / step) * step; t < seconds - 1e-9; t += step) {
        const length = Math.round(step * RATE);
        const data = Float32Array.from({ length }, (_, i) => Math.round(t * RATE) + i);
        const buffer = {
          sampleRate: RATE,
          numberOfChannels: options.channels ?? 1,
          length,
          duration: step,
          getChannelData: () => data,
        } as unknown as AudioBuffer;
        yield { buffer, timestamp: t };
      }
    },
  };
  return { audio, decodes: () => decodes };
}

describe('PcmBlockCache', () => {
  it('returns the samples of a segment that crosses a block edge', async () => {
    const { audio } = rampAudio(3);
    const cache = new PcmBlockCache(audio);
    const pcm = await cache.segment(0.99, 1.01);
    expect(pcm?.sampleRate).toBe(RATE);
    expect(Array.from(pcm?.channels[0] ?? [])).toEqual(
      Array.from({ length: 20 }, (_, i) => 990 + i),
    );
    expect(cache.rate).toBe(RATE);
  });

  it('is silent before the sound starts and after it ends', async () => {
    const { audio } = rampAudio(1);
    const cache = new PcmBlockCache(audio);
    const before = await cache.segment(-0.01, 0.01);
    expect(Array.from(before?.channels[0] ?? [])).toEqual([
      ...Array.from({ length: 10 }, () => 0),
      ...Array.from({ length: 10 }, (_, i) => i),
    ]);
    const after = await cache.segment(0.995, 1.005);
    expect(Array.from(after?.channels[0] ?? [])).toEqual([995, 996, 997, 998, 999, 0, 0, 0, 0, 0]);
  });

  it('decodes a block once, and again after a failure', async () => {
    const { audio, decodes } = rampAudio(2, { failOnce: true });
    const cache = new PcmBlockCache(audio);
    await expect(cache.segment(0.1, 0.2)).rejects.toThrow('decoder error');
    await cache.segment(0.1, 0.2);
    await cache.segment(0.3, 0.4);
    expect(decodes()).toBe(2);
  });

  it('has nothing for a sound with no samples', async () => {
    const { audio } = rampAudio(0);
    expect(await new PcmBlockCache(audio).segment(0, 0.1)).toBeNull();
  });
});
