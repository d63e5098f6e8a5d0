// Annotations between real Chromium pages through the real server: strokes drawn with the mouse
// in one page show in the other at the same image position, whatever each page's zoom, pan and
// window size; live while drawn; ownership on erase; viewers cannot draw; late joiners see all.
// Pixels are read from the page's own annotation overlay at the image point mapped through that
// page's own viewer transform.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  byId,
  closeAll,
  closePanel,
  openPanel,
  openPerson,
  room as createAndJoin,
  type Person,
} from './helpers/network';

interface Point {
  x: number;
  y: number;
}

let people: Person[] = [];
test.afterEach(async () => {
  await closeAll(...people);
  people = [];
});

async function person(browser: Parameters<typeof openPerson>[0], baseURL: string, name: string) {
  const created = await openPerson(browser, baseURL, { name });
  people.push(created);
  return created.page;
}

/**
 * Host creates, guests join; then the panels close, so the pictures have their full size (the
 * docked panel takes room from the picture, and a pointer-down on it closes the panel).
 */
async function room(host: Page, ...guests: Page[]): Promise<void> {
  await createAndJoin(host, ...guests);
  for (const page of [host, ...guests]) await closePanel(page);
}

/** RGBA of the annotation overlay at an image point (mean of a 3×3 device-px patch). */
function overlayAt(
  page: Page,
  point: Point,
): Promise<{ r: number; g: number; b: number; a: number }> {
  return page.evaluate((p) => {
    const api = window.reelsync;
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="annotation-overlay"]');
    if (!api || !canvas) throw new Error('no overlay');
    const rect = canvas.getBoundingClientRect();
    const client = api.viewer.imageToClient(p);
    const scale = canvas.width / rect.width;
    const x = Math.round((client.x - rect.left) * scale);
    const y = Math.round((client.y - rect.top) * scale);
    const data = canvas.getContext('2d')?.getImageData(x - 1, y - 1, 3, 3).data;
    if (!data) throw new Error('no 2D context');
    const sum = { r: 0, g: 0, b: 0, a: 0 };
    for (let i = 0; i < data.length; i += 4) {
      sum.r += data[i] ?? 0;
      sum.g += data[i + 1] ?? 0;
      sum.b += data[i + 2] ?? 0;
      sum.a += data[i + 3] ?? 0;
    }
    return { r: sum.r / 9, g: sum.g / 9, b: sum.b / 9, a: sum.a / 9 };
  }, point);
}

/** 'ink' when the overlay shows (nearly) `hex` at the point, 'empty' when transparent. */
async function inkAt(page: Page, point: Point, hex: string): Promise<string> {
  const c = await overlayAt(page, point);
  if (c.a < 10) return 'empty';
  const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const close = [c.r, c.g, c.b].every((v, i) => Math.abs(v - (want[i] ?? 0)) < 40);
  return close && c.a > 200 ? 'ink' : `other rgba(${c.r},${c.g},${c.b},${c.a})`;
}

const imageToClient = (page: Page, p: Point) =>
  page.evaluate((q) => window.reelsync?.viewer.imageToClient(q) ?? q, p);

/**
 * Drags the mouse from a to b (image px of this page), pressing at a and releasing at b. The
 * page's toasts are dismissed first: one expiring between reading the points and the press would
 * resize the picture (toasts sit in the status area), and the press would land elsewhere. Once
 * pressed, the page holds its toasts until the release.
 */
async function drag(page: Page, a: Point, b: Point, options: { release?: boolean } = {}) {
  await page.evaluate(async () => {
    for (const close of document.querySelectorAll<HTMLElement>('[data-testid="toast-close"]'))
      close.click();
    for (let i = 0; i < 2; i++) await new Promise(requestAnimationFrame);
  });
  const start = await imageToClient(page, a);
  const end = await imageToClient(page, b);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(end.x, end.y, { steps: 12 });
  if (options.release !== false) await page.mouse.up();
}

async function startDrawing(page: Page, tool: string, color = 'ff3b30') {
  if ((await byId(page, 'annotate-toggle').getAttribute('aria-pressed')) !== 'true')
    await byId(page, 'annotate-toggle').click();
  await expect(byId(page, 'annotate-toolbar')).toBeVisible();
  await byId(page, `annotate-tool-${tool}`).click();
  await byId(page, `annotate-color-${color}`).click();
}

const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

/** A point at fractions of the picture's size (image px), so tests do not depend on the clip. */
async function at(page: Page, fx: number, fy: number): Promise<Point> {
  const size = await page.evaluate(() => {
    const info = window.reelsync?.media.info;
    if (!info) throw new Error('no media');
    return { w: info.width, h: info.height };
  });
  return { x: Math.round(size.w * fx), y: Math.round(size.h * fy) };
}

/** Zooms to `factor` × fit with `center` (image px) in the middle of the view. */
async function zoomOn(page: Page, factor: number, center: Point): Promise<void> {
  await page.evaluate(
    ({ factor, center }) => {
      const api = window.reelsync;
      const info = api?.media.info;
      if (!api || !info) throw new Error('no media');
      api.viewer.fit();
      api.viewer.setZoom(api.viewer.zoom * factor);
      api.viewer.setPan(center.x - info.width / 2, center.y - info.height / 2);
    },
    { factor, center },
  );
}

/** Pixels in an image-px rectangle of the overlay that show (nearly) `hex` opaquely. */
function inkCount(page: Page, from: Point, to: Point, hex: string): Promise<number> {
  return inkIn(page, from, to, hex, 'opaque');
}

/**
 * How many pixels' worth of `hex` ink the rectangle holds, partly covered (antialiased) pixels
 * counting by their alpha: a hairline's edge is not lost to an opacity threshold when the
 * picture is drawn a little smaller.
 */
function inkCoverage(page: Page, from: Point, to: Point, hex: string): Promise<number> {
  return inkIn(page, from, to, hex, 'coverage');
}

function inkIn(
  page: Page,
  from: Point,
  to: Point,
  hex: string,
  mode: 'opaque' | 'coverage',
): Promise<number> {
  return page.evaluate(
    ({ from, to, hex, mode }) => {
      const api = window.reelsync;
      const canvas = document.querySelector<HTMLCanvasElement>(
        '[data-testid="annotation-overlay"]',
      );
      if (!api || !canvas) throw new Error('no overlay');
      const rect = canvas.getBoundingClientRect();
      const scale = canvas.width / rect.width;
      const a = api.viewer.imageToClient(from);
      const b = api.viewer.imageToClient(to);
      const x = Math.round((a.x - rect.left) * scale);
      const y = Math.round((a.y - rect.top) * scale);
      const w = Math.max(1, Math.round((b.x - a.x) * scale));
      const h = Math.max(1, Math.round((b.y - a.y) * scale));
      const data = canvas.getContext('2d')?.getImageData(x, y, w, h).data;
      if (!data) throw new Error('no 2D context');
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        const close = [0, 1, 2].every((k) => Math.abs((data[i + k] ?? 0) - (want[k] ?? 0)) < 40);
        const alpha = data[i + 3] ?? 0;
        if (!close) continue;
        if (mode === 'coverage') count += alpha / 255;
        else if (alpha > 200) count++;
      }
      return count;
    },
    { from, to, hex, mode },
  );
}

test.describe('Annotations', () => {
  test('alone: a stroke stays on the picture at any zoom; undo and redo', async ({
    browser,
    baseURL,
  }) => {
    const page = await person(browser, baseURL ?? '', 'Solo');
    await startDrawing(page, 'line', '34c759');
    await expect(byId(page, 'annotate-mode')).toHaveText('Only on this screen');
    const a = await at(page, 0.3, 0.3);
    const b = await at(page, 0.7, 0.6);
    await drag(page, a, b);
    await expect.poll(() => inkAt(page, mid(a, b), '#34c759')).toBe('ink');
    expect(await inkAt(page, { x: a.x, y: b.y }, '#34c759')).toBe('empty');

    // Zoomed in 2.5× and panned: still on the same picture points (a quarter along the line too).
    const quarter = { x: a.x + (b.x - a.x) / 4, y: a.y + (b.y - a.y) / 4 };
    await zoomOn(page, 2.5, quarter);
    await expect.poll(() => inkAt(page, quarter, '#34c759')).toBe('ink');
    await expect.poll(() => inkAt(page, mid(quarter, a), '#34c759')).toBe('ink');
    expect(await inkAt(page, { x: quarter.x, y: quarter.y + 40 }, '#34c759')).toBe('empty');
    const a2 = await at(page, 0.3, 0.3);
    expect(a2).toEqual(a);

    await page.keyboard.press('Control+z');
    await expect.poll(() => inkAt(page, mid(a, b), '#34c759')).toBe('empty');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => inkAt(page, mid(a, b), '#34c759')).toBe('ink');

    // The next frame shows nothing of it, unless ghosting is on: then it shows faintly.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => window.reelsync?.session.currentFrame)).toBe(2);
    await expect.poll(() => inkAt(page, quarter, '#34c759')).toBe('empty');
    await byId(page, 'annotate-ghosting').click();
    await expect
      .poll(async () => {
        const { a: alpha, g } = await overlayAt(page, quarter);
        return alpha > 30 && alpha < 160 && g > 150 ? 'faint' : `alpha ${alpha}`;
      })
      .toBe('faint');
  });

  test('a pen tablet’s pressure sets the line width', async ({ browser, baseURL }) => {
    const page = await person(browser, baseURL ?? '', 'Pen');
    await startDrawing(page, 'pen', 'ffffff');
    const cdp = await page.context().newCDPSession(page);
    // Pen input with a force (pressure), as Chromium receives it from a tablet.
    const penStroke = async (fy: number, force: number) => {
      const from = await imageToClient(page, await at(page, 0.3, fy));
      const to = await imageToClient(page, await at(page, 0.7, fy));
      const send = (type: string, x: number) =>
        cdp.send('Input.dispatchMouseEvent', {
          type: type as 'mousePressed',
          x,
          y: from.y,
          button: 'left',
          buttons: type === 'mouseReleased' ? 0 : 1,
          clickCount: 1,
          pointerType: 'pen',
          force,
        });
      await send('mousePressed', from.x);
      for (let i = 1; i <= 20; i++) await send('mouseMoved', from.x + ((to.x - from.x) * i) / 20);
      await send('mouseReleased', to.x);
    };
    await penStroke(0.4, 0.1);
    await penStroke(0.6, 1);
    /** Rows of ink across the stroke at its middle, in device px (edges by their coverage). */
    const thickness = (fy: number) =>
      at(page, 0.5, fy).then((p) =>
        inkCoverage(page, { x: p.x, y: p.y - 30 }, { x: p.x + 1, y: p.y + 30 }, '#ffffff'),
      );
    await expect.poll(() => thickness(0.4)).toBeGreaterThan(0);
    await expect.poll(() => thickness(0.6)).toBeGreaterThan(0);
    const light = await thickness(0.4);
    const hard = await thickness(0.6);
    expect(hard).toBeGreaterThanOrEqual(light * 2);
  });

  test('a stroke drawn in one page appears in the other, live and finished, at the same image position under a different zoom and window', async ({
    browser,
    baseURL,
  }) => {
    const host = await person(browser, baseURL ?? '', 'Hana');
    const guest = await person(browser, baseURL ?? '', 'Gil');
    await room(host, guest);
    // The guest looks at the picture differently: own view, zoomed in, panned, smaller window.
    await guest.setViewportSize({ width: 900, height: 640 });
    await guest.evaluate(() =>
      window.reelsync?.network.setSettings({ view: false, annotations: true }),
    );
    const a = await at(host, 0.35, 0.5);
    const b = await at(host, 0.6, 0.5);
    await zoomOn(guest, 1.8, { x: a.x + 30, y: a.y - 20 });
    await startDrawing(host, 'pen', '007aff');
    // Drawing in a room turned annotation sync on for the host, and said so.
    await expect(byId(host, 'annotate-mode')).toHaveText(/Shared with the room/);
    await expect(host.getByTestId('toast-message').first()).toContainText('Annotation sync is on');
    const guestZoom = await guest.evaluate(() => window.reelsync?.viewer.zoom);
    const hostZoom = await host.evaluate(() => window.reelsync?.viewer.zoom);
    expect(guestZoom).not.toBe(hostZoom);

    // Still drawing: the guest sees the stroke in progress.
    await drag(host, a, b, { release: false });
    await expect.poll(() => inkAt(guest, mid(a, b), '#007aff')).toBe('ink');
    await host.mouse.up();
    await expect
      .poll(() => guest.evaluate(() => window.reelsync?.network.syncStatus))
      .toBe('synced');
    await expect.poll(() => inkAt(guest, mid(a, b), '#007aff')).toBe('ink');
    const near = { x: a.x + 30, y: a.y };
    await expect.poll(() => inkAt(guest, near, '#007aff')).toBe('ink');
    expect(await inkAt(guest, { x: near.x, y: near.y + 40 }, '#007aff')).toBe('empty');
    expect(await inkAt(host, mid(a, b), '#007aff')).toBe('ink');

    // A late joiner gets it too.
    const late = await person(browser, baseURL ?? '', 'Lou');
    const code = await host.evaluate(() => window.reelsync?.network.roomCode ?? '');
    await late.evaluate(() => window.reelsync?.network.setSettings({ annotations: true }));
    await late.evaluate((c) => window.reelsync?.network.joinRoom(c), code);
    await expect.poll(() => inkAt(late, mid(a, b), '#007aff')).toBe('ink');
  });

  test('a guest with annotation sync off is offered the host’s drawing and sees it after one click', async ({
    browser,
    baseURL,
  }) => {
    const host = await person(browser, baseURL ?? '', 'Hana');
    const guest = await person(browser, baseURL ?? '', 'Gil');
    await room(host, guest);
    expect(await guest.evaluate(() => window.reelsync?.network.settings.annotations)).toBe(false);
    const a = await at(host, 0.35, 0.5);
    const b = await at(host, 0.6, 0.5);
    await startDrawing(host, 'pen', '007aff');
    // Drawing in a room turns annotation sync on and says so in the status area, which takes a
    // row from the picture: draw once the picture has its new size.
    await expect(host.getByTestId('toast-message').first()).toContainText('Annotation sync is on');
    await drag(host, a, b);
    // The offer is in the header and stays until answered.
    const offer = guest.getByTestId('annotation-sync-hint');
    await expect(offer).toContainText('Hana is drawing on the picture');
    expect(await inkAt(guest, mid(a, b), '#007aff')).toBe('empty');
    await guest.waitForTimeout(11_000);
    await expect(offer).toBeVisible();
    await offer.getByRole('button', { name: 'Show drawings' }).click();
    await expect(offer).toBeHidden();
    // Where the stroke really lies in the image: the host's picture may have resized under the
    // drag (its toast going away), which moves the later points away from mid(a, b).
    const onStroke = await host.evaluate(() => {
      const stroke = window.reelsync?.network.annotations.find((item) => 'points' in item);
      const points = stroke && 'points' in stroke ? stroke.points : [];
      const i = Math.floor(points.length / 3 / 2) * 3;
      return { x: points[i] ?? 0, y: points[i + 1] ?? 0 };
    });
    await expect.poll(() => inkAt(guest, onStroke, '#007aff'), { timeout: 20_000 }).toBe('ink');
    expect(await guest.evaluate(() => window.reelsync?.network.settings.annotations)).toBe(true);
  });

  test('erase respects ownership: a participant cannot erase the host’s stroke, the host may erase anyone’s', async ({
    browser,
    baseURL,
  }) => {
    const host = await person(browser, baseURL ?? '', 'Hana');
    const guest = await person(browser, baseURL ?? '', 'Gil');
    await room(host, guest);
    await startDrawing(host, 'line', 'ff9500');
    await startDrawing(guest, 'line', 'af52de');
    const hostLine = [await at(host, 0.2, 0.4), await at(host, 0.8, 0.4)] as const;
    const guestLine = [await at(host, 0.2, 0.6), await at(host, 0.8, 0.6)] as const;
    const across = (fx: number) => [at(host, fx, 0.3), at(host, fx, 0.7)] as const;
    await drag(host, ...hostLine);
    await drag(guest, ...guestLine);
    const hostMid = mid(...hostLine);
    const guestMid = mid(...guestLine);
    for (const page of [host, guest]) {
      await expect.poll(() => inkAt(page, hostMid, '#ff9500')).toBe('ink');
      await expect.poll(() => inkAt(page, guestMid, '#af52de')).toBe('ink');
    }

    // The guest's eraser crosses both lines: only the guest's own goes.
    await byId(guest, 'annotate-tool-eraser').click();
    await drag(guest, await across(0.5)[0], await across(0.5)[1]);
    await expect.poll(() => inkAt(host, guestMid, '#af52de')).toBe('empty');
    await expect(
      guest.getByTestId('toast-message').filter({ hasText: 'only your own' }),
    ).toBeVisible();
    // Polled: the refusal's toast resized the guest's picture, and its overlay redraws a frame later.
    for (const page of [host, guest])
      await expect.poll(() => inkAt(page, hostMid, '#ff9500')).toBe('ink');

    // Undo brings the guest's line back everywhere.
    await guest.keyboard.press('Control+z');
    await expect.poll(() => inkAt(host, guestMid, '#af52de')).toBe('ink');

    // The host may erase anyone's work.
    await byId(host, 'annotate-tool-eraser').click();
    await drag(host, await across(0.4)[0], await across(0.4)[1]);
    for (const page of [host, guest]) {
      await expect.poll(() => inkAt(page, guestMid, '#af52de')).toBe('empty');
      await expect.poll(() => inkAt(page, hostMid, '#ff9500')).toBe('empty');
    }
  });

  test('text tool: typed text appears in both pages; viewers cannot draw', async ({
    browser,
    baseURL,
  }) => {
    const host = await person(browser, baseURL ?? '', 'Hana');
    const viewer = await person(browser, baseURL ?? '', 'Vic');
    const code = await (async () => {
      await openPanel(host);
      await byId(host, 'network-create-room-button').click();
      await expect(byId(host, 'network-room-code-display')).toHaveText(/-/);
      return (await byId(host, 'network-room-code-display').textContent()) ?? '';
    })();
    await viewer.evaluate(
      (c) =>
        window.reelsync?.network
          .joinRoom(c, undefined, { role: 'viewer' })
          .then(() => window.reelsync?.network.setSettings({ annotations: true })),
      code,
    );
    await expect(byId(viewer, 'annotate-toggle')).toBeDisabled();
    await viewer.keyboard.press('d');
    await expect(byId(viewer, 'annotate-toolbar')).toBeHidden();

    await startDrawing(host, 'text', 'ffcc00');
    const anchor = await at(host, 0.4, 0.4);
    const client = await imageToClient(host, anchor);
    await host.mouse.click(client.x, client.y);
    await expect(byId(host, 'annotate-text-input')).toBeFocused();
    await host.keyboard.type('WWWW');
    await host.keyboard.press('Enter');
    await expect(byId(host, 'annotate-text-input')).toHaveCount(0);
    // The letters' box right of the anchor holds yellow ink on the viewer's overlay, the box
    // left of it none.
    const box = { x: anchor.x + 200, y: anchor.y + 60 };
    await expect.poll(() => inkCount(viewer, anchor, box, '#ffcc00')).toBeGreaterThan(20);
    expect(
      await inkCount(
        viewer,
        { x: anchor.x - 200, y: anchor.y },
        { x: anchor.x - 10, y: box.y },
        '#ffcc00',
      ),
    ).toBe(0);
  });

  test('Hold keeps a drawing on the next frames, fully drawn, for as many frames as chosen', async ({
    browser,
    baseURL,
  }) => {
    const page = await person(browser, baseURL ?? '', 'Holder');
    await startDrawing(page, 'line', '34c759');
    const a = await at(page, 0.25, 0.3);
    const b = await at(page, 0.65, 0.6);
    await drag(page, a, b);
    await expect.poll(() => inkAt(page, mid(a, b), '#34c759')).toBe('ink');
    const frame = () => page.evaluate(() => window.reelsync?.session.currentFrame);
    const step = async (to: number) => {
      await page.evaluate((n) => window.reelsync?.session.seek(n), to);
      await expect.poll(frame).toBe(to);
    };

    await step(3);
    await expect.poll(() => inkAt(page, mid(a, b), '#34c759')).toBe('empty');
    await byId(page, 'annotate-hold').fill('2');
    await byId(page, 'annotate-hold').press('Enter');
    // Frame 3 is two after the drawing's frame: held, at full strength; frame 4 is past it.
    await expect.poll(() => inkAt(page, mid(a, b), '#34c759')).toBe('ink');
    await step(2);
    await expect.poll(() => inkAt(page, mid(a, b), '#34c759')).toBe('ink');
    await step(4);
    await expect.poll(() => inkAt(page, mid(a, b), '#34c759')).toBe('empty');

    // A hold that is not a whole number of frames in range is refused, saying why.
    await byId(page, 'annotate-hold').fill('-4');
    await byId(page, 'annotate-hold').press('Enter');
    expect(
      await byId(page, 'annotate-hold').evaluate(
        (input) => (input as HTMLInputElement).validationMessage,
      ),
    ).toContain('whole number of frames');
    // The hold stays 2 (kept across reloads with the other drawing preferences).
    await page.reload();
    await expect.poll(() => page.evaluate(() => window.reelsync?.media.info !== null)).toBe(true);
    await startDrawing(page, 'line', '34c759');
    await expect(byId(page, 'annotate-hold')).toHaveValue('2');
  });
});
