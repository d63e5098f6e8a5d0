// Integration: in/out, loop and channel as categories of their own, send/accept per category,
// and the host's send locks, with real sync engines over `ws` against the real server.
import { describe, expect, it } from 'vitest';
import type { NetworkSyncEvents } from '../../src/network/types';
import { settleThroughServer, waitFor, type Peer } from './helpers';
import { roomKit } from './room';
import { FakeViewer } from './testkit';

const kit = roomKit();

interface Member extends Peer {
  viewer: FakeViewer;
}

async function pair(): Promise<{ host: Member; guest: Member }> {
  const server = await kit.server();
  const member = (url: string): Member => {
    const viewer = new FakeViewer();
    return { ...kit.peer(url, { viewer }), viewer };
  };
  const { host, guests } = await kit.room<Member>(server.syncUrl, { member });
  return { host, guest: guests[0] as Member };
}

function collect<K extends keyof NetworkSyncEvents>(
  peer: Peer,
  event: K,
): Array<NetworkSyncEvents[K]> {
  const seen: Array<NetworkSyncEvents[K]> = [];
  peer.sync.on(event, (value) => seen.push(value));
  return seen;
}

describe('sync categories (real server)', () => {
  it('in/out off keeps my own range while the frame still follows; on, it follows', async () => {
    const { host, guest } = await pair();
    host.sync.setSettings({ inout: true });
    guest.session.setInPoint(5);
    guest.session.setOutPoint(150);
    host.session.setInPoint(100);
    host.session.setOutPoint(160);
    host.session.seek(120);
    await waitFor(() => Math.round(guest.session.motion.anchorFrame) === 120, {
      what: 'the guest follows the seek',
    });
    await settleThroughServer(host, guest);
    expect([guest.session.inPoint, guest.session.outPoint]).toEqual([5, 150]);
    expect(host.sync.roomMotion?.inPoint).toBe(100);

    guest.sync.setSettings({ inout: true });
    await waitFor(() => guest.session.inPoint === 100 && guest.session.outPoint === 160, {
      what: 'the guest takes the room in/out once it follows them',
    });
  });

  it('send-only shares mine and keeps mine; accept-only follows and shares nothing', async () => {
    const { host, guest } = await pair();
    host.sync.setSettings({ loop: true, inout: true });
    guest.sync.setDirections({ loop: { send: true, accept: false } });
    guest.sync.setDirections({ inout: { send: false, accept: true } });

    guest.session.setLoopMode('pingpong');
    await waitFor(() => host.session.loopMode === 'pingpong', { what: 'host follows my loop' });
    host.session.setLoopMode('once');
    host.session.setInPoint(10);
    await waitFor(() => guest.session.inPoint === 10, { what: 'guest follows the in point' });
    await settleThroughServer(host, guest);
    expect(guest.session.loopMode).toBe('pingpong');

    guest.session.setOutPoint(90);
    await settleThroughServer(guest, host);
    expect(host.session.outPoint).not.toBe(90);
    expect(host.sync.roomMotion?.outPoint).not.toBe(90);
  });

  it('channel is apart from the view: zoom follows, my channel stays', async () => {
    const { host, guest } = await pair();
    host.sync.setSettings({ channel: true });
    host.viewer.setZoom(3);
    host.viewer.setChannel('red');
    await waitFor(() => guest.viewer.viewState.zoom === 3, { what: 'the guest follows the zoom' });
    await settleThroughServer(host, guest);
    expect(guest.viewer.viewState.channel).toBe('rgb');
    guest.viewer.setChannel('blue');
    await settleThroughServer(guest, host);
    expect(host.viewer.viewState.channel).toBe('red');
    guest.sync.setSettings({ channel: true });
    await waitFor(() => guest.viewer.viewState.channel === 'red', {
      what: 'turning channel on follows the room',
    });
  });

  it('a host lock keeps the user’s change local and says so; other categories still go', async () => {
    const { host, guest } = await pair();
    for (const member of [host, guest]) member.sync.setSettings({ color: true });
    const locks = collect(guest, 'sendLocksChanged');
    const blocked = collect(guest, 'changeBlocked');
    const guestId = guest.sync.userId ?? '';
    expect(host.sync.setSendLock(guestId, 'color', true)).toBe(true);
    await waitFor(() => guest.sync.sendLocks.includes('color'), { what: 'the lock arrives' });
    expect(locks.at(-1)).toEqual(['color']);

    guest.viewer.setColor({ exposure: 1.5 });
    guest.viewer.setZoom(2);
    await waitFor(() => host.viewer.viewState.zoom === 2, { what: 'the zoom still goes' });
    await settleThroughServer(guest, host);
    expect(host.viewer.color.exposure).toBe(0);
    expect(guest.viewer.color.exposure).toBe(1.5);
    expect(blocked).toContainEqual({ category: 'color', reason: 'locked' });

    expect(host.sync.setSendLock(guestId, 'color', false)).toBe(true);
    await waitFor(() => guest.sync.sendLocks.length === 0, { what: 'the lock is lifted' });
    guest.viewer.setColor({ exposure: 2 });
    await waitFor(() => host.viewer.color.exposure === 2, { what: 'color goes again' });
  });

  it('a change that meets the lock at the server is refused, and the user is told why', async () => {
    const { host, guest } = await pair();
    for (const member of [host, guest]) member.sync.setSettings({ color: true });
    const errors = collect(guest, 'error');
    const blocked = collect(guest, 'changeBlocked');
    const socket = guest.socket();
    if (!socket) throw new Error('no socket');
    // The guest does not read while the host locks it, so its change leaves without the lock.
    socket.pause();
    host.sync.setSendLock(guest.sync.userId ?? '', 'color', true);
    await settleThroughServer(host);
    guest.viewer.setColor({ exposure: 1 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    socket.resume();
    await waitFor(() => errors.some((error) => error.code === 'FORBIDDEN'), {
      what: 'the refusal',
    });
    expect(errors.find((error) => error.code === 'FORBIDDEN')?.category).toBe('color');
    expect(blocked).toContainEqual({ category: 'color', reason: 'locked' });
    expect(host.viewer.color.exposure).toBe(0);
    expect(guest.viewer.color.exposure).toBe(1);
  });

  it('an unknown category or a split of annotations is a typed error', async () => {
    const { guest } = await pair();
    expect(() => guest.sync.setDirections({ ['frames' as 'view']: { send: true } })).toThrow(
      /not a sync category/,
    );
    expect(() => guest.sync.setDirections({ annotations: { send: true } })).toThrow(/go together/);
  });
});
