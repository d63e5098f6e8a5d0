// Still images as a MediaSource: one PNG/JPEG, or a numbered sequence decoded with
// createImageBitmap into a bounded cache filled ahead of the playhead.
import { computeFingerprint } from './fingerprint';
import { decodePlan, FrameCache, type Direction, type Playhead } from './FrameCache';
import { MediaError, withTimeout } from './MediaError';
import { entryIndexForFrame, layoutSequence, sequenceDisplayName } from './sequenceNames';
import type { FrameImage, MediaInfo, MediaSource } from './types';

const CACHE_BUDGET_BYTES = 512 * 1024 * 1024;
const MAX_CACHED_IMAGES = 64;
const BEHIND = 2;
/** Images decoded in parallel (createImageBitmap decodes off the main thread). */
const PARALLEL_DECODES = 3;
const DECODE_TIMEOUT_MS = 15_000;
const DEFAULT_FPS = 24;

type Waiter = { resolve: (image: FrameImage) => void; reject: (error: unknown) => void };

export class ImageSequenceSource implements MediaSource {
  readonly info: MediaInfo;
  private readonly files: File[];
  /** Frame number of each file, ascending (parallel to `files`). */
  private readonly entryFrames: number[];
  private readonly cache: FrameCache<ImageBitmap>;
  private readonly ahead: number;
  /** Playhead in entry indices (0-based), not frame numbers. */
  private playhead: Playhead = { frame: 0, direction: 1, playing: false };
  private readonly inFlight = new Set<number>();
  private readonly failed = new Set<number>();
  private readonly waiters = new Map<number, Waiter[]>();
  private wakers: (() => void)[] = [];
  private disposed = false;
  private fingerprintPromise: Promise<string> | null = null;

  /**
   * Orders the images (see sequenceNames.ts) and decodes the first to learn the size; rejects
   * with MediaError when it cannot be decoded.
   */
  static async open(files: readonly File[], fps = DEFAULT_FPS): Promise<ImageSequenceSource> {
    if (files.length === 0) throw new MediaError('EMPTY', 'No images were given.');
    const layout = layoutSequence(files, (file) => file.name);
    const first = layout.entries[0]?.item;
    if (!first) throw new MediaError('EMPTY', 'No images were given.');
    const bitmap = await decodeImage(first);
    return new ImageSequenceSource(
      layout.entries.map((entry) => entry.item),
      layout.entries.map((entry) => entry.frame),
      bitmap,
      fps,
    );
  }

  private constructor(files: File[], entryFrames: number[], firstImage: ImageBitmap, fps: number) {
    const size = { width: firstImage.width, height: firstImage.height };
    this.files = files;
    this.entryFrames = entryFrames;
    this.info = {
      kind: 'images',
      name: sequenceDisplayName(files.map((file) => file.name)),
      frameStart: entryFrames[0] ?? 1,
      frameEnd: entryFrames[entryFrames.length - 1] ?? 1,
      fps,
      width: size.width,
      height: size.height,
      sizeBytes: files.reduce((sum, file) => sum + file.size, 0),
      fingerprint: null,
      hasAudio: false,
    };
    const perImage = Math.max(1, size.width * size.height * 4);
    const capacity = Math.max(
      4,
      Math.min(MAX_CACHED_IMAGES, Math.floor(CACHE_BUDGET_BYTES / perImage)),
    );
    this.ahead = Math.min(capacity - BEHIND - 1, files.length);
    this.cache = new FrameCache<ImageBitmap>(capacity, (bitmap) => bitmap.close());
    this.cache.put(0, firstImage, [0]);
    for (let i = 0; i < PARALLEL_DECODES; i++) void this.decodeLoop();
  }

  getFrame(frame: number): FrameImage | null {
    const entry = this.entryOf(frame);
    const image = this.cache.take(entry);
    if (image) return image;
    this.focus(entry);
    return null;
  }

  loadFrame(frame: number): Promise<FrameImage> {
    const entry = this.entryOf(frame);
    const image = this.cache.take(entry);
    if (image) return Promise.resolve(image);
    if (this.disposed)
      return Promise.reject(new MediaError('DECODE_FAILED', 'The images were closed.'));
    if (this.failed.has(entry)) return Promise.reject(this.failure(entry, null));
    return new Promise<FrameImage>((resolve, reject) => {
      const list = this.waiters.get(entry) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(entry, list);
      this.focus(entry);
    });
  }

  setPlayhead(frame: number, direction: Direction, playing: boolean): void {
    const entry = this.entryOf(frame);
    const { playhead } = this;
    if (
      playhead.frame === entry &&
      playhead.direction === direction &&
      playhead.playing === playing
    )
      return;
    this.playhead = { frame: entry, direction, playing };
    this.signal();
  }

  fingerprint(): Promise<string> {
    this.fingerprintPromise ??= computeFingerprint(this.files).then((fingerprint) => {
      this.info.fingerprint = fingerprint;
      return fingerprint;
    });
    return this.fingerprintPromise;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.signal();
    for (const list of this.waiters.values()) {
      for (const waiter of list)
        waiter.reject(new MediaError('DECODE_FAILED', 'The images were closed.'));
    }
    this.waiters.clear();
    this.cache.clear();
  }

  private entryOf(frame: number): number {
    return entryIndexForFrame(this.entryFrames, Math.round(frame));
  }

  private focus(entry: number): void {
    if (this.playhead.frame === entry) return;
    this.playhead = { ...this.playhead, frame: entry };
    this.signal();
  }

  private signal(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }

  private plan(): number[] {
    return decodePlan(
      this.playhead,
      { frameStart: 0, frameEnd: this.files.length - 1 },
      this.ahead,
      BEHIND,
    );
  }

  private async decodeLoop(): Promise<void> {
    while (!this.disposed) {
      const plan = this.plan();
      const entry = plan.find(
        (i) => !this.cache.has(i) && !this.failed.has(i) && !this.inFlight.has(i),
      );
      const file = entry === undefined ? undefined : this.files[entry];
      if (entry === undefined || !file) {
        await new Promise<void>((resolve) => this.wakers.push(resolve));
        continue;
      }
      this.inFlight.add(entry);
      try {
        const bitmap = await decodeImage(file);
        if (this.disposed) bitmap.close();
        else {
          this.cache.put(entry, bitmap, this.plan());
          this.settle(entry);
        }
      } catch (error) {
        this.failed.add(entry);
        this.settle(entry, error);
      } finally {
        this.inFlight.delete(entry);
      }
    }
  }

  private settle(entry: number, error?: unknown): void {
    const list = this.waiters.get(entry);
    if (!list) return;
    this.waiters.delete(entry);
    const image = error === undefined ? this.cache.take(entry) : undefined;
    for (const waiter of list) {
      if (image) waiter.resolve(image);
      else waiter.reject(this.failure(entry, error));
    }
  }

  private failure(entry: number, cause: unknown): MediaError {
    return new MediaError(
      'DECODE_FAILED',
      `${this.files[entry]?.name ?? 'An image'} could not be decoded.`,
      {
        cause,
      },
    );
  }
}

async function decodeImage(file: File): Promise<ImageBitmap> {
  try {
    return await withTimeout(createImageBitmap(file), DECODE_TIMEOUT_MS, `Decoding ${file.name}`);
  } catch (error) {
    if (error instanceof MediaError) throw error;
    throw new MediaError('DECODE_FAILED', `${file.name} could not be decoded as an image.`, {
      cause: error,
    });
  }
}
