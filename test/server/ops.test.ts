// Operations: TLS (https + wss), /healthz, /metrics content, log redaction, options from
// flags and env, the CLI's --help, and store failures reported to clients.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, OPTION_SPECS, parseConfig } from '../../server/config';
import type { RunningServer, ServerOptions } from '../../server/index';
import { createRoom, joinRoom } from './helpers/rooms';
import { FaultyStore } from './helpers/FaultyStore';
import { startTestServer } from './helpers/server';
import { TestClient } from './helpers/TestClient';
import { waitFor } from '../support/waitFor';

let server: RunningServer | null = null;
const clients: TestClient[] = [];

async function start(overrides: Partial<ServerOptions> = {}) {
  server = await startTestServer(overrides);
  return server;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server?.close();
  server = null;
});

describe('TLS', () => {
  it('serves https and wss with --tls-cert/--tls-key files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reelsync-tls-'));
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const running = await start({ tlsCert: cert, tlsKey: key });
    expect(running.url).toMatch(/^https:\/\//);
    expect(running.syncUrl).toMatch(/^wss:\/\//);
    const ca = readFileSync(cert);
    // Served over TLS, responses tell browsers to stay on https.
    const hsts = await new Promise<string | undefined>((resolve, reject) =>
      httpsGet(`${running.url}/healthz`, { ca }, (response) => {
        response.resume();
        resolve(response.headers['strict-transport-security']);
      }).on('error', reject),
    );
    expect(hsts).toBe('max-age=31536000');
    const client = await TestClient.greeted(running.syncUrl, { ca });
    clients.push(client);
    const joined = await client.request('room.create', {}, 'room.joined');
    expect(joined.payload.role).toBe('host');
    // Without trusting the certificate, the connection is refused.
    await expect(TestClient.connect(running.syncUrl)).rejects.toThrow();
  });
});

describe('health and metrics', () => {
  it('/healthz reports JSON with store health, and 503 when the store is down', async () => {
    const store = new FaultyStore();
    const running = await start({ store });
    const ok = await fetch(`${running.url}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      ok: true,
      protocolVersion: 1,
      connections: 0,
      store: { ok: true, store: 'memory' },
    });
    store.healthy = false;
    const down = await fetch(`${running.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      ok: false,
      store: { ok: false, detail: 'backend down' },
    });
  });

  it('/metrics exposes connections, rooms, messages in/out by type, rejections by reason, apply latency', async () => {
    const running = await start();
    const host = await createRoom(running.syncUrl);
    const guest = await joinRoom(running.syncUrl, host.joined.payload.roomId);
    clients.push(host.client, guest.client);
    host.client.send('sync.frame', { frame: 3, baseVersion: 0 });
    await guest.client.next('sync.playback');
    host.client.sendRaw('garbage');
    await host.client.next('error');
    const response = await fetch(`${running.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/^reelsync_connections 2$/m);
    expect(text).toMatch(/^reelsync_rooms 1$/m);
    expect(text).toMatch(/^reelsync_messages_in_total\{type="sync.frame"\} 1$/m);
    expect(text).toMatch(/^reelsync_messages_out_total\{type="sync.playback"\} 2$/m);
    expect(text).toMatch(/^reelsync_rejections_total\{reason="INVALID_JSON"\} 1$/m);
    expect(text).toMatch(/^reelsync_apply_seconds_count 1$/m);
    expect(text).toContain('reelsync_process_cpu_user_seconds_total');
  });

  it('store failures reach the client as STORE_UNAVAILABLE / INTERNAL_ERROR, and the server carries on', async () => {
    const store = new FaultyStore();
    const running = await start({ store });
    const { client } = await createRoom(running.syncUrl);
    clients.push(client);
    store.failure = 'unavailable';
    const first = client.send('sync.frame', { frame: 1, baseVersion: 0 });
    expect((await client.errorFor(first)).payload.code).toBe('STORE_UNAVAILABLE');
    store.failure = 'crash';
    const second = client.send('sync.frame', { frame: 2, baseVersion: 0 });
    expect((await client.errorFor(second)).payload).toEqual({
      code: 'INTERNAL_ERROR',
      message: 'Something went wrong on the server',
    });
    client.send('sync.frame', { frame: 3, baseVersion: 0 });
    expect((await client.next('sync.playback')).payload.motion.anchorFrame).toBe(3);
  });
});

describe('logs', () => {
  it('are JSON and never contain PINs or tokens, even at trace level', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const running = await start({ logLevel: 'trace', logDestination: sink });
    const host = await createRoom(running.syncUrl, { pin: '48213579' });
    const roomId = host.joined.payload.roomId;
    const { sessionToken, hostToken } = host.joined.payload;
    const intruder = await TestClient.greeted(running.syncUrl);
    clients.push(host.client, intruder);
    await intruder.errorFor(intruder.send('room.join', { roomId, pin: '11112222' }));
    const guest = await joinRoom(running.syncUrl, roomId, { pin: '48213579' });
    clients.push(guest.client);
    await host.client.errorFor(host.client.send('room.claimHost', { hostToken: 'z'.repeat(40) }));
    host.client.send('room.claimHost', { hostToken: hostToken ?? '' });
    await host.client.next('room.users');
    intruder.sendRaw(
      JSON.stringify({
        type: 'room.join',
        id: 'x',
        timestamp: 1,
        payload: { roomId, pin: '99998888', bogus: true },
      }),
    );
    await intruder.next('error');
    // The last thing logged: the rejection of the intruder's malformed join.
    await waitFor(
      () =>
        lines.some(
          (line) =>
            line.includes('"code":"INVALID_MESSAGE"') && line.includes('"msg":"rejected message"'),
        ),
      { what: 'the rejected join in the log' },
    );
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const all = lines.join('\n');
    for (const secret of [
      '48213579',
      '11112222',
      '99998888',
      sessionToken,
      hostToken ?? 'missing',
      guest.joined.payload.sessionToken,
      'z'.repeat(40),
    ]) {
      expect(all).not.toContain(secret);
    }
    expect(all).toContain('"msg":"wrong PIN"');
    expect(all).toContain(roomId);
  });
});

describe('configuration', () => {
  it('reads flags over env over defaults, validating values', () => {
    const { config } = parseConfig(
      [
        '--port',
        '9000',
        '--room-capacity=4',
        '--allowed-origins',
        'https://a.example, https://b.example',
        '--no-metrics',
      ],
      { PORT: '1', ROOM_CAPACITY: '8', LOG_LEVEL: 'warn', TRUST_PROXY: 'true' },
    );
    expect(config).toMatchObject({
      port: 9000,
      roomCapacity: 4,
      logLevel: 'warn',
      trustProxy: true,
      metrics: false,
      allowedOrigins: ['https://a.example', 'https://b.example'],
    });
    expect(parseConfig([], {}).config).toEqual(DEFAULT_CONFIG);
    // Media options (flags with digits, env vars, the 20 GiB default).
    expect(
      parseConfig(['--s3-bucket', 'shots', '--s3-force-path-style'], { MAX_FILE_BYTES: '1000' })
        .config,
    ).toMatchObject({ s3Bucket: 'shots', s3ForcePathStyle: true, maxFileBytes: 1000 });
    expect(DEFAULT_CONFIG.maxFileBytes).toBe(20 * 1024 ** 3);
    expect(() => parseConfig(['--room-capacity', 'many'], {})).toThrow('non-negative integer');
    expect(() => parseConfig(['--bogus'], {})).toThrow('Unknown option');
    expect(() => parseConfig(['--tls-cert', 'a.pem'], {})).toThrow('go together');
    expect(() => parseConfig([], { PORT: '70000' })).toThrow('Invalid port');
  });

  it('--help documents every option with its env var and default', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', '--help'], {
      encoding: 'utf8',
      cwd: path.resolve(import.meta.dirname, '../..'),
    });
    expect(result.status).toBe(0);
    for (const spec of OPTION_SPECS) {
      expect(result.stdout).toContain(`--${spec.flag}`);
      expect(result.stdout).toContain(`env ${spec.env}`);
    }
  });
});
