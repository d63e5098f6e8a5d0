// A video file as a MediaSource: frame-accurate WebCodecs decoding through mediabunny, with a
// bounded decode-ahead cache in the playing direction (reverse decodes GOP chunks backwards).
import {
  ALL_FORMATS,
  AudioBufferSink,
  BlobSource,
  EncodedPacketSink,
  Input,
  VideoSampleSink,
  type InputAudioTrack,
  type InputVideoTrack,
  type VideoSample,
} from 'mediabunny';
import { computeFingerprint } from './fingerprint';
import { decodePlan, FrameCache, type Direction, type Playhead } from './FrameCache';
import { MediaError } from './MediaError';
import type { FrameImage, MediaAudio, MediaInfo, MediaSource, TimedAudioBuffer } from './types';

/** Decoded frames kept per source, as bytes of RGBA-equivalent pixels (VideoFrames are GPU/NV12). */
const CACHE_BUDGET_BYTES = 384 * 1024 * 1024;
const MAX_CACHED_FRAMES = 96;
const BEHIND = 2;
/** Going forward, a target this close past the decoder's position is reached by decoding on. */
const DECODE_THROUGH_DISTANCE = 48;

type Waiter = { resolve: (image: FrameImage) => void; reject: (error: unknown) => void };

interface DecodeStream {
  iterator: AsyncGenerator<VideoSample, void, unknown>;
  /** The frame the next sample should be (one past the last yielded). */
  nextFrame: number;
}

export class VideoSource implements MediaSource {
  readonly info: MediaInfo;
  readonly audio: MediaAudio | null;
  private readonly cache: FrameCache<VideoFrame>;
  private readonly ahead: number;
  private readonly sink: VideoSampleSink;
  private playhead: Playhead;
  private stream: DecodeStream | null = null;
  private readonly waiters = new Map<number, Waiter[]>();
  private readonly failed = new Set<number>();
  private wake: (() => void) | null = null;
  private disposed = false;
  private fingerprintPromise: Promise<string> | null = null;

  /** Opens a video file; rejects with MediaError if it has no decodable video track. */
  static async open(file: File): Promise<VideoSource> {
    const input = new Input({ source: new BlobSource(file), formats: ALL_FORMATS });
    try {
      const track = await input.getPrimaryVideoTrack().catch((error: unknown) => {
        throw new MediaError('DECODE_FAILED', `${file.name} could not be read as video.`, {
          cause: error,
        });
      });
      if (!track) throw new MediaError('UNSUPPORTED_CODEC', `${file.name} has no video track.`);
      if (!(await track.canDecode())) {
        const codec = (await track.getCodecParameterString()) ?? track.codec ?? 'unknown';
        throw new MediaError(
          'UNSUPPORTED_CODEC',
          `This browser cannot decode the video codec of ${file.name} (${codec}).`,
        );
      }
      const timestamps = await frameTimestamps(track);
      if (timestamps.length === 0)
        throw new MediaError('DECODE_FAILED', `${file.name} contains no video frames.`);
      const metrics = await track.computeFrameRateMetrics().catch(() => null);
      const fps = metrics?.bestGuessFrameRate ?? fallbackFps(timestamps);
      const audioTrack = await input.getPrimaryAudioTrack().catch(() => null);
      const audioDecodable = audioTrack ? await audioTrack.canDecode().catch(() => false) : false;
      const source = new VideoSource(
        file,
        input,
        track,
        timestamps,
        fps,
        audioDecodable ? audioTrack : null,
      );
      return source;
    } catch (error) {
      input.dispose();
      if (error instanceof MediaError) throw error;
      throw new MediaError('DECODE_FAILED', `${file.name} could not be read as video.`, {
        cause: error,
      });
    }
  }

  private constructor(
    private readonly file: File,
    private readonly input: Input,
    track: InputVideoTrack,
    /** Presentation timestamp (s) of each frame, ascending; index 0 is frame 1. */
    private readonly timestamps: readonly number[],
    fps: number,
    audioTrack: InputAudioTrack | null,
  ) {
    const width = track.displayWidth;
    const height = track.displayHeight;
    this.info = {
      kind: 'video',
      name: file.name,
      frameStart: 1,
      frameEnd: timestamps.length,
      fps,
      width,
      height,
      sizeBytes: file.size,
      fingerprint: null,
      hasAudio: audioTrack !== null,
    };
    const capacity = Math.max(
      8,
      Math.min(MAX_CACHED_FRAMES, Math.floor(CACHE_BUDGET_BYTES / (width * height * 4))),
    );
    this.ahead = capacity - BEHIND - 2;
    this.cache = new FrameCache<VideoFrame>(capacity, (frame) => frame.close());
    this.sink = new VideoSampleSink(track);
    this.playhead = { frame: 1, direction: 1, playing: false };
    this.audio = audioTrack ? createVideoAudio(audioTrack, timestamps, fps) : null;
    void this.decodeLoop();
  }

  getFrame(frame: number): FrameImage | null {
    const target = this.clamp(frame);
    const image = this.cache.take(target);
    if (image) return image;
    this.focus(target);
    return null;
  }

  loadFrame(frame: number): Promise<FrameImage> {
    const target = this.clamp(frame);
    const image = this.cache.take(target);
    if (image) return Promise.resolve(image);
    if (this.disposed)
      return Promise.reject(new MediaError('DECODE_FAILED', 'The video was closed.'));
    if (this.failed.has(target)) {
      return Promise.reject(
        new MediaError(
          'DECODE_FAILED',
          `Frame ${target} of ${this.info.name} could not be decoded.`,
        ),
      );
    }
    return new Promise<FrameImage>((resolve, reject) => {
      const list = this.waiters.get(target) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(target, list);
      this.focus(target);
    });
  }

  setPlayhead(frame: number, direction: Direction, playing: boolean): void {
    const target = this.clamp(frame);
    const { playhead } = this;
    if (
      playhead.frame === target &&
      playhead.direction === direction &&
      playhead.playing === playing
    )
      return;
    this.playhead = { frame: target, direction, playing };
    this.signal();
  }

  fingerprint(): Promise<string> {
    this.fingerprintPromise ??= computeFingerprint([this.file]).then((fingerprint) => {
      this.info.fingerprint = fingerprint;
      return fingerprint;
    });
    return this.fingerprintPromise;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.signal();
    this.rejectAll(new MediaError('DECODE_FAILED', 'The video was closed.'));
    void this.closeStream();
    this.cache.clear();
    this.input.dispose();
  }

  /** Frames held by the decode-ahead cache (diagnostics, benchmarks). */
  cachedFrames(): number[] {
    return this.cache.keys();
  }

  private focus(frame: number): void {
    if (this.playhead.frame === frame) return;
    this.playhead = { ...this.playhead, frame };
    this.signal();
  }

  private clamp(frame: number): number {
    return Math.min(Math.max(Math.round(frame), this.info.frameStart), this.info.frameEnd);
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** The one decoding loop: decode the most urgent missing frame of the plan, or sleep. */
  private async decodeLoop(): Promise<void> {
    while (!this.disposed) {
      const plan = decodePlan(this.playhead, this.info, this.ahead, BEHIND);
      this.cache.retainOnly(plan);
      const next = this.nextDecode(plan);
      if (next === null) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        continue;
      }
      try {
        await this.decodeToward(next.target, next.start, plan);
      } catch (error) {
        await this.closeStream();
        this.fail(next.target, error);
      }
    }
    await this.closeStream();
  }

  /**
   * What to decode next: the target frame and where to (re)start decoding if the running stream
   * cannot reach it. Forward, that is the first missing planned frame. In reverse, decoding runs
   * forward through a chunk below the playhead, refilled only when fewer than half the look-ahead
   * frames remain, so each keyframe seek yields many frames.
   */
  private nextDecode(plan: readonly number[]): { target: number; start: number } | null {
    const usable = (frame: number): boolean => !this.cache.has(frame) && !this.failed.has(frame);
    const { frame, direction, playing } = this.playhead;
    const chunkStart = Math.max(this.info.frameStart, frame - this.ahead + 1);
    if (playing && direction === -1) {
      if (usable(frame)) return { target: frame, start: chunkStart };
      let run = 0;
      while (frame - run - 1 >= this.info.frameStart && this.cache.has(frame - run - 1)) run++;
      const below = frame - run - 1;
      if (below >= this.info.frameStart && !this.failed.has(below)) {
        return run < this.ahead / 2 ? { target: below, start: chunkStart } : null;
      }
    }
    const target = plan.find(usable);
    return target === undefined ? null : { target, start: target };
  }

  /** Advances (or restarts at `start`) the decoder by one sample on the way to `target`. */
  private async decodeToward(
    target: number,
    start: number,
    plan: readonly number[],
  ): Promise<void> {
    const stream = this.stream;
    const reach = Math.max(DECODE_THROUGH_DISTANCE, this.ahead);
    const reusable =
      stream !== null && stream.nextFrame <= target && target - stream.nextFrame <= reach;
    if (!reusable) {
      await this.closeStream();
      const startTime = this.timestamps[start - 1] ?? 0;
      this.stream = { iterator: this.sink.samples(startTime), nextFrame: start };
    }
    const current = this.stream;
    if (!current) return;
    const result = await current.iterator.next();
    if (this.disposed || this.stream !== current) {
      if (!result.done) result.value.close();
      return;
    }
    if (result.done) {
      // The container promised more frames than the decoder produced (e.g. a truncated file).
      this.stream = null;
      for (let frame = current.nextFrame; frame <= this.info.frameEnd; frame++)
        this.fail(frame, null);
      return;
    }
    const sample = result.value;
    const frame = this.frameAt(sample.timestamp);
    current.nextFrame = frame + 1;
    const videoFrame = sample.toVideoFrame();
    sample.close();
    // Re-plan with the latest playhead: it may have moved while the sample was decoding.
    const latestPlan = decodePlan(this.playhead, this.info, this.ahead, BEHIND);
    this.cache.put(frame, videoFrame, latestPlan.includes(frame) ? latestPlan : plan);
    if (this.cache.has(frame)) this.resolveWaiters(frame);
  }

  private async closeStream(): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    // return() lets mediabunny close the samples it decoded ahead.
    await stream?.iterator.return().catch(() => undefined);
  }

  /** Frame number of a presentation timestamp: the nearest indexed frame. */
  private frameAt(timestamp: number): number {
    return nearestIndex(this.timestamps, timestamp) + 1;
  }

  private resolveWaiters(frame: number): void {
    const list = this.waiters.get(frame);
    if (!list) return;
    this.waiters.delete(frame);
    const image = this.cache.take(frame);
    for (const waiter of list) {
      if (image) waiter.resolve(image);
      else waiter.reject(new MediaError('DECODE_FAILED', `Frame ${frame} was evicted before use.`));
    }
  }

  private fail(frame: number, cause: unknown): void {
    this.failed.add(frame);
    const list = this.waiters.get(frame);
    this.waiters.delete(frame);
    const error = new MediaError(
      'DECODE_FAILED',
      `Frame ${frame} of ${this.info.name} could not be decoded.`,
      { cause },
    );
    for (const waiter of list ?? []) waiter.reject(error);
  }

  private rejectAll(error: MediaError): void {
    for (const list of this.waiters.values()) for (const waiter of list) waiter.reject(error);
    this.waiters.clear();
  }
}

/** Presentation timestamps of every frame, from packet metadata (no decoding), ascending. */
async function frameTimestamps(track: InputVideoTrack): Promise<number[]> {
  const packets = new EncodedPacketSink(track);
  const timestamps: number[] = [];
  for await (const packet of packets.packets(undefined, undefined, { metadataOnly: true })) {
    timestamps.push(packet.timestamp);
  }
  // Decode order differs from presentation order when there are B-frames.
  return timestamps.sort((a, b) => a - b);
}

function fallbackFps(timestamps: readonly number[]): number {
  const first = timestamps[0] ?? 0;
  const last = timestamps[timestamps.length - 1] ?? 0;
  return timestamps.length > 1 && last > first ? (timestamps.length - 1) / (last - first) : 24;
}

/** Index of the value in a sorted array closest to `value`. */
export function nearestIndex(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] ?? 0) < value) low = mid + 1;
    else high = mid;
  }
  const before = sorted[low - 1];
  const at = sorted[low] ?? 0;
  return before !== undefined && value - before <= at - value ? low - 1 : low;
}

function createVideoAudio(
  track: InputAudioTrack,
  timestamps: readonly number[],
  fps: number,
): MediaAudio {
  const sink = new AudioBufferSink(track);
  return {
    timeOfFrame(position: number): number {
      const index = Math.floor(position) - 1;
      const clamped = Math.min(Math.max(index, 0), timestamps.length - 1);
      return (timestamps[clamped] ?? 0) + (position - 1 - clamped) / fps;
    },
    async *buffers(startSeconds: number): AsyncGenerator<TimedAudioBuffer, void, unknown> {
      for await (const wrapped of sink.buffers(startSeconds)) {
        yield { buffer: wrapped.buffer, timestamp: wrapped.timestamp };
      }
    },
  };
}
