// Still images as a MediaSource: one image, or a numbered sequence, decoded into a bounded cache
// filled ahead of the playhead: PNG/JPEG with createImageBitmap, OpenEXR/DPX by a SequenceDecoder
// (images/VfxDecoder.ts, in a worker pool).
import { CachedFrameSource } from './CachedFrameSource';
import { decodePlan } from './FrameCache';
import { MediaError, withTimeout } from './MediaError';
import { drawMissingFrameSlate } from './missingFrameSlate';
import {
  entryIndexForFrame,
  layoutSequence,
  missingRanges,
  sequenceDisplayName,
} from './sequenceNames';
import type { FrameImage, MediaInfo } from './types';

/** How a sequence's files become pictures. */
export interface SequenceDecoder<T extends FrameImage & { width: number; height: number }> {
  /** Rejects with MediaError naming the file and the reason. */
  decode(file: File, signal: AbortSignal): Promise<T>;
  release(image: T): void;
  /** Decoded bytes per pixel, for the cache budget. */
  bytesPerPixel: number;
  /** Files decoded at once. */
  parallel: number;
  /** Every frame must have the first frame's size (else it is refused as MIXED sizes). */
  uniformSize: boolean;
}

/** A frame that could not be decoded while the sequence played (the previous frame stays up). */
export type FrameFailureListener = (error: MediaError) => void;

const bitmapDecoder: SequenceDecoder<ImageBitmap> = {
  decode: (file) => decodeImage(file),
  release: (bitmap) => bitmap.close(),
  bytesPerPixel: 4,
  parallel: 3,
  uniformSize: false,
};

const CACHE_BUDGET_BYTES = 512 * 1024 * 1024;
const MAX_CACHED_IMAGES = 64;
const BEHIND = 2;
const DECODE_TIMEOUT_MS = 15_000;
const DEFAULT_FPS = 24;
/** Missing-frame slates kept drawn (each is one canvas of the sequence's size). */
const MAX_SLATES = 4;

/** Cache keys are image indices (0-based, in frame order), not frame numbers. */
export class ImageSequenceSource<
  T extends FrameImage & { width: number; height: number } = ImageBitmap,
> extends CachedFrameSource<T> {
  readonly info: MediaInfo;
  readonly decoder: SequenceDecoder<T>;
  private readonly files: File[];
  /** Frame number of each file, ascending (parallel to `files`). */
  private readonly entryFrames: number[];
  private readonly ahead: number;
  private readonly inFlight = new Set<number>();
  /** Frame numbers that have an image (a numbered sequence may have gaps). */
  private readonly present: ReadonlySet<number>;
  /** Drawn missing-frame slates by frame number, oldest first. */
  private readonly slates = new Map<number, FrameImage>();
  /** Bumped by `redecode()`: pictures decoded before it are dropped. */
  private generation = 0;
  private abort = new AbortController();
  /** The size every frame must have (uniform-size decoders); null until the next frame sets it. */
  private expectedSize: { width: number; height: number } | null;
  private readonly failureListeners = new Set<FrameFailureListener>();

  /**
   * Orders the images (see sequenceNames.ts) and decodes the first to learn the size; rejects
   * with MediaError when it cannot be decoded.
   */
  static open(files: readonly File[], fps?: number): Promise<ImageSequenceSource>;
  static open<T extends FrameImage & { width: number; height: number }>(
    files: readonly File[],
    fps: number | undefined,
    decoder: SequenceDecoder<T>,
  ): Promise<ImageSequenceSource<T>>;
  static async open(
    files: readonly File[],
    fps: number = DEFAULT_FPS,
    decoder: SequenceDecoder<FrameImage & { width: number; height: number }> = bitmapDecoder,
  ): Promise<ImageSequenceSource<FrameImage & { width: number; height: number }>> {
    if (files.length === 0) throw new MediaError('EMPTY', 'No images were given.');
    const layout = layoutSequence(files, (file) => file.name);
    const first = layout.entries[0]?.item;
    if (!first) throw new MediaError('EMPTY', 'No images were given.');
    const image = await decoder.decode(first, new AbortController().signal);
    return new ImageSequenceSource(
      layout.entries.map((entry) => entry.item),
      layout.entries.map((entry) => entry.frame),
      image,
      fps,
      layout.numbersFromNames,
      decoder,
    );
  }

  private constructor(
    files: File[],
    entryFrames: number[],
    firstImage: T,
    fps: number,
    numbersFromNames: boolean,
    decoder: SequenceDecoder<T>,
  ) {
    const perImage = Math.max(1, firstImage.width * firstImage.height * decoder.bytesPerPixel);
    const capacity = Math.max(
      4,
      Math.min(MAX_CACHED_IMAGES, Math.floor(CACHE_BUDGET_BYTES / perImage)),
    );
    super(capacity, (image) => decoder.release(image), 0, files);
    this.decoder = decoder;
    this.expectedSize = { width: firstImage.width, height: firstImage.height };
    this.files = files;
    this.entryFrames = entryFrames;
    this.present = new Set(entryFrames);
    const frameStart = entryFrames[0] ?? 1;
    const missing = missingRanges(entryFrames);
    this.info = {
      kind: 'images',
      name: sequenceDisplayName(files.map((file) => file.name)),
      frameStart,
      frameEnd: entryFrames[entryFrames.length - 1] ?? 1,
      fps,
      // Frame numbers from the names are the timecode (frame 1001 at 24 fps is 00:00:41:17),
      // whatever part of the sequence was opened; sequences numbered 1..N start at 00:00:00:00.
      timecodeStart: numbersFromNames ? frameStart : 0,
      ...(missing.length > 0 ? { missingFrames: missing } : {}),
      width: firstImage.width,
      height: firstImage.height,
      ...pixelAspectOf(firstImage),
      sizeBytes: files.reduce((sum, file) => sum + file.size, 0),
      fingerprint: null,
      hasAudio: false,
    };
    this.ahead = Math.min(capacity - BEHIND - 1, files.length);
    this.store(0, firstImage, [0]);
    for (let i = 0; i < decoder.parallel; i++) void this.decodeLoop();
  }

  /** Calls `listener` for each frame that fails to decode after opening; returns the unsubscribe. */
  onFrameFailure(listener: FrameFailureListener): () => void {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  /**
   * Drops every decoded picture and decodes again (the decoder's settings changed, e.g. the EXR
   * layer); resolves with the picture of `frame` decoded the new way.
   */
  redecode(frame: number): Promise<FrameImage> {
    this.generation += 1;
    this.abort.abort();
    this.abort = new AbortController();
    this.expectedSize = null;
    this.failed.clear();
    this.cache.clear();
    const loading = this.loadFrame(frame);
    // The playhead may not have moved, so wake the decode loops explicitly.
    this.signal();
    return loading;
  }

  /** A missing frame of a numbered sequence is a slate naming it, drawn as the frame. */
  override getFrame(frame: number): FrameImage | null {
    const slate = this.slateFor(frame);
    if (slate) return slate;
    return super.getFrame(frame);
  }

  override loadFrame(frame: number): Promise<FrameImage> {
    const slate = this.slateFor(frame);
    if (slate) return Promise.resolve(slate);
    return super.loadFrame(frame);
  }

  override dispose(): void {
    this.abort.abort();
    this.failureListeners.clear();
    super.dispose();
    this.slates.clear();
  }

  private slateFor(frame: number): FrameImage | null {
    if (!this.info.missingFrames) return null;
    const whole = Math.min(Math.max(Math.round(frame), this.info.frameStart), this.info.frameEnd);
    if (this.present.has(whole)) return null;
    const cached = this.slates.get(whole);
    if (cached) return cached;
    const slate = drawMissingFrameSlate(whole, this.info.width, this.info.height);
    this.slates.set(whole, slate);
    for (const oldest of this.slates.keys()) {
      if (this.slates.size <= MAX_SLATES) break;
      this.slates.delete(oldest);
    }
    return slate;
  }

  protected keyOf(frame: number): number {
    return entryIndexForFrame(this.entryFrames, Math.round(frame));
  }

  protected failure(entry: number, cause: unknown): MediaError {
    if (cause instanceof MediaError) return cause;
    const name = this.files[entry]?.name ?? 'An image';
    return new MediaError('DECODE_FAILED', `${name} could not be decoded.`, { cause });
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
        await this.nextSignal();
        continue;
      }
      this.inFlight.add(entry);
      const generation = this.generation;
      try {
        const image = await this.decoder.decode(file, this.abort.signal);
        if (generation !== this.generation) this.decoder.release(image);
        else this.accept(entry, file, image);
      } catch (error) {
        if (generation === this.generation && !this.disposed) this.reportFailure(entry, error);
      } finally {
        this.inFlight.delete(entry);
      }
    }
  }

  /** Stores a decoded picture, refusing one whose size differs from the sequence's. */
  private accept(entry: number, file: File, image: T): void {
    if (this.decoder.uniformSize) {
      const expected = this.expectedSize;
      if (!expected) {
        this.expectedSize = { width: image.width, height: image.height };
        this.info.width = image.width;
        this.info.height = image.height;
        this.slates.clear();
      } else if (expected.width !== image.width || expected.height !== image.height) {
        this.decoder.release(image);
        const reason = `${file.name} cannot be shown: it is ${image.width}×${image.height} but the sequence is ${expected.width}×${expected.height} (mixed sizes).`;
        this.reportFailure(entry, new MediaError('DECODE_FAILED', reason));
        return;
      }
    }
    this.store(entry, image, this.plan());
  }

  private reportFailure(entry: number, error: unknown): void {
    this.markFailed(entry, error);
    const reported = error instanceof MediaError ? error : this.failure(entry, error);
    for (const listener of this.failureListeners) listener(reported);
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

/** The pixel aspect a decoded picture carries (EXR, DPX), for the media info; none when square. */
function pixelAspectOf(image: object): { pixelAspect?: number } {
  const value = (image as { pixelAspect?: unknown }).pixelAspect;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value !== 1
    ? { pixelAspect: value }
    : {};
}
