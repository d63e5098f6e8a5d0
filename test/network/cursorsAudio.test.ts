// Integration through the real server: remote cursors (relayed with the sender's color, dropped
// when offline, gone when the user leaves) and the optional volume/mute sync on real Sessions.
import { describe, expect, it } from 'vitest';
import type { RemoteCursor } from '../../src/network/types';
import { AudioSyncBinding } from '../../src/features/audio/audioSync';
import { waitFor, type Peer } from './helpers';
import { roomKit } from './room';

const kit = roomKit();

async function pair(audio = false): Promise<{ host: Peer; guest: Peer }> {
  const server = await kit.server();
  const { host, guests } = await kit.room(server.syncUrl, {
    guestName: () => 'Guest',
    member: (url) => kit.peer(url, { settings: { audio } }),
  });
  const guest = guests[0] as Peer;
  for (const peer of [host, guest]) kit.track(new AudioSyncBinding(peer.session, peer.sync));
  return { host, guest };
}

describe('remote cursors (real server)', () => {
  it('arrive in image px with the sender color; visible:false hides; leaving removes', async () => {
    const { host, guest } = await pair();
    const seen: RemoteCursor[] = [];
    guest.sync.on('remoteCursor', (cursor) => seen.push(cursor));
    const left: string[] = [];
    guest.sync.on('userLeft', (user) => left.push(user.userId));
    expect(host.sync.sendCursor({ x: 812.5, y: 40.1, frame: 7, visible: true })).toBe(true);
    await waitFor(() => seen.length === 1, { what: 'the cursor on the guest' });
    const hostUser = guest.sync.users.find((user) => user.userId === host.sync.userId);
    expect(seen[0]).toEqual({
      userId: host.sync.userId,
      x: 812.5,
      y: 40.1,
      frame: 7,
      visible: true,
      color: hostUser?.color,
    });
    host.sync.sendCursor({ x: 0, y: 0, frame: 7, visible: false });
    await waitFor(() => seen.length === 2, { what: 'the hide' });
    expect(seen[1]?.visible).toBe(false);
    const hostId = host.sync.userId;
    await host.sync.leaveRoom();
    await waitFor(() => left.includes(hostId ?? ''), { what: 'userLeft on the guest' });
  });

  it('are dropped, not queued, while not in a room', async () => {
    const { host, guest } = await pair();
    const seen: RemoteCursor[] = [];
    host.sync.on('remoteCursor', (cursor) => seen.push(cursor));
    const code = guest.sync.roomCode ?? '';
    await guest.sync.leaveRoom();
    expect(guest.sync.sendCursor({ x: 1, y: 1, frame: 1, visible: true })).toBe(false);
    await guest.sync.joinRoom(code, undefined, { displayName: 'Guest' });
    guest.sync.sendCursor({ x: 2, y: 2, frame: 1, visible: true });
    await waitFor(() => seen.length > 0, { what: 'the cursor sent after rejoining' });
    expect(seen.map((cursor) => cursor.x)).toEqual([2]);
  });
});

describe('audio sync (real server)', () => {
  it('mute and volume follow when the category is on', async () => {
    const { host, guest } = await pair(true);
    host.session.setMuted(true);
    await waitFor(() => guest.session.muted, { what: 'the guest muted' });
    guest.session.setVolume(0.35);
    await waitFor(() => host.session.volume === 0.35, { what: 'the host volume' });
    expect(host.session.muted).toBe(true);
  });

  it('stay local while the category is off (the default)', async () => {
    const { host, guest } = await pair(false);
    host.session.setMuted(true);
    // A barrier: a note sent after the mute arrives after anything the mute could have caused.
    host.sync.sendNote({ op: 'add', note: { id: 'barrier', frame: 1, text: 'after the mute' } });
    await waitFor(() => guest.sync.notes.length === 1, { what: 'the barrier' });
    expect(guest.session.muted).toBe(false);
    // Turning it on follows the room's (unchanged) audio, not the host's local mute.
    guest.sync.setSettings({ audio: true });
    expect(guest.session.muted).toBe(false);
  });
});
