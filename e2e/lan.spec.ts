// LAN sessions (issue 13 item 1) in real Chromium. Chromium treats localhost and 127.0.0.0/8 as
// secure even over http, so the pages here are opened under LAN-like host names that its
// resolver maps to this machine (--host-resolver-rules): over plain http such a page is not a
// secure context (as http://<lan-address>/ is); over --https it is.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from '../server/index';
import { chromiumLaunchOptions } from './browser';
import { api, byId, createRoom, openPerson, type Person } from './helpers/network';

const LAN_HOST = 'lan.reelsync.test';
const PUBLIC_HOST = 'review.reelsync.test';
const distDir = path.resolve(import.meta.dirname, '..', 'dist');
const CLIP = path.join(import.meta.dirname, 'media', 'strip-48f-24fps.webm');

const base = chromiumLaunchOptions();
test.use({
  launchOptions: {
    ...base,
    args: [
      ...(base.args ?? []),
      `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1, MAP ${PUBLIC_HOST} 127.0.0.1`,
    ],
  },
});

/** A port that was free a moment ago (the public URL must name it before the server starts). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

// Each test loads the player in two or more contexts and opens video: slow on a busy machine.
test.describe.configure({ timeout: 180_000 });

const servers: RunningServer[] = [];
const people: Person[] = [];

test.afterEach(async () => {
  await Promise.all(people.splice(0).map((person) => person.context.close()));
});
test.afterAll(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(options: { https?: boolean; publicUrl?: string; port?: number } = {}) {
  const server = await startServer({
    port: options.port ?? 0,
    host: '127.0.0.1',
    staticDir: distDir,
    logLevel: 'warn',
    // A page's main thread can stall for seconds while another page loads on a busy machine;
    // the default 10 s from connect to hello then closes a healthy socket.
    handshakeTimeoutMs: 60_000,
    ...(options.https
      ? { https: true, certDir: mkdtempSync(path.join(tmpdir(), 'reelsync-e2e-tls-')) }
      : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  servers.push(server);
  return server;
}

test('over --https a LAN page is a secure context, decodes video, and shares the public URL', async ({
  browser,
}) => {
  const port = await freePort();
  const publicUrl = `https://${PUBLIC_HOST}:${port}/`;
  const server = await start({ https: true, publicUrl, port });
  expect(server.certificate?.source).toBe('generated');

  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  people.push({ context, page });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: `https://${LAN_HOST}:${port}`,
  });
  await page.goto(`https://${LAN_HOST}:${port}/`);
  expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
  expect(await page.evaluate(() => typeof VideoDecoder)).toBe('function');
  await expect(byId(page, 'insecure-context-notice')).toHaveCount(0);

  // Video opens (WebCodecs exists here).
  await byId(page, 'media-input').setInputFiles(CLIP);
  await expect(byId(page, 'media-name')).toContainText('strip-48f-24fps');

  // The room runs over wss, and Copy Link hands out the --public-url address.
  const code = await createRoom(page);
  await byId(page, 'network-copy-link-button').click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(`${publicUrl}?room=${code}`);
  expect(await api<string | null>(page, '(r) => r.network.shareLink()')).toBe(copied);

  // The link works: someone opening it (the public name reaches the same server) joins the room.
  const guestContext = await browser.newContext({ ignoreHTTPSErrors: true });
  // Two WebGL pages on a busy machine: give the link join more than the default 10 s.
  await guestContext.addInitScript(() => {
    (window as { REELSYNC_CONFIG?: unknown }).REELSYNC_CONFIG = { connectTimeoutMs: 30_000 };
  });
  const guest = await guestContext.newPage();
  people.push({ context: guestContext, page: guest });
  await guest.goto(copied);
  // A link asks before joining (the room's host, a name); Join answers it.
  await byId(guest, 'join-link-name').fill('Guest', { timeout: 30_000 });
  await byId(guest, 'join-link-join').click();
  await expect(byId(guest, 'network-room-code-display')).toHaveText(code, { timeout: 30_000 });
  await expect.poll(() => api<number>(page, '(r) => r.network.users.length')).toBe(2);
});

test('over plain http from a LAN address the header says why video cannot play and how to fix it', async ({
  browser,
}) => {
  const server = await start();
  const lanBase = `http://${LAN_HOST}:${server.port}`;
  const person = await openPerson(browser, lanBase);
  people.push(person);
  const { page } = person;
  expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
  expect(await page.evaluate(() => typeof VideoDecoder)).toBe('undefined');

  // The notice sits in the header (chrome), not over the picture.
  const notice = byId(page, 'insecure-context-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('Video off');
  const noticeBox = await notice.boundingBox();
  const headerBox = await byId(page, 'header-bar').boundingBox();
  const canvasBox = await byId(page, 'viewer-canvas').boundingBox();
  expect(noticeBox && headerBox && canvasBox).toBeTruthy();
  if (noticeBox && headerBox && canvasBox) {
    expect(noticeBox.y).toBeGreaterThanOrEqual(headerBox.y);
    expect(noticeBox.y + noticeBox.height).toBeLessThanOrEqual(headerBox.y + headerBox.height);
    expect(noticeBox.y + noticeBox.height).toBeLessThanOrEqual(canvasBox.y);
  }
  await notice.click();
  const details = byId(page, 'insecure-context-details');
  await expect(details).toBeVisible();
  await expect(details).toContainText('not a secure context');
  await expect(details).toContainText(`https://${LAN_HOST}:${server.port}/`);
  await expect(details).toContainText('--https');
  await expect(details).toContainText(`http://localhost:${server.port}/`);
  await expect(details).toContainText('ssh -L');
  await notice.click();
  await expect(details).toBeHidden();

  // Opening a video explains the secure context instead of blaming the codec.
  await page.getByTestId('media-input').setInputFiles(CLIP);
  const toast = page.getByTestId('toast-message').filter({ hasText: 'strip-48f-24fps.webm' });
  await expect(toast).toContainText('not a secure context');
  await expect(toast).toContainText('--https');
  await expect(toast).not.toContainText('codec');

  // Without --public-url, the share link is the address the page was opened at; Copy Link
  // works without navigator.clipboard (missing here) through the copy command.
  const code = await createRoom(page);
  expect(await api<string | null>(page, '(r) => r.network.shareLink()')).toBe(
    `${lanBase}/?room=${code}`,
  );
  expect(await page.evaluate(() => 'clipboard' in navigator)).toBe(false);
  await page.evaluate(() => {
    document.addEventListener('copy', (event) => {
      const field = event.target as HTMLTextAreaElement;
      (window as { copiedText?: string }).copiedText = field.value.slice(
        field.selectionStart,
        field.selectionEnd,
      );
    });
  });
  await byId(page, 'network-copy-link-button').click();
  await expect(page.getByText('Link copied to clipboard')).toBeVisible();
  expect(await page.evaluate(() => (window as { copiedText?: string }).copiedText)).toBe(
    `${lanBase}/?room=${code}`,
  );
});
