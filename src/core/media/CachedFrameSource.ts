// What file-backed media sources share: the decoded-frame cache, the playhead their decode loop
// follows, promises waiting for frames, failed frames, and the fingerprint.
import { computeFingerprint } from './fingerprint';
import { FrameCache, type Direction, type Playhead } from './FrameCache';
import { MediaError } from './MediaError';
import type { FrameImage, MediaInfo, MediaSource } from './types';

type Waiter = { resolve: (image: FrameImage) => void; reject: (error: unknown) => void };

/**
 * Frames are addressed by a key (the frame number for video, the image index for sequences);
 * subclasses map frame numbers to keys and run a decode loop that fills the cache around
 * `playhead` (also in keys), sleeping in `nextSignal()` when there is nothing to do.
 */
export abstract class CachedFrameSource<T extends FrameImage> implements MediaSource {
  abstract readonly info: MediaInfo;
  protected readonly cache: FrameCache<T>;
  protected playhead: Playhead;
  /** Keys that could not be decoded, with why. */
  protected readonly failed = new Map<number, unknown>();
  protected disposed = false;
  private readonly waiters = new Map<number, Waiter[]>();
  private wakers: (() => void)[] = [];
  private fingerprintPromise: Promise<string> | null = null;

  protected constructor(
    capacity: number,
    release: (image: T) => void,
    firstKey: number,
    /** The files hashed for the fingerprint, or the fingerprint itself when it is known. */
    private readonly identity: readonly File[] | string,
  ) {
    this.cache = new FrameCache<T>(capacity, release);
    this.playhead = { frame: firstKey, direction: 1, playing: false };
  }

  /** The cache key holding `frame` (clamped into the media's range). */
  protected abstract keyOf(frame: number): number;

  /** The error for a key that could not be decoded. */
  protected abstract failure(key: number, cause: unknown): MediaError;

  getFrame(frame: number): FrameImage | null {
    const key = this.keyOf(frame);
    const image = this.cache.take(key);
    if (image) return image;
    this.focus(key);
    return null;
  }

  loadFrame(frame: number): Promise<FrameImage> {
    const key = this.keyOf(frame);
    const image = this.cache.take(key);
    if (image) return Promise.resolve(image);
    if (this.disposed) return Promise.reject(closedError(this.info.name));
    if (this.failed.has(key)) return Promise.reject(this.failure(key, this.failed.get(key)));
    return new Promise<FrameImage>((resolve, reject) => {
      const list = this.waiters.get(key) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(key, list);
      this.focus(key);
    });
  }

  setPlayhead(frame: number, direction: Direction, playing: boolean): void {
    const key = this.keyOf(frame);
    const { playhead } = this;
    if (
      playhead.frame === key &&
      playhead.direction === direction &&
      playhead.playing === playing
    ) {
      return;
    }
    this.playhead = { frame: key, direction, playing };
    this.signal();
  }

  fingerprint(): Promise<string> {
    const files = this.identity;
    if (typeof files === 'string') return Promise.resolve(files);
    this.fingerprintPromise ??= computeFingerprint(files).then((fingerprint) => {
      this.info.fingerprint = fingerprint;
      return fingerprint;
    });
    return this.fingerprintPromise;
  }

  /** Stops decoding, rejects pending loads and closes every cached frame (also the one on screen). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.signal();
    const error = closedError(this.info.name);
    for (const list of this.waiters.values()) for (const waiter of list) waiter.reject(error);
    this.waiters.clear();
    this.cache.clear();
  }

  /** Resolves at the next playhead change, frame request or dispose. */
  protected nextSignal(): Promise<void> {
    return new Promise<void>((resolve) => this.wakers.push(resolve));
  }

  /** Stores a decoded frame and hands it to whoever waits for it. */
  protected store(key: number, image: T, plan: readonly number[]): void {
    if (this.disposed) {
      this.cache.put(key, image, []);
      return;
    }
    this.cache.put(key, image, plan);
    const list = this.waiters.get(key);
    if (!list || !this.cache.has(key)) return;
    this.waiters.delete(key);
    const taken = this.cache.take(key);
    for (const waiter of list) if (taken) waiter.resolve(taken);
  }

  /** Records that a key cannot be decoded, so the loop stops trying and loads reject. */
  protected markFailed(key: number, cause: unknown): void {
    this.failed.set(key, cause);
    const list = this.waiters.get(key);
    this.waiters.delete(key);
    if (!list) return;
    const error = this.failure(key, cause);
    for (const waiter of list) waiter.reject(error);
  }

  private focus(key: number): void {
    if (this.playhead.frame === key) return;
    this.playhead = { ...this.playhead, frame: key };
    this.signal();
  }

  /** Wakes the decode loops (the playhead, a request or the cache changed). */
  protected signal(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }
}

function closedError(name: string): MediaError {
  return new MediaError('DECODE_FAILED', `${name} was closed.`);
}
