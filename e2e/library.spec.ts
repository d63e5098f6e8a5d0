// The room media library in two real browsers through the real server: a shot uploaded to the
// library plays for a guest who has no copy, both showing the same frame (read from pixels) when
// paused and after stepping; an upload cut halfway resumes; a ProRes .mov plays through its
// proxy; "Play from the room"; a participant's add refused until the host allows it. URL items
// are streamed by each browser from a Range-serving route (studio storage).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startServer, type RunningServer, type ServerOptions } from '../server/index';
import { distDir, expect, test } from './fixtures';
import {
  api,
  byId,
  closeAll,
  createRoom,
  openPerson,
  pressKey,
  room,
  shownFrame,
} from './helpers/network';
import { serveWithRanges } from './helpers/rangeRoute';
import { PRORES_HQ, SMALL_CLIP, makeClip } from '../scripts/make-exotic-media';

const CLIP_PATH = path.resolve(import.meta.dirname, 'media', 'strip-48f-24fps.webm');
const CLIP = readFileSync(CLIP_PATH);
const CLIP_SHA = createHash('sha256').update(CLIP).digest('hex');
const STUDIO = '**/studio/*.webm*';
/** Small tus chunks, so an upload can be cut midway (the clip is about 205 KiB). */
const CHUNKED = { uploadChunkBytes: 32 * 1024 };

/**
 * Runs `body` against a server of its own with an empty media store: the worker's server keeps
 * every upload (content-addressed), so the same bytes added again are not uploaded again.
 */
async function withFreshServer(
  body: (server: RunningServer) => Promise<void>,
  options: Partial<ServerOptions> = {},
): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'reelsync-e2e-library-'));
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    staticDir: distDir,
    logLevel: 'warn',
    dataDir,
    ...options,
  });
  try {
    await body(server);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function openLibrary(page: Page): Promise<void> {
  if (!(await byId(page, 'library-panel').isVisible())) await byId(page, 'library-button').click();
  await expect(byId(page, 'library-panel')).toBeVisible();
}

async function addUrl(page: Page, url: string): Promise<void> {
  await openLibrary(page);
  await byId(page, 'library-url-input').fill(url);
  await byId(page, 'library-url-add').click();
}

const mediaInfo = (page: Page) =>
  api<{ name: string; fingerprint: string | null; streamed?: boolean } | null>(
    page,
    '(r) => r.media.info',
  );

test('a shot added by URL plays for the guest without a copy; both show the same frames', async ({
  browser,
  server,
}) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  for (const person of [host, guest]) await serveWithRanges(person.page, STUDIO, CLIP);
  await room(host.page, guest.page);

  await addUrl(host.page, `${server.url}/studio/strip-48f-24fps.webm`);
  const item = byId(host.page, 'library-item');
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('library-item-name')).toHaveText('strip-48f-24fps.webm');
  await expect(item).toHaveAttribute('data-state', 'ready');

  // The first shot of a room with none: the host opens it, the room follows, the guest streams.
  await expect.poll(async () => (await mediaInfo(host.page))?.name).toBe('strip-48f-24fps.webm');
  await expect.poll(async () => (await mediaInfo(guest.page))?.streamed).toBe(true);
  const [hostInfo, guestInfo] = [await mediaInfo(host.page), await mediaInfo(guest.page)];
  expect(guestInfo?.fingerprint).toBe(hostInfo?.fingerprint);
  expect(guestInfo?.fingerprint).toMatch(/^url-[0-9a-f]{64}$/);
  await expect(byId(guest.page, 'media-banner')).toBeHidden();
  await expect(byId(host.page, 'media-summary')).toHaveText('Media: 2/2 ready');
  await openLibrary(guest.page);
  await expect(byId(guest.page, 'library-item')).toHaveAttribute('data-current', 'true');

  // Same frame when paused, and after the host steps.
  await expect.poll(() => shownFrame(host.page)).toBe(1);
  await expect.poll(() => shownFrame(guest.page)).toBe(1);
  for (let i = 0; i < 5; i++) await pressKey(host.page, 'ArrowRight');
  await expect.poll(() => shownFrame(host.page)).toBe(6);
  await expect.poll(() => shownFrame(guest.page)).toBe(6);
  await api(host.page, '(r) => r.session.seek(30)');
  await expect.poll(() => shownFrame(guest.page)).toBe(30);
  await closeAll(host, guest);
});

test('the host uploads a file; the guest without a copy streams it; same frames when stepping', async ({
  browser,
}) =>
  withFreshServer(async (server) => {
    const host = await openPerson(browser, server.url, { name: 'Host' });
    const guest = await openPerson(browser, server.url, { name: 'Guest' });
    await room(host.page, guest.page);
    const guestRanges: string[] = [];
    guest.page.on('request', (request) => {
      if (new URL(request.url()).pathname === `/api/media/${CLIP_SHA}`)
        guestRanges.push(`${request.method()} ${request.headers()['range'] ?? 'none'}`);
    });

    await openLibrary(host.page);
    await byId(host.page, 'library-add-input').setInputFiles(CLIP_PATH);
    const item = byId(host.page, 'library-item');
    await expect(item).toHaveCount(1);
    await expect(item).toHaveAttribute('data-id', CLIP_SHA);
    await expect(item).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect(byId(host.page, 'library-item-detail')).toContainText('added by Host');

    // The first shot of the room: the host opens it, the guest streams it from the server.
    await expect.poll(async () => (await mediaInfo(host.page))?.fingerprint).toBe(CLIP_SHA);
    await expect.poll(async () => (await mediaInfo(guest.page))?.fingerprint).toBe(CLIP_SHA);
    expect((await mediaInfo(guest.page))?.streamed).toBe(true);
    expect(guestRanges.length).toBeGreaterThan(0);
    expect(guestRanges.every((range) => range.startsWith('GET bytes='))).toBe(true);
    await expect(byId(host.page, 'media-summary')).toHaveText('Media: 2/2 ready');

    await expect.poll(() => shownFrame(guest.page)).toBe(1);
    for (let i = 0; i < 3; i++) await pressKey(host.page, 'ArrowRight');
    await expect.poll(() => shownFrame(host.page)).toBe(4);
    await expect.poll(() => shownFrame(guest.page)).toBe(4);
    await api(host.page, '(r) => r.session.seek(41)');
    await expect.poll(() => shownFrame(host.page)).toBe(41);
    await expect.poll(() => shownFrame(guest.page)).toBe(41);
    await closeAll(host, guest);
  }));

test('an upload cut halfway resumes from where it stopped', async ({ browser }) =>
  withFreshServer(async (server) => {
    const host = await openPerson(browser, server.url, { name: 'Host', config: CHUNKED });
    await createRoom(host.page);
    const offsets: number[] = [];
    let cut = false;
    await host.page.route('**/api/uploads/**', async (route) => {
      const request = route.request();
      if (request.method() !== 'PATCH') return route.continue();
      offsets.push(Number(request.headers()['upload-offset']));
      // The third chunk never arrives: the connection drops.
      if (!cut && offsets.length === 3) {
        cut = true;
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await openLibrary(host.page);
    await byId(host.page, 'library-add-input').setInputFiles(CLIP_PATH);
    await expect(byId(host.page, 'library-item')).toHaveAttribute('data-state', 'ready', {
      timeout: 30_000,
    });
    expect(cut).toBe(true);
    // After the cut, the upload went on from the last chunk the server had, not from zero.
    const chunk = CHUNKED.uploadChunkBytes;
    expect(offsets.slice(0, 4)).toEqual([0, chunk, 2 * chunk, 2 * chunk]);
    expect(offsets.filter((offset) => offset === 0)).toHaveLength(1);
    await expect.poll(async () => (await mediaInfo(host.page))?.fingerprint).toBe(CLIP_SHA);
    await closeAll(host);
  }));

test('after a reload the unfinished upload is listed and resumes when the file is picked again', async ({
  browser,
}) =>
  withFreshServer(async (server) => {
    const host = await openPerson(browser, server.url, { name: 'Host', config: CHUNKED });
    await createRoom(host.page);
    // The network dies after two chunks: every later PATCH fails until the page reloads.
    let patches = 0;
    await host.page.route('**/api/uploads/**', (route) => {
      if (route.request().method() !== 'PATCH') return route.continue();
      patches++;
      return patches > 2 ? route.abort('internetdisconnected') : route.continue();
    });
    await openLibrary(host.page);
    await byId(host.page, 'library-add-input').setInputFiles(CLIP_PATH);
    await expect(byId(host.page, 'library-item-state')).toContainText('Connection lost at');
    // Reloaded while the route still cuts every PATCH (the old page's retries must not land).
    await host.page.reload();
    await expect(byId(host.page, 'network-button')).toHaveAttribute('data-state', 'connected');
    await host.page.unrouteAll({ behavior: 'ignoreErrors' });

    await openLibrary(host.page);
    const unfinished = byId(host.page, 'library-unfinished');
    await expect(unfinished).toContainText('strip-48f-24fps.webm');
    await expect(unfinished).toContainText('Pick or drop the same file to resume');
    const offsets: number[] = [];
    host.page.on('request', (request) => {
      if (request.method() === 'PATCH' && request.url().includes('/api/uploads/'))
        offsets.push(Number(request.headers()['upload-offset']));
    });
    await byId(host.page, 'library-add-input').setInputFiles(CLIP_PATH);
    const item = host.page.locator(`[data-testid="library-item"][data-id="${CLIP_SHA}"]`);
    await expect(item).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect(byId(host.page, 'library-item')).toHaveCount(1);
    await expect(unfinished).toHaveCount(0);
    // Resumed where the server stopped (after the chunks it had), never from the start.
    expect(offsets[0]).toBe(2 * CHUNKED.uploadChunkBytes);
    expect(offsets).not.toContain(0);
    await closeAll(host);
  }));

test('a kept copy plays without the network', async ({ browser, server }) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  await room(host.page, guest.page);
  await openLibrary(host.page);
  await byId(host.page, 'library-add-input').setInputFiles(CLIP_PATH);
  await expect.poll(async () => (await mediaInfo(guest.page))?.streamed).toBe(true);

  await openLibrary(guest.page);
  const keep = byId(guest.page, 'library-keep');
  await expect(keep).toHaveText('Keep a copy');
  await keep.click();
  await expect(keep).toHaveText('Remove copy');
  // The server's media is gone for this page: the copy still opens, with the same identity.
  await guest.page.route('**/api/media/**', (route) => route.abort('internetdisconnected'));
  await byId(guest.page, 'library-item-name').click();
  await expect.poll(async () => (await mediaInfo(guest.page))?.streamed ?? false).toBe(false);
  expect((await mediaInfo(guest.page))?.fingerprint).toBe(CLIP_SHA);
  await api(host.page, '(r) => r.session.seek(20)');
  await expect.poll(() => shownFrame(guest.page)).toBe(20);
  await closeAll(host, guest);
});

test('a ProRes .mov plays for both through its proxy, frame-accurately', async ({
  browser,
  server,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'reelsync-prores-'));
  try {
    const prores = await makeClip(path.join(dir, 'sh010_prores.mov'), PRORES_HQ, SMALL_CLIP);
    const host = await openPerson(browser, server.url, { name: 'Host' });
    const guest = await openPerson(browser, server.url, { name: 'Guest' });
    await room(host.page, guest.page);
    await openLibrary(host.page);
    await byId(host.page, 'library-add-input').setInputFiles(prores);
    const item = byId(host.page, 'library-item');
    await expect(item).toHaveAttribute('data-state', 'ready', { timeout: 45_000 });
    await expect(byId(host.page, 'library-item-detail')).toContainText('prores');
    const proresSha = createHash('sha256').update(readFileSync(prores)).digest('hex');
    for (const page of [host.page, guest.page])
      await expect.poll(async () => (await mediaInfo(page))?.fingerprint).toBe(proresSha);
    expect((await mediaInfo(guest.page))?.name).toBe('sh010_prores.mov');
    await expect.poll(() => shownFrame(guest.page)).toBe(1);
    await api(host.page, '(r) => r.session.seek(40)');
    await expect.poll(() => shownFrame(host.page)).toBe(40);
    await expect.poll(() => shownFrame(guest.page)).toBe(40);
    await pressKey(host.page, 'ArrowLeft');
    await expect.poll(() => shownFrame(guest.page)).toBe(39);
    await closeAll(host, guest);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an upload over the server’s per-file limit is refused in a row that says what to do', async ({
  browser,
}) =>
  withFreshServer(
    async (server) => {
      const host = await openPerson(browser, server.url, { name: 'Host' });
      await createRoom(host.page);
      await openLibrary(host.page);
      await byId(host.page, 'library-add-input').setInputFiles(CLIP_PATH);
      const refusal = byId(host.page, 'library-refusal');
      await expect(refusal).toHaveAttribute('data-code', 'FILE_TOO_LARGE');
      await expect(refusal).toContainText('strip-48f-24fps.webm');
      await expect(refusal).toContainText(
        'ask whoever runs the server to raise its per-file limit',
      );
      await expect(byId(host.page, 'library-item')).toHaveCount(0);
      await closeAll(host);
    },
    { maxFileBytes: 100_000 },
  ));

test('"Play from the room" brings the guest back to the room’s shot', async ({
  browser,
  server,
}) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  for (const person of [host, guest]) await serveWithRanges(person.page, STUDIO, CLIP);
  await room(host.page, guest.page);
  await addUrl(host.page, `${server.url}/studio/strip-48f-24fps.webm`);
  await expect.poll(async () => (await mediaInfo(guest.page))?.streamed).toBe(true);

  // The guest opens something else: the banner offers the room's shot, one click plays it.
  await byId(guest.page, 'media-input').setInputFiles(
    path.resolve(import.meta.dirname, 'media', 'shot.1001.png'),
  );
  await expect(byId(guest.page, 'media-banner')).toBeVisible();
  const stream = byId(guest.page, 'media-stream-button');
  await expect(stream).toHaveText('Play from the room');
  await stream.click();
  await expect(byId(guest.page, 'media-banner')).toBeHidden();
  await expect.poll(async () => (await mediaInfo(guest.page))?.streamed).toBe(true);
  await expect.poll(() => shownFrame(guest.page)).toBe(await shownFrame(host.page));
  await closeAll(host, guest);
});

test('a participant’s add is refused with the reason until the host allows adding', async ({
  browser,
  server,
}) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  await room(host.page, guest.page);
  await openLibrary(guest.page);
  await expect(byId(guest.page, 'library-status')).toContainText('Only the host adds media');
  await expect(byId(guest.page, 'library-participants-may-add')).toBeDisabled();

  await byId(guest.page, 'library-add-input').setInputFiles(CLIP_PATH);
  const refusal = byId(guest.page, 'library-refusal');
  await expect(refusal).toHaveAttribute('data-code', 'FORBIDDEN');
  await expect(refusal).toContainText('strip-48f-24fps.webm');
  await expect(refusal).toContainText('ask the host to turn on “Participants may add”');
  await expect(byId(guest.page, 'library-item')).toHaveCount(0);

  await openLibrary(host.page);
  await byId(host.page, 'library-participants-may-add').check();
  await expect(byId(guest.page, 'library-participants-may-add')).toBeChecked();
  await expect(byId(guest.page, 'library-status')).toBeHidden();
  await refusal.getByRole('button', { name: 'Dismiss' }).click();
  await expect(refusal).toHaveCount(0);

  await byId(guest.page, 'library-add-input').setInputFiles(CLIP_PATH);
  await expect(byId(host.page, 'library-item')).toHaveCount(1);
  await expect(byId(host.page, 'library-item-detail')).toContainText('added by Guest');
  await expect(byId(host.page, 'library-item')).toHaveAttribute('data-state', 'ready', {
    timeout: 30_000,
  });
  // Not a URL at all: refused where it was typed.
  await addUrl(guest.page, 'ftp://example.com/shot.mov');
  await expect(byId(guest.page, 'library-refusal')).toHaveAttribute('data-code', 'BAD_URL');
  await closeAll(host, guest);
});
