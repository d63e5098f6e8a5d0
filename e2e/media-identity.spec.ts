// Media identity in two real pages: the host opens a file; the guest is told "Host is viewing
// <name> — open your copy"; opening a different file through the banner shows the mismatch
// warning and the `conflict` sync status; the right file makes it follow silently. Then wait for
// everyone: the host's play is held until the guest has the media, and starts for both.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { byId, closeAll, openPerson, playback, pressKey, room, selfId } from './helpers/network';

const MEDIA_DIR = path.resolve(import.meta.dirname, 'media');
const CLIP = path.join(MEDIA_DIR, 'strip-48f-24fps.webm');
const SEQUENCE = [1001, 1002, 1003, 1004, 1005].map((n) => path.join(MEDIA_DIR, `shot.${n}.png`));

async function mediaStatusOf(observer: Page, subject: Page): Promise<string | null> {
  const id = await selfId(subject);
  return observer.getByTestId(`media-user-${id}`).getAttribute('data-media-status');
}

test('a media mismatch shows the warning and the conflict status; the right file clears it', async ({
  browser,
  server,
}) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  await room(host.page, guest.page);

  // Both show the demo clip: same media, nothing to say.
  await expect(byId(guest.page, 'media-summary')).toHaveText('Media: 2/2 ready');
  await expect(byId(guest.page, 'media-banner')).toBeHidden();

  // The host opens a file: the guest is asked for its copy.
  await byId(host.page, 'media-input').setInputFiles(CLIP);
  await expect(byId(guest.page, 'media-banner-text')).toHaveText(
    'Host is viewing strip-48f-24fps.webm — open your copy',
  );
  await expect.poll(() => mediaStatusOf(host.page, guest.page)).toBe('missing');
  await expect(byId(host.page, 'media-summary')).toHaveText('Media: 1 not ready');

  // The guest opens a different file as its copy: a clear mismatch, held as the conflict status.
  await byId(guest.page, 'media-identity-input').setInputFiles(SEQUENCE);
  await expect(byId(guest.page, 'media-banner')).toHaveAttribute('data-status', 'mismatch');
  await expect(byId(guest.page, 'media-banner-text')).toHaveText(
    'Media mismatch: your file is not the host’s “strip-48f-24fps.webm”',
  );
  await expect(byId(guest.page, 'media-banner-detail')).toContainText('Host’s: frames 1–48');
  await expect(byId(guest.page, 'sync-status')).toHaveAttribute('data-status', 'conflict');
  await expect.poll(() => mediaStatusOf(host.page, guest.page)).toBe('mismatch');

  // The right file: the banner goes, the status recovers, the host sees the guest ready.
  await byId(guest.page, 'media-identity-input').setInputFiles(CLIP);
  await expect(byId(guest.page, 'media-banner')).toBeHidden();
  await expect(byId(guest.page, 'sync-status')).toHaveAttribute('data-status', 'synced');
  await expect.poll(() => mediaStatusOf(host.page, guest.page)).toBe('ready');
  await expect(byId(host.page, 'media-summary')).toHaveText('Media: 2/2 ready');
  await closeAll(host, guest);
});

test('wait for everyone: the host’s play starts for both once the guest has the media', async ({
  browser,
  server,
}) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  await room(host.page, guest.page);
  await byId(host.page, 'media-wait-for-everyone').check();
  await expect(byId(guest.page, 'media-wait-for-everyone')).toBeChecked();
  await byId(host.page, 'media-input').setInputFiles(CLIP);
  await expect.poll(() => mediaStatusOf(host.page, guest.page)).toBe('missing');

  await pressKey(host.page, 'Space');
  // Held by the server: both see whom it waits for; the host is put back to paused.
  await expect(byId(host.page, 'media-waiting-text')).toHaveText('Waiting for 1 user… (Guest)');
  await expect(byId(guest.page, 'media-waiting-text')).toHaveText('Waiting for 1 user… (you)');
  await expect(byId(host.page, 'media-start-now')).toBeVisible();
  await expect.poll(async () => (await playback(host.page)).playing).toBe(false);
  expect((await playback(guest.page)).playing).toBe(false);

  // Only the guest's copy can start it: nobody presses play again.
  await expect(byId(guest.page, 'media-open-copy')).toBeVisible();
  await byId(guest.page, 'media-identity-input').setInputFiles(CLIP);
  await expect.poll(async () => (await playback(guest.page)).playing).toBe(true);
  await expect.poll(async () => (await playback(host.page)).playing).toBe(true);
  await expect(byId(host.page, 'media-waiting')).toBeHidden();
  await closeAll(host, guest);
});
