// "Keep a copy": a library item's playable bytes (proxy or original) downloaded once into the
// browser's Cache API, so scrubbing needs no network and a later visit opens it at once. Keyed
// by item id and part; the copy opens with the item's id as fingerprint (never re-hashed).
// Which copies are kept is also listed in localStorage, so opening an item that has none never
// waits for the Cache API: on a fresh page opening it took 250–450 ms, the whole gap between a
// participant's room.joined and their first media request (issue 15, docs/performance.md).
import type { FetchLike } from '../../core/media/remoteMedia';
import type { KeyValueStorage } from '../../network/types';
import { localStore } from '../../ui/components/shared/storage';
import { EventEmitter } from '../../utils/EventEmitter';
import { remoteMediaOf, streamPart, type MediaTokens } from './mediaAccess';
import type { LibraryItem } from './types';

const CACHE_NAME = 'reelsync-media-copies-v1';
const INDEX_KEY = 'reelsync.keptCopies';

/**
 * The copy keys kept in the cache, mirrored in storage (synchronous to read). Without storage
 * every lookup asks the cache, as before. A stale entry (the browser evicted the copy) costs one
 * cache lookup and is then dropped; a copy the list misses is found by refresh().
 */
export class KeptCopyIndex {
  constructor(private readonly storage: KeyValueStorage | null) {}

  /** False only when the list says for sure that nothing is kept under `key`. */
  mayHave(key: string): boolean {
    const keys = this.read();
    return keys === null || keys.includes(key);
  }

  set(key: string, kept: boolean): void {
    if (!this.storage) return;
    const keys = (this.read() ?? []).filter((entry) => entry !== key);
    if (kept) keys.push(key);
    try {
      this.storage.setItem(INDEX_KEY, JSON.stringify(keys));
    } catch {
      // Storage full or blocked: the cache stays the truth.
    }
  }

  private read(): string[] | null {
    if (!this.storage) return null;
    try {
      const raw = this.storage.getItem(INDEX_KEY);
      if (raw === null) return [];
      const value: unknown = JSON.parse(raw);
      return Array.isArray(value) && value.every((entry) => typeof entry === 'string')
        ? value
        : null;
    } catch {
      return null;
    }
  }
}

/** A copy's state: none, being downloaded (fraction, null while the size is unknown), kept. */
export type CopyState =
  { kind: 'none' } | { kind: 'keeping'; progress: number | null } | { kind: 'kept' };

export class MediaCopies extends EventEmitter<{
  changed: void;
  failed: { name: string; message: string };
}> {
  private readonly states = new Map<string, CopyState>();
  private readonly aborts = new Map<string, AbortController>();

  constructor(
    private readonly tokens: MediaTokens,
    private readonly fetchFn: FetchLike = (url, init) => fetch(url, init),
    private readonly index = new KeptCopyIndex(localStore()),
  ) {
    super();
  }

  /** The Cache API exists here (secure contexts only). */
  static get supported(): boolean {
    return typeof caches !== 'undefined';
  }

  state(id: string): CopyState {
    return this.states.get(id) ?? { kind: 'none' };
  }

  /** Learns which of `items` have a kept copy (after a reload, a join). */
  async refresh(items: readonly LibraryItem[]): Promise<void> {
    if (!MediaCopies.supported) return;
    const cache = await caches.open(CACHE_NAME);
    for (const item of items) {
      if (this.state(item.id).kind === 'keeping') continue;
      const kept = (await cache.match(copyKey(item))) !== undefined;
      this.index.set(copyKey(item), kept);
      this.states.set(item.id, kept ? { kind: 'kept' } : { kind: 'none' });
    }
    this.emit('changed', undefined);
  }

  /** The kept copy's bytes, or null. */
  async blob(item: LibraryItem): Promise<Blob | null> {
    const key = copyKey(item);
    if (!MediaCopies.supported || !this.index.mayHave(key)) return null;
    const cache = await caches.open(CACHE_NAME);
    const response = await cache.match(key);
    if (!response) this.index.set(key, false);
    return response ? response.blob() : null;
  }

  /** Downloads the item's playable bytes whole into the cache, with progress. */
  async keep(item: LibraryItem): Promise<void> {
    const remote = remoteMediaOf(item, this.tokens, this.fetchFn);
    if (!remote || !MediaCopies.supported || this.state(item.id).kind !== 'none') return;
    const abort = new AbortController();
    this.aborts.set(item.id, abort);
    this.set(item.id, { kind: 'keeping', progress: 0 });
    try {
      const fetchFn = remote.fetch ?? this.fetchFn;
      const response = await fetchFn(remote.url, { signal: abort.signal });
      if (!response.ok || !response.body) throw new Error(`the server answered ${response.status}`);
      const total = Number(response.headers.get('Content-Length')) || null;
      let received = 0;
      // Streamed into the cache (never whole in memory), counting bytes on the way.
      const counted = response.body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform: (chunk, controller) => {
            received += chunk.length;
            this.set(item.id, { kind: 'keeping', progress: total ? received / total : null });
            controller.enqueue(chunk);
          },
        }),
      );
      const type = response.headers.get('Content-Type') ?? 'application/octet-stream';
      const cache = await caches.open(CACHE_NAME);
      await cache.put(copyKey(item), new Response(counted, { headers: { 'Content-Type': type } }));
      this.index.set(copyKey(item), true);
      this.set(item.id, { kind: 'kept' });
    } catch (error) {
      this.set(item.id, { kind: 'none' });
      if (!abort.signal.aborted)
        this.emit('failed', {
          name: item.name,
          message: error instanceof Error ? error.message : String(error),
        });
    } finally {
      this.aborts.delete(item.id);
    }
  }

  /** Stops a download or deletes a kept copy. */
  async drop(item: LibraryItem): Promise<void> {
    this.aborts.get(item.id)?.abort();
    this.index.set(copyKey(item), false);
    if (MediaCopies.supported) await (await caches.open(CACHE_NAME)).delete(copyKey(item));
    this.set(item.id, { kind: 'none' });
  }

  dispose(): void {
    for (const abort of this.aborts.values()) abort.abort();
    this.removeAllListeners();
  }

  private set(id: string, state: CopyState): void {
    this.states.set(id, state);
    this.emit('changed', undefined);
  }
}

/** The cache key of an item's copy: its id and which bytes (the proxy differs from the original). */
function copyKey(item: LibraryItem): string {
  return `/reelsync-copies/${item.id}/${streamPart(item) ?? 'none'}`;
}
