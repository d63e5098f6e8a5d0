// Deep links (docs/deep-links.md) in real Chromium against the real server: a link to a room at
// a frame and in/out opens the player there after the join question (pixels: the frame-ID strip
// on the canvas), a web+reelsync: link handed over by the protocol handler does the same, the
// header's link menu copies a link to the frame on screen and installs the handler, and bad
// links say what was wrong.
import { expect, test } from './fixtures';
import { sampleFrame } from './helpers/frameStrip';
import { api, byId, createRoom, openPerson, type Person } from './helpers/network';

const people: Person[] = [];
test.afterEach(async () => {
  for (const person of people.splice(0)) await person.context.close();
});

async function person(browser: Parameters<typeof openPerson>[0], baseURL: string, path = '/') {
  // A link without a room jumps at once: the first frame on screen is the link's, not frame 1.
  const waitForFrame = path === '/' || path.includes('room=');
  const opened = await openPerson(browser, baseURL, { name: 'Lina', path, waitForFrame });
  people.push(opened);
  return opened;
}

const playhead = (page: Person['page']) =>
  api<[number, number, number]>(
    page,
    '(r) => [r.session.currentFrame, r.session.inPoint, r.session.outPoint]',
  );

test.describe('Deep links', () => {
  test('a link to a room at a frame and in/out opens there once joined', async ({
    browser,
    baseURL,
  }) => {
    const host = await person(browser, baseURL ?? '');
    const code = await createRoom(host.page);
    const guest = await person(browser, baseURL ?? '', `/?room=${code}&frame=100&in=90&out=140`);
    // Until the person answers the join question, the link waits and says so (not over the picture).
    await expect(byId(guest.page, 'deep-link-status')).toContainText(
      `frame 100, in 90–140 once you join room ${code}`,
    );
    await byId(guest.page, 'join-link-join').click();
    await expect(byId(guest.page, 'network-room-code-display')).toHaveText(code);
    await expect.poll(() => playhead(guest.page)).toEqual([100, 90, 140]);
    await expect.poll(async () => (await sampleFrame(guest.page)).decoded).toBe(100);
    await expect(guest.page.getByText('Opened the link: in 90, out 140, frame 100')).toBeVisible();
    await expect(byId(guest.page, 'deep-link-status')).toBeHidden();
    // The guest steered the room: the host's picture follows to frame 100.
    await expect.poll(async () => (await sampleFrame(host.page)).decoded).toBe(100);
    // The link's parameters left the address bar (a reload does not jump again).
    expect(new URL(guest.page.url()).search).toBe('');
  });

  test('the web+reelsync: handler page opens the link it is handed', async ({
    browser,
    baseURL,
  }) => {
    const link = 'web+reelsync:?frame=200&in=150&out=250';
    const viewer = await person(browser, baseURL ?? '', `/?link=${encodeURIComponent(link)}`);
    await expect.poll(() => playhead(viewer.page)).toEqual([200, 150, 250]);
    await expect.poll(async () => (await sampleFrame(viewer.page)).decoded).toBe(200);
    expect(new URL(viewer.page.url()).search).toBe('');

    const bad = await person(
      browser,
      baseURL ?? '',
      `/?link=${encodeURIComponent('https://evil.example/')}`,
    );
    await expect(bad.page.getByText('This web+reelsync: link could not be opened')).toBeVisible();
    expect(await playhead(bad.page)).toEqual([1, 1, 1440]);
  });

  test('a frame outside the media is clamped and the status says why', async ({
    browser,
    baseURL,
  }) => {
    const viewer = await person(browser, baseURL ?? '', '/?frame=99999&in=abc');
    await expect.poll(() => playhead(viewer.page)).toEqual([1440, 1, 1440]);
    const status = byId(viewer.page, 'deep-link-status');
    await expect(status).toContainText('in "abc" is not a frame number');
    await expect(status).toContainText('frame 99999 is outside this media (1–1440): using 1440');
    await byId(viewer.page, 'deep-link-dismiss').click();
    await expect(status).toBeHidden();
  });

  test('the link menu copies a link to this frame and installs the protocol handler', async ({
    browser,
    baseURL,
  }) => {
    const host = await person(browser, baseURL ?? '');
    await host.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    // Record what the page asks of the browser (the browser's own confirmation is outside the page).
    await host.page.evaluate(() => {
      const calls: string[][] = [];
      (window as unknown as { handlerCalls: string[][] }).handlerCalls = calls;
      navigator.registerProtocolHandler = (scheme: string, url: string) =>
        void calls.push([scheme, url]);
    });
    const code = await createRoom(host.page);
    await api(
      host.page,
      '(r) => { r.session.setInPoint(30); r.session.setOutPoint(60); r.session.seek(42); }',
    );
    await byId(host.page, 'link-menu-button').click();
    await byId(host.page, 'copy-frame-link').click();
    const copied = `${baseURL}/?room=${code}&frame=42&in=30&out=60`;
    await expect.poll(() => host.page.evaluate(() => navigator.clipboard.readText())).toBe(copied);
    await byId(host.page, 'link-menu-button').click();
    await byId(host.page, 'copy-protocol-link').click();
    await expect
      .poll(() => host.page.evaluate(() => navigator.clipboard.readText()))
      .toBe(`web+reelsync:?room=${code}&frame=42&in=30&out=60`);
    await byId(host.page, 'link-menu-button').click();
    await byId(host.page, 'install-link-handler').click();
    expect(
      await host.page.evaluate(
        () => (window as unknown as { handlerCalls: string[][] }).handlerCalls,
      ),
    ).toEqual([['web+reelsync', `${baseURL}/?link=%s`]]);
    await expect(host.page.getByText('confirm in its prompt')).toBeVisible();
  });
});
