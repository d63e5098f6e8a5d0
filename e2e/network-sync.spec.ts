// The spec's collaboration E2E rows (NET-001…043, NET-070…072) in real Chromium pages against the
// real server: each row drives one person's page and checks what the *other* person sees — their
// session state and, for playback and view, the pixels on their canvas.
import type { Page } from '@playwright/test';
import { frameAt } from '../src/core/playback/motion';
import { expect, test } from './fixtures';
import { sampleFramesFor } from './helpers/frameStrip';
import {
  api,
  byId,
  closeAll,
  createRoom,
  followCategories,
  joinRoom,
  openPanel,
  openPerson,
  playback,
  pressKey,
  recordToasts,
  room,
  seenToasts,
  selfId,
  shownFrame,
  viewState,
  type Person,
} from './helpers/network';
import { canvasDigest, comparePictures } from './helpers/pixels';

/**
 * The largest distance between a frame the page drew over half a second (read from its pixels)
 * and the frame `motion` gives at the display tick that drew it.
 */
async function worstMiss(page: Page, motion: Parameters<typeof frameAt>[0]): Promise<number> {
  const samples = (await sampleFramesFor(page, 500)).filter(
    (s) => s.decoded !== null && s.tickTime !== null && s.decoded === s.sessionFrame,
  );
  if (samples.length < 3) return Number.POSITIVE_INFINITY;
  return Math.max(
    ...samples.map((s) => Math.abs((s.decoded ?? 0) - frameAt(motion, s.tickTime ?? 0))),
  );
}

let people: Person[] = [];
const two = async (browserOpen: () => Promise<Person>) => {
  const a = await browserOpen();
  const b = await browserOpen();
  people.push(a, b);
  return [a.page, b.page] as const;
};
test.afterEach(async () => {
  await closeAll(...people);
  people = [];
});

test.describe('Connection', () => {
  test('NET-001 network button is visible in the header before Help', async ({
    browser,
    baseURL,
  }) => {
    const person = await openPerson(browser, baseURL ?? '');
    people.push(person);
    const { page } = person;
    await expect(byId(page, 'network-button')).toBeVisible();
    const order = await page
      .getByTestId('header-utility')
      .evaluate((utility) =>
        [...utility.querySelectorAll('[data-testid]')].map((n) => n.getAttribute('data-testid')),
      );
    expect(order.indexOf('network-button')).toBeLessThan(order.indexOf('help-button'));
  });

  test('NET-002 network panel opens with create/join options', async ({ browser, baseURL }) => {
    const person = await openPerson(browser, baseURL ?? '');
    people.push(person);
    await person.page.getByTestId('network-button').click();
    const panel = byId(person.page, 'network-panel');
    await expect(panel).toBeVisible();
    await expect(byId(person.page, 'network-create-room-button')).toBeVisible();
    await expect(byId(person.page, 'network-room-code-input')).toBeVisible();
    await expect(byId(person.page, 'network-join-room-button')).toBeVisible();
    expect((await panel.boundingBox())?.width).toBe(280);
  });

  test('NET-003 network panel closes on outside click', async ({ browser, baseURL }) => {
    const person = await openPerson(browser, baseURL ?? '');
    people.push(person);
    await openPanel(person.page);
    await byId(person.page, 'media-name').click();
    await expect(byId(person.page, 'network-panel')).toBeHidden();
  });

  test('NET-004 network panel closes on Escape', async ({ browser, baseURL }) => {
    const person = await openPerson(browser, baseURL ?? '');
    people.push(person);
    await openPanel(person.page);
    await person.page.keyboard.press('Escape');
    await expect(byId(person.page, 'network-panel')).toBeHidden();
  });

  test('NET-005 create room shows a XXXX-XXXX code', async ({ browser, baseURL }) => {
    const person = await openPerson(browser, baseURL ?? '');
    people.push(person);
    const code = await createRoom(person.page);
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(await api<string>(person.page, '(r) => r.network.roomCode')).toBe(code);
  });

  test('NET-006 join validates the code format', async ({ browser, baseURL }) => {
    const person = await openPerson(browser, baseURL ?? '');
    people.push(person);
    await openPanel(person.page);
    await byId(person.page, 'network-room-code-input').fill('12');
    await byId(person.page, 'network-join-room-button').click();
    await expect(byId(person.page, 'network-error')).toContainText('Invalid room code');
    expect(await api<string>(person.page, '(r) => r.network.connectionState')).toBe('disconnected');
  });

  test('NET-007 join connects to a valid room', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    const code = await createRoom(host);
    await joinRoom(guest, code);
    await expect(byId(guest, 'network-button')).toHaveAttribute('data-state', 'connected');
    await expect(byId(guest, 'sync-status')).toHaveAttribute('data-status', 'synced');
  });

  test('NET-008 leave disconnects', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    await byId(guest, 'network-leave-button').click();
    await expect(byId(guest, 'network-button')).toHaveAttribute('data-state', 'disconnected');
    await expect(byId(guest, 'network-create-room-button')).toBeVisible();
    await expect.poll(() => api<number>(host, '(r) => r.network.users.length')).toBe(1);
  });

  test('NET-009 copy link puts the share URL on the clipboard', async ({ browser, baseURL }) => {
    const person = await openPerson(browser, baseURL ?? '');
    people.push(person);
    await person.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const code = await createRoom(person.page);
    await byId(person.page, 'network-copy-link-button').click();
    await expect(person.page.getByText('Link copied to clipboard')).toBeVisible();
    const copied = await person.page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`${baseURL}/?room=${code}`);
    // The link works: a second person opening it lands in the room.
    const other = await openPerson(browser, baseURL ?? '', {
      path: new URL(copied).pathname + new URL(copied).search,
    });
    people.push(other);
    // A link asks before joining (the room's host, a name); Join answers it.
    await byId(other.page, 'join-link-name').fill('Lina');
    await byId(other.page, 'join-link-join').click();
    await expect(byId(other.page, 'network-room-code-display')).toHaveText(code);
    await expect.poll(() => api<number>(person.page, '(r) => r.network.users.length')).toBe(2);
  });

  test('NET-010 Shift+N opens the panel', async ({ browser, baseURL }) => {
    const person = await openPerson(browser, baseURL ?? '');
    people.push(person);
    await pressKey(person.page, 'Shift+N');
    await expect(byId(person.page, 'network-panel')).toBeVisible();
    await pressKey(person.page, 'Shift+N');
    await expect(byId(person.page, 'network-panel')).toBeHidden();
  });
});

test.describe('Presence', () => {
  test('NET-020 host sees "You (Host)"', async ({ browser, baseURL }) => {
    const person = await openPerson(browser, baseURL ?? '', { name: 'Ada' });
    people.push(person);
    await createRoom(person.page);
    await expect(byId(person.page, 'network-user-list')).toContainText('You (Host)');
  });

  test('NET-021 a new user appears in the list', async ({ browser, baseURL }) => {
    const host = await openPerson(browser, baseURL ?? '', { name: 'Ada' });
    const guest = await openPerson(browser, baseURL ?? '', { name: 'Grace' });
    people.push(host, guest);
    await room(host.page, guest.page);
    const guestId = await selfId(guest.page);
    await expect(byId(host.page, `network-user-${guestId}`)).toContainText('Grace');
    await expect(byId(host.page, `network-user-${guestId}`)).toContainText('Participant');
    await expect(byId(guest.page, 'network-user-list')).toContainText('You (Participant)');
    await expect(byId(guest.page, 'network-user-list')).toContainText('Ada');
  });

  test('NET-022 a user who left is removed from the list', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    const guestId = await selfId(guest);
    await expect(byId(host, `network-user-${guestId}`)).toBeVisible();
    await byId(guest, 'network-leave-button').click();
    await expect(byId(host, `network-user-${guestId}`)).toHaveCount(0);
  });

  test('NET-023 the user count badge follows joins', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    const code = await createRoom(host);
    await expect(byId(host, 'network-user-badge')).toHaveText('1');
    await joinRoom(guest, code);
    await expect(byId(host, 'network-user-badge')).toHaveText('2');
    await expect(byId(guest, 'network-user-badge')).toHaveText('2');
    const third = await openPerson(browser, baseURL ?? '');
    people.push(third);
    await joinRoom(third.page, code);
    await expect(byId(host, 'network-user-badge')).toHaveText('3');
  });

  test('NET-024 presence overlay shows avatars', async ({ browser, baseURL }) => {
    const host = await openPerson(browser, baseURL ?? '', { name: 'Ada Lovelace' });
    const guest = await openPerson(browser, baseURL ?? '', { name: 'Grace' });
    people.push(host, guest);
    await room(host.page, guest.page);
    const overlay = byId(guest.page, 'presence-overlay');
    await expect(overlay).toBeVisible();
    await expect(overlay.locator('.rs-presence__avatar')).toHaveCount(2);
    await expect(overlay).toContainText('AL');
    const hostId = await selfId(host.page);
    await expect(byId(guest.page, `presence-avatar-${hostId}`)).toHaveAttribute(
      'title',
      /Ada Lovelace/,
    );
  });

  test('NET-025 toast on user join', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    const code = await createRoom(host);
    await recordToasts(host);
    await joinRoom(guest, code);
    // The toast names the person (the server names a guest without a name "Guest 2").
    await expect.poll(() => seenToasts(host)).toContain('Guest 2 joined');
  });

  test('NET-026 toast on user leave', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    await recordToasts(host);
    await byId(guest, 'network-leave-button').click();
    await expect.poll(() => seenToasts(host)).toContain('Guest 2 left');
  });
});

test.describe('Playback sync', () => {
  test('NET-030 play/pause reaches the participant', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    await pressKey(host, 'Space');
    await expect.poll(async () => (await playback(guest)).playing).toBe(true);
    const before = await shownFrame(guest);
    await expect
      .poll(async () => (await shownFrame(guest)) ?? 0)
      .toBeGreaterThan((before ?? 0) + 5);
    await pressKey(host, 'Space');
    await expect.poll(async () => (await playback(guest)).playing).toBe(false);
    const hostFrame = (await playback(host)).frame;
    await expect.poll(() => shownFrame(guest)).toBe(hostFrame);
  });

  test('NET-031 seek to frame 50 reaches the participant', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    await api(host, '(r) => r.session.seek(50)');
    await expect.poll(() => shownFrame(guest)).toBe(50);
    expect((await playback(guest)).frame).toBe(50);
  });

  test('NET-032 frames stay within 2 of the host during playback', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    await pressKey(host, 'Space');
    // Two seconds of playback (48 frames at 24 fps), awaited by the participant's own frame.
    await expect
      .poll(async () => (await shownFrame(guest)) ?? 0, { timeout: 15_000 })
      .toBeGreaterThan(49);
    const motion = await api<Parameters<typeof frameAt>[0]>(host, '(r) => r.session.motion');
    await expect.poll(() => worstMiss(guest, motion)).toBeLessThanOrEqual(2);
  });

  test('NET-033 speed 2x reaches the participant', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    await api(host, '(r) => { r.session.setSpeed(2); r.session.play(); }');
    await expect.poll(async () => (await playback(guest)).speed).toBe(2);
    // Its canvas follows the host's 2x timeline frame by frame (pixels at each display tick).
    const motion = await api<Parameters<typeof frameAt>[0]>(host, '(r) => r.session.motion');
    expect(motion.speed).toBe(2);
    await expect.poll(() => worstMiss(guest, motion)).toBeLessThanOrEqual(2);
  });

  test('NET-034 reverse play (J) reaches the participant', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    await api(host, '(r) => r.session.seek(600)');
    await expect.poll(() => shownFrame(guest)).toBe(600);
    await pressKey(host, 'J');
    await expect.poll(async () => (await playback(guest)).direction).toBe(-1);
    expect((await playback(guest)).playing).toBe(true);
    await expect.poll(async () => (await shownFrame(guest)) ?? 9999).toBeLessThan(590);
  });

  test('NET-035 loop mode reaches the participant', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    // Loop mode is a category of its own (off by default): both share and follow it here.
    await followCategories([host, guest], { loop: true });
    const before = (await playback(host)).loopMode;
    await pressKey(host, 'Shift+L');
    const after = (await playback(host)).loopMode;
    expect(after).not.toBe(before);
    await expect.poll(async () => (await playback(guest)).loopMode).toBe(after);
    expect(after).toBe('once');
    // The participant plays 'once': it stops on the out point, and its canvas shows that frame.
    await api(host, '(r) => { r.session.seek(1400); r.session.play(); }');
    // Played from 1400 and stopped by itself on 1440 (a 'loop' run would wrap to 1 instead).
    await expect.poll(() => shownFrame(guest)).toBe(1440);
    await expect.poll(async () => (await playback(guest)).playing).toBe(false);
    expect(await shownFrame(guest)).toBe(1440);
  });

  test('NET-036 in point 10 reaches the participant', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    await followCategories([host, guest], { inout: true });
    await api(host, '(r) => r.session.seek(10)');
    await pressKey(host, 'I');
    await expect.poll(async () => (await playback(guest)).inPoint).toBe(10);
    // Home goes to the in point on the host; the participant's canvas shows frame 10.
    await api(host, '(r) => r.session.seek(400)');
    await pressKey(host, 'Home');
    await expect.poll(() => shownFrame(guest)).toBe(10);
  });

  test('NET-037 disabled playback sync leaves the participant alone', async ({
    browser,
    baseURL,
  }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    await byId(guest, 'network-sync-playback').uncheck();
    await pressKey(host, 'Space');
    await expect.poll(async () => (await playback(host)).frame).toBeGreaterThan(24);
    // A view change sent after the play is the barrier: once it arrived, the play would have too.
    await api(host, '(r) => r.viewer.setZoom(1.5)');
    await expect.poll(async () => (await viewState(guest)).zoom).toBe(1.5);
    expect((await playback(guest)).playing).toBe(false);
    expect((await playback(guest)).frame).toBe(1);
    // Back to fit on both (view sync), so the participant's frame-ID strip is on screen again.
    await api(host, '(r) => r.viewer.fit()');
    await expect.poll(() => shownFrame(guest)).toBe(1);
    expect((await playback(guest)).playing).toBe(false);
  });
});

test.describe('View sync', () => {
  test('NET-040 pan reaches the participant', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    await expect(byId(guest, 'network-sync-view')).toBeChecked();
    await api(host, '(r) => { r.viewer.setZoom(1); r.viewer.setPan(300, -150); }');
    await expect.poll(async () => (await viewState(guest)).pan).toEqual({ x: 300, y: -150 });
    await expect.poll(() => comparePictures(guest, host)).toBe('same');
  });

  test('NET-041 zoom 200% reaches the participant', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    const fitted = await canvasDigest(guest);
    await api(host, '(r) => r.viewer.setZoom(2)');
    await expect.poll(async () => (await viewState(guest)).zoom).toBe(2);
    await expect.poll(() => comparePictures(guest, host)).toBe('same');
    expect(await canvasDigest(guest)).not.toBe(fitted);
  });

  test('NET-042 red channel reaches the participant', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    await followCategories([host, guest], { channel: true });
    const rgb = await canvasDigest(guest);
    await pressKey(host, 'R');
    await expect.poll(async () => (await viewState(guest)).channel).toBe('red');
    await expect.poll(() => comparePictures(guest, host)).toBe('same');
    expect(await canvasDigest(guest)).not.toBe(rgb);
  });

  test('NET-043 disabled view sync leaves the participant zoom alone', async ({
    browser,
    baseURL,
  }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    const zoom = (await viewState(guest)).zoom;
    await byId(guest, 'network-sync-view').uncheck();
    await api(host, '(r) => r.viewer.setZoom(3)');
    // A seek sent after the zoom is the barrier.
    await api(host, '(r) => r.session.seek(77)');
    await expect.poll(() => shownFrame(guest)).toBe(77);
    expect((await viewState(guest)).zoom).toBe(zoom);
  });
});

test.describe('Sync settings', () => {
  test('NET-070 defaults: playback and view on (and image format), others off', async ({
    browser,
    baseURL,
  }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    for (const page of [host, guest]) {
      await expect(byId(page, 'network-sync-playback')).toBeChecked();
      await expect(byId(page, 'network-sync-view')).toBeChecked();
      await expect(byId(page, 'network-sync-format')).toBeChecked();
      for (const off of ['inout', 'loop', 'channel', 'color', 'annotations', 'audio'])
        await expect(byId(page, `network-sync-${off}`)).not.toBeChecked();
    }
  });

  test('NET-071 unchecking playback stops playback sync', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    await api(host, '(r) => r.session.seek(120)');
    await expect.poll(() => shownFrame(guest)).toBe(120);
    await byId(guest, 'network-sync-playback').uncheck();
    expect(await api<boolean>(guest, '(r) => r.network.settings.playback')).toBe(false);
    await api(host, '(r) => { r.session.seek(300); r.viewer.setZoom(1.25); }');
    await expect.poll(async () => (await viewState(guest)).zoom).toBe(1.25);
    expect((await playback(guest)).frame).toBe(120);
    await api(host, '(r) => r.viewer.fit()');
    await expect.poll(() => shownFrame(guest)).toBe(120);
    // Follow host brings it back to the room's frame in one click.
    await byId(guest, 'network-follow-button').click();
    await expect.poll(() => shownFrame(guest)).toBe(300);
    await expect(byId(guest, 'network-sync-playback')).toBeChecked();
  });

  test('NET-072 unchecking view stops pan/zoom sync', async ({ browser, baseURL }) => {
    const [host, guest] = await two(() => openPerson(browser, baseURL ?? ''));
    await room(host, guest);
    const before = await viewState(guest);
    await byId(guest, 'network-sync-view').uncheck();
    await api(
      host,
      '(r) => { r.viewer.setZoom(2.5); r.viewer.setPan(100, 100); r.session.seek(33); }',
    );
    await expect.poll(() => shownFrame(guest)).toBe(33);
    const after = await viewState(guest);
    expect(after.zoom).toBe(before.zoom);
    expect(after.pan).toEqual(before.pan);
  });
});
