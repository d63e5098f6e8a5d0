// Integration: the sync engine's API for the review features (notes, media, audio, room settings,
// presence, live cursors and strokes) through the real server.
import { describe, expect, it } from 'vitest';
import type { Note } from '../../src/protocol/index';
import type { RemoteCursor } from '../../src/network/types';
import { startDelayProxy } from '../../bench/clock/delayProxy';
import { settleThroughServer, waitFor, type Peer } from './helpers';
import { roomKit } from './room';

const kit = roomKit();

/** A new server with a host and one guest in a room. */
async function room(
  options: { guestRole?: 'participant' | 'viewer' } = {},
): Promise<{ host: Peer; guest: Peer; url: string }> {
  const server = await kit.server();
  const { host, guests } = await kit.room(server.syncUrl, {
    guestName: () => 'Guest',
    ...(options.guestRole ? { guestRole: options.guestRole } : {}),
  });
  return { host, guest: guests[0] as Peer, url: server.syncUrl };
}

describe('room features API', () => {
  it('notes: an add from one peer reaches the other with the server-stamped author', async () => {
    const { host, guest } = await room();
    const seen: Array<readonly Note[]> = [];
    host.sync.on('notesChanged', (notes) => seen.push(notes));
    expect(
      guest.sync.sendNote({ op: 'add', note: { id: 'n1', frame: 12, text: 'Fix the edge' } }),
    ).toEqual(expect.any(String));
    await waitFor(() => host.sync.notes.length === 1, { what: 'note on the host' });
    expect(host.sync.notes[0]).toMatchObject({
      id: 'n1',
      frame: 12,
      text: 'Fix the edge',
      author: guest.sync.userId,
    });
    expect(seen.at(-1)?.map((note) => note.id)).toEqual(['n1']);
    // The author's own echo updates its list too.
    await waitFor(() => guest.sync.notes.length === 1, { what: 'note echoed to its author' });
  });

  it('notes: a viewer cannot send one', async () => {
    const { guest } = await room({ guestRole: 'viewer' });
    expect(guest.sync.canEdit).toBe(false);
    expect(guest.sync.sendNote({ op: 'add', note: { id: 'n1', frame: 1, text: 'x' } })).toBeNull();
  });

  it('notes: a refusal reaches the sender as an error naming its message', async () => {
    const { host, guest } = await room();
    const errors: Array<{ code: string; replyTo?: string }> = [];
    guest.sync.on('error', (error) => errors.push(error));
    host.sync.sendNote({ op: 'add', note: { id: 'h1', frame: 5, text: 'Host note' } });
    await waitFor(() => guest.sync.notes.length === 1, { what: 'host note on the guest' });
    const sent = guest.sync.sendNote({ op: 'remove', id: 'h1' });
    await waitFor(() => errors.length === 1, { what: 'refusal' });
    expect(errors[0]).toMatchObject({ code: 'FORBIDDEN', replyTo: sent });
    expect(guest.sync.notes).toHaveLength(1);
  });

  it('media: the host announces, a late joiner gets it in the snapshot', async () => {
    const { host, guest, url } = await room();
    const media = {
      name: 'shot.mov',
      frameStart: 1,
      frameEnd: 48,
      fps: 24,
      width: 640,
      height: 360,
      fingerprint: 'abc123',
    };
    expect(guest.sync.sendMedia(media)).toBe(false); // participants may not
    expect(host.sync.sendMedia(media)).toBe(true);
    await waitFor(() => guest.sync.roomMedia?.name === 'shot.mov', { what: 'media on the guest' });
    const late = kit.peer(url);
    const announced: unknown[] = [];
    late.sync.on('roomMediaChanged', (value) => announced.push(value));
    await late.sync.joinRoom(host.sync.roomCode ?? '');
    await waitFor(() => announced.length > 0, { what: 'snapshot media event' });
    expect(late.sync.roomMedia).toEqual(media);
  });

  it('audio: follows only when the audio category is on', async () => {
    const { host, guest } = await room();
    const heard: unknown[] = [];
    guest.sync.on('audioChanged', (audio) => heard.push(audio));
    // Off by default on both sides: nothing goes out.
    expect(host.sync.sendAudio({ volume: 0.3, muted: true })).toBeNull();
    host.sync.setSettings({ audio: true });
    expect(host.sync.sendAudio({ volume: 0.3, muted: true })).toMatch(/\S/);
    await waitFor(() => guest.sync.roomAudio.muted, { what: 'room audio state on the guest' });
    expect(heard).toEqual([]);
    // Turning the category on re-follows the room's current audio.
    guest.sync.setSettings({ audio: true });
    expect(heard).toEqual([{ volume: 0.3, muted: true }]);
  });

  it("audio: a room created with audio sync on starts with the creator's volume and mute", async () => {
    const server = await kit.server();
    const host = kit.peer(server.syncUrl, { settings: { audio: true } });
    host.session.setVolume(0.25);
    host.session.setMuted(true);
    await host.sync.createRoom();
    expect(host.sync.roomAudio).toEqual({ volume: 0.25, muted: true });
  });

  it('room settings: the host changes them, everyone hears', async () => {
    const { host, guest } = await room();
    expect(guest.sync.updateRoomSettings({ othersCanEdit: true })).toBe(false);
    expect(host.sync.updateRoomSettings({ othersCanEdit: true })).toBe(true);
    await waitFor(() => guest.sync.roomSettings.othersCanEdit, { what: 'settings on the guest' });
  });

  it('roles: the host makes a guest viewer, then hands over the host role', async () => {
    const { host, guest } = await room();
    expect(guest.sync.setUserRole(host.sync.userId ?? '', 'viewer')).toBe(false);
    expect(host.sync.setUserRole(guest.sync.userId ?? '', 'viewer')).toBe(true);
    await waitFor(() => guest.sync.roomInfo?.role === 'viewer', { what: 'guest is a viewer' });
    expect(guest.sync.canEdit).toBe(false);
    expect(host.sync.transferHost(guest.sync.userId ?? '')).toBe(true);
    await waitFor(() => guest.sync.isHost, { what: 'guest is host' });
    await waitFor(() => !host.sync.isHost, { what: 'host handed over' });
  });

  it('wait for everyone: a play is held until the guest is ready, then starts for both', async () => {
    const { host, guest } = await room();
    const holds: unknown[] = [];
    host.sync.on('playHoldChanged', (hold) => holds.push(hold));
    host.sync.updateRoomSettings({ waitForEveryone: true });
    guest.sync.setPresence({ mediaStatus: 'loading' });
    await waitFor(() => guest.sync.roomSettings.waitForEveryone, { what: 'setting on the guest' });
    await waitFor(() => host.sync.users.some((user) => user.mediaStatus === 'loading'), {
      what: 'guest loading on the host',
    });
    host.session.play();
    await waitFor(() => host.sync.playHold !== null, { what: 'hold on the host' });
    expect(host.sync.playHold?.userIds).toEqual([guest.sync.userId]);
    await waitFor(() => !host.session.isPlaying, { what: 'host put back to paused' });
    // Not a lost race: no conflict status for a held play.
    expect(host.sync.syncStatus).not.toBe('conflict');
    expect(guest.session.isPlaying).toBe(false);
    guest.sync.setPresence({ mediaStatus: 'ready' });
    await waitFor(() => host.session.isPlaying && guest.session.isPlaying, {
      what: 'both playing',
    });
    await waitFor(() => host.sync.playHold === null, { what: 'hold over' });
    expect(holds.at(-1)).toBeNull();
  });

  it('presence: media status shows in the user list', async () => {
    const { host, guest } = await room();
    expect(guest.sync.setPresence({ mediaStatus: 'missing' })).toBe(true);
    await waitFor(
      () =>
        host.sync.users.some(
          (user) => user.userId === guest.sync.userId && user.mediaStatus === 'missing',
        ),
      { what: 'guest media status on the host' },
    );
  });

  it('a media conflict holds the conflict status until cleared or the room is left', async () => {
    const { guest } = await room();
    await waitFor(() => guest.sync.syncStatus === 'synced', { what: 'synced' });
    guest.sync.setMediaConflict(true);
    expect(guest.sync.syncStatus).toBe('conflict');
    await settleThroughServer(guest);
    expect(guest.sync.syncStatus).toBe('conflict');
    guest.sync.setMediaConflict(false);
    expect(guest.sync.syncStatus).toBe('synced');
    guest.sync.setMediaConflict(true);
    await guest.sync.leaveRoom();
    expect(guest.sync.mediaConflict).toBe(false);
    expect(guest.sync.syncStatus).toBe('offline');
  });

  it('cursors and live strokes are relayed to the others, not echoed', async () => {
    const { host, guest } = await room();
    host.sync.setSettings({ annotations: true });
    const cursors: RemoteCursor[] = [];
    const ownCursors: RemoteCursor[] = [];
    const strokes: string[] = [];
    guest.sync.on('remoteCursor', (cursor) => cursors.push(cursor));
    host.sync.on('remoteCursor', (cursor) => ownCursors.push(cursor));
    guest.sync.on('remoteStroke', (stroke) => strokes.push(`${stroke.userId}:${stroke.strokeId}`));
    expect(host.sync.sendCursor({ x: 100, y: 50, frame: 3, visible: true })).toBe(true);
    expect(
      host.sync.sendLiveStroke({
        strokeId: 's1',
        frame: 3,
        tool: 'pen',
        color: '#ff0000',
        width: 4,
        points: [1, 2, 0.5],
        done: false,
      }),
    ).toBe(true);
    await waitFor(() => cursors.length === 1 && strokes.length === 1, {
      what: 'cursor and stroke',
    });
    expect(cursors[0]).toMatchObject({ userId: host.sync.userId, x: 100, y: 50, frame: 3 });
    expect(cursors[0]?.color).toMatch(/^#/);
    expect(strokes).toEqual([`${host.sync.userId}:s1`]);
    await settleThroughServer(host);
    expect(ownCursors).toEqual([]);
  });

  it('cursors are dropped, never queued, while the socket is down', async () => {
    const server = await kit.server();
    const proxy = await startDelayProxy(server.port, { upMs: 0, downMs: 0, jitterMs: 0 });
    const host = kit.peer(`ws://127.0.0.1:${proxy.port}/sync`, {
      reconnect: { baseDelayMs: 50, maxDelayMs: 50, maxAttempts: 100, jitter: 0 },
    });
    const { roomId } = await host.sync.createRoom();
    const guest = kit.peer(server.syncUrl);
    await guest.sync.joinRoom(roomId);
    const cursors: RemoteCursor[] = [];
    guest.sync.on('remoteCursor', (cursor) => cursors.push(cursor));
    const attempts: number[] = [];
    await proxy.close();
    await waitFor(() => host.sync.connectionState !== 'connected', {
      what: 'host connection lost',
    });
    expect(host.sync.sendCursor({ x: 1, y: 1, frame: 1, visible: true })).toBe(false);
    // Still in the room (reconnecting), but nothing was kept to send later.
    expect(host.sync.roomCode).toBe(roomId);
    // A reconnect attempt after the send, then a round trip on the guest's side: had the cursor
    // been kept for later, this is when it would have gone.
    host.sync.on('reconnecting', (event) => attempts.push(event.attempt));
    await waitFor(() => attempts.length >= 2, { what: 'reconnect attempts after the send' });
    await settleThroughServer(guest);
    expect(cursors).toEqual([]);
  });
});
