// Integration: the notes model on real NetworkSyncManagers against a real server — CRUD between
// people in a room, who may edit what (author, host, "others can edit", viewers), local notes
// taken into rooms, refusals that keep the text, and notes written while the server is away.
import { describe, expect, it } from 'vitest';
import { MemoryRoomStore } from '../../server/store/MemoryRoomStore';
import { NotesModel } from '../../src/features/notes/NotesModel';
import type { MediaKeys } from '../../src/features/notes/mediaKeys';
import { MemoryStorage } from '../support/memoryStorage';
import { waitFor, type Peer } from '../network/helpers';
import { roomKit, type RoomKit } from '../network/room';
import { startTestServer } from './helpers/server';

const kit = roomKit();
const fastReconnect = { baseDelayMs: 100, maxDelayMs: 400, maxAttempts: 20, jitter: 0.1 };

const start = (options: Parameters<RoomKit['server']>[0] = {}) => kit.server(options);

interface Person extends Peer {
  notes: NotesModel;
  notices: string[];
}

function person(url: string, answerTimeoutMs?: number): Person {
  const peer = kit.peer(url, { reconnect: fastReconnect });
  const notes = new NotesModel(peer.sync, {
    storage: new MemoryStorage(),
    ...(answerTimeoutMs ? { answerTimeoutMs } : {}),
  });
  kit.track(notes);
  const notices: string[] = [];
  notes.on('notice', ({ message }) => notices.push(message));
  return { ...peer, notes, notices };
}

const texts = (who: Person) => who.notes.items.map((item) => item.text);
const states = (who: Person) => who.notes.items.map((item) => `${item.text}:${item.state}`);

async function room(
  url: string,
  guestRole: 'participant' | 'viewer' = 'participant',
  answerTimeoutMs?: number,
): Promise<{ host: Person; guest: Person; code: string }> {
  const { host, guests, roomId } = await kit.room(url, {
    hostName: 'Hana',
    guestName: () => 'Gus',
    guestRole,
    member: (memberUrl) => person(memberUrl, answerTimeoutMs),
  });
  return { host, guest: guests[0] as Person, code: roomId };
}

function added(result: ReturnType<NotesModel['add']>): string {
  if (!result.ok) throw new Error(result.error);
  return result.id;
}

describe('notes through the server', () => {
  it('add, edit and delete reach everyone in the room, sorted by frame, with authors', async () => {
    const server = await start();
    const { host, guest } = await room(server.syncUrl);
    const hostNote = added(host.notes.add({ frame: 50, text: 'grade is too warm' }));
    const guestNote = added(guest.notes.add({ frame: 10, endFrame: 20, text: 'pop in the BG' }));
    await waitFor(() => texts(host).length === 2 && texts(guest).length === 2, {
      what: 'both notes',
    });
    expect(texts(host)).toEqual(['pop in the BG', 'grade is too warm']);
    expect(guest.notes.find(hostNote)).toMatchObject({
      frame: 50,
      authorName: 'Hana',
      own: false,
      editable: false,
      state: 'synced',
    });
    expect(host.notes.find(guestNote)).toMatchObject({
      frame: 10,
      endFrame: 20,
      authorName: 'Gus',
      editable: true, // the host may edit everyone's notes
    });
    const author = host.sync.users.find((user) => user.displayName === 'Gus');
    expect(host.notes.find(guestNote)?.authorColor).toBe(author?.color);

    expect(guest.notes.update(guestNote, { frame: 12, endFrame: 20, text: 'pop at 12' }).ok).toBe(
      true,
    );
    await waitFor(() => host.notes.find(guestNote)?.text === 'pop at 12', {
      what: 'edit on the host',
    });
    expect(host.notes.find(guestNote)?.frame).toBe(12);

    expect(host.notes.remove(guestNote).ok).toBe(true);
    await waitFor(() => texts(guest).length === 1, { what: 'delete on the guest' });
    expect(texts(guest)).toEqual(['grade is too warm']);
    expect(host.sync.notes.map((note) => note.id)).toEqual([hostNote]);
  });

  it('notes carry the shot they were written on; each person lists those of the shot they have open', async () => {
    const server = await start();
    const { host, guest } = await room(server.syncUrl);
    const v001: MediaKeys = { write: 'fp-v001', match: ['fp-v001'] };
    const v002: MediaKeys = { write: 'fp-v002', match: ['fp-v002'] };
    host.notes.setMedia(v001);
    guest.notes.setMedia(v001);
    const id = added(host.notes.add({ frame: 5, text: 'on v001' }));
    await waitFor(() => texts(guest).length === 1, { what: 'the note on the guest' });
    expect(guest.sync.notes[0]?.media).toBe('fp-v001');

    // The host moves on: the room keeps the note, the host's list is v002's.
    host.notes.setMedia(v002);
    added(host.notes.add({ frame: 6, text: 'on v002' }));
    await waitFor(() => guest.sync.notes.length === 2, { what: 'the second note in the room' });
    expect(texts(host)).toEqual(['on v002']);
    expect(texts(guest)).toEqual(['on v001']);

    // An older player's edit (no media field) leaves the note on its shot.
    host.sync.sendNote({ op: 'update', note: { id, frame: 5, text: 'edited by an old player' } });
    await waitFor(() => texts(guest)[0] === 'edited by an old player', { what: 'the edit' });
    expect(guest.sync.notes.find((note) => note.id === id)?.media).toBe('fp-v001');
  });

  it("participants may not change others' notes unless the host allows it; the server refuses too", async () => {
    const server = await start();
    const { host, guest } = await room(server.syncUrl);
    const hostNote = added(host.notes.add({ frame: 5, text: "host's" }));
    await waitFor(() => guest.notes.find(hostNote)?.state === 'synced', {
      what: 'note on the guest',
    });

    expect(guest.notes.update(hostNote, { frame: 5, text: 'hijack' })).toMatchObject({ ok: false });
    expect(guest.notes.remove(hostNote)).toMatchObject({ ok: false });
    // Past the model's check, straight to the server: refused, and the refusal names the message.
    const refusals: Array<{ code: string; replyTo?: string }> = [];
    guest.sync.on('error', (error) => refusals.push(error));
    const sent = guest.sync.sendNote({
      op: 'update',
      note: { id: hostNote, frame: 5, text: 'hijack' },
    });
    expect(sent).not.toBeNull();
    await waitFor(() => refusals.length > 0, { what: 'refusal' });
    expect(refusals).toEqual([
      { code: 'FORBIDDEN', message: expect.any(String) as string, replyTo: sent },
    ]);
    expect(host.sync.notes.find((note) => note.id === hostNote)?.text).toBe("host's");

    expect(host.sync.updateRoomSettings({ othersCanEdit: true })).toBe(true);
    await waitFor(() => guest.notes.find(hostNote)?.editable === true, {
      what: 'editable for the guest',
    });
    expect(guest.notes.update(hostNote, { frame: 5, text: 'fixed by guest' }).ok).toBe(true);
    await waitFor(() => host.notes.find(hostNote)?.text === 'fixed by guest', {
      what: 'edit on the host',
    });
    // The author stays the host's.
    expect(host.notes.find(hostNote)).toMatchObject({ own: true, authorName: 'Hana' });
  });

  it('a viewer cannot send notes; what a viewer writes stays local', async () => {
    const server = await start();
    const { host, guest } = await room(server.syncUrl, 'viewer');
    added(host.notes.add({ frame: 1, text: 'for everyone' }));
    await waitFor(() => texts(guest).includes('for everyone'), { what: 'note on the viewer' });
    expect(guest.sync.sendNote({ op: 'add', note: { id: 'v-1', frame: 1, text: 'x' } })).toBeNull();
    expect(guest.notes.addsToRoom).toBe(false);
    added(guest.notes.add({ frame: 2, text: 'private' }));
    expect(states(guest)).toEqual(['for everyone:synced', 'private:local']);
    expect(guest.notes.find(host.sync.notes[0]?.id ?? '')?.editable).toBe(false);
    // Nothing reached the room.
    await waitFor(() => host.sync.roomVersion > 0, { what: 'room state' });
    expect(host.sync.notes.map((note) => note.text)).toEqual(['for everyone']);
  });

  it('local notes go into a room the user creates, and are offered in a room they join', async () => {
    const server = await start();
    const host = person(server.syncUrl);
    added(host.notes.add({ frame: 8, text: 'written before the room' }));
    const { roomId } = await host.sync.createRoom({ displayName: 'Hana' });
    await waitFor(() => host.sync.notes.length === 1, { what: 'uploaded' });
    expect(states(host)).toEqual(['written before the room:synced']);

    const guest = person(server.syncUrl);
    added(guest.notes.add({ frame: 3, text: "guest's local" }));
    await guest.sync.joinRoom(roomId, undefined, { displayName: 'Gus' });
    await waitFor(() => texts(guest).length === 2, { what: 'room notes on the guest' });
    expect(states(guest)).toEqual(["guest's local:local", 'written before the room:synced']);
    expect(guest.notes.shareableCount).toBe(1);
    expect(host.sync.notes).toHaveLength(1);
    expect(guest.notes.shareLocal()).toBe(1);
    await waitFor(() => texts(host).length === 2, { what: 'shared note on the host' });
    expect(states(guest)).toEqual(["guest's local:synced", 'written before the room:synced']);
  });

  it('leaving keeps the room notes readable in this browser', async () => {
    const server = await start();
    const { host, guest } = await room(server.syncUrl);
    added(host.notes.add({ frame: 9, text: 'keep me' }));
    await waitFor(() => texts(guest).includes('keep me'), { what: 'note on the guest' });
    await guest.sync.leaveRoom();
    expect(guest.notes.mode).toBe('local');
    expect(guest.notes.items).toMatchObject([
      { text: 'keep me', authorName: 'Hana', state: 'local' },
    ]);
  });

  it('a refused note (room limit) is kept as a local note with the reason', async () => {
    const server = await start({ maxNotes: 1 });
    const { host, guest } = await room(server.syncUrl);
    added(host.notes.add({ frame: 1, text: 'the only one' }));
    await waitFor(() => texts(guest).includes('the only one'), { what: 'first note' });
    added(guest.notes.add({ frame: 2, text: 'one too many' }));
    await waitFor(() => guest.notes.pendingCount === 0, { what: 'answer' });
    expect(states(guest)).toEqual(['the only one:synced', 'one too many:local']);
    expect(guest.notices.join('\n')).toMatch(/at most 1 notes per room.*kept as a local note/);
    expect(host.sync.notes).toHaveLength(1);
  });

  it('a note written while the server is away is sent when it is back', async () => {
    const store = new MemoryRoomStore();
    const first = await startTestServer({ store });
    const port = first.port;
    const { host, guest } = await room(first.syncUrl);
    await first.close();
    await waitFor(() => guest.sync.connectionState === 'reconnecting', {
      what: 'guest reconnecting',
    });
    added(guest.notes.add({ frame: 33, text: 'written offline' }));
    expect(states(guest)).toEqual(['written offline:pending']);
    expect(guest.notes.pendingCount).toBe(1);
    const second = await start({ store, port });
    await waitFor(() => texts(host).includes('written offline'), {
      what: 'note on the host',
      timeoutMs: 10_000,
    });
    await waitFor(() => guest.notes.pendingCount === 0, { what: 'confirmed on the guest' });
    expect(states(guest)).toEqual(['written offline:synced']);
    expect(host.notes.items).toMatchObject([{ frame: 33, authorName: 'Gus' }]);
    await second.close();
    await store.close();
  });

  it('when the server lost the room, the host brings the notes into the restored room', async () => {
    const first = await startTestServer();
    const port = first.port;
    const { host } = await room(first.syncUrl);
    added(host.notes.add({ frame: 14, text: 'survives the restart' }));
    await waitFor(() => host.sync.notes.length === 1, { what: 'note in the room' });
    const code = host.sync.roomCode;
    const reconnected: Array<string | null> = [];
    host.sync.on('reconnected', (event) => reconnected.push(event.roomId));
    await first.close();
    await start({ port });
    await waitFor(() => reconnected.length === 1, { what: 'room restored', timeoutMs: 10_000 });
    expect(reconnected).toEqual([code]);
    await waitFor(() => host.sync.notes.length === 1, { what: 'note in the restored room' });
    expect(host.sync.notes[0]).toMatchObject({ frame: 14, text: 'survives the restart' });
    expect(states(host)).toEqual(['survives the restart:synced']);
  });

  it('many notes added at once get past the server rate limit without losing one', async () => {
    const server = await start();
    const { host, guest } = await room(server.syncUrl);
    // More than the state-change burst (60): some are answered RATE_LIMITED and go again.
    const count = 90;
    for (let i = 0; i < count; i++) added(host.notes.add({ frame: i + 1, text: `burst ${i + 1}` }));
    await waitFor(() => host.notes.pendingCount === 0 && guest.notes.items.length === count, {
      what: 'every note',
      timeoutMs: 15_000,
    });
    expect(host.notes.items.every((item) => item.state === 'synced')).toBe(true);
    expect(guest.notes.items.map((item) => item.frame)).toEqual(
      Array.from({ length: count }, (_, i) => i + 1),
    );
  });
});
