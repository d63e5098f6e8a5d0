// Sign-in (--oidc-issuer) in real Chromium against a real OpenID Connect provider (oidc-provider,
// in-process on loopback): signed out, the header offers "Sign in with <studio>" and a room is
// refused with the reason; through the provider's login and consent pages back into the player,
// the header shows the account's name, the room panel uses it, and a room is created; a room
// link opened signed out comes back to its question after the sign-in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from '../server/index';
import {
  PLAYER_CLIENT,
  startOidcProvider,
  type TestOidcProvider,
} from '../test/support/oidcProvider';
import { distDir } from './fixtures';
import { byId, openPanel } from './helpers/network';

let provider: TestOidcProvider;
let server: RunningServer;
let dataDir: string;

test.beforeAll(async () => {
  provider = await startOidcProvider();
  dataDir = mkdtempSync(path.join(tmpdir(), 'reelsync-e2e-signin-'));
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    staticDir: distDir,
    dataDir,
    logLevel: 'warn',
    oidcIssuer: provider.issuer,
    oidcClientId: PLAYER_CLIENT.id,
    oidcClientSecret: PLAYER_CLIENT.secret,
    oidcName: 'Test Studio',
    oidcAllowedDomains: ['studio.test'],
  });
  await provider.allowRedirect(`${server.url}/auth/callback`);
});

test.afterAll(async () => {
  await server?.close();
  await provider?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('sign in through the provider, land in the player, create a room', async ({
  page,
  browser,
}) => {
  await page.goto(server.url);
  const signIn = byId(page, 'signin-button');
  await expect(signIn).toHaveText('Sign in with Test Studio');

  // Signed out, the server refuses a room and the panel says why.
  await openPanel(page);
  await byId(page, 'network-create-room-button').click();
  await expect(byId(page, 'network-error')).toContainText('Sign in first');

  await signIn.click();
  await page.waitForURL(`${provider.issuer}/**`);
  await page.locator('input[name="login"]').fill('alice');
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.waitForURL(`${server.url}/`);
  await expect(byId(page, 'signin-user')).toHaveText('Alice Artist');
  await expect(byId(page, 'signin-button')).toHaveCount(0);
  await openPanel(page);
  await expect(byId(page, 'network-name-input')).toHaveValue('Alice Artist');
  await byId(page, 'network-create-room-button').click();
  const codeDisplay = byId(page, 'network-room-code-display');
  await expect(codeDisplay).toHaveText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  const code = (await codeDisplay.textContent()) ?? '';

  // A colleague opens the room's link signed out, is sent to sign in, and comes back to the
  // link's question with the account's name filled in.
  const colleague = await browser.newContext();
  const guest = await colleague.newPage();
  // The link's question could only be refused: the page goes to the sign-in by itself.
  await guest.goto(`${server.url}/?room=${code}`);
  await guest.waitForURL(`${provider.issuer}/**`);
  await guest.locator('input[name="login"]').fill('alice');
  await guest.locator('input[name="password"]').fill('any password');
  await guest.getByRole('button', { name: 'Sign-in' }).click();
  await guest.getByRole('button', { name: 'Continue' }).click();
  await guest.waitForURL(`${server.url}/?room=${code}`);
  await expect(byId(guest, 'join-link-name')).toHaveValue('Alice Artist');
  await byId(guest, 'join-link-join').click();
  await expect(byId(guest, 'network-room-code-display')).toHaveText(code);
  await colleague.close();

  // Sign out: back to the button, the session cookie gone.
  await byId(page, 'signout-button').click();
  await expect(byId(page, 'signin-button')).toBeVisible();
  const cookies = await page.context().cookies(server.url);
  expect(cookies.find((cookie) => cookie.name === 'reelsync_session')).toBeUndefined();
});
