// Streaming playback in real Chromium: a video opened by URL is read with HTTP range requests
// (served here by a page route that honours Range, like the media server), shows the right
// frames when stepping, carries its URL identity, and a refusal says why without the URL.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { api, pressKey, shownFrame } from './helpers/network';
import { serveWithRanges } from './helpers/rangeRoute';

const CLIP = readFileSync(path.resolve(import.meta.dirname, 'media', 'strip-48f-24fps.webm'));

test('a video opened by URL streams with range requests and steps frame-accurately', async ({
  page,
}) => {
  await page.goto('/');
  const url = `${new URL(page.url()).origin}/remote/strip-48f-24fps.webm?token=abc`;
  const ranges = await serveWithRanges(page, '**/remote/strip-48f-24fps.webm*', CLIP);
  expect(await api<boolean>(page, `(r) => r.media.openUrl(${JSON.stringify(url)})`)).toBe(true);
  const info = await api<{
    name: string;
    fingerprint: string;
    streamed: boolean;
    frameEnd: number;
  }>(page, '(r) => r.media.info');
  expect(info).toMatchObject({ name: 'strip-48f-24fps.webm', streamed: true, frameEnd: 48 });
  expect(info.fingerprint).toMatch(/^url-[0-9a-f]{64}$/);
  expect(ranges.length).toBeGreaterThan(0);
  await expect.poll(() => shownFrame(page)).toBe(1);
  await pressKey(page, 'ArrowRight');
  await pressKey(page, 'ArrowRight');
  await expect.poll(() => shownFrame(page)).toBe(3);
  await api(page, '(r) => r.session.seek(40)');
  await expect.poll(() => shownFrame(page)).toBe(40);
});

test('a refused stream says why in a toast and keeps the media on screen', async ({ page }) => {
  await page.goto('/');
  await page.route('**/remote/denied.mp4*', (route) =>
    route.fulfill({
      status: 403,
      contentType: 'application/json',
      body: JSON.stringify({ code: 'MEDIA_TOKEN_INVALID', message: 'the media token expired' }),
    }),
  );
  const before = await api<string>(page, '(r) => r.media.info.name');
  const opened = await api<boolean>(
    page,
    `(r) => r.media.openUrl(location.origin + '/remote/denied.mp4?token=secret-value')`,
  );
  expect(opened).toBe(false);
  const toast = page.getByTestId('toast-message').filter({ hasText: 'denied.mp4' });
  await expect(toast).toContainText('the media token expired');
  await expect(toast).not.toContainText('secret-value');
  expect(await api<string>(page, '(r) => r.media.info.name')).toBe(before);
});
