// Annotations through the real server: NetworkSyncManagers over `ws` with the DOM-free
// annotation session (the same one the player's UI drives). Concurrent strokes merge, erase and
// undo respect ownership (room setting othersCanEdit; the host always may), late joiners and
// reconnecting users get everything, viewers cannot draw, strokes stream live.
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { AnnotationModel } from '../../src/features/annotations/AnnotationModel';
import { LiveStrokeSender } from '../../src/features/annotations/liveStrokes';
import type { Annotation } from '../../src/features/annotations/types';
import type { WebSocketLike } from '../../src/network/types';
import { waitFor, type Peer } from '../network/helpers';
import { roomKit } from '../network/room';
import { manualTimer } from '../support/manualTimer';

const kit = roomKit();
const fastReconnect = { baseDelayMs: 300, maxDelayMs: 600, maxAttempts: 10, jitter: 0.1 };

interface Drawer {
  peer: Peer;
  notes: AnnotationModel;
  /** Sockets the peer opened (the last is the live one), to cut the connection. */
  sockets: WebSocket[];
  /** While true, (re)connecting fails (the network is down). */
  offline: { on: boolean };
}

function drawer(url: string): Drawer {
  const sockets: WebSocket[] = [];
  const offline = { on: false };
  const peer = kit.peer(url, {
    reconnect: fastReconnect,
    settings: { annotations: true },
    createWebSocket: (target) => {
      // Port 1 refuses at once: what a dead network looks like to the client.
      const socket = new WebSocket(offline.on ? 'ws://127.0.0.1:1/sync' : target);
      sockets.push(socket);
      return socket as unknown as WebSocketLike;
    },
  });
  const notes = kit.track(new AnnotationModel(peer.sync));
  return { peer, notes, sockets, offline };
}

async function start(): Promise<string> {
  return (await kit.server()).syncUrl;
}

async function room(url: string, guests = 1, role?: 'viewer'): Promise<Drawer[]> {
  const { host, guests: joined } = await kit.room(url, {
    guests,
    ...(role ? { guestRole: role } : {}),
    member: drawer,
    peerOf: (member) => member.peer,
  });
  const all = [host, ...joined];
  for (const d of all) await waitFor(() => d.notes.isShared, { what: 'shared mode' });
  return all;
}

let counter = 0;
function stroke(by: Drawer, frame = 1, y = 10): Annotation {
  const userId = by.notes.actor().userId;
  return {
    id: `${userId}-t-${++counter}`,
    frame,
    tool: 'pen',
    color: '#ff0000',
    width: 3,
    points: [0, y, 0.5, 50, y, 0.7, 100, y, 0.5],
    author: userId,
    createdAt: Date.now(),
  };
}

const ids = (d: Drawer) =>
  d.notes.doc
    .all()
    .map((a) => a.id)
    .sort();
const roomIds = (d: Drawer) => d.peer.sync.annotations.map((a) => a.id).sort();
/** Every client shows exactly `expected`, and so does the room state it holds. */
async function everywhere(drawers: Drawer[], expected: string[], what: string): Promise<void> {
  const want = [...expected].sort();
  await waitFor(
    () =>
      drawers.every(
        (d) =>
          JSON.stringify(ids(d)) === JSON.stringify(want) &&
          JSON.stringify(roomIds(d)) === JSON.stringify(want) &&
          d.notes.pendingCount === 0,
      ),
    { what },
  );
  for (const d of drawers) expect(ids(d)).toEqual(want);
}

describe('annotations through the real server', () => {
  it('two clients drawing on the same frame at once end with both strokes everywhere', async () => {
    const url = await start();
    const [host, guest] = (await room(url)) as [Drawer, Drawer];
    const fromHost = Array.from({ length: 10 }, (_, i) => stroke(host, 1, i * 5));
    const fromGuest = Array.from({ length: 10 }, (_, i) => stroke(guest, 1, i * 5 + 2));
    // Interleaved in the same tick: neither client has seen the other's strokes when it sends.
    for (let i = 0; i < 10; i++) {
      host.notes.add(fromHost[i] as Annotation);
      guest.notes.add(fromGuest[i] as Annotation);
    }
    const all = [...fromHost, ...fromGuest].map((a) => a.id);
    await everywhere([host, guest], all, 'both strokes everywhere');
    const hostCopy = host.notes.doc.get(fromGuest[3]?.id ?? '');
    expect(hostCopy?.author).toBe(guest.peer.sync.userId);
    expect(hostCopy?.points).toEqual(fromGuest[3]?.points);
  });

  it('a late joiner and a reconnecting user get all annotations; drawing offline loses nothing', async () => {
    const url = await start();
    const [host, guest] = (await room(url)) as [Drawer, Drawer];
    const first = stroke(host);
    host.notes.add(first);
    await everywhere([host, guest], [first.id], 'first stroke');

    // The guest's connection drops; both draw meanwhile.
    guest.offline.on = true;
    guest.sockets[guest.sockets.length - 1]?.terminate();
    await waitFor(() => guest.peer.sync.connectionState !== 'connected', { what: 'guest offline' });
    const whileOffline = stroke(guest, 2);
    guest.notes.add(whileOffline);
    const meanwhile = stroke(host, 2);
    host.notes.add(meanwhile);
    expect(ids(guest)).toContain(whileOffline.id);
    guest.offline.on = false;
    await waitFor(() => guest.peer.sync.connectionState === 'connected', {
      what: 'guest back',
      timeoutMs: 10_000,
    });
    await everywhere([host, guest], [first.id, whileOffline.id, meanwhile.id], 'after reconnect');

    const late = drawer(url);
    await late.peer.sync.joinRoom(host.peer.sync.roomCode ?? '', undefined, {
      displayName: 'Late',
    });
    await everywhere([host, guest, late], [first.id, whileOffline.id, meanwhile.id], 'late joiner');
  });

  it('erase, clear and undo never remove another user’s work unless the room allows it', async () => {
    const url = await start();
    const [host, guest] = (await room(url)) as [Drawer, Drawer];
    const hostStroke = stroke(host);
    const guestStroke = stroke(guest);
    host.notes.add(hostStroke);
    guest.notes.add(guestStroke);
    await everywhere([host, guest], [hostStroke.id, guestStroke.id], 'both drawn');

    // The guest erases both and clears the frame: only the guest's own stroke goes.
    guest.notes.remove([hostStroke.id, guestStroke.id]);
    await everywhere([host, guest], [hostStroke.id], 'guest erased own only');
    guest.notes.clearFrame(1);
    guest.notes.undo(); // undoes the erase: the guest's stroke comes back
    await everywhere([host, guest], [hostStroke.id, guestStroke.id], 'guest undo');
    guest.notes.undo(); // undoes the guest's add
    await everywhere([host, guest], [hostStroke.id], 'guest undid own add');
    guest.notes.undo(); // nothing of the guest's left to undo: the host's stroke stays
    await everywhere([host, guest], [hostStroke.id], 'host stroke kept');
    guest.notes.redo();
    await everywhere([host, guest], [hostStroke.id, guestStroke.id], 'guest redo');

    // A forged remove of the host's stroke, past the client's own check: the server refuses it.
    const refused = new Promise<string>((resolve) =>
      guest.peer.sync.once('error', (e) => resolve(e.code)),
    );
    guest.peer.sync.sendAnnotation({ op: 'remove', ids: [hostStroke.id] });
    expect(await refused).toBe('FORBIDDEN');
    await everywhere([host, guest], [hostStroke.id, guestStroke.id], 'forged remove refused');

    // The host always may; undo of the host's erase puts the guest's stroke back.
    host.notes.remove([guestStroke.id]);
    await everywhere([host, guest], [hostStroke.id], 'host erased guest stroke');
    host.notes.undo();
    await everywhere([host, guest], [hostStroke.id, guestStroke.id], 'host undo');

    // othersCanEdit: now the guest may clear the host's work too.
    host.peer.sync.updateRoomSettings({ othersCanEdit: true });
    await waitFor(() => guest.notes.actor().canEditOthers, { what: 'setting reached the guest' });
    guest.notes.clearFrame(1);
    await everywhere([host, guest], [], 'guest cleared the frame');
  });

  it('viewers cannot draw and see the others’ strokes', async () => {
    const url = await start();
    const [host, viewer] = (await room(url, 1, 'viewer')) as [Drawer, Drawer];
    expect(viewer.notes.canDraw()).toBe(false);
    expect(host.notes.canDraw()).toBe(true);
    viewer.notes.add(stroke(viewer));
    expect(viewer.notes.doc.size).toBe(0);
    // The client does not even send (the server's own check is covered by its permission tests).
    expect(
      viewer.peer.sync.sendAnnotation({
        op: 'add',
        annotation: {
          id: 'forged-1',
          frame: 1,
          tool: 'pen',
          color: '#ff0000',
          width: 1,
          points: [],
        },
      }),
    ).toBeNull();
    expect(
      viewer.peer.sync.sendLiveStroke({
        strokeId: 'forged-2',
        frame: 1,
        tool: 'pen',
        color: '#ff0000',
        width: 1,
        points: [],
        done: false,
      }),
    ).toBe(false);
    const fromHost = stroke(host);
    host.notes.add(fromHost);
    await everywhere([host, viewer], [fromHost.id], 'viewer sees the host stroke');
  });

  it('a stroke in progress streams to the others and goes when finished', async () => {
    const url = await start();
    const [host, guest] = (await room(url)) as [Drawer, Drawer];
    const timer = manualTimer();
    const sender = new LiveStrokeSender((s) => host.peer.sync.sendLiveStroke(s), timer);
    const meta = { strokeId: 'live-1', frame: 1, tool: 'pen' as const, color: '#00ff00', width: 2 };
    const points: number[] = [];
    sender.begin(meta, points);
    for (let i = 0; i < 40; i++) {
      points.push(i * 3, i, 0.5);
      sender.update(points);
      timer.advance(5); // drawn 5 ms apart: the sender streams them in several messages
    }
    await waitFor(() => guest.notes.remote.onFrame(1)[0]?.points.length === points.length, {
      what: 'all points streamed',
    });
    expect(guest.notes.remote.onFrame(1)[0]?.points).toEqual(points);
    sender.end();
    await waitFor(() => guest.notes.remote.onFrame(1).length === 0, {
      what: 'finished stroke let go',
    });
  });

  it('outside a room, and with annotation sync off, drawing stays local; the local set returns after leaving', async () => {
    const url = await start();
    const alone = drawer(url);
    const local = stroke(alone);
    alone.notes.add(local);
    expect(alone.notes.isShared).toBe(false);
    expect(ids(alone)).toEqual([local.id]);
    await alone.peer.sync.createRoom({ displayName: 'Solo' });
    await waitFor(() => alone.notes.isShared, { what: 'shared' });
    expect(ids(alone)).toEqual([]);
    const shared = stroke(alone);
    alone.notes.add(shared);
    await waitFor(() => roomIds(alone).includes(shared.id), { what: 'in the room' });
    alone.peer.sync.setSettings({ annotations: false });
    expect(alone.notes.isShared).toBe(false);
    expect(ids(alone)).toEqual([local.id]);
  });
});
