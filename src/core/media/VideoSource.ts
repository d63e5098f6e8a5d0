// Over 400 lines: one decoder's state (open, seek, decode-ahead, reverse GOP chunks, audio) kept in one class.
// A video file as a MediaSource: frame-accurate WebCodecs decoding through mediabunny, with a
// bounded decode-ahead cache in the playing direction (reverse decodes GOP chunks backwards).
import {
  ALL_FORMATS,
  AudioBufferSink,
  BlobSource,
  EncodedPacketSink,
  Input,
  UrlSource,
  VideoSampleSink,
  type InputAudioTrack,
  type Source,
  type InputVideoTrack,
  type VideoSample,
} from 'mediabunny';
import { CachedFrameSource } from './CachedFrameSource';
import { decodePlan } from './FrameCache';
import { MediaError } from './MediaError';
import { readMp4Info, type ByteReader, type Mp4Info } from './mp4Info';
import {
  guardedFetch,
  remoteReader,
  remoteRetryDelay,
  remoteSize,
  type RemoteMedia,
} from './remoteMedia';
import type { MediaAudio, MediaInfo, TimedAudioBuffer } from './types';

/** Decoded frames kept per source (RGBA ImageBitmaps, 4 bytes per pixel). */
const CACHE_BUDGET_BYTES = 384 * 1024 * 1024;
const MAX_CACHED_FRAMES = 96;
const BEHIND = 2;
/** Going forward, a target this close past the decoder's position is reached by decoding on. */
const DECODE_THROUGH_DISTANCE = 48;

/** Streamed media: bytes mediabunny may keep in memory (it reads ahead in ranges). */
const REMOTE_CACHE_BYTES = 96 * 1024 * 1024;

/** What VideoSource.open reads: a local file or a remote media, as mediabunny and we see it. */
interface VideoInput {
  name: string;
  source: Source;
  /** The MP4/MOV boxes we read ourselves (timecode), started alongside mediabunny's parse. */
  mp4: Promise<Mp4Info | null>;
  sizeBytes: number;
  /** The files to hash, or the fingerprint when it is known (a room library item's id). */
  identity: readonly File[] | string;
  streamed: boolean;
}

interface DecodeStream {
  iterator: AsyncGenerator<VideoSample, void, unknown>;
  /** The frame the next sample should be (one past the last yielded). */
  nextFrame: number;
}

export class VideoSource extends CachedFrameSource<ImageBitmap> {
  readonly info: MediaInfo;
  readonly audio: MediaAudio | null;
  private readonly ahead: number;
  private readonly sink: VideoSampleSink;
  private stream: DecodeStream | null = null;

  /** Opens a video file; rejects with MediaError if it has no decodable video track. */
  static open(file: File): Promise<VideoSource> {
    return VideoSource.openInput({
      name: file.name,
      source: new BlobSource(file),
      mp4: readMp4Info(fileReader(file), file.size).catch(() => null),
      sizeBytes: file.size,
      identity: [file],
      streamed: false,
    });
  }

  /**
   * Opens a video kept in memory or the browser's cache (a kept copy of a room library item)
   * whose fingerprint is known; otherwise like `open`.
   */
  static openBlob(blob: Blob, name: string, fingerprint: string): Promise<VideoSource> {
    return VideoSource.openInput({
      name,
      source: new BlobSource(blob),
      mp4: readMp4Info(fileReader(blob), blob.size).catch(() => null),
      sizeBytes: blob.size,
      identity: fingerprint,
      streamed: false,
    });
  }

  /**
   * Opens a video over HTTP with range requests (no full download): mediabunny reads the index
   * and then the byte ranges of the frames it decodes. Rejects like `open`, or with REFUSED /
   * NETWORK when the server refuses or cannot be reached.
   */
  static openRemote(remote: RemoteMedia): Promise<VideoSource> {
    const source = new UrlSource(remote.url, {
      fetchFn: guardedFetch(remote) as typeof fetch,
      getRetryDelay: remoteRetryDelay,
      maxCacheSize: REMOTE_CACHE_BYTES,
    });
    const mp4 = remoteSize(remote)
      .then((size) => (size === null ? null : readMp4Info(remoteReader(remote), size)))
      .catch(() => null);
    return VideoSource.openInput({
      name: remote.name,
      source,
      mp4,
      sizeBytes: remote.size ?? 0,
      identity: remote.fingerprint,
      streamed: true,
    });
  }

  private static async openInput(media: VideoInput): Promise<VideoSource> {
    const input = new Input({ source: media.source, formats: ALL_FORMATS });
    try {
      const track = await input.getPrimaryVideoTrack().catch((error: unknown) => {
        throw asMediaError(error, `${media.name} could not be read as video.`);
      });
      if (!track) {
        // No tracks at all usually means a damaged or truncated file (e.g. an MP4 without moov).
        const anyTrack = (await input.getTracks().catch(() => [])).length > 0;
        throw anyTrack
          ? new MediaError('UNSUPPORTED_CODEC', `${media.name} has no video track.`)
          : new MediaError(
              'DECODE_FAILED',
              `${media.name} has no readable tracks; it may be damaged or truncated.`,
            );
      }
      if (!(await track.canDecode())) {
        const codec = (await track.getCodecParameterString()) ?? track.codec ?? 'unknown';
        throw new MediaError(
          'UNSUPPORTED_CODEC',
          `This browser cannot decode the video codec of ${media.name} (${codec}).`,
        );
      }
      const timestamps = await frameTimestamps(track);
      if (timestamps.length === 0)
        throw new MediaError('DECODE_FAILED', `${media.name} contains no video frames.`);
      const metrics = await track.computeFrameRateMetrics().catch(() => null);
      const fps = metrics?.bestGuessFrameRate ?? fallbackFps(timestamps);
      const mp4 = await media.mp4;
      const audioTrack = await input.getPrimaryAudioTrack().catch(() => null);
      const audioDecodable = audioTrack ? await audioTrack.canDecode().catch(() => false) : false;
      const source = new VideoSource(
        media,
        input,
        track,
        timestamps,
        fps,
        audioDecodable ? audioTrack : null,
        mp4?.timecode?.frames ?? 0,
      );
      if (audioTrack && !audioDecodable)
        source.info.undecodableAudio =
          (await audioTrack.getCodecParameterString().catch(() => null)) ??
          audioTrack.codec ??
          'unknown codec';
      return source;
    } catch (error) {
      input.dispose();
      throw asMediaError(error, `${media.name} could not be read as video.`);
    }
  }

  private constructor(
    media: VideoInput,
    private readonly input: Input,
    track: InputVideoTrack,
    /** Presentation timestamp (s) of each frame, ascending; index 0 is frame 1. */
    private readonly timestamps: readonly number[],
    fps: number,
    audioTrack: InputAudioTrack | null,
    timecodeStart: number,
  ) {
    const width = track.displayWidth;
    const height = track.displayHeight;
    const perFrame = Math.max(1, width * height * 4);
    const capacity = Math.max(
      8,
      Math.min(MAX_CACHED_FRAMES, Math.floor(CACHE_BUDGET_BYTES / perFrame)),
    );
    super(capacity, (bitmap) => bitmap.close(), 1, media.identity);
    this.info = {
      kind: 'video',
      name: media.name,
      frameStart: 1,
      frameEnd: timestamps.length,
      fps,
      timecodeStart,
      width,
      height,
      sizeBytes: media.sizeBytes,
      fingerprint: typeof media.identity === 'string' ? media.identity : null,
      hasAudio: audioTrack !== null,
      ...(media.streamed ? { streamed: true } : {}),
    };
    this.ahead = capacity - BEHIND - 2;
    this.sink = new VideoSampleSink(track);
    this.audio = audioTrack ? createVideoAudio(audioTrack, timestamps, fps) : null;
    void this.decodeLoop();
  }

  override dispose(): void {
    if (this.disposed) return;
    super.dispose();
    void this.closeStream();
    this.input.dispose();
  }

  protected keyOf(frame: number): number {
    return Math.min(Math.max(Math.round(frame), this.info.frameStart), this.info.frameEnd);
  }

  protected failure(frame: number, cause: unknown): MediaError {
    return new MediaError(
      'DECODE_FAILED',
      `Frame ${frame} of ${this.info.name} could not be decoded.`,
      {
        cause,
      },
    );
  }

  /** The one decoding loop: decode the most urgent missing frame of the plan, or sleep. */
  private async decodeLoop(): Promise<void> {
    while (!this.disposed) {
      const plan = decodePlan(this.playhead, this.info, this.ahead, BEHIND);
      this.cache.retainOnly(plan);
      const next = this.nextDecode(plan);
      if (next === null) {
        await this.nextSignal();
        continue;
      }
      try {
        await this.decodeToward(next.target, next.start, plan);
      } catch (error) {
        await this.closeStream();
        this.markFailed(next.target, error);
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
    const { frame, direction } = this.playhead;
    const chunkStart = Math.max(this.info.frameStart, frame - this.ahead + 1);
    // Also when paused after reverse play: stepping back then needs no keyframe seek per frame.
    if (direction === -1) {
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
        this.markFailed(frame, null);
      return;
    }
    const sample = result.value;
    const frame = this.frameAt(sample.timestamp);
    current.nextFrame = frame + 1;
    // Cache RGBA bitmaps, not VideoFrames: the viewer's upload is then a plain copy (a YUV
    // VideoFrame upload cost 15-140 ms per 1080p frame in software GL, the conversion here is
    // done ahead of time), and the decoder gets its output buffers back at once (hardware
    // decoders stall when a page holds many).
    const videoFrame = sample.toVideoFrame();
    sample.close();
    let bitmap: ImageBitmap;
    try {
      bitmap = await createImageBitmap(videoFrame);
    } finally {
      videoFrame.close();
    }
    if (this.disposed || this.stream !== current) {
      bitmap.close();
      return;
    }
    // Re-plan with the latest playhead: it may have moved while the sample was decoding.
    const latestPlan = decodePlan(this.playhead, this.info, this.ahead, BEHIND);
    this.store(frame, bitmap, latestPlan.includes(frame) ? latestPlan : plan);
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
}

/**
 * A failure as a MediaError: a MediaError (or one it wraps, e.g. a streaming refusal inside a
 * demuxer error) as it is, anything else as DECODE_FAILED with `message`.
 */
function asMediaError(error: unknown, message: string): MediaError {
  if (error instanceof MediaError) return error;
  if (error instanceof Error && error.cause instanceof MediaError) return error.cause;
  return new MediaError('DECODE_FAILED', message, { cause: error });
}

/** Reads byte ranges of a file (for readMp4Info). */
export function fileReader(file: Blob): ByteReader {
  return async (offset, length) =>
    new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
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
    sampleRate: track.sampleRate,
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
