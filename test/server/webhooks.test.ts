// Webhooks and the event log against a real server and a real HTTP receiver: signed room events
// (notes added/edited/removed, annotations, playlist changes, the room ended with its notes), the JSON-lines log
// and its host-only endpoint; a receiver answering 500 or hanging is retried then given up, and
// the queue stays bounded (the oldest dropped, counted in /metrics).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer, ServerOptions } from '../../server/index';
import { parseConfig, ConfigError } from '../../server/config';
import type { RoomEventRecord } from '../../server/webhooks/events';
import { verifyWebhookSignature } from '../../server/webhooks/signature';
import { waitFor } from '../support/waitFor';
import { createRoom, joinRoom, type Joined } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import { Receiver } from './helpers/webhookReceiver';

const SECRET = 'test-webhook-secret';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function receiver(): Promise<Receiver> {
  const started = await Receiver.start();
  cleanups.push(() => started.close());
  return started;
}

async function server(options: Partial<ServerOptions>): Promise<RunningServer> {
  const started = await startTestServer({
    webhookSecret: SECRET,
    webhookRetryBaseMs: 50,
    webhookTimeoutMs: 1000,
    ...options,
  });
  cleanups.push(() => started.close());
  return started;
}

function tracked(joined: Joined): Joined {
  cleanups.push(() => joined.client.close());
  return joined;
}

async function addNote(member: Joined, id: string, frame: number, text: string): Promise<void> {
  member.client.send('sync.note', { op: 'add', note: { id, frame, text } });
  await member.client.next('sync.note', (message) => message.payload.op === 'upsert');
}

async function metric(running: RunningServer, name: string): Promise<string[]> {
  const text = await (await fetch(`${running.url}/metrics`)).text();
  return text.split('\n').filter((line) => line.startsWith(name));
}

describe('webhooks', () => {
  it('posts signed note, annotation and room-ended events, and logs them per room', async () => {
    const hook = await receiver();
    const running = await server({ webhookUrls: [hook.url] });
    const host = tracked(await createRoom(running.syncUrl, { displayName: 'Hana' }));
    const roomId = host.joined.payload.roomId;
    const guest = tracked(await joinRoom(running.syncUrl, roomId, { displayName: 'Gus' }));

    await addNote(host, 'n-1', 12, 'grade is too warm');
    guest.client.send('sync.annotation', {
      op: 'add',
      annotation: {
        id: `${guest.joined.payload.userId}-a1`,
        frame: 12,
        tool: 'pen',
        color: '#ff8800',
        width: 2,
        points: [1, 2, 0.5, 3, 4, 0.5, 5, 6, 0.5],
      },
    });
    await guest.client.next('sync.annotation');
    host.client.send('sync.note', {
      op: 'update',
      note: { id: 'n-1', frame: 12, text: 'grade is too warm, fix by Friday' },
    });
    await host.client.next('sync.note', (message) => message.payload.op === 'upsert');
    await addNote(guest, 'n-2', 40, 'remove the boom');
    host.client.send('sync.note', { op: 'remove', id: 'n-2' });
    await host.client.next('sync.note', (message) => message.payload.op === 'remove');
    // A shot added to the playlist (a tracker follows what is reviewed).
    const media = {
      name: 'sh010_comp_v003.mov',
      frameStart: 1001,
      frameEnd: 1048,
      fps: 24,
      width: 1920,
      height: 1080,
      fingerprint: 'a'.repeat(64),
    };
    await host.client.request(
      'playlist.add',
      { items: [{ id: 'sh010', name: 'sh010 v003', source: { kind: 'local', media } }] },
      'sync.playlist',
    );
    // The playback of the room is no tracker event.
    host.client.send('sync.frame', { frame: 30, baseVersion: 0 });
    host.client.send('room.end', {});
    await waitFor(() => hook.types().includes('room.ended'), { what: 'room.ended posted' });

    expect(hook.types()).toEqual([
      'note.added',
      'annotation.added',
      'note.edited',
      'note.added',
      'note.removed',
      'playlist.changed',
      'room.ended',
    ]);
    for (const { headers, body, event } of hook.received) {
      const check = verifyWebhookSignature(SECRET, body, headers['x-reelsync-signature'] as string);
      expect(check).toMatchObject({ ok: true });
      expect(
        verifyWebhookSignature('wrong secret', body, headers['x-reelsync-signature'] as string),
      ).toMatchObject({ ok: false });
      expect(headers['x-reelsync-event']).toBe(event.type);
      expect(headers['x-reelsync-delivery']).toBe(event.id);
      expect(event.roomId).toBe(roomId);
    }
    const [added, annotation, edited] = hook.received.map((entry) => entry.event);
    expect(added).toMatchObject({
      type: 'note.added',
      actor: { displayName: 'Hana' },
      data: { note: { id: 'n-1', frame: 12, text: 'grade is too warm', authorName: 'Hana' } },
    });
    expect(annotation).toMatchObject({
      type: 'annotation.added',
      actor: { displayName: 'Gus' },
      data: { annotation: { frame: 12, tool: 'pen', pointCount: 3, authorName: 'Gus' } },
    });
    expect(JSON.stringify(annotation)).not.toContain('"points"');
    expect(edited).toMatchObject({
      type: 'note.edited',
      data: { note: { id: 'n-1', text: 'grade is too warm, fix by Friday' } },
    });
    expect(
      hook.received.find((entry) => entry.event.type === 'playlist.changed')?.event,
    ).toMatchObject({
      actor: { displayName: 'Hana' },
      data: { change: { items: [{ id: 'sh010', name: 'sh010 v003' }] } },
    });
    const ended = hook.received.at(-1)?.event;
    expect(ended).toMatchObject({
      type: 'room.ended',
      id: `${roomId}.ended`,
      data: {
        reason: 'host',
        notes: [{ id: 'n-1', text: 'grade is too warm, fix by Friday', authorName: 'Hana' }],
      },
    });

    // The same events, one JSON object per line, in <data-dir>/events/<ROOM>.jsonl.
    await running.events.log?.flushed();
    const file = path.join(running.events.log?.dir ?? '', `${roomId}.jsonl`);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as RoomEventRecord).type)).toEqual(hook.types());
    expect(await metric(running, 'reelsync_webhook_posts_total{outcome="delivered"}')).toEqual([
      'reelsync_webhook_posts_total{outcome="delivered"} 7',
    ]);
  });

  it('serves the event log to the host only (host or session token)', async () => {
    const running = await server({});
    const host = tracked(await createRoom(running.syncUrl, { displayName: 'Hana' }));
    const roomId = host.joined.payload.roomId;
    const guest = tracked(await joinRoom(running.syncUrl, roomId, { displayName: 'Gus' }));
    await addNote(guest, 'n-1', 5, 'first');
    await addNote(host, 'n-2', 6, 'second');
    const url = `${running.url}/api/rooms/${roomId}/events`;
    const get = (token?: string) =>
      fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});

    const anonymous = await get();
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'FORBIDDEN' });
    const byGuest = await get(guest.joined.payload.sessionToken);
    expect(byGuest.status).toBe(403);
    expect((await byGuest.json()) as { message: string }).toMatchObject({
      message: expect.stringContaining('only the room'),
    });
    expect((await get('made-up')).status).toBe(403);
    expect(
      (
        await fetch(`${running.url}/api/rooms/ZZZZ-ZZZZ/events`, {
          headers: { authorization: 'Bearer x' },
        })
      ).status,
    ).toBe(404);

    await waitFor(
      async () =>
        (await (await get(host.joined.payload.sessionToken)).text()).split('\n').length > 2,
      {
        what: 'two lines in the log',
      },
    );
    for (const token of [host.joined.payload.sessionToken, host.joined.payload.hostToken ?? '']) {
      const answer = await get(token);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain('application/x-ndjson');
      const events = (await answer.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as RoomEventRecord);
      expect(events.map((event) => [event.type, event.actor?.displayName])).toEqual([
        ['note.added', 'Gus'],
        ['note.added', 'Hana'],
      ]);
    }
  });

  it('retries a receiver answering 500, then gives the delivery up', async () => {
    const hook = await receiver();
    hook.answer = () => 500;
    const running = await server({ webhookUrls: [hook.url], webhookAttempts: 3 });
    const host = tracked(await createRoom(running.syncUrl));
    await addNote(host, 'n-1', 1, 'note');
    await waitFor(() => hook.received.length === 3, { what: 'three attempts' });
    await running.events.delivery.idle();
    expect(hook.received.map((entry) => entry.headers['x-reelsync-attempt'])).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(new Set(hook.received.map((entry) => entry.event.id)).size).toBe(1);
    expect(await metric(running, 'reelsync_webhook_dropped_total{reason="attempts"}')).toEqual([
      'reelsync_webhook_dropped_total{reason="attempts"} 1',
    ]);
    // A later answer of 200 is not a reason to post the given-up event again.
    hook.answer = () => 200;
    await addNote(host, 'n-2', 2, 'note 2');
    await waitFor(() => hook.received.length === 4, { what: 'the next event' });
    await running.events.delivery.idle();
    expect(hook.received.length).toBe(4);
  });

  it('a 4xx answer is final: no retry', async () => {
    const hook = await receiver();
    hook.answer = () => 410;
    const running = await server({ webhookUrls: [hook.url], webhookAttempts: 5 });
    const host = tracked(await createRoom(running.syncUrl));
    await addNote(host, 'n-1', 1, 'note');
    await waitFor(() => hook.received.length === 1, { what: 'one attempt' });
    await running.events.delivery.idle();
    expect(hook.received.length).toBe(1);
    expect(await metric(running, 'reelsync_webhook_dropped_total{reason="refused"}')).toEqual([
      'reelsync_webhook_dropped_total{reason="refused"} 1',
    ]);
  });

  it('times out a hanging receiver, retries, and keeps the queue bounded (oldest dropped)', async () => {
    const hook = await receiver();
    hook.answer = () => 'hang';
    const running = await server({
      webhookUrls: [hook.url],
      webhookTimeoutMs: 300,
      webhookAttempts: 2,
      webhookQueueSize: 3,
    });
    const host = tracked(await createRoom(running.syncUrl));
    // 4 POSTs go out at once and hang; 3 more wait; 5 more push the oldest waiting ones out.
    for (let i = 1; i <= 12; i++) await addNote(host, `n-${i}`, i, `note ${i}`);
    const dropped = await metric(running, 'reelsync_webhook_dropped_total{reason="queue_full"}');
    expect(Number(dropped[0]?.split(' ')[1])).toBeGreaterThanOrEqual(5);
    expect(
      Number((await metric(running, 'reelsync_webhook_queue '))[0]?.split(' ')[1]),
    ).toBeLessThanOrEqual(4 + 3);
    await running.events.delivery.idle();
    // Every POST that went out hung and was cut after the timeout; each got 2 attempts at most.
    const attempts = new Map<string, number>();
    for (const entry of hook.received)
      attempts.set(entry.event.id, (attempts.get(entry.event.id) ?? 0) + 1);
    expect(Math.max(...attempts.values())).toBeLessThanOrEqual(2);
    expect([...attempts.values()].some((count) => count === 2)).toBe(true);
    const given = await metric(running, 'reelsync_webhook_dropped_total{reason="attempts"}');
    expect(Number(given[0]?.split(' ')[1])).toBeGreaterThanOrEqual(1);
    // The log has every event even though the receiver got none of them.
    await running.events.log?.flushed();
    const roomId = host.joined.payload.roomId;
    const log = readFileSync(path.join(running.events.log?.dir ?? '', `${roomId}.jsonl`), 'utf8');
    expect(log.trim().split('\n')).toHaveLength(12);
  });
});

describe('webhook options', () => {
  it('needs a secret, http(s) URLs, and one attempt at least', () => {
    expect(() => parseConfig(['--webhook-urls', 'https://tracker.example/hook'], {})).toThrow(
      /--webhook-secret/,
    );
    expect(() =>
      parseConfig(['--webhook-urls', 'ftp://tracker', '--webhook-secret', 's'], {}),
    ).toThrow(ConfigError);
    expect(() =>
      parseConfig(
        ['--webhook-urls', 'http://a/x', '--webhook-secret', 's', '--webhook-attempts', '0'],
        {},
      ),
    ).toThrow(/at least 1/);
    const { config } = parseConfig([], {
      WEBHOOK_URLS: 'https://a.example/hook, http://b.example:8000/x',
      WEBHOOK_SECRET: 's',
    });
    expect(config.webhookUrls).toEqual(['https://a.example/hook', 'http://b.example:8000/x']);
    expect(config.eventLog).toBe(true);
  });
});
