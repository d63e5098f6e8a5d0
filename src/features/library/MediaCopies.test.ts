// MediaCopies with a fake Cache API: the kept-copy list in storage lets an item without a copy
// open without touching the cache (the Cache API's first open on a fresh page was the whole
// join-to-first-frame gap, issue 15); a listed copy is found, a stale entry is dropped, a copy
// the list misses is found by refresh(), and without storage the cache is asked as before.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeptCopyIndex, MediaCopies } from './MediaCopies';
import { MediaTokens } from './mediaAccess';
import { libraryItem } from './testItems';

class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

/** A Cache API with one cache; counts opens. */
class FakeCaches {
  opens = 0;
  readonly entries = new Map<string, Response>();
  open() {
    this.opens += 1;
    const entries = this.entries;
    return Promise.resolve({
      match: (key: string) => Promise.resolve(entries.get(key)?.clone()),
      put: async (key: string, response: Response) => {
        entries.set(key, new Response(await response.arrayBuffer(), { headers: response.headers }));
      },
      delete: (key: string) => Promise.resolve(entries.delete(key)),
    });
  }
}

const item = libraryItem();
const key = `/reelsync-copies/${item.id}/original`;
let fakeCaches: FakeCaches;
const tokens = () =>
  new MediaTokens(() => ({
    room: 'ROOM',
    sessionToken: 'member',
    granted: { token: 'granted', expiresAt: Date.now() + 600_000 },
  }));
const served = () =>
  Promise.resolve(new Response(new Uint8Array([1, 2, 3]), { headers: { 'Content-Length': '3' } }));

beforeEach(() => {
  fakeCaches = new FakeCaches();
  (globalThis as { caches?: unknown }).caches = fakeCaches;
});
afterEach(() => {
  delete (globalThis as { caches?: unknown }).caches;
});

describe('MediaCopies and the kept-copy list', () => {
  it('opens an item with no kept copy without touching the cache', async () => {
    const copies = new MediaCopies(tokens(), served, new KeptCopyIndex(new MemoryStorage()));
    expect(await copies.blob(item)).toBeNull();
    expect(fakeCaches.opens).toBe(0);
  });

  it('finds a copy kept by an earlier page through the list, and forgets a dropped one', async () => {
    const storage = new MemoryStorage();
    const first = new MediaCopies(tokens(), served, new KeptCopyIndex(storage));
    await first.keep(item);
    expect(first.state(item.id)).toEqual({ kind: 'kept' });
    expect(JSON.parse(storage.getItem('reelsync.keptCopies') ?? '[]')).toEqual([key]);

    const later = new MediaCopies(tokens(), served, new KeptCopyIndex(storage));
    const blob = await later.blob(item);
    expect([...new Uint8Array((await blob?.arrayBuffer()) ?? new ArrayBuffer(0))]).toEqual([
      1, 2, 3,
    ]);
    await later.drop(item);
    const opens = fakeCaches.opens;
    expect(await later.blob(item)).toBeNull();
    expect(fakeCaches.opens).toBe(opens);
  });

  it('drops a stale entry (the browser evicted the copy) after one lookup', async () => {
    const storage = new MemoryStorage();
    storage.setItem('reelsync.keptCopies', JSON.stringify([key]));
    const copies = new MediaCopies(tokens(), served, new KeptCopyIndex(storage));
    expect(await copies.blob(item)).toBeNull();
    expect(fakeCaches.opens).toBe(1);
    expect(storage.getItem('reelsync.keptCopies')).toBe('[]');
  });

  it('lists a copy the list missed once refresh() finds it', async () => {
    fakeCaches.entries.set(key, new Response(new Uint8Array([9])));
    const storage = new MemoryStorage();
    const copies = new MediaCopies(tokens(), served, new KeptCopyIndex(storage));
    expect(await copies.blob(item)).toBeNull(); // not listed yet: streamed
    await copies.refresh([item]);
    expect(copies.state(item.id)).toEqual({ kind: 'kept' });
    expect(await copies.blob(item)).not.toBeNull();
  });

  it('asks the cache every time without storage (blocked), or with an unreadable list', async () => {
    fakeCaches.entries.set(key, new Response(new Uint8Array([9])));
    const copies = new MediaCopies(tokens(), served, new KeptCopyIndex(null));
    expect(await copies.blob(item)).not.toBeNull();
    const storage = new MemoryStorage();
    storage.setItem('reelsync.keptCopies', '{broken');
    const garbled = new MediaCopies(tokens(), served, new KeptCopyIndex(storage));
    expect(await garbled.blob(item)).not.toBeNull();
  });
});
