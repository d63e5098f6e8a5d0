// The notes model against a fake network that behaves like the room: sent changes come back in
// the room's list (or as refusals), the connection can drop, and roles can change.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Note } from '../../protocol/index';
import type { KeyValueStorage } from '../../network/types';
import { LOCAL_NOTES_KEY } from './localNotes';
import { NotesModel, validateDraft } from './NotesModel';
import { FakeNetwork, MemoryStorage } from './testSupport';

const models: NotesModel[] = [];
function makeModel(network: FakeNetwork, storage: KeyValueStorage | null = new MemoryStorage()) {
  let id = 0;
  const model = new NotesModel(network, {
    storage,
    localName: () => 'Local Me',
    newId: () => `n${++id}`,
  });
  models.push(model);
  const notices: string[] = [];
  model.on('notice', ({ message }) => notices.push(message));
  return { model, notices };
}

afterEach(() => {
  for (const model of models.splice(0)) model.dispose();
});

describe('validateDraft', () => {
  it('refuses empty text, too long text, bad frames and reversed ranges', () => {
    expect(validateDraft({ frame: 1, text: '   ' })).toMatch(/text/);
    expect(validateDraft({ frame: 1, text: 'x'.repeat(4001) })).toMatch(/4000/);
    expect(validateDraft({ frame: 1.5, text: 'a' })).toMatch(/frame/);
    expect(validateDraft({ frame: 10, endFrame: 5, text: 'a' })).toMatch(/before/);
    expect(validateDraft({ frame: 5, endFrame: 10, text: 'a' })).toBeNull();
  });
});

describe('NotesModel outside a room', () => {
  it('keeps local notes sorted by frame and in storage across instances', () => {
    const network = new FakeNetwork();
    const storage = new MemoryStorage();
    const { model } = makeModel(network, storage);
    expect(model.add({ frame: 30, text: 'later' }).ok).toBe(true);
    expect(model.add({ frame: 10, endFrame: 20, text: ' range ' }).ok).toBe(true);
    expect(model.items.map((item) => [item.frame, item.endFrame, item.text, item.state])).toEqual([
      [10, 20, 'range', 'local'],
      [30, undefined, 'later', 'local'],
    ]);
    expect(model.items[0]?.authorName).toBe('Local Me');
    const again = makeModel(network, storage).model;
    expect(again.items.map((item) => item.text)).toEqual(['range', 'later']);
  });

  it('edits and deletes local notes; bad input changes nothing', () => {
    const { model } = makeModel(new FakeNetwork());
    const added = model.add({ frame: 5, text: 'first' });
    if (!added.ok) throw new Error(added.error);
    expect(model.update(added.id, { frame: 5, text: '' })).toEqual({
      ok: false,
      error: expect.stringMatching(/text/) as string,
    });
    expect(model.items[0]?.text).toBe('first');
    expect(model.update(added.id, { frame: 5, text: 'second' }).ok).toBe(true);
    expect(model.items[0]?.text).toBe('second');
    expect(model.remove(added.id).ok).toBe(true);
    expect(model.items).toEqual([]);
  });

  it('ignores corrupt storage', () => {
    const storage = new MemoryStorage();
    storage.setItem(LOCAL_NOTES_KEY, '{not json');
    expect(makeModel(new FakeNetwork(), storage).model.items).toEqual([]);
    storage.setItem(LOCAL_NOTES_KEY, JSON.stringify([{ id: 'x' }, 7]));
    expect(makeModel(new FakeNetwork(), storage).model.items).toEqual([]);
  });
});

describe('NotesModel in a room', () => {
  it('sends a new note and shows it as the room confirms it, with the author', () => {
    const network = new FakeNetwork();
    const { model } = makeModel(network);
    network.enter('ABCD-EFGH', 'participant');
    expect(model.mode).toBe('room');
    model.add({ frame: 12, text: 'room note' });
    expect(network.sent).toEqual([{ op: 'add', note: { id: 'n1', frame: 12, text: 'room note' } }]);
    expect(model.items).toMatchObject([
      { id: 'n1', state: 'synced', author: 'me', authorName: 'Me Myself', own: true },
    ]);
    expect(model.pendingCount).toBe(0);
  });

  it('uploads local notes into a room this user creates', () => {
    const network = new FakeNetwork();
    const { model, notices } = makeModel(network);
    model.add({ frame: 3, text: 'before the room' });
    network.enter('ABCD-EFGH', 'host');
    expect(network.notes.map((note) => note.text)).toEqual(['before the room']);
    expect(model.items).toMatchObject([{ state: 'synced', text: 'before the room' }]);
    expect(model.shareableCount).toBe(0);
    expect(notices.join()).toMatch(/added to the room/);
  });

  it("offers local notes in someone else's room and shares them on request", () => {
    const network = new FakeNetwork();
    const { model, notices } = makeModel(network);
    model.add({ frame: 3, text: 'mine' });
    const theirs: Note = {
      id: 'a1',
      frame: 1,
      text: 'theirs',
      author: 'alice',
      createdAt: 1,
      updatedAt: 1,
    };
    network.enter('ABCD-EFGH', 'participant', [theirs]);
    expect(network.sent).toEqual([]);
    expect(model.shareableCount).toBe(1);
    expect(model.items.map((item) => item.state)).toEqual(['synced', 'local']);
    expect(notices.join()).toMatch(/share them/);
    expect(model.shareLocal()).toBe(1);
    expect(model.items.map((item) => [item.text, item.state])).toEqual([
      ['theirs', 'synced'],
      ['mine', 'synced'],
    ]);
    expect(model.shareableCount).toBe(0);
  });

  it('keeps changes made offline and sends them once the room is back', () => {
    const network = new FakeNetwork();
    const { model } = makeModel(network);
    network.enter('ABCD-EFGH', 'participant');
    network.setConnection('reconnecting');
    model.add({ frame: 7, text: 'written offline' });
    expect(network.sent).toEqual([]);
    expect(model.items).toMatchObject([{ text: 'written offline', state: 'pending' }]);
    expect(model.pendingCount).toBe(1);
    network.setConnection('connected');
    expect(network.sent).toHaveLength(1);
    expect(model.items).toMatchObject([{ text: 'written offline', state: 'synced' }]);
  });

  it('re-sends a change whose answer was lost in a drop, unless the room already shows it', () => {
    const network = new FakeNetwork();
    const { model } = makeModel(network);
    network.enter('ABCD-EFGH', 'participant');
    network.autoAnswer = false;
    model.add({ frame: 1, text: 'lost answer' });
    expect(network.sent).toHaveLength(1);
    network.setConnection('reconnecting');
    network.autoAnswer = true;
    network.setConnection('connected');
    expect(network.sent).toHaveLength(2);
    expect(network.notes).toHaveLength(1);
    expect(model.pendingCount).toBe(0);
  });

  it('sends one change at a time, in order', () => {
    const network = new FakeNetwork();
    const { model } = makeModel(network);
    network.enter('ABCD-EFGH', 'participant');
    network.autoAnswer = false;
    model.add({ frame: 1, text: 'a' });
    model.add({ frame: 2, text: 'b' });
    expect(network.sent).toHaveLength(1);
    network.apply(network.sent[0]!, 'me');
    expect(network.sent).toHaveLength(2);
    network.apply(network.sent[1]!, 'me');
    expect(model.items.map((item) => [item.text, item.state])).toEqual([
      ['a', 'synced'],
      ['b', 'synced'],
    ]);
  });

  it('sends a delete made while its note is still on its way after the note, not instead', () => {
    const network = new FakeNetwork();
    const { model } = makeModel(network);
    network.enter('ABCD-EFGH', 'participant');
    network.autoAnswer = false;
    const added = model.add({ frame: 4, text: 'second thoughts' });
    if (!added.ok) throw new Error(added.error);
    expect(model.remove(added.id).ok).toBe(true);
    // The room does not show the note yet, yet the delete is not "already done".
    network.emit('notesChanged', network.notes);
    expect(model.pendingCount).toBe(2);
    network.apply(network.sent[0]!, 'me');
    expect(network.sent.map((op) => op.op)).toEqual(['add', 'remove']);
    network.apply(network.sent[1]!, 'me');
    expect(network.notes).toEqual([]);
    expect(model.pendingCount).toBe(0);
    expect(model.items).toEqual([]);
  });

  it('lets participants edit only their own notes unless the room allows it; the host always', () => {
    const network = new FakeNetwork();
    const { model } = makeModel(network);
    const theirs: Note = {
      id: 'a1',
      frame: 1,
      text: 'theirs',
      author: 'alice',
      createdAt: 1,
      updatedAt: 1,
    };
    network.enter('ABCD-EFGH', 'participant', [theirs]);
    expect(model.find('a1')).toMatchObject({ editable: false, own: false, authorName: 'Alice' });
    expect(model.update('a1', { frame: 1, text: 'changed' }).ok).toBe(false);
    expect(model.remove('a1').ok).toBe(false);
    network.roomSettings = { ...network.roomSettings, othersCanEdit: true };
    expect(model.find('a1')?.editable).toBe(true);
    network.roomSettings = { ...network.roomSettings, othersCanEdit: false };
    network.role = 'host';
    expect(model.find('a1')?.editable).toBe(true);
    expect(model.remove('a1').ok).toBe(true);
    expect(network.notes).toEqual([]);
  });

  it('keeps a refused edit as a local note instead of losing the text', () => {
    const network = new FakeNetwork();
    const { model, notices } = makeModel(network);
    network.roomSettings = { ...network.roomSettings, othersCanEdit: true };
    const theirs: Note = {
      id: 'a1',
      frame: 4,
      text: 'theirs',
      author: 'alice',
      createdAt: 1,
      updatedAt: 1,
    };
    network.enter('ABCD-EFGH', 'participant', [theirs]);
    network.autoAnswer = false;
    expect(model.update('a1', { frame: 4, text: 'my edit' }).ok).toBe(true);
    // The host turned editing of others' notes off before the edit arrived.
    network.roomSettings = { ...network.roomSettings, othersCanEdit: false };
    network.apply(network.sent[0]!, 'me');
    expect(model.items.map((item) => [item.text, item.state])).toEqual([
      ['theirs', 'synced'],
      ['my edit', 'local'],
    ]);
    expect(notices.join()).toMatch(/kept as a local note/);
  });

  it("waits the server's retryAfterMs after RATE_LIMITED before sending again", () => {
    vi.useFakeTimers();
    try {
      const network = new FakeNetwork();
      const { model } = makeModel(network);
      network.enter('ABCD-EFGH', 'participant');
      network.autoAnswer = false;
      model.add({ frame: 1, text: 'busy' });
      expect(network.sent).toHaveLength(1);
      network.emit('error', {
        code: 'RATE_LIMITED',
        message: 'slow down',
        replyTo: 'm1',
        retryAfterMs: 3000,
      });
      vi.advanceTimersByTime(2999);
      expect(network.sent).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(network.sent).toHaveLength(2);
      expect(model.items).toMatchObject([{ text: 'busy', state: 'pending' }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ignores errors that answer other messages', () => {
    const network = new FakeNetwork();
    const { model } = makeModel(network);
    network.enter('ABCD-EFGH', 'participant');
    network.autoAnswer = false;
    model.add({ frame: 1, text: 'waiting' });
    network.emit('error', {
      code: 'FORBIDDEN',
      message: 'annotation belongs to another user',
      replyTo: 'other',
    });
    network.emit('error', { code: 'FORBIDDEN', message: 'no replyTo' });
    expect(model.items).toMatchObject([{ text: 'waiting', state: 'pending' }]);
    network.apply(network.sent[0]!, 'me');
    expect(model.items).toMatchObject([{ text: 'waiting', state: 'synced' }]);
  });

  it('keeps unsent notes locally when the user becomes a viewer', () => {
    const network = new FakeNetwork();
    const { model } = makeModel(network);
    network.enter('ABCD-EFGH', 'participant');
    network.setConnection('reconnecting');
    model.add({ frame: 2, text: 'not sent yet' });
    network.role = 'viewer';
    network.emit('roleChanged', 'viewer');
    expect(model.items).toMatchObject([{ text: 'not sent yet', state: 'local' }]);
    expect(model.addsToRoom).toBe(false);
    model.add({ frame: 3, text: 'as viewer' });
    expect(model.items.map((item) => item.state)).toEqual(['local', 'local']);
  });

  it("keeps the room's notes and unsent changes in this browser after leaving", () => {
    const network = new FakeNetwork();
    const storage = new MemoryStorage();
    const { model } = makeModel(network, storage);
    const theirs: Note = {
      id: 'a1',
      frame: 1,
      text: 'theirs',
      author: 'alice',
      createdAt: 1,
      updatedAt: 1,
    };
    network.enter('ABCD-EFGH', 'participant', [theirs]);
    network.setConnection('reconnecting');
    model.add({ frame: 9, text: 'unsent' });
    network.roomCode = null;
    network.emit('roomEnded', { roomId: 'ABCD-EFGH', reason: 'host' });
    expect(model.mode).toBe('local');
    expect(model.items.map((item) => [item.text, item.authorName, item.state])).toEqual([
      ['theirs', 'Alice', 'local'],
      ['unsent', 'Local Me', 'local'],
    ]);
    expect(JSON.parse(storage.getItem(LOCAL_NOTES_KEY) ?? '[]')).toHaveLength(2);
    // Back in the same room: its own notes are the room's, not duplicated as local copies.
    network.enter('ABCD-EFGH', 'participant', [theirs]);
    expect(model.items.map((item) => [item.text, item.state])).toEqual([
      ['theirs', 'synced'],
      ['unsent', 'local'],
    ]);
  });
});
