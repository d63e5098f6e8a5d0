// Issue #17 (image format): the Image format category between two windows of DIFFERENT sizes.
// The host sets pixel aspect 2.0, a 90° turn and a flip with the shortcuts and a 2.39 mask in the
// Image format panel; both pages are then checked from their pixels alone: the demo clip's
// frame-ID strip is read where the format's geometry (computed here from each canvas's size, not
// through the player's own mapping) puts it — a tall 1080 × 3840 picture with the strip running
// down its right edge — and the mask's bars darken the picture (a page screenshot against the
// canvas) outside the 2.39 frame only. An anamorphic EXR (pixelAspectRatio 2) shows stretched,
// and a line drawn on a turned picture stays on the image detail it was drawn on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { writeExr } from '../scripts/vfxMediaWriters';
import { FRAME_ID_BITS } from '../src/core/media/frameId';
import { expect, test } from './fixtures';
import { sampleFrame } from './helpers/frameStrip';
import { api, byId, closeAll, closePanel, pressKey, room, type Person } from './helpers/network';
import { canvasColors } from './helpers/pixels';

const BIG = { width: 1280, height: 800 };
const SMALL = { width: 900, height: 700 };
/** The demo clip: 1920 × 1080, frame-ID cell 60 px (docs/demo-clip.md). */
const W = 1920;
const H = 1080;
const CELL = W / 32;
const FRAME = 1001;

let people: Person[] = [];
test.afterEach(async () => {
  await closeAll(...people);
  people = [];
});

async function openSized(
  browser: Browser,
  baseURL: string,
  viewport: { width: number; height: number },
  name: string,
): Promise<Person> {
  const context = await browser.newContext({ baseURL, viewport });
  await context.addInitScript((displayName) => {
    localStorage.setItem('reelsync.displayName', displayName);
  }, name);
  const page = await context.newPage();
  await page.goto('/');
  await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1);
  return { context, page };
}

/**
 * Where a source pixel of the demo clip lands on this canvas (CSS px from its top-left) with
 * pixel aspect 2, flip, then 90° clockwise, fitted: source (x, y) → flipped (x, H − y) → turned
 * (H − (H − y), 2x) = (y, 2x) on a 1080 × 3840 display plane, centred and scaled to fit.
 */
function placed(canvas: { width: number; height: number }, x: number, y: number) {
  const shown = { width: H, height: 2 * W };
  const zoom = Math.min(canvas.width / shown.width, canvas.height / shown.height);
  return {
    x: canvas.width / 2 + (y - shown.width / 2) * zoom,
    y: canvas.height / 2 + (2 * x - shown.height / 2) * zoom,
  };
}

/** The luma of the canvas (WebGL, read back) at CSS points. */
async function canvasLuma(page: Page, points: Array<{ x: number; y: number }>) {
  const colors = await canvasColors(page, points);
  return colors.map(([r = 0, g = 0, b = 0]) => 0.2126 * r + 0.7152 * g + 0.0722 * b);
}

async function canvasBox(page: Page) {
  const box = await byId(page, 'viewer-canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  return box;
}

/** The frame number the strip shows where the format's geometry puts it; null if unreadable. */
async function stripThroughFormat(page: Page): Promise<number | null> {
  const box = await canvasBox(page);
  // The centre of each cell: source x (i + 0.5)·c, y H − c/2.
  const points = Array.from({ length: FRAME_ID_BITS }, (_, i) =>
    placed(box, (i + 0.5) * CELL, H - CELL / 2),
  );
  const lumas = await canvasLuma(page, points);
  let frame = 0;
  for (const luma of lumas) {
    if (luma > 176) frame = frame * 2 + 1;
    else if (luma < 80) frame *= 2;
    else return null;
  }
  return frame;
}

/** Luma at CSS points of a page screenshot (what the person sees: the mask's bars included). */
async function screenLuma(page: Page, points: Array<{ x: number; y: number }>) {
  const png = (await page.screenshot()).toString('base64');
  return page.evaluate(
    async ({ png, points }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${png}`;
      await image.decode();
      const scratch = document.createElement('canvas');
      scratch.width = image.width;
      scratch.height = image.height;
      const context = scratch.getContext('2d');
      if (!context) throw new Error('no 2D context');
      context.drawImage(image, 0, 0);
      return points.map((p) => {
        const [r, g, b] = context.getImageData(Math.round(p.x), Math.round(p.y), 1, 1).data;
        return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
      });
    },
    { png, points },
  );
}

test('pixel aspect 2.0, a 90° turn, a flip and a 2.39 mask set in one window show in another of another size', async ({
  browser,
  baseURL,
}) => {
  const host = await openSized(browser, baseURL ?? '', BIG, 'Hana Host');
  const guest = await openSized(browser, baseURL ?? '', SMALL, 'Gus Guest');
  people.push(host, guest);
  await room(host.page, guest.page);
  // The Image format category is on by default on both sides.
  for (const { page } of [host, guest]) {
    await expect(byId(page, 'network-sync-format')).toBeChecked();
    await closePanel(page);
  }
  await api(host.page, `(r) => r.session.seek(${FRAME})`);
  await expect.poll(async () => (await sampleFrame(guest.page)).decoded).toBe(FRAME);

  // Pixel aspect: file → 1.0 → 2.0; a quarter turn clockwise; upside down.
  await pressKey(host.page, 'Alt+P');
  await pressKey(host.page, 'Alt+P');
  await pressKey(host.page, 'Alt+R');
  await pressKey(host.page, 'Alt+F');
  // The mask from the Image format panel (Alt+I opens it beside the picture).
  await pressKey(host.page, 'Alt+I');
  await expect(byId(host.page, 'format-panel')).toBeVisible();
  await byId(host.page, 'format-mask').selectOption('2.39');
  await expect(byId(host.page, 'format-info')).toContainText(
    'pixel aspect 2.0, rotated 90°, flipped, mask 2.39 at 82 %',
  );
  await pressKey(host.page, 'Alt+I');
  await expect(byId(host.page, 'format-panel')).toBeHidden();

  const expected = { pixelAspect: 2, rotation: 90, flip: true, flop: false, mask: '2.39' };
  await expect
    .poll(() => api(guest.page, '(r) => r.format.state()'))
    .toMatchObject({ ...expected, displaySize: { width: H, height: 2 * W } });

  for (const { page } of [host, guest]) {
    // The strip reads right where the geometry puts it, in each window's own size.
    await expect.poll(() => stripThroughFormat(page)).toBe(FRAME);
    const box = await canvasBox(page);
    // Outside the tall picture, beside it: the viewer's background.
    const beside = placed(box, W / 2, -40);
    const [background] = await canvasLuma(page, [beside]);
    expect(background).toBeLessThan(30);

    // The 2.39 mask on the 1080-wide picture keeps a band 452 display px high in the middle:
    // source x 847…1073 (display y = 2x). A bar point (source x 400) is darkened on screen by
    // the mask's 82 % opacity; a point inside the band (source x 960) is not.
    const barPoint = placed(box, 400, 200);
    const keptPoint = placed(box, 960, 200);
    const [barCanvas, keptCanvas] = await canvasLuma(page, [barPoint, keptPoint]);
    const onScreen = (p: { x: number; y: number }) => ({ x: box.x + p.x, y: box.y + p.y });
    const [barScreen, keptScreen] = await screenLuma(page, [
      onScreen(barPoint),
      onScreen(keptPoint),
    ]);
    expect(barCanvas ?? 0).toBeGreaterThan(60);
    expect(barScreen ?? 255).toBeLessThan((barCanvas ?? 0) * 0.35);
    expect(Math.abs((keptScreen ?? 0) - (keptCanvas ?? 0))).toBeLessThan(12);
  }

  // Back as the file is (Alt+0) shows upright again on the other side.
  await pressKey(host.page, 'Alt+0');
  await expect
    .poll(() => api(guest.page, '(r) => r.format.state()'))
    .toMatchObject({ pixelAspect: null, rotation: 0, flip: false, mask: null });
  await expect.poll(async () => (await sampleFrame(guest.page)).decoded).toBe(FRAME);
});

test('an anamorphic EXR (pixelAspectRatio 2) shows at twice its width, from the file', async ({
  page,
}) => {
  // 64 × 32 half ZIP: left half red, right half blue; shown 128 × 32 (4:1), not 2:1.
  const dir = mkdtempSync(path.join(tmpdir(), 'reelsync-format-'));
  try {
    const file = path.join(dir, 'anamorphic.exr');
    const size = 64 * 32;
    const red = new Float32Array(size);
    const blue = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      const left = i % 64 < 32;
      red[i] = left ? 1 : 0;
      blue[i] = left ? 0 : 1;
    }
    writeFileSync(
      file,
      writeExr({
        dataWindow: { xMin: 0, yMin: 0, xMax: 63, yMax: 31 },
        channels: [
          { name: 'B', values: blue },
          { name: 'G', values: new Float32Array(size) },
          { name: 'R', values: red },
        ],
        pixelAspect: 2,
      }),
    );
    await page.goto('/');
    await page.getByTestId('media-input').setInputFiles(file);
    await expect(page.getByTestId('media-name')).toHaveText('anamorphic.exr');
    await expect
      .poll(() => api(page, '(r) => r.format.state()'))
      .toMatchObject({
        pixelAspect: null,
        sourcePixelAspect: 2,
        effectivePixelAspect: 2,
        displaySize: { width: 128, height: 32 },
      });
    await pressKey(page, 'Alt+I');
    await expect(byId(page, 'format-info')).toContainText('pixel aspect 2.0 (file)');
    await expect(byId(page, 'format-info')).toContainText('64×32 shown as 128×32');
    await pressKey(page, 'Alt+I');

    // Fitted 4:1: the picture spans the canvas width; a 2:1 picture would reach 1/4 of the
    // width higher and lower than it does.
    const box = await canvasBox(page);
    const zoom = Math.min(box.width / 128, box.height / 32);
    const top = box.height / 2 - 16 * zoom;
    const at = (fx: number, y: number) => ({ x: box.width / 2 + (fx - 0.5) * 128 * zoom, y });
    const rgb = (points: Array<{ x: number; y: number }>) =>
      page.evaluate((points) => {
        const canvas = window.reelsync?.viewer.canvas;
        if (!canvas) throw new Error('window.reelsync is missing');
        const scale = canvas.width / canvas.getBoundingClientRect().width;
        const scratch = document.createElement('canvas');
        scratch.width = canvas.width;
        scratch.height = canvas.height;
        const context = scratch.getContext('2d');
        if (!context) throw new Error('no 2D context');
        context.drawImage(canvas, 0, 0);
        return points.map((p) =>
          Array.from(
            context.getImageData(Math.round(p.x * scale), Math.round(p.y * scale), 1, 1).data,
          ).slice(0, 3),
        );
      }, points);
    await expect
      .poll(() => rgb([at(0.05, box.height / 2), at(0.95, box.height / 2)]))
      .toEqual([
        [255, 0, 0],
        [0, 0, 255],
      ]);
    const [above] = await rgb([at(0.25, top - 4)]);
    expect(Math.max(...(above ?? [255]))).toBeLessThan(30);
    const [inside] = await rgb([at(0.25, top + 4)]);
    expect(inside).toEqual([255, 0, 0]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a line drawn on the turned, stretched picture stays on the image detail it was drawn on', async ({
  page,
}) => {
  await page.goto('/');
  await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1);
  await api(page, '(r) => r.format.set({ rotation: 90, pixelAspect: 2 })');
  // Drawing on first: its toolbar takes a strip above the picture, so the picture is measured after.
  await byId(page, 'annotate-toggle').click();
  await byId(page, 'annotate-tool-line').click();
  await byId(page, 'annotate-color-ff3b30').click();
  const box = await canvasBox(page);
  // Turned 90° clockwise, pixel aspect 2, no flip: source (x, y) → display (H − y, 2x) on the
  // 1080 × 3840 plane, fitted — computed here, not through the player's mapping.
  const shown = { width: H, height: 2 * W };
  const zoom = Math.min(box.width / shown.width, box.height / shown.height);
  const onScreen = (x: number, y: number) => ({
    x: box.x + box.width / 2 + (H - y - shown.width / 2) * zoom,
    y: box.y + box.height / 2 + (2 * x - shown.height / 2) * zoom,
  });
  const start = onScreen(700, 300);
  const end = onScreen(1100, 300);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(end.x, end.y, { steps: 12 });
  await page.mouse.up();

  const overlayRed = (points: Array<{ x: number; y: number }>) =>
    page.evaluate((points) => {
      const canvas = document.querySelector<HTMLCanvasElement>(
        '[data-testid="annotation-overlay"]',
      );
      const context = canvas?.getContext('2d');
      if (!canvas || !context) throw new Error('no overlay');
      const rect = canvas.getBoundingClientRect();
      const scale = canvas.width / rect.width;
      return points.map((p) => {
        const [r, g, , a] = context.getImageData(
          Math.round((p.x - rect.left) * scale),
          Math.round((p.y - rect.top) * scale),
          1,
          1,
        ).data;
        return (a ?? 0) > 200 && (r ?? 0) > 200 && (g ?? 255) < 120;
      });
    }, points);
  // While turned: the ink runs down the screen, where the drag went.
  await expect.poll(() => overlayRed([onScreen(900, 300)])).toEqual([true]);
  // Upright again: the line lies along image row 300 from x 700 to 1100, not where the mouse was.
  await pressKey(page, 'Alt+0');
  const upright = await page.evaluate(() => {
    const api = window.reelsync;
    if (!api) throw new Error('window.reelsync is missing');
    return [900, 1400].map((x) => api.viewer.imageToClient({ x, y: 300 }));
  });
  await expect.poll(() => overlayRed(upright)).toEqual([true, false]);
});
