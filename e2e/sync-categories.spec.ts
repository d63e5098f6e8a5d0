// Issue #20: in/out, loop mode and channel mode on switches of their own, RV's send/accept per
// category, and the host's per-user send locks, in two real browsers against the real server.
// "Keeps its own value" is checked behind a barrier: a seek sent after the change (playback
// follows), so once the other page shows that frame, the change would have arrived too.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  api,
  byId,
  closeAll,
  followCategories,
  openPanel,
  openPerson,
  playback,
  room,
  selfId,
  viewState,
  type Person,
} from './helpers/network';

let people: Person[] = [];
test.afterEach(async () => {
  await closeAll(...people);
  people = [];
});

async function pairInRoom(browser: Parameters<typeof openPerson>[0], baseURL: string) {
  const host = await openPerson(browser, baseURL, { name: 'Hana' });
  const guest = await openPerson(browser, baseURL, { name: 'Gus' });
  people.push(host, guest);
  await room(host.page, guest.page);
  return { host: host.page, guest: guest.page };
}

/**
 * `from` seeks to `frame`; resolves once `to` is on it (everything sent before has arrived).
 * The session's frame, not the picture's: a channel other than RGB hides the frame-ID strip.
 */
async function barrier(from: Page, to: Page, frame: number): Promise<void> {
  await api(from, `(r) => r.session.seek(${frame})`);
  await expect.poll(async () => (await playback(to)).frame).toBe(frame);
}

const inOut = async (page: Page) => {
  const state = await playback(page);
  return [state.inPoint, state.outPoint];
};
const loopMode = async (page: Page) => (await playback(page)).loopMode;
const channel = async (page: Page) => (await viewState(page)).channel;

test.describe('sync categories', () => {
  test('in/out: off keeps each page’s own range; on follows both ways', async ({
    browser,
    baseURL,
  }) => {
    const { host, guest } = await pairInRoom(browser, baseURL ?? '');
    for (const page of [host, guest])
      await expect(byId(page, 'network-sync-inout')).not.toBeChecked();
    await api(guest, '(r) => { r.session.setInPoint(5); r.session.setOutPoint(1300); }');
    await api(host, '(r) => { r.session.setInPoint(100); r.session.setOutPoint(1200); }');
    await barrier(host, guest, 400);
    expect(await inOut(guest)).toEqual([5, 1300]);
    await barrier(guest, host, 401);
    expect(await inOut(host)).toEqual([100, 1200]);

    // Turned on, both follow the room's range (neither page had shared its own).
    await followCategories([host, guest], { inout: true });
    const room = await api<{ inPoint: number; outPoint: number }>(
      host,
      '(r) => r.network.roomMotion',
    );
    await expect.poll(() => inOut(guest)).toEqual([room.inPoint, room.outPoint]);
    await expect.poll(() => inOut(host)).toEqual([room.inPoint, room.outPoint]);
    await api(host, '(r) => { r.session.setInPoint(120); r.session.setOutPoint(1200); }');
    await expect.poll(() => inOut(guest)).toEqual([120, 1200]);
    await api(guest, '(r) => r.session.setOutPoint(900)');
    await expect.poll(() => inOut(host)).toEqual([120, 900]);
  });

  test('loop mode: off keeps each page’s own; on follows both ways', async ({
    browser,
    baseURL,
  }) => {
    const { host, guest } = await pairInRoom(browser, baseURL ?? '');
    await api(host, "(r) => r.session.setLoopMode('pingpong')");
    await barrier(host, guest, 300);
    expect(await loopMode(guest)).toBe('loop');
    await api(guest, "(r) => r.session.setLoopMode('once')");
    await barrier(guest, host, 301);
    expect(await loopMode(host)).toBe('pingpong');

    // Turned on, both follow the room's loop mode (neither page had shared its own).
    await followCategories([host, guest], { loop: true });
    await expect.poll(() => loopMode(guest)).toBe('loop');
    await expect.poll(() => loopMode(host)).toBe('loop');
    await api(guest, "(r) => r.session.setLoopMode('once')");
    await expect.poll(() => loopMode(host)).toBe('once');
    await api(host, "(r) => r.session.setLoopMode('pingpong')");
    await expect.poll(() => loopMode(guest)).toBe('pingpong');
  });

  test('channel mode: off keeps each page’s own while zoom follows; on follows both ways', async ({
    browser,
    baseURL,
  }) => {
    const { host, guest } = await pairInRoom(browser, baseURL ?? '');
    await api(host, "(r) => { r.viewer.setChannel('red'); r.viewer.setZoom(1.5); }");
    await expect.poll(async () => (await viewState(guest)).zoom).toBe(1.5);
    await barrier(host, guest, 200);
    expect(await channel(guest)).toBe('rgb');
    await api(guest, "(r) => r.viewer.setChannel('blue')");
    await barrier(guest, host, 201);
    expect(await channel(host)).toBe('red');

    // Turned on, both follow the room's channel (neither page had shared its own).
    await followCategories([host, guest], { channel: true });
    await expect.poll(() => channel(guest)).toBe('rgb');
    await expect.poll(() => channel(host)).toBe('rgb');
    await api(guest, "(r) => r.viewer.setChannel('green')");
    await expect.poll(() => channel(host)).toBe('green');
    await api(host, "(r) => r.viewer.setChannel('luminance')");
    await expect.poll(() => channel(guest)).toBe('luminance');
  });

  test('send-only shares mine and keeps mine; accept-only follows and shares nothing', async ({
    browser,
    baseURL,
  }) => {
    const { host, guest } = await pairInRoom(browser, baseURL ?? '');
    await followCategories([host], { loop: true, channel: true });
    await openPanel(guest);
    // Loop: the guest shares its own but does not follow (send only).
    await byId(guest, 'network-sync-loop-send').check();
    await expect(byId(guest, 'network-sync-loop-accept')).not.toBeChecked();
    await expect
      .poll(() => guest.evaluate(() => window.reelsync?.network.directions.loop))
      .toEqual({ send: true, accept: false });
    // The checkbox is neither on nor off while only one direction is.
    expect(
      await byId(guest, 'network-sync-loop').evaluate(
        (box) => (box as HTMLInputElement).indeterminate,
      ),
    ).toBe(true);
    await api(guest, "(r) => r.session.setLoopMode('pingpong')");
    await expect.poll(() => loopMode(host)).toBe('pingpong');
    await api(host, "(r) => r.session.setLoopMode('once')");
    await barrier(host, guest, 250);
    expect(await loopMode(guest)).toBe('pingpong');

    // Channel: the guest follows the room but keeps its own choices private (accept only).
    await byId(guest, 'network-sync-channel-accept').check();
    await api(host, "(r) => r.viewer.setChannel('red')");
    await expect.poll(() => channel(guest)).toBe('red');
    await api(guest, "(r) => r.viewer.setChannel('alpha')");
    await barrier(guest, host, 251);
    expect(await channel(host)).toBe('red');
  });

  test('the host stops a user from sharing in/out: the user is told, the switch locks, the room keeps its range', async ({
    browser,
    baseURL,
  }) => {
    const { host, guest } = await pairInRoom(browser, baseURL ?? '');
    await followCategories([host, guest], { inout: true });
    const guestId = (await selfId(guest)) ?? '';
    await openPanel(host);
    await byId(host, `network-user-locks-${guestId}`).locator('summary').click();
    const allowed = byId(host, `network-user-send-${guestId}-inout`);
    await expect(allowed).toBeChecked();
    await allowed.uncheck();

    // The user sees why in the chrome, and the send switch of that category is locked.
    await expect(
      byId(guest, 'toast-message').filter({ hasText: 'stopped you from sharing In/out points' }),
    ).toBeVisible();
    const badge = byId(guest, 'network-sync-locked').and(guest.locator('[data-category="inout"]'));
    await expect(badge).toBeVisible();
    await expect(byId(guest, 'network-sync-inout-send')).toBeDisabled();
    await expect(byId(host, `network-user-send-${guestId}-inout`)).not.toBeChecked();

    // The user's change stays on their screen and is not the room's; the host's still follows.
    await api(guest, '(r) => r.session.setInPoint(50)');
    await barrier(guest, host, 333);
    expect((await inOut(host))[0]).not.toBe(50);
    expect((await inOut(guest))[0]).toBe(50);
    await api(host, '(r) => r.session.setInPoint(60)');
    await expect.poll(async () => (await inOut(guest))[0]).toBe(60);

    // Lifted: the switch unlocks and the user's changes go out again.
    await byId(host, `network-user-send-${guestId}-inout`).check();
    await expect(badge).toBeHidden();
    await expect(byId(guest, 'network-sync-inout-send')).toBeEnabled();
    await api(guest, '(r) => r.session.setInPoint(70)');
    await expect.poll(async () => (await inOut(host))[0]).toBe(70);
  });
});
