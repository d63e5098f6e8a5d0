// The host's controls in the network panel, in two real pages: presentation mode keeps playback
// with the host, a participant made viewer cannot steer, and the host role can be handed over.
import { expect, test } from './fixtures';
import {
  byId,
  closeAll,
  openPanel,
  openPerson,
  playback,
  pressKey,
  room,
  selfId,
} from './helpers/network';

test('presentation mode: a participant cannot start playback; the host can', async ({
  browser,
  server,
}) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  await room(host.page, guest.page);
  await openPanel(host.page);
  await byId(host.page, 'network-room-presentation').check();
  await openPanel(guest.page);
  // The participant sees the setting, read-only.
  await expect(byId(guest.page, 'network-room-presentation')).toBeChecked();
  await expect(byId(guest.page, 'network-room-presentation')).toBeDisabled();

  await pressKey(guest.page, 'Space');
  // The server refuses the participant's play; the room (and the guest) stay paused.
  await expect.poll(async () => (await playback(guest.page)).playing).toBe(false);
  expect((await playback(host.page)).playing).toBe(false);
  await expect(
    guest.page.getByTestId('toast-message').filter({ hasText: 'only the host controls playback' }),
  ).toBeVisible();

  await pressKey(host.page, 'Space');
  await expect.poll(async () => (await playback(guest.page)).playing).toBe(true);
  await closeAll(host, guest);
});

test('the host makes a participant a viewer, then hands over the host role', async ({
  browser,
  server,
}) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  await room(host.page, guest.page);
  const guestId = await selfId(guest.page);
  await openPanel(host.page);
  await byId(host.page, `network-user-action-${guestId}`).selectOption('viewer');
  await openPanel(guest.page);
  await expect(byId(guest.page, 'network-user-list')).toContainText('You (Viewer)');

  // A viewer's Space is put back: the room stays paused for everyone.
  await pressKey(guest.page, 'Space');
  await expect.poll(async () => (await playback(guest.page)).playing).toBe(false);
  expect((await playback(host.page)).playing).toBe(false);
  await expect(
    guest.page.getByTestId('toast-message').filter({ hasText: 'You are a viewer' }),
  ).toBeVisible();

  await byId(host.page, `network-user-action-${guestId}`).selectOption('host');
  await expect(byId(guest.page, 'network-user-list')).toContainText('You (Host)');
  await expect(byId(host.page, 'network-user-list')).toContainText('You (Participant)');
  await closeAll(host, guest);
});
