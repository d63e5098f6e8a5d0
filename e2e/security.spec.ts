// The player under its Content-Security-Policy, in real Chromium: no violations while the demo
// plays and two people meet in a PIN room, and another site cannot frame the player.
import { expect, test } from './fixtures';
import { api, closeAll, createRoom, joinRoom, openPerson, pressKey } from './helpers/network';

test('the built player runs under the CSP: no violation while playing and joining a PIN room', async ({
  browser,
  baseURL,
}) => {
  const host = await openPerson(browser, baseURL ?? '', { name: 'Ana' });
  const guest = await openPerson(browser, baseURL ?? '', { name: 'Ben' });
  const violations: string[] = [];
  for (const { page } of [host, guest]) {
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text()))
        violations.push(message.text());
    });
    await page.evaluate(() =>
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`Refused to load: ${event.violatedDirective} ${event.blockedURI}`),
      ),
    );
  }
  const response = await host.page.request.get('/');
  expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
  const code = await createRoom(host.page, { pin: '4821' });
  await joinRoom(guest.page, code, '4821');
  await pressKey(host.page, 'Space');
  await expect
    .poll(() => api<boolean>(guest.page, '(r) => r.session.isPlaying'), { timeout: 10_000 })
    .toBe(true);
  expect(violations).toEqual([]);
  await closeAll(host, guest);
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
