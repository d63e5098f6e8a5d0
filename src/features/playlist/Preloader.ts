// Preloading (docs/playlist.md): the playlist's next and previous playable items are opened
// ahead (this browser's kept copy, else streamed from the room's library) and the frame the room will land on decoded, then kept
// in MediaPreloads; when the room moves there, the App takes the open source instead of opening
// it again, so the switch shows the new shot about as fast as a seek shows a frame.
import type { MediaSource } from '../../core/media/types';
import { streamPart } from '../library/mediaAccess';
import { MAX_PRELOADS, type MediaPreloads } from './MediaPreloads';
import type { LibraryItem, PlaylistItem, RoomPlaylist } from './types';

/** What to preload: the item's library entry, and the frames a move there lands on. */
export interface PreloadTarget {
  item: LibraryItem;
  /** The remembered frame (a move by PageDown/PageUp) and the in point (play all). */
  frames: number[];
}

/**
 * The items a move would most likely land on: the next playable one, then the previous one —
 * library shots that can be streamed, not the current shot itself.
 */
export function preloadTargets(
  playlist: RoomPlaylist,
  library: readonly LibraryItem[],
  currentShot: string | null,
): PreloadTarget[] {
  const at = playlist.items.findIndex((item) => item.id === playlist.currentId);
  if (at < 0) return [];
  const entry = (item: PlaylistItem): LibraryItem | null => {
    if (item.source.kind !== 'library') return null;
    const id = item.source.id;
    const found = library.find((candidate) => candidate.id === id);
    return found && found.id !== currentShot && streamPart(found) !== null ? found : null;
  };
  const pick = (items: readonly PlaylistItem[]): PreloadTarget | null => {
    for (const item of items) {
      const found = entry(item);
      if (!found) continue;
      const start = found.media?.startFrame ?? 1;
      const frames = [item.state?.frame ?? start, item.state?.inPoint ?? start];
      return { item: found, frames: [...new Set(frames)] };
    }
    return null;
  };
  const next = pick(playlist.items.slice(at + 1));
  const previous = pick(playlist.items.slice(0, at).reverse());
  const targets: PreloadTarget[] = [];
  for (const target of [next, previous])
    if (target && !targets.some((other) => other.item.id === target.item.id)) targets.push(target);
  return targets.slice(0, MAX_PRELOADS);
}

export interface PreloaderDeps {
  readonly pool: MediaPreloads;
  /** Opens a library item's media (kept copy or streamed) without showing it; null: it cannot be. */
  open(item: LibraryItem): Promise<MediaSource> | null;
}

export class Preloader {
  /** Opens in progress, by fingerprint. */
  private readonly opening = new Set<string>();
  private wanted = new Set<string>();
  private disposed = false;

  constructor(private readonly deps: PreloaderDeps) {}

  /** The fingerprints kept or being opened. */
  get preloading(): string[] {
    return [...this.wanted];
  }

  /** Preloads `targets` (and only them: the others are let go). */
  update(targets: readonly PreloadTarget[]): void {
    if (this.disposed) return;
    this.wanted = new Set(targets.map((target) => target.item.id));
    this.deps.pool.retain(this.wanted);
    for (const target of targets) {
      const id = target.item.id;
      if (this.deps.pool.has(id) || this.opening.has(id)) continue;
      const opening = this.deps.open(target.item);
      if (!opening) continue;
      this.opening.add(id);
      void opening
        .then(async (source) => {
          // The frames a move lands on, decoded now (failures only cost the head start).
          const frames = new Set([...target.frames, source.info.frameStart]);
          await Promise.all(
            [...frames].map((frame) => source.loadFrame(frame).catch(() => undefined)),
          );
          source.setPlayhead(target.frames[0] ?? source.info.frameStart, 1, false);
          return source;
        })
        .then(
          (source) => this.deps.pool.offer(id, source, this.wanted.has(id) && !this.disposed),
          () => undefined,
        )
        .finally(() => this.opening.delete(id));
    }
  }

  dispose(): void {
    this.disposed = true;
    this.wanted = new Set();
    this.deps.pool.dispose();
  }
}
