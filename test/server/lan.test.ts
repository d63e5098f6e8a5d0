// LAN sessions (issue 13 item 1): --https with a generated self-signed certificate (stable across
// restarts, covering every address, fingerprint printed), every served address listed on start,
// and --public-url told to the player at /api/config.
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { certificateNames, reachableHosts, serverUrls } from '../../server/addresses';
import { startupBanner } from '../../server/banner';
import { ConfigError, parseConfig } from '../../server/config';
import type { RunningServer } from '../../server/index';
import { coversNames, loadOrCreateCertificate } from '../../server/tls';
import { startTestServer, testStaticDir } from './helpers/server';
import { TestClient } from './helpers/TestClient';

const servers: RunningServer[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const INTERFACES = {
  lo: [
    { address: '127.0.0.1', family: 'IPv4', internal: true },
    { address: '::1', family: 'IPv6', internal: true },
  ],
  eth0: [
    { address: '192.168.1.20', family: 'IPv4', internal: false },
    { address: 'fd00::20', family: 'IPv6', internal: false },
    { address: 'fe80::1', family: 'IPv6', internal: false },
  ],
  wlan0: [{ address: '10.0.0.7', family: 'IPv4', internal: false }],
} as unknown as Parameters<typeof reachableHosts>[1];

function tempDir(label: string): string {
  return mkdtempSync(path.join(tmpdir(), `reelsync-${label}-`));
}

/** GET over https, accepting a self-signed certificate; also returns the peer certificate. */
function httpsGet(
  url: string,
): Promise<{ status: number; body: string; fingerprint: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      const socket = res.socket;
      const fingerprint =
        socket instanceof TLSSocket ? socket.getPeerCertificate().fingerprint256 : undefined;
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString(),
          fingerprint,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('LAN options', () => {
  it('parses --https, --cert-dir and --public-url from flags and env', () => {
    const { config } = parseConfig(['--https', '--public-url', 'https://review.example.com:8443'], {
      CERT_DIR: '/var/lib/reelsync/tls',
    });
    expect(config).toMatchObject({
      https: true,
      certDir: '/var/lib/reelsync/tls',
      // A base for share links: always ends in a slash.
      publicUrl: 'https://review.example.com:8443/',
    });
    expect(
      parseConfig([], { HTTPS: 'true', PUBLIC_URL: 'http://10.0.0.7:8080/review' }).config,
    ).toMatchObject({ https: true, publicUrl: 'http://10.0.0.7:8080/review/' });
    expect(parseConfig(['--no-https'], { HTTPS: '1' }).config.https).toBe(false);
    expect(parseConfig([], {}).config.https).toBe(false);
    expect(parseConfig([], {}).config.publicUrl).toBeUndefined();
  });

  it('refuses a public URL that is not an http(s) address, and --https with a given certificate', () => {
    expect(() => parseConfig(['--public-url', 'review.local'], {})).toThrow(ConfigError);
    expect(() => parseConfig(['--public-url', 'ftp://host/'], {})).toThrow('http(s) URL');
    expect(() => parseConfig(['--public-url', 'https://h/?room=x'], {})).toThrow('?query');
    expect(() => parseConfig(['--https', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'], {})).toThrow(
      '--https generates a certificate',
    );
  });
});

describe('served addresses', () => {
  it('lists localhost and every non-internal address for a wildcard bind', () => {
    expect(reachableHosts('0.0.0.0', INTERFACES)).toEqual([
      'localhost',
      '192.168.1.20',
      '10.0.0.7',
    ]);
    expect(reachableHosts('::', INTERFACES)).toEqual([
      'localhost',
      '192.168.1.20',
      'fd00::20',
      '10.0.0.7',
    ]);
    expect(reachableHosts('127.0.0.1', INTERFACES)).toEqual(['127.0.0.1']);
    expect(serverUrls('::', 8443, true, INTERFACES)).toEqual([
      'https://localhost:8443/',
      'https://192.168.1.20:8443/',
      'https://[fd00::20]:8443/',
      'https://10.0.0.7:8443/',
    ]);
  });

  it('a generated certificate covers localhost, loopback, the host name and every address', () => {
    const names = certificateNames('0.0.0.0', INTERFACES, 'grading-suite');
    expect(names.dns).toEqual(['localhost', 'grading-suite']);
    expect(names.ips).toEqual(['127.0.0.1', '::1', '192.168.1.20', 'fd00::20', '10.0.0.7']);
    expect(certificateNames('review.lan', INTERFACES, 'x').dns).toContain('review.lan');
  });

  it('the start banner lists every address, the share-link base and the fingerprint', () => {
    const banner = startupBanner({
      urls: ['https://localhost:8443/', 'https://192.168.1.20:8443/'],
      publicUrl: 'https://review.example.com/',
      certificate: { fingerprint: 'AB:CD', source: 'generated', file: '/tmp/x/cert.pem' },
      syncUrl: 'wss://localhost:8443/sync',
    });
    expect(banner).toContain('Sync endpoint (for programs): wss://localhost:8443/sync');
    expect(banner).toContain('  https://localhost:8443/\n  https://192.168.1.20:8443/');
    expect(banner).toContain('Share links use https://review.example.com/');
    expect(banner).toContain('SHA-256 fingerprint: AB:CD');
    const plain = startupBanner({
      urls: ['http://localhost:8080/', 'http://192.168.1.20:8080/'],
      publicUrl: null,
      certificate: null,
      syncUrl: 'ws://localhost:8080/sync',
    });
    expect(plain).toContain('--https');
  });
});

describe('/api/config', () => {
  it('tells a page at localhost the LAN addresses, and nobody else', async () => {
    const running = await startTestServer({ host: '0.0.0.0' });
    servers.push(running);
    const lanUrls = serverUrls('0.0.0.0', running.port, false).slice(1);
    const local = await fetch(`http://localhost:${running.port}/api/config`);
    expect(await local.json()).toEqual({ publicUrl: null, lanUrls });
    // A page opened at a LAN address, or through a proxy, is not told the server's addresses.
    const lanAddress = lanUrls[0];
    if (lanAddress) {
      const remote = await fetch(new URL('/api/config', lanAddress));
      expect(await remote.json()).toEqual({ publicUrl: null, lanUrls: [] });
    }
    const proxied = await fetch(`http://localhost:${running.port}/api/config`, {
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(await proxied.json()).toEqual({ publicUrl: null, lanUrls: [] });
  });
});

describe('generated certificate', () => {
  it('is stored, reused across restarts, and replaced when a new address appears', async () => {
    const dir = tempDir('certdir');
    const names = { dns: ['localhost', 'studio-ws'], ips: ['127.0.0.1', '192.168.1.20'] };
    const first = await loadOrCreateCertificate(dir, names);
    expect(first.generated).toBe(true);
    expect(first.file).toBe(path.join(dir, 'selfsigned-cert.pem'));
    const x509 = new X509Certificate(first.cert);
    expect(x509.checkHost('studio-ws')).toBe('studio-ws');
    expect(x509.checkIP('192.168.1.20')).toBe('192.168.1.20');
    expect(first.fingerprint).toBe(x509.fingerprint256);
    expect(coversNames(first.cert, names)).toBe(true);

    const again = await loadOrCreateCertificate(dir, names);
    expect(again.generated).toBe(false);
    expect(again.fingerprint).toBe(first.fingerprint);

    const moved = await loadOrCreateCertificate(dir, { ...names, ips: [...names.ips, '10.0.0.7'] });
    expect(moved.generated).toBe(true);
    expect(moved.fingerprint).not.toBe(first.fingerprint);
    expect(new X509Certificate(moved.cert).checkIP('10.0.0.7')).toBe('10.0.0.7');
  });

  it('an expiring certificate is not reused', async () => {
    const dir = tempDir('certdir');
    const names = { dns: ['localhost'], ips: ['127.0.0.1'] };
    const { cert } = await loadOrCreateCertificate(dir, names);
    expect(coversNames(cert, names, Date.now() + 364 * 24 * 3600_000)).toBe(false);
  });
});

describe('--https server', () => {
  it('serves / over https and /sync over wss with the generated certificate', async () => {
    const certDir = tempDir('certdir');
    const running = await startTestServer({
      https: true,
      certDir,
      publicUrl: 'https://review.example.com/',
    });
    servers.push(running);
    expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(running.syncUrl).toMatch(/^wss:\/\//);
    expect(running.certificate).toMatchObject({ source: 'generated' });

    const page = await httpsGet(`${running.url}/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('ReelSync test');
    // The certificate served is the one whose fingerprint the server reports.
    expect(page.fingerprint).toBe(running.certificate?.fingerprint);

    const config = await httpsGet(`${running.url}/api/config`);
    expect(JSON.parse(config.body)).toEqual({
      publicUrl: 'https://review.example.com/',
      lanUrls: [],
    });

    const client = await TestClient.greeted(running.syncUrl, { rejectUnauthorized: false });
    clients.push(client);
    const joined = await client.request('room.create', {}, 'room.joined');
    expect(joined.payload.role).toBe('host');
    // Without accepting the self-signed certificate, the connection is refused.
    await expect(TestClient.connect(running.syncUrl)).rejects.toThrow();

    // A restart with the same directory presents the same certificate.
    const port = running.port;
    await running.close();
    servers.splice(servers.indexOf(running), 1);
    const restarted = await startTestServer({ https: true, certDir, port });
    servers.push(restarted);
    expect(restarted.certificate?.fingerprint).toBe(running.certificate?.fingerprint);
    expect(JSON.parse((await httpsGet(`${restarted.url}/api/config`)).body)).toEqual({
      publicUrl: null,
      lanUrls: [],
    });
  });

  it('the CLI prints every address it serves and the certificate fingerprint', async () => {
    const certDir = tempDir('certdir');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/cli.ts', '--https', '--host', '0.0.0.0', '--port', '0'],
      {
        cwd: path.resolve(import.meta.dirname, '../..'),
        env: { ...process.env, CERT_DIR: certDir, STATIC_DIR: testStaticDir(), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      // tsx compiles the server on start: slow on a busy machine.
      const deadline = Date.now() + 50_000;
      while (!out.includes('SHA-256 fingerprint') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(out).toContain('ReelSync is running at:');
      const port = /https:\/\/localhost:(\d+)\//.exec(out)?.[1];
      expect(port).toBeDefined();
      for (const url of serverUrls('0.0.0.0', Number(port), true)) expect(out).toContain(url);
      const fingerprint = /SHA-256 fingerprint: ([0-9A-F:]+)/.exec(out)?.[1];
      const served = await httpsGet(`https://127.0.0.1:${port}/`);
      expect(served.fingerprint).toBe(fingerprint);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
