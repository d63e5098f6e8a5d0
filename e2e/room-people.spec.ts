// Who is in the room, in two real pages: a share link asks before joining (name, PIN), the host's
// list shows the name and the whole role menu (measured), toasts name the person, a role change
// is told and a viewer's D says why it does nothing, the host's defaults for joiners apply, and
// presentation mode shows the presenter's drawings to everyone.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  byId,
  closeAll,
  createRoom,
  joinRoom,
  openPanel,
  openPerson,
  pressKey,
  recordToasts,
  seenToasts,
  selfId,
  usersCount,
  type Person,
} from './helpers/network';

// Several pages each on a shared, busy machine: more time than the default minute.
test.describe.configure({ timeout: 180_000 });

let people: Person[] = [];
test.afterEach(async () => {
  await closeAll(...people);
  people = [];
});

async function person(
  browser: Parameters<typeof openPerson>[0],
  url: string,
  options: Parameters<typeof openPerson>[2] = {},
): Promise<Page> {
  const created = await openPerson(browser, url, options);
  people.push(created);
  return created.page;
}

const settings = (page: Page) => page.evaluate(() => window.reelsync?.network.settings ?? null);

test('a share link asks first, joins under the name given, and the host sees that name whole', async ({
  browser,
  server,
}) => {
  const host = await person(browser, server.url, { name: 'Ana' });
  const code = await createRoom(host);
  await recordToasts(host);
  const guest = await person(browser, server.url, { name: 'Bea', path: `/?room=${code}` });

  // The question, with the host named and the last used name prefilled; nothing joined yet.
  await expect(byId(guest, 'join-link-title')).toHaveText(`Join room ${code} hosted by Ana?`);
  await expect(byId(guest, 'join-link-name')).toHaveValue('Bea');
  await expect(byId(guest, 'join-link-pin')).toBeHidden();
  expect(await usersCount(host)).toBe(1);
  expect(await guest.evaluate(() => window.reelsync?.network.roomCode ?? null)).toBeNull();

  const name = 'Beatriz Cavalcanti Albuquerque'; // long, within the 32-character limit
  await byId(guest, 'join-link-name').fill(name);
  await byId(guest, 'join-link-join').click();
  await expect(byId(guest, 'join-link-dialog')).toHaveCount(0);
  await expect.poll(() => usersCount(host)).toBe(2);
  await expect.poll(() => seenToasts(host)).toContain(`${name} joined`);
  // The next link remembers the name.
  expect(await guest.evaluate(() => localStorage.getItem('reelsync.displayName'))).toBe(name);

  // The host's list: the name has room (ellipsized, whole in its title), the role menu is whole.
  await openPanel(host);
  const guestId = await selfId(guest);
  const nameCell = byId(host, `network-user-name-${guestId}`);
  await expect(nameCell).toHaveAttribute('title', name);
  const measured = await host.evaluate((id) => {
    const panel = document.querySelector('[data-testid="network-panel"]') as HTMLElement;
    const nameEl = document.querySelector(`[data-testid="network-user-name-${id}"]`) as HTMLElement;
    const select = document.querySelector(
      `[data-testid="network-user-action-${id}"]`,
    ) as HTMLSelectElement;
    const style = getComputedStyle(select);
    const context = document.createElement('canvas').getContext('2d');
    if (!context) throw new Error('no 2D context');
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const widest = Math.max(
      ...[...select.options].map((option) => context.measureText(option.text).width),
    );
    const p = panel.getBoundingClientRect();
    const n = nameEl.getBoundingClientRect();
    const s = select.getBoundingClientRect();
    return {
      nameWidth: n.width,
      selectWidth: s.width,
      // Text plus the select's own padding; the drop-down arrow needs more on top.
      neededWidth: widest + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight),
      selectInside: s.left >= p.left && s.right <= p.right,
      nameInside: n.left >= p.left && n.right <= p.right,
    };
  }, guestId);
  console.log(`user list, measured: ${JSON.stringify(measured)}`);
  expect(measured.nameWidth).toBeGreaterThan(80);
  expect(measured.selectWidth).toBeGreaterThan(measured.neededWidth + 10);
  expect(measured.selectInside).toBe(true);
  expect(measured.nameInside).toBe(true);

  await byId(guest, 'network-button').click();
  await byId(guest, 'network-leave-button').click();
  await expect.poll(() => seenToasts(host)).toContain(`${name} left`);
});

test('a PIN room asks for the PIN in the question; a wrong PIN says so and keeps asking', async ({
  browser,
  server,
}) => {
  const host = await person(browser, server.url, { name: 'Ana' });
  const code = await createRoom(host, { pin: '4711' });
  const guest = await person(browser, server.url, { name: 'Bo', path: `/?room=${code}` });
  await expect(byId(guest, 'join-link-pin')).toBeVisible();
  await byId(guest, 'join-link-pin').fill('0000');
  await byId(guest, 'join-link-join').click();
  await expect(byId(guest, 'join-link-error')).toHaveText('Wrong PIN');
  await byId(guest, 'join-link-pin').fill('4711');
  await byId(guest, 'join-link-join').click();
  await expect(byId(guest, 'network-room-code-display')).toHaveText(code);
});

test('cancel joins nothing', async ({ browser, server }) => {
  const host = await person(browser, server.url, { name: 'Ana' });
  const code = await createRoom(host);
  const guest = await person(browser, server.url, { name: 'Bo', path: `/?room=${code}` });
  await expect(byId(guest, 'join-link-title')).toHaveText(`Join room ${code} hosted by Ana?`);
  await byId(guest, 'join-link-cancel').click();
  await expect(byId(guest, 'join-link-dialog')).toHaveCount(0);
  expect(new URL(guest.url()).search).toBe('');
  await guest.waitForTimeout(500);
  expect(await usersCount(host)).toBe(1);
});

test('a participant made viewer is told so, and D as a viewer says why nothing happens', async ({
  browser,
  server,
}) => {
  const host = await person(browser, server.url, { name: 'Ana' });
  const guest = await person(browser, server.url, { name: 'Bo' });
  const code = await createRoom(host);
  await joinRoom(guest, code);
  await recordToasts(guest);
  await byId(guest, 'network-button').click(); // close the guest's panel
  const guestId = await selfId(guest);
  await openPanel(host);
  await byId(host, `network-user-action-${guestId}`).selectOption('viewer');
  await expect
    .poll(() => seenToasts(guest))
    .toContain('Ana made you a viewer — you can watch but not draw or control playback');

  await pressKey(guest, 'D');
  await expect
    .poll(() => seenToasts(guest))
    .toContain(
      'You are a viewer: you cannot draw in this room. Ask the host to make you a participant.',
    );
  await expect(byId(guest, 'annotate-toggle')).toBeDisabled();
  await expect(byId(guest, 'annotate-toggle')).toHaveAttribute('title', /viewer/i);

  await byId(host, `network-user-action-${guestId}`).selectOption('participant');
  await expect
    .poll(() => seenToasts(guest))
    .toContain('Ana made you a participant — you can draw, write notes and control playback');
});

test('the host’s default of annotations on applies to people who join; a plain room keeps the spec’s', async ({
  browser,
  server,
}) => {
  // A plain room: playback and view on, the others off.
  const plainHost = await person(browser, server.url, { name: 'Ana' });
  const plainGuest = await person(browser, server.url, { name: 'Bo' });
  await joinRoom(plainGuest, await createRoom(plainHost));
  expect(await settings(plainGuest)).toEqual({
    playback: true,
    view: true,
    inout: false,
    loop: false,
    channel: false,
    color: false,
    annotations: false,
    audio: false,
    compare: false,
    stereo: false,
    format: true,
  });

  const host = await person(browser, server.url, { name: 'Cy' });
  const code = await createRoom(host);
  await byId(host, 'network-room-defaults').locator('summary').click();
  await byId(host, 'network-room-default-annotations').check();
  await expect
    .poll(() =>
      host.evaluate(() => window.reelsync?.network.roomSettings.joinDefaults?.annotations),
    )
    .toBe(true);
  const guest = await person(browser, server.url, { name: 'Di' });
  await joinRoom(guest, code);
  await expect.poll(async () => (await settings(guest))?.annotations).toBe(true);
  await expect(byId(guest, 'network-sync-annotations')).toBeChecked();
  // The host's own settings are the host's.
  expect((await settings(host))?.annotations).toBe(false);
});

/** Alpha of the annotation overlay at an image point (fractions of the picture). */
function overlayAlpha(page: Page, fx: number, fy: number): Promise<number> {
  return page.evaluate(
    ({ fx, fy }) => {
      const api = window.reelsync;
      const info = api?.media.info;
      const canvas = document.querySelector<HTMLCanvasElement>(
        '[data-testid="annotation-overlay"]',
      );
      if (!api || !info || !canvas) throw new Error('no overlay');
      const rect = canvas.getBoundingClientRect();
      const client = api.viewer.imageToClient({ x: info.width * fx, y: info.height * fy });
      const scale = canvas.width / rect.width;
      const x = Math.round((client.x - rect.left) * scale);
      const y = Math.round((client.y - rect.top) * scale);
      const data = canvas.getContext('2d')?.getImageData(x - 2, y - 2, 5, 5).data ?? [];
      let max = 0;
      for (let i = 3; i < data.length; i += 4) max = Math.max(max, data[i] ?? 0);
      return max;
    },
    { fx, fy },
  );
}

test('presentation mode shows the presenter’s drawings to everyone; the hint stays until answered', async ({
  browser,
  server,
}) => {
  const host = await person(browser, server.url, { name: 'Ana' });
  const guest = await person(browser, server.url, { name: 'Bo' });
  const code = await createRoom(host);
  // The host draws a line across the middle of the picture.
  await byId(host, 'network-button').click();
  await byId(host, 'annotate-toggle').click();
  const from = await host.evaluate(() => {
    const info = window.reelsync?.media.info;
    return window.reelsync?.viewer.imageToClient({
      x: (info?.width ?? 0) * 0.3,
      y: (info?.height ?? 0) * 0.5,
    });
  });
  const to = await host.evaluate(() => {
    const info = window.reelsync?.media.info;
    return window.reelsync?.viewer.imageToClient({
      x: (info?.width ?? 0) * 0.7,
      y: (info?.height ?? 0) * 0.5,
    });
  });
  if (!from || !to) throw new Error('no viewer');
  await host.mouse.move(from.x, from.y);
  await host.mouse.down();
  await host.mouse.move(to.x, to.y, { steps: 10 });
  await host.mouse.up();
  await expect
    .poll(() => host.evaluate(() => window.reelsync?.network.annotations.length ?? 0))
    .toBe(1);

  await joinRoom(guest, code);
  await recordToasts(guest);
  await byId(guest, 'network-button').click();
  // Annotation sync is off for the guest: the drawing is hidden, and the header says so until
  // answered (not a toast that goes away by itself).
  const hint = byId(guest, 'annotation-sync-hint');
  await expect(hint).toContainText('This room has drawings on the picture.');
  expect(await overlayAlpha(guest, 0.5, 0.5)).toBe(0);
  await guest.waitForTimeout(10_500);
  await expect(hint).toBeVisible();
  const box = await hint.boundingBox();
  const header = await byId(guest, 'header-bar').boundingBox();
  expect(box && header && box.y >= header.y && box.y + box.height <= header.y + header.height).toBe(
    true,
  );
  await byId(guest, 'annotation-sync-hint-dismiss').click();
  await expect(hint).toBeHidden();

  // The host presents: the guest sees the host's drawing.
  await openPanel(host);
  await byId(host, 'network-room-presentation').check();
  await expect.poll(async () => (await settings(guest))?.annotations).toBe(true);
  await expect.poll(() => overlayAlpha(guest, 0.5, 0.5)).toBeGreaterThan(200);
  await expect
    .poll(() => seenToasts(guest))
    .toContain('The host is presenting: you see the host’s drawings (annotation sync is on).');

  // The presentation ends: the guest's own setting comes back.
  await byId(host, 'network-room-presentation').uncheck();
  await expect.poll(async () => (await settings(guest))?.annotations).toBe(false);
});
