// The player under its Content-Security-Policy, in real Chromium: no violations while the demo
// plays and two people meet in a PIN room, and another site cannot frame the player.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { sampleFrame } from './helpers/frameStrip';
import {
  api,
  closeAll,
  createRoom,
  joinRoom,
  openPerson,
  pressKey,
  usersCount,
} from './helpers/network';

const MEDIA_DIR = path.resolve(import.meta.dirname, 'media');

/**
 * Collects CSP violations of a page (securitypolicyviolation events). One is expected and
 * left out: TypeBox (the protocol validators) probes `new Function` once to decide whether it
 * may compile validators; under this policy the probe throws, is caught, and TypeBox uses its
 * interpreter (src/protocol/noEval.test.ts). Anything else blocked is a finding.
 */
async function watchViolations(page: Page, into: string[]): Promise<void> {
  page.on('console', (message) => {
    const match = /^CSP-VIOLATION (\S+) (.*)$/.exec(message.text());
    if (match && !(match[1] === 'script-src' && match[2] === 'eval')) into.push(message.text());
  });
  await page.evaluate(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`CSP-VIOLATION ${event.effectiveDirective} ${event.blockedURI}`),
    ),
  );
}

test('the built player runs under the CSP: no violation while playing and joining a PIN room', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000); // two browser contexts on a shared, loaded machine
  const host = await openPerson(browser, baseURL ?? '', { name: 'Ana' });
  const guest = await openPerson(browser, baseURL ?? '', { name: 'Ben' });
  const violations: string[] = [];
  for (const { page } of [host, guest]) await watchViolations(page, violations);
  const response = await host.page.request.get('/');
  expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
  const code = await createRoom(host.page, { pin: '4821' });
  await joinRoom(guest.page, code, '4821');
  await expect.poll(() => usersCount(guest.page), { timeout: 30_000 }).toBe(2);
  await pressKey(host.page, 'Space');
  await expect
    .poll(() => api<boolean>(host.page, '(r) => r.session.isPlaying'), { timeout: 30_000 })
    .toBe(true);
  expect(violations).toEqual([]);
  await closeAll(host, guest);
});

test('opening a video, an image sequence and a broken file raises no CSP violation', async ({
  browser,
  baseURL,
}) => {
  const person = await openPerson(browser, baseURL ?? '');
  const { page } = person;
  const violations: string[] = [];
  await watchViolations(page, violations);
  const input = page.getByTestId('media-input');
  await input.setInputFiles(path.join(MEDIA_DIR, 'strip-48f-24fps.webm'));
  await expect.poll(() => page.evaluate(() => window.reelsync?.media.info?.frameEnd)).toBe(48);
  await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1);
  await input.setInputFiles([1001, 1002].map((n) => path.join(MEDIA_DIR, `shot.${n}.png`)));
  await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1001);
  await input.setInputFiles(path.join(MEDIA_DIR, 'broken-truncated.webm'));
  await expect(page.getByTestId('toast')).toContainText('broken-truncated.webm');
  expect(violations).toEqual([]);
  await closeAll(person);
});

test('another site cannot frame the player (frame-ancestors)', async ({ page, server }) => {
  await page.goto('about:blank');
  await page.setContent(`<iframe id="framed" src="${server.url}/"></iframe>`);
  const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
  await page.waitForTimeout(1500);
  // A blocked frame never gets the player's document.
  const hasPlayer = await frame
    ?.evaluate(() => document.getElementById('app') !== null)
    .catch(() => false);
  expect(hasPlayer ?? false).toBe(false);
});
