// Decoded audio at any media time, for grains (scrubbing, stepping, other speeds): the media's
// audio is decoded in one-second blocks of plain PCM, kept in a small least-recently-used cache.
import type { MediaAudio } from '../media/types';

/** Decoded samples from `startS` (media seconds) on, one Float32Array per channel. */
export interface Pcm {
  readonly sampleRate: number;
  readonly startS: number;
  readonly channels: readonly Float32Array<ArrayBuffer>[];
}

/** The part of a Web Audio AudioBuffer read here (so tests can pass plain objects). */
export interface PcmSourceBuffer {
  readonly sampleRate: number;
  readonly numberOfChannels: number;
  readonly length: number;
  getChannelData(channel: number): Float32Array;
}

/** Seconds of audio per cached block. */
export const BLOCK_S = 1;
/** Blocks kept (about 32 s of sound: 12 MB of stereo 48 kHz). */
const MAX_BLOCKS = 32;

export class PcmBlockCache {
  private readonly blocks = new Map<number, Promise<Pcm | null>>();
  private sampleRate: number | null = null;

  constructor(private readonly audio: Pick<MediaAudio, 'buffers'>) {}

  /** The sample rate of the decoded audio, once a block has been decoded. */
  get rate(): number | null {
    return this.sampleRate;
  }

  /**
   * Samples for [startS, endS) of media time; silence where the media has no sound (before its
   * start or after its end). Null when the audio has no samples at all. Rejects on a decode error.
   */
  async segment(startS: number, endS: number): Promise<Pcm | null> {
    const first = Math.floor(Math.max(0, startS) / BLOCK_S);
    const last = Math.floor(Math.max(0, endS - 1e-9) / BLOCK_S);
    const blocks = await Promise.all(
      Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => this.block(first + i)),
    );
    const rate = blocks.find((block) => block)?.sampleRate ?? this.sampleRate;
    if (!rate) return null;
    const length = Math.max(0, Math.round((endS - startS) * rate));
    const channelCount = Math.max(1, ...blocks.map((block) => block?.channels.length ?? 0));
    const channels = Array.from({ length: channelCount }, () => new Float32Array(length));
    for (const block of blocks) {
      if (!block) continue;
      copyInto(channels, startS, rate, block);
    }
    return { sampleRate: rate, startS, channels };
  }

  private block(index: number): Promise<Pcm | null> {
    const cached = this.blocks.get(index);
    if (cached) {
      // Most recently used last.
      this.blocks.delete(index);
      this.blocks.set(index, cached);
      return cached;
    }
    const decoding = this.decode(index);
    // A failed decode is not kept: the next request tries again.
    decoding.catch(() => this.blocks.delete(index));
    this.blocks.set(index, decoding);
    while (this.blocks.size > MAX_BLOCKS) {
      const oldest = this.blocks.keys().next().value;
      if (oldest === undefined) break;
      this.blocks.delete(oldest);
    }
    return decoding;
  }

  private async decode(index: number): Promise<Pcm | null> {
    const startS = index * BLOCK_S;
    const endS = startS + BLOCK_S;
    const pieces: { timestamp: number; buffer: PcmSourceBuffer }[] = [];
    const iterator = this.audio.buffers(startS);
    try {
      for await (const { buffer, timestamp } of iterator) {
        if (timestamp >= endS) break;
        pieces.push({ timestamp, buffer });
        this.sampleRate ??= buffer.sampleRate;
      }
    } finally {
      await iterator.return(undefined);
    }
    const rate = pieces[0]?.buffer.sampleRate;
    if (!rate) return null;
    const channelCount = Math.max(...pieces.map((piece) => piece.buffer.numberOfChannels));
    const length = Math.round(BLOCK_S * rate);
    const channels = Array.from({ length: channelCount }, () => new Float32Array(length));
    for (const { timestamp, buffer } of pieces) {
      const data = Array.from({ length: buffer.numberOfChannels }, (_, c) =>
        buffer.getChannelData(c),
      );
      copyInto(channels, startS, rate, { startS: timestamp, channels: data });
    }
    return { sampleRate: rate, startS, channels };
  }
}

/** Copies the overlap of `source` into `target` (which starts at `targetStartS`). */
function copyInto(
  target: Float32Array[],
  targetStartS: number,
  rate: number,
  source: { startS: number; channels: readonly Float32Array[] },
): void {
  const offset = Math.round((source.startS - targetStartS) * rate);
  for (let c = 0; c < target.length; c++) {
    const out = target[c];
    // A mono source plays on every channel.
    const input = source.channels[c] ?? source.channels[0];
    if (!out || !input) continue;
    const from = Math.max(0, -offset);
    const to = Math.min(input.length, out.length - offset);
    if (to > from) out.set(input.subarray(from, to), from + offset);
  }
}
