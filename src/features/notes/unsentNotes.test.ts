// Notes written offline survive closing the tab: the queue a page leaves behind (as the IndexedDB
// mirror keeps it) comes back in a new page as pending local notes and is sent once that page is
// in the room again. The store here is an in-memory stand-in for IndexedDB; the real one is
// exercised in real Chromium by e2e/notes-offline.spec.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { NotesModel } from './NotesModel';
import type { QueuedOp } from './noteDrafts';
import { FakeNetwork, MemoryStorage } from './testSupport';
import { isQueuedOp, mirrorUnsentNotes, type UnsentNotesStore } from './unsentNotes';

class MemoryUnsentStore implements UnsentNotesStore {
  readonly rooms = new Map<string, QueuedOp[]>();
  save(roomId: string, ops: readonly QueuedOp[]): Promise<void> {
    if (ops.length === 0) this.rooms.delete(roomId);
    else this.rooms.set(roomId, structuredClone([...ops]));
    return Promise.resolve();
  }
  takeAll(): Promise<Array<{ roomId: string; ops: QueuedOp[] }>> {
    const all = [...this.rooms].map(([roomId, ops]) => ({ roomId, ops }));
    this.rooms.clear();
    return Promise.resolve(all);
  }
}

const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function page(store: MemoryUnsentStore, storage = new MemoryStorage()) {
  const network = new FakeNetwork();
  let id = 0;
  const model = new NotesModel(network, { storage, newId: () => `n${++id}` });
  const notices: string[] = [];
  model.on('notice', ({ message }) => notices.push(message));
  stops.push(mirrorUnsentNotes(store, model), () => model.dispose());
  return { network, model, notices, storage };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('notes written offline, across closing the tab', () => {
  it('mirrors the unsent queue, recovers it in a new page and sends it on rejoining the room', async () => {
    const store = new MemoryUnsentStore();
    const first = page(store);
    await settle();
    first.network.enter('ROOM-1', 'participant');
    first.network.setConnection('reconnecting');
    first.model.add({ frame: 7, text: 'written offline' });
    await settle();
    expect(store.rooms.get('ROOM-1')).toMatchObject([
      { op: 'add', note: { text: 'written offline' } },
    ]);
    // The tab closes: no leave, no send. A new page opens (its own localStorage is empty).
    const second = page(store);
    await settle();
    expect(second.model.items).toMatchObject([{ text: 'written offline', state: 'local' }]);
    expect(second.notices.join()).toMatch(/1 note written offline will be sent/);
    second.network.enter('ROOM-1', 'participant');
    expect(second.network.sent).toMatchObject([{ op: 'add', note: { text: 'written offline' } }]);
    expect(second.notices.join()).toMatch(/1 note written offline sent to the room/);
    // Sent and settled: nothing is left to recover in a third page.
    await settle();
    expect(store.rooms.has('ROOM-1')).toBe(false);
  });

  it('leaving the room clears its mirror (the unsent change is a local note then), so nothing is sent twice', async () => {
    const store = new MemoryUnsentStore();
    const { network, model } = page(store);
    await settle();
    network.enter('ROOM-2', 'participant');
    network.setConnection('reconnecting');
    model.add({ frame: 3, text: 'kept' });
    await settle();
    expect(store.rooms.has('ROOM-2')).toBe(true);
    network.emit('roomLeft', undefined as never);
    await settle();
    expect(store.rooms.has('ROOM-2')).toBe(false);
    expect(model.items).toMatchObject([{ text: 'kept', state: 'local' }]);
  });

  it('refuses malformed mirrored entries', () => {
    expect(isQueuedOp({ op: 'add', note: { id: 'a', frame: 1, text: 'x' } })).toBe(true);
    expect(isQueuedOp({ op: 'remove', id: 'a' })).toBe(true);
    expect(isQueuedOp({ op: 'add', note: { id: 'a', frame: 1.5, text: 'x' } })).toBe(false);
    expect(isQueuedOp({ op: 'drop', id: 'a' })).toBe(false);
    expect(isQueuedOp(null)).toBe(false);
  });
});
