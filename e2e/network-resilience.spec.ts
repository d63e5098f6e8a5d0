// The spec's reconnection and error rows (NET-050…063, NET-073) with real faults — a TCP proxy
// whose link is cut, a server at room capacity, a front that answers /sync with 500, an offline
// browser context — plus what the tables miss: late joiners, three users, reloads, PIN links.
import path from 'node:path';
import { startServer } from '../server/index';
import { frameAt, type Motion } from '../src/core/playback/motion';
import { expect, test } from './fixtures';
import { sampleFrame, sampleFramesFor } from './helpers/frameStrip';
import {
  byId,
  closeAll,
  createRoom,
  joinRoom,
  openPanel,
  openPerson,
  playback,
  room,
  selfId,
  shownFrame,
  toastTexts,
  usersCount,
  type Person,
} from './helpers/network';
import { startCuttableProxy, startFailingSyncFront, type CuttableProxy } from './helpers/proxy';

const distDir = path.resolve(
  process.env.REELSYNC_DIST_DIR ?? path.join(import.meta.dirname, '..', 'dist'),
);
/** Retries every 100–200 ms so a test sees reconnects (and exhaustion) quickly. */
const FAST_RETRY = { reconnect: { baseDelayMs: 100, maxDelayMs: 200 } };

let people: Person[] = [];
let cleanups: Array<() => Promise<void>> = [];
test.afterEach(async () => {
  await closeAll(...people);
  for (const cleanup of cleanups.reverse()) await cleanup();
  people = [];
  cleanups = [];
});

/** Host straight to the server, guest through a proxy that can be cut. */
async function hostAndProxiedGuest(
  browser: Parameters<typeof openPerson>[0],
  serverUrl: string,
  serverPort: number,
  guestConfig: Record<string, unknown> = FAST_RETRY,
): Promise<{ host: Person; guest: Person; proxy: CuttableProxy; code: string }> {
  const proxy = await startCuttableProxy(serverPort);
  cleanups.push(() => proxy.close());
  const host = await openPerson(browser, serverUrl, { name: 'Host' });
  const guest = await openPerson(browser, proxy.url, { name: 'Guest', config: guestConfig });
  people.push(host, guest);
  const code = await room(host.page, guest.page);
  return { host, guest, proxy, code };
}

test.describe('Reconnection', () => {
  test('NET-050 reconnects after a brief drop, state preserved', async ({ browser, server }) => {
    const { host, guest, proxy, code } = await hostAndProxiedGuest(
      browser,
      server.url,
      server.port,
    );
    const guestId = await selfId(guest.page);
    await proxy.cut();
    await expect(byId(guest.page, 'network-button')).toHaveAttribute('data-state', 'reconnecting');
    await proxy.restore();
    await expect(byId(guest.page, 'network-button')).toHaveAttribute('data-state', 'connected');
    expect(await selfId(guest.page)).toBe(guestId);
    await expect(byId(guest.page, 'network-room-code-display')).toHaveText(code);
    await expect.poll(() => usersCount(host.page)).toBe(2);
    await expect(byId(host.page, `network-user-${guestId}`)).toContainText('Guest');
  });

  test('NET-051 shows the reconnecting indicator', async ({ browser, server }) => {
    const { guest, proxy } = await hostAndProxiedGuest(browser, server.url, server.port);
    await proxy.cut();
    await expect.poll(() => toastTexts(guest.page)).toContain('Connection lost. Reconnecting...');
    await expect(byId(guest.page, 'sync-status')).toHaveAttribute('data-status', 'offline');
    await proxy.restore();
  });

  test('NET-052 state syncs after reconnect', async ({ browser, server }) => {
    const { host, guest, proxy } = await hostAndProxiedGuest(browser, server.url, server.port);
    await proxy.cut();
    await expect(byId(guest.page, 'network-button')).toHaveAttribute('data-state', 'reconnecting');
    await host.page.evaluate(() => window.reelsync?.session.seek(500));
    expect((await playback(guest.page)).frame).toBe(1);
    await proxy.restore();
    await expect.poll(() => shownFrame(guest.page)).toBe(500);
  });

  test('NET-053 exhausted retries show an error and a manual Reconnect', async ({
    browser,
    server,
  }) => {
    const { guest, proxy } = await hostAndProxiedGuest(browser, server.url, server.port, {
      reconnect: { baseDelayMs: 50, maxDelayMs: 100, maxAttempts: 3 },
    });
    await proxy.cut();
    await expect(byId(guest.page, 'network-error')).toHaveText(
      'Failed to connect. Please try again.',
    );
    await expect(byId(guest.page, 'network-reconnect-button')).toBeVisible();
    await expect
      .poll(() => toastTexts(guest.page))
      .toContain('Failed to connect. Please try again.');
    await proxy.restore();
    await byId(guest.page, 'network-reconnect-button').click();
    await expect(byId(guest.page, 'network-button')).toHaveAttribute('data-state', 'connected');
    await expect(byId(guest.page, 'network-error')).toBeHidden();
  });

  test('NET-054 toast on reconnect success', async ({ browser, server }) => {
    const { guest, proxy } = await hostAndProxiedGuest(browser, server.url, server.port);
    await proxy.cut();
    await expect(byId(guest.page, 'network-button')).toHaveAttribute('data-state', 'reconnecting');
    await proxy.restore();
    await expect.poll(() => toastTexts(guest.page)).toContain('Reconnected successfully');
    await expect
      .poll(() => toastTexts(guest.page))
      .not.toContain('Connection lost. Reconnecting...');
  });
});

test.describe('Errors', () => {
  test('NET-060 a room that does not exist: "Room not found"', async ({ browser, server }) => {
    const person = await openPerson(browser, server.url);
    people.push(person);
    await openPanel(person.page);
    await byId(person.page, 'network-room-code-input').fill('ZZZZ-2222');
    await byId(person.page, 'network-join-room-button').click();
    await expect(byId(person.page, 'network-error')).toHaveText('Room not found');
    await expect(byId(person.page, 'network-button')).toHaveAttribute('data-state', 'disconnected');
  });

  test('NET-061 a full room: "Room is full"', async ({ browser }) => {
    const small = await startServer({
      port: 0,
      host: '127.0.0.1',
      staticDir: distDir,
      roomCapacity: 2,
      logLevel: 'warn',
    });
    cleanups.push(() => small.close());
    const [a, b, c] = [
      await openPerson(browser, small.url),
      await openPerson(browser, small.url),
      await openPerson(browser, small.url),
    ];
    people.push(a, b, c);
    const code = await room(a.page, b.page);
    await openPanel(c.page);
    await byId(c.page, 'network-room-code-input').fill(code);
    await byId(c.page, 'network-join-room-button').click();
    await expect(byId(c.page, 'network-error')).toHaveText('Room is full');
    expect(await usersCount(a.page)).toBe(2);
  });

  test('NET-062 a server answering 500 is handled with a retry', async ({ browser, server }) => {
    const front = await startFailingSyncFront(server.url);
    cleanups.push(() => front.close());
    const person = await openPerson(browser, front.url, { config: FAST_RETRY });
    people.push(person);
    await openPanel(person.page);
    await byId(person.page, 'network-create-room-button').click();
    await expect(byId(person.page, 'network-error')).toHaveText(
      'Failed to connect. Please try again.',
    );
    await expect(byId(person.page, 'network-reconnect-button')).toBeVisible();
    await expect(byId(person.page, 'network-button')).toHaveAttribute('data-state', 'disconnected');
    const refused = front.refused;
    expect(refused).toBeGreaterThan(0);
    await byId(person.page, 'network-reconnect-button').click();
    await expect.poll(() => front.refused).toBeGreaterThan(refused);
    await expect(byId(person.page, 'network-error')).toBeVisible();
    // The player itself keeps working (polled: one read can land on a redraw as the panel's
    // error row changes the layout).
    await expect.poll(async () => (await sampleFrame(person.page)).decoded).toBe(1);
  });

  test('NET-063 offline: "No network connection"', async ({ browser, server }) => {
    const person = await openPerson(browser, server.url);
    people.push(person);
    await person.context.setOffline(true);
    await openPanel(person.page);
    await byId(person.page, 'network-create-room-button').click();
    await expect(byId(person.page, 'network-error')).toHaveText('No network connection');
    await person.context.setOffline(false);
    await byId(person.page, 'network-reconnect-button').click();
    await expect(byId(person.page, 'network-room-code-display')).toHaveText(/^\S{4}-\S{4}$/);
  });
});

test('NET-073 settings persist across reconnect', async ({ browser, server }) => {
  const { guest, proxy } = await hostAndProxiedGuest(browser, server.url, server.port);
  await byId(guest.page, 'network-sync-view').uncheck();
  await byId(guest.page, 'network-sync-color').check();
  await proxy.cut();
  await expect(byId(guest.page, 'network-button')).toHaveAttribute('data-state', 'reconnecting');
  await proxy.restore();
  await expect(byId(guest.page, 'network-button')).toHaveAttribute('data-state', 'connected');
  await expect(byId(guest.page, 'network-sync-view')).not.toBeChecked();
  await expect(byId(guest.page, 'network-sync-color')).toBeChecked();
  await expect(byId(guest.page, 'network-sync-playback')).toBeChecked();
  expect(await guest.page.evaluate(() => window.reelsync?.network.settings)).toEqual({
    playback: true,
    view: false,
    inout: false,
    loop: false,
    channel: false,
    color: true,
    annotations: false,
    audio: false,
    compare: false,
    stereo: false,
    format: true,
  });
});

test.describe('Beyond the tables', () => {
  test('a late joiner sees the current frame and playback state', async ({ browser, server }) => {
    const host = await openPerson(browser, server.url);
    people.push(host);
    const code = await createRoom(host.page);
    await host.page.evaluate(() => {
      window.reelsync?.session.seek(700);
      window.reelsync?.session.play();
    });
    const late = await openPerson(browser, server.url);
    people.push(late);
    await joinRoom(late.page, code);
    await expect.poll(async () => (await playback(late.page)).playing).toBe(true);
    const motion = (await host.page.evaluate(() => window.reelsync?.session.motion)) as Motion;
    // Frames drawn by the late joiner (pixels) against the host's timeline at the tick that drew
    // them; polled, since its clock estimate is still settling in the first moments.
    const worstMiss = async () => {
      const samples = (await sampleFramesFor(late.page, 500)).filter(
        (s) => s.decoded !== null && s.tickTime !== null && s.decoded === s.sessionFrame,
      );
      if (samples.length < 3) return Number.POSITIVE_INFINITY;
      return Math.max(
        ...samples.map((s) => Math.abs((s.decoded ?? 0) - frameAt(motion, s.tickTime ?? 0))),
      );
    };
    await expect.poll(worstMiss, { timeout: 15_000 }).toBeLessThanOrEqual(1);
  });

  test('three users: a seek reaches both participants', async ({ browser, server }) => {
    const a = await openPerson(browser, server.url, { name: 'A' });
    const b = await openPerson(browser, server.url, { name: 'B' });
    const c = await openPerson(browser, server.url, { name: 'C' });
    people.push(a, b, c);
    await room(a.page, b.page, c.page);
    await a.page.evaluate(() => window.reelsync?.session.seek(222));
    await expect.poll(() => shownFrame(b.page)).toBe(222);
    await expect.poll(() => shownFrame(c.page)).toBe(222);
    await expect(byId(c.page, 'presence-overlay').locator('.rs-presence__avatar')).toHaveCount(3);
  });

  test('a participant reloads and is back in the room with its name', async ({
    browser,
    server,
  }) => {
    const host = await openPerson(browser, server.url, { name: 'Host' });
    const guest = await openPerson(browser, server.url, { name: 'Grace' });
    people.push(host, guest);
    const code = await room(host.page, guest.page);
    await host.page.evaluate(() => window.reelsync?.session.seek(321));
    await guest.page.reload();
    await expect(byId(guest.page, 'network-button')).toHaveAttribute('data-state', 'connected');
    await expect
      .poll(() => guest.page.evaluate(() => window.reelsync?.network.roomCode))
      .toBe(code);
    await expect.poll(() => shownFrame(guest.page)).toBe(321);
    const guestId = await selfId(guest.page);
    await expect(byId(host.page, `network-user-${guestId}`)).toContainText('Grace');
    await expect.poll(() => usersCount(host.page)).toBe(2);
  });

  test('the host reloads and is host again', async ({ browser, server }) => {
    const host = await openPerson(browser, server.url, { name: 'Host' });
    const guest = await openPerson(browser, server.url, { name: 'Guest' });
    people.push(host, guest);
    await room(host.page, guest.page);
    await host.page.reload();
    await expect(byId(host.page, 'network-button')).toHaveAttribute('data-state', 'connected');
    await expect.poll(() => host.page.evaluate(() => window.reelsync?.network.isHost)).toBe(true);
    await openPanel(host.page);
    await expect(byId(host.page, 'network-user-list')).toContainText('You (Host)');
    await host.page.evaluate(() => window.reelsync?.session.seek(88));
    await expect.poll(() => shownFrame(guest.page)).toBe(88);
  });

  test('a share link without the PIN asks for it; with the PIN it asks only the name', async ({
    browser,
    server,
  }) => {
    const host = await openPerson(browser, server.url);
    people.push(host);
    const code = await createRoom(host.page, { pin: '4711' });
    const asked = await openPerson(browser, server.url, { path: `/?room=${code}`, name: 'Asa' });
    people.push(asked);
    // The link asks first, with the PIN field since the link has no PIN.
    await expect(byId(asked.page, 'join-link-pin')).toBeVisible();
    await byId(asked.page, 'join-link-pin').fill('4711');
    await byId(asked.page, 'join-link-join').click();
    // The PIN check is a deliberately slow hash: give a busy machine time.
    await expect(byId(asked.page, 'network-room-code-display')).toHaveText(code, {
      timeout: 30_000,
    });
    // The host opts in to the PIN in the link: opening it joins directly.
    await host.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openPanel(host.page);
    await byId(host.page, 'network-include-pin').check();
    await byId(host.page, 'network-copy-link-button').click();
    const link = await host.page.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(`${server.url}/?room=${code}&pin=4711`);
    const direct = await openPerson(browser, server.url, {
      path: new URL(link).search.replace(/^/, '/'),
    });
    people.push(direct);
    // The PIN is in the link: only the name and Join are asked for.
    await expect(byId(direct.page, 'join-link-pin')).toBeHidden();
    await byId(direct.page, 'join-link-name').fill('Dee');
    await byId(direct.page, 'join-link-join').click();
    await expect(byId(direct.page, 'network-room-code-display')).toHaveText(code, {
      timeout: 30_000,
    });
    await expect.poll(() => usersCount(host.page)).toBe(3);
  });

  test('a malformed share link shows an error, not a blank page', async ({ browser, server }) => {
    const person = await openPerson(browser, server.url, { path: '/?room=not-a-room' });
    people.push(person);
    await expect(byId(person.page, 'network-error')).toContainText('not valid');
    expect(await shownFrame(person.page)).toBe(1);
    expect(new URL(person.page.url()).search).toBe('');
  });
});

test.describe('Reloads keep the room on its shot', () => {
  const CLIP = path.resolve(import.meta.dirname, 'media', 'strip-48f-24fps.webm');

  /** Opaque pixels anywhere on the page's annotation overlay. */
  const overlayInk = (page: Person['page']) =>
    page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>(
        '[data-testid="annotation-overlay"]',
      );
      const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      if (!data) throw new Error('no overlay');
      let count = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 200) count++;
      return count;
    });

  const mediaStatusOf = async (observer: Person['page'], subject: Person['page']) =>
    observer.getByTestId(`media-user-${await selfId(subject)}`).getAttribute('data-media-status');

  test('the host reloads: asked to reopen the shot, not ready, no drawings on the demo clip; reopening makes it ready again', async ({
    browser,
    server,
  }) => {
    test.setTimeout(180_000); // two pages, a reload and three file opens (hashing included)
    const host = await openPerson(browser, server.url, { name: 'Host' });
    const guest = await openPerson(browser, server.url, { name: 'Guest' });
    people.push(host, guest);
    await room(host.page, guest.page);
    for (const page of [host.page, guest.page])
      await page.evaluate(() => window.reelsync?.network.setSettings({ annotations: true }));
    // The room reviews the clip: the host opens it, the guest its copy.
    await byId(host.page, 'media-input').setInputFiles(CLIP);
    await byId(guest.page, 'media-identity-input').setInputFiles(CLIP);
    await expect(byId(host.page, 'media-summary')).toHaveText('Media: 2/2 ready');
    // The host draws on it.
    await byId(host.page, 'annotate-toggle').click();
    const box = await byId(host.page, 'annotation-overlay').boundingBox();
    if (!box) throw new Error('no overlay box');
    const y = box.y + box.height / 2;
    await host.page.mouse.move(box.x + box.width * 0.4, y);
    await host.page.mouse.down();
    await host.page.mouse.move(box.x + box.width * 0.6, y, { steps: 10 });
    await host.page.mouse.up();
    await expect
      .poll(() => host.page.evaluate(() => window.reelsync?.network.annotations.length))
      .toBe(1);
    await expect.poll(() => overlayInk(guest.page)).toBeGreaterThan(0);

    await host.page.reload();
    await expect(byId(host.page, 'network-button')).toHaveAttribute('data-state', 'connected');
    await expect.poll(() => host.page.evaluate(() => window.reelsync?.network.isHost)).toBe(true);
    // Asked, with the shot's name and size, to reopen it; a picker is offered.
    await expect(byId(host.page, 'media-banner')).toHaveAttribute('data-reopen', 'true');
    await expect(byId(host.page, 'media-banner-text')).toContainText(
      'Reopen the room’s shot “strip-48f-24fps.webm”',
    );
    await expect(byId(host.page, 'media-banner-text')).toContainText('frames 1–48');
    await expect(byId(host.page, 'media-open-copy')).toBeVisible();
    // Not ready, and the room did not switch to the demo clip.
    await expect(byId(host.page, 'media-summary')).toHaveText('Media: 1 not ready');
    await expect.poll(() => mediaStatusOf(guest.page, host.page)).toBe('missing');
    expect(await guest.page.evaluate(() => window.reelsync?.network.roomMedia?.name ?? null)).toBe(
      'strip-48f-24fps.webm',
    );
    await expect(byId(guest.page, 'media-banner')).toBeHidden();
    // The v001 drawings are not drawn over the demo clip (the room still has them).
    expect(await host.page.evaluate(() => window.reelsync?.network.annotations.length)).toBe(1);
    expect(await overlayInk(host.page)).toBe(0);

    // Reopening the shot (dropped on the player; the picker is the banner's button): ready
    // again, drawings back.
    const { readFile } = await import('node:fs/promises');
    const bytes = (await readFile(CLIP)).toString('base64');
    await host.page.evaluate((b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], 'strip-48f-24fps.webm', { type: 'video/webm' }));
      const zone = document.querySelector('[data-testid="drop-zone"]');
      if (!zone) throw new Error('no drop zone');
      for (const type of ['dragenter', 'drop'])
        zone.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
    }, bytes);
    await expect(byId(host.page, 'media-banner')).toBeHidden();
    await expect(byId(host.page, 'media-summary')).toHaveText('Media: 2/2 ready');
    await expect.poll(() => mediaStatusOf(guest.page, host.page)).toBe('ready');
    await expect.poll(() => overlayInk(host.page)).toBeGreaterThan(0);
  });
});

test.describe('A server restart keeps the room', () => {
  test('the room comes back under its code with the same people; offline is shown meanwhile, never "room ended"', async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const options = { port: 0, host: '127.0.0.1', staticDir: distDir, logLevel: 'warn' } as const;
    const first = await startServer(options);
    const config = { reconnect: { baseDelayMs: 200, maxDelayMs: 1000, maxAttempts: 200 } };
    const host = await openPerson(browser, first.url, { name: 'Host', config });
    const guest = await openPerson(browser, first.url, { name: 'Grace', config });
    people.push(host, guest);
    const code = await room(host.page, guest.page);
    const guestId = await selfId(guest.page);
    await openPanel(guest.page);

    await first.close(); // the memory store goes with it: the server forgets the room
    await expect(byId(guest.page, 'sync-status-text')).toContainText('Reconnecting…');
    await expect(byId(guest.page, 'network-user-list')).toHaveClass(/rs-network__users--stale/);
    await expect(byId(guest.page, 'network-users-stale')).toContainText('Last seen at');
    await expect(byId(host.page, 'sync-status-text')).toContainText('not synced');

    const second = await startServer({ ...options, port: first.port });
    cleanups.push(() => second.close());
    for (const person of [host, guest])
      await expect(byId(person.page, 'network-button')).toHaveAttribute('data-state', 'connected');
    for (const person of [host, guest])
      expect(await person.page.evaluate(() => window.reelsync?.network.roomCode)).toBe(code);
    expect(await selfId(guest.page)).toBe(guestId);
    await expect.poll(() => usersCount(host.page)).toBe(2);
    await expect(byId(host.page, `network-user-${guestId}`)).toContainText('Grace');
    await expect(byId(guest.page, 'network-users-stale')).toBeHidden();
    await expect(byId(guest.page, 'sync-status-text')).toHaveText('');
    expect(await toastTexts(guest.page)).not.toContain('The room has ended');
    await host.page.evaluate(() => window.reelsync?.session.seek(99));
    await expect.poll(() => shownFrame(guest.page)).toBe(99);
  });
});
