// The room media library in two real browsers through the real server: a shot added to the
// library plays for a guest who has no copy, both showing the same frame (read from pixels) when
// paused and after stepping; "Play from the room"; a participant's add refused until the host
// allows it. URL items are streamed by each browser from a Range-serving route (studio storage).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { api, byId, closeAll, openPerson, pressKey, room, shownFrame } from './helpers/network';
import { serveWithRanges } from './helpers/rangeRoute';

const CLIP_PATH = path.resolve(import.meta.dirname, 'media', 'strip-48f-24fps.webm');
const CLIP = readFileSync(CLIP_PATH);
const STUDIO = '**/studio/*.webm*';

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

  await addUrl(guest.page, `${server.url}/studio/guest-shot.webm`);
  await expect(byId(host.page, 'library-item')).toHaveCount(1);
  await expect(byId(host.page, 'library-item-detail')).toContainText('added by Guest');
  // Not a URL at all: refused where it was typed.
  await addUrl(guest.page, 'ftp://example.com/shot.mov');
  await expect(byId(guest.page, 'library-refusal')).toHaveAttribute('data-code', 'BAD_URL');
  await closeAll(host, guest);
});
