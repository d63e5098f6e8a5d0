// Still images as a MediaSource: one PNG/JPEG, or a numbered sequence decoded with
// createImageBitmap into a bounded cache filled ahead of the playhead.
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

const CACHE_BUDGET_BYTES = 512 * 1024 * 1024;
const MAX_CACHED_IMAGES = 64;
const BEHIND = 2;
/** Images decoded in parallel (createImageBitmap decodes off the main thread). */
const PARALLEL_DECODES = 3;
const DECODE_TIMEOUT_MS = 15_000;
const DEFAULT_FPS = 24;
/** Missing-frame slates kept drawn (each is one canvas of the sequence's size). */
const MAX_SLATES = 4;

/** Cache keys are image indices (0-based, in frame order), not frame numbers. */
export class ImageSequenceSource extends CachedFrameSource<ImageBitmap> {
  readonly info: MediaInfo;
  private readonly files: File[];
  /** Frame number of each file, ascending (parallel to `files`). */
  private readonly entryFrames: number[];
  private readonly ahead: number;
  private readonly inFlight = new Set<number>();
  /** Frame numbers that have an image (a numbered sequence may have gaps). */
  private readonly present: ReadonlySet<number>;
  /** Drawn missing-frame slates by frame number, oldest first. */
  private readonly slates = new Map<number, FrameImage>();

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
      layout.numbersFromNames,
    );
  }

  private constructor(
    files: File[],
    entryFrames: number[],
    firstImage: ImageBitmap,
    fps: number,
    numbersFromNames: boolean,
  ) {
    const perImage = Math.max(1, firstImage.width * firstImage.height * 4);
    const capacity = Math.max(
      4,
      Math.min(MAX_CACHED_IMAGES, Math.floor(CACHE_BUDGET_BYTES / perImage)),
    );
    super(capacity, (bitmap) => bitmap.close(), 0, files);
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
      sizeBytes: files.reduce((sum, file) => sum + file.size, 0),
      fingerprint: null,
      hasAudio: false,
    };
    this.ahead = Math.min(capacity - BEHIND - 1, files.length);
    this.store(0, firstImage, [0]);
    for (let i = 0; i < PARALLEL_DECODES; i++) void this.decodeLoop();
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
      try {
        this.store(entry, await decodeImage(file), this.plan());
      } catch (error) {
        this.markFailed(entry, error);
      } finally {
        this.inFlight.delete(entry);
      }
    }
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
