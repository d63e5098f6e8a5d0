// Media opened ahead of time (the playlist's neighbours of the current item), handed over when
// the App is asked to open the same media: a switch to a preloaded item then costs what a seek
// does. Bounded: at most MAX_PRELOADS sources are kept; the playlist says which to keep.
import type { MediaSource } from '../../core/media/types';

/** Sources kept at most (the next and the previous item). */
export const MAX_PRELOADS = 2;

export class MediaPreloads {
  private readonly ready = new Map<string, MediaSource>();
  /** Sources handed over (a switch used them), counted for the scripting API and tests. */
  taken = 0;

  /** The preloaded source of `fingerprint`, now the caller's (null: none). */
  take(fingerprint: string): MediaSource | null {
    const source = this.ready.get(fingerprint) ?? null;
    if (source) {
      this.ready.delete(fingerprint);
      this.taken++;
    }
    return source;
  }

  /** The fingerprints kept now. */
  get fingerprints(): string[] {
    return [...this.ready.keys()];
  }

  has(fingerprint: string): boolean {
    return this.ready.has(fingerprint);
  }

  get size(): number {
    return this.ready.size;
  }

  /** Keeps `source` for `fingerprint` (disposed at once when it is not wanted or the pool is full). */
  offer(fingerprint: string, source: MediaSource, wanted: boolean): void {
    if (!wanted || this.ready.has(fingerprint) || this.ready.size >= MAX_PRELOADS) {
      source.dispose();
      return;
    }
    this.ready.set(fingerprint, source);
  }

  /** Disposes every kept source but those of `fingerprints`. */
  retain(fingerprints: ReadonlySet<string>): void {
    for (const [fingerprint, source] of this.ready)
      if (!fingerprints.has(fingerprint)) {
        this.ready.delete(fingerprint);
        source.dispose();
      }
  }

  dispose(): void {
    this.retain(new Set());
  }
}
