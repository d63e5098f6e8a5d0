// The host's powers of issue 14, in real pages: "Remove from room" in the user list (the removed
// person is told why and is out of the room) and "Change PIN" in the room panel (the old PIN
// no longer admits, the new one does).
import { expect, test } from './fixtures';
import {
  byId,
  closeAll,
  createRoom,
  joinRoom,
  openPanel,
  openPerson,
  room,
  selfId,
  usersCount,
} from './helpers/network';

test('the host removes a member: the member is told why and is out of the room', async ({
  browser,
  server,
}) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  await room(host.page, guest.page);
  const guestId = await selfId(guest.page);
  await openPanel(host.page);
  const remove = byId(host.page, `network-user-remove-${guestId}`);
  await expect(remove).toHaveText('Remove from room');
  // A first click only asks for confirmation.
  await remove.click();
  await expect(remove).toHaveText('Click again to remove');
  expect(await usersCount(host.page)).toBe(2);
  await remove.click();

  await expect(
    guest.page
      .getByTestId('toast-message')
      .filter({ hasText: 'The host removed you from this room' }),
  ).toBeVisible();
  await expect.poll(() => usersCount(host.page)).toBe(1);
  await expect(byId(host.page, `network-user-${guestId}`)).toHaveCount(0);
  await expect(byId(guest.page, 'network-button')).not.toHaveAttribute('data-state', 'connected');
  // Only the host sees the action, never on itself.
  const hostId = await selfId(host.page);
  await expect(byId(host.page, `network-user-remove-${hostId}`)).toHaveCount(0);
  await closeAll(host, guest);
});

test('the host changes the PIN: the old one is refused, the new one admits', async ({
  browser,
  server,
}) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const member = await openPerson(browser, server.url, { name: 'Member' });
  const code = await createRoom(host.page, { pin: '1234' });
  await joinRoom(member.page, code, '1234');
  await openPanel(member.page);
  // Not the host: no Change PIN.
  await expect(byId(member.page, 'network-change-pin-button')).toBeHidden();

  await byId(host.page, 'network-change-pin-button').click();
  await byId(host.page, 'network-change-pin-input').fill('12');
  await byId(host.page, 'network-change-pin-save').click();
  await expect(byId(host.page, 'network-change-pin-message')).toHaveText(
    'A PIN has 4 to 32 characters and no spaces.',
  );
  await byId(host.page, 'network-change-pin-input').fill('5678');
  await byId(host.page, 'network-change-pin-save').click();
  await expect(
    member.page.getByTestId('toast-message').filter({ hasText: 'The room PIN was changed' }),
  ).toBeVisible();

  const late = await openPerson(browser, server.url, { name: 'Late' });
  await openPanel(late.page);
  await byId(late.page, 'network-room-code-input').fill(code);
  await byId(late.page, 'network-pin-input').fill('1234');
  await byId(late.page, 'network-join-room-button').click();
  await expect(byId(late.page, 'network-panel')).toContainText('Wrong PIN');
  await byId(late.page, 'network-pin-input').fill('5678');
  await byId(late.page, 'network-join-room-button').click();
  await expect(byId(late.page, 'network-room-code-display')).toHaveText(code);
  await expect.poll(() => usersCount(host.page)).toBe(3);
  await closeAll(host, member, late);
});
