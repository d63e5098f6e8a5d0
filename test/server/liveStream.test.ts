// The /stream relay against the real server: members only (a stranger, a viewer publishing, a
// second publisher are refused with a reason), malformed frames refused to the publisher, every
// viewer gets each frame, a late viewer gets the newest picture, and a viewer that stops reading
// skips to the newest frame instead of queueing every frame.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { waitFor } from '../support/waitFor';
import { frame, openLive, type LiveSocket } from './helpers/live';
import { createRoom, joinRoom, type Joined } from './helpers/rooms';
import { startTestServer } from './helpers/server';

let server: RunningServer | null = null;
const members: Joined[] = [];
const sockets: LiveSocket[] = [];
afterEach(async () => {
  for (const { socket } of sockets.splice(0)) socket.terminate();
  await Promise.all(members.splice(0).map((member) => member.client.close()));
  await server?.close();
  server = null;
});

const live = async (member: Joined, role: 'publish' | 'view', token?: string) => {
  const socket = await openLive(server?.syncUrl ?? '', member, role, token);
  sockets.push(socket);
  return socket;
};

async function roomOfTwo(): Promise<[Joined, Joined]> {
  server = await startTestServer();
  const host = await createRoom(server.syncUrl, { displayName: 'Host' });
  const guest = await joinRoom(server.syncUrl, host.joined.payload.roomId, { role: 'viewer' });
  members.push(host, guest);
  return [host, guest];
}

describe('live stream relay', () => {
  it('admits members only, one publisher, no viewers publishing', async () => {
    const [host, guest] = await roomOfTwo();
    expect(await (await live(host, 'view', 'not-a-token')).closed).toEqual({
      code: 4404,
      reason: 'not a member of this room (join it first)',
    });
    expect((await (await live(guest, 'publish')).closed).code).toBe(4403);
    const publisher = await live(host, 'publish');
    await waitFor(() => publisher.texts.some((text) => text.type === 'ready'), { what: 'ready' });
    const second = await live(host, 'publish');
    expect(await second.closed).toEqual({
      code: 4409,
      reason: 'another program is streaming into this room',
    });
  });

  it('relays frames to every viewer, refuses malformed ones, and gives late viewers the newest picture', async () => {
    const [host, guest] = await roomOfTwo();
    const first = await live(guest, 'view');
    const second = await live(host, 'view');
    const publisher = await live(host, 'publish');
    await waitFor(() => publisher.texts.some((text) => text.type === 'ready'), { what: 'ready' });
    for (let number = 1; number <= 3; number++) publisher.socket.send(frame(number));
    publisher.socket.send(Buffer.from('garbage that is no frame at all, 36+ bytes long'));
    await waitFor(() => first.frames.length === 3 && second.frames.length === 3, {
      what: 'frames',
    });
    await waitFor(() => publisher.texts.some((text) => text.type === 'error'), { what: 'refusal' });
    expect(publisher.texts.find((text) => text.type === 'error')?.message).toBe(
      'Frame refused: not a live frame (it must start with "RSLF")',
    );
    expect(first.frames).toEqual([1, 2, 3]);
    const late = await live(guest, 'view');
    await waitFor(() => late.frames.length === 1, { what: 'the newest picture' });
    expect(late.frames).toEqual([3]);
    expect(late.texts[0]).toMatchObject({ type: 'live', active: true });
    publisher.socket.close();
    await waitFor(() => first.texts.some((text) => text.type === 'live' && text.active === false), {
      what: 'stream ended',
    });
  });

  it('a viewer that stops reading skips to the newest frame instead of queueing them all', async () => {
    const [host, guest] = await roomOfTwo();
    const slow = await live(guest, 'view');
    const publisher = await live(host, 'publish');
    await waitFor(() => publisher.texts.some((text) => text.type === 'ready'), { what: 'ready' });
    // The slow viewer's socket stops reading: its server-side send buffer fills.
    const raw = (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    const count = 40;
    for (let number = 1; number <= count; number++) {
      publisher.socket.send(frame(number, 1024)); // 4 MiB each, 160 MiB in all
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    raw.resume();
    await waitFor(() => slow.frames.at(-1) === count, {
      what: 'the newest frame',
      timeoutMs: 15_000,
    });
    // Frames were skipped (the relay keeps about 24 MiB per viewer), the last one arrived.
    expect(slow.frames.length).toBeLessThan(count);
    expect(slow.frames).toEqual([...slow.frames].sort((a, b) => a - b));
  });
});
