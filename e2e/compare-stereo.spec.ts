// A/B compare and stereo in two real browsers of different window sizes through the real server
// (issue 17): both pages open the same A (a packed side-by-side chart: left eye red, right eye
// green) and the same B (yellow, at half A's size); the compare mode, the wipe position and the
// stereo display the host changes show on the guest, read from the guest's pixels at image points
// (so the window size does not matter). A B that cannot be opened is named with its reason and A
// stays on screen. B's frame follows A's, read from B's own frame-ID strip.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { sampleFrame } from './helpers/frameStrip';
import { makeChart, type Rgb8 } from './helpers/chart';
import { api, byId, closeAll, followCategories, openPerson, room } from './helpers/network';
import { colorAtImagePoint, type Rgba } from './helpers/pixels';

const RED: Rgb8 = [255, 0, 0];
const GREEN: Rgb8 = [0, 255, 0];
const YELLOW: Rgb8 = [255, 255, 0];
/** A: 128×64, left half red, right half green (a side-by-side stereo pair, too). */
const A = makeChart([RED, GREEN], 2, 64);
/** B: 64×32, all yellow (another size: fitted into A's picture). */
const B = makeChart([YELLOW, YELLOW], 2, 32);
const A_FILE = { name: 'sh010_v002.png', mimeType: 'image/png', buffer: A.png };
const B_FILE = { name: 'sh010_v001.png', mimeType: 'image/png', buffer: B.png };

const STRIP_CLIP = path.resolve(import.meta.dirname, 'media', 'strip-48f-24fps.webm');

const near = (color: Rgba, expected: Rgb8) =>
  Math.max(
    Math.abs(color.r - expected[0]),
    Math.abs(color.g - expected[1]),
    Math.abs(color.b - expected[2]),
  ) <= 8;

/** Which of red, green, yellow the picture is at an image point of A's (the viewer's) picture. */
async function colorAt(page: Page, x: number, y: number): Promise<string> {
  const color = await colorAtImagePoint(page, { x, y }, 2);
  for (const [name, rgb] of [
    ['red', RED],
    ['green', GREEN],
    ['yellow', YELLOW],
  ] as const)
    if (near(color, rgb)) return name;
  return `rgb(${color.r.toFixed(0)}, ${color.g.toFixed(0)}, ${color.b.toFixed(0)})`;
}

/** The color at a fraction of the canvas (for the second cell of a two-cell layout). */
async function colorAtCanvas(page: Page, fx: number, fy: number): Promise<string> {
  const color = await page.evaluate(
    ({ fx, fy }) => {
      const canvas = window.reelsync?.viewer.canvas;
      if (!canvas) throw new Error('no canvas');
      const scratch = document.createElement('canvas');
      scratch.width = 1;
      scratch.height = 1;
      const context = scratch.getContext('2d');
      if (!context) throw new Error('no 2D context');
      const x = Math.round(canvas.width * fx);
      const y = Math.round(canvas.height * fy);
      context.drawImage(canvas, x, y, 1, 1, 0, 0, 1, 1);
      const [r = 0, g = 0, b = 0] = context.getImageData(0, 0, 1, 1).data;
      return { r, g, b, a: 255 };
    },
    { fx, fy },
  );
  for (const [name, rgb] of [
    ['red', RED],
    ['green', GREEN],
    ['yellow', YELLOW],
  ] as const)
    if (near(color, rgb)) return name;
  return `rgb(${color.r}, ${color.g}, ${color.b})`;
}

async function openA(page: Page): Promise<void> {
  await byId(page, 'media-input').setInputFiles(A_FILE);
  await expect(byId(page, 'media-name')).toHaveText(A_FILE.name);
}

async function openCompare(page: Page): Promise<void> {
  if (!(await byId(page, 'compare-panel').isVisible())) await byId(page, 'compare-button').click();
  await expect(byId(page, 'compare-panel')).toBeVisible();
}

test('compare mode, wipe and stereo changed by the host show on the guest (another window size)', async ({
  browser,
  server,
}) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  try {
    await guest.page.setViewportSize({ width: 900, height: 620 });
    await room(host.page, guest.page);
    await followCategories([host.page, guest.page], { compare: true, stereo: true });
    for (const page of [host.page, guest.page]) {
      await openA(page);
      await openCompare(page);
      // Each page picks its own copy of B (a local file: the room knows it by fingerprint).
      await byId(page, 'compare-file').setInputFiles(B_FILE);
      await expect(byId(page, 'compare-source')).toHaveValue(/^local:[0-9a-f]{64}$/);
    }
    // B's other size is named in the status line.
    await expect(byId(guest.page, 'compare-status')).toContainText(
      'sh010_v001.png is 64×32 and sh010_v002.png 128×64',
    );

    // Wipe, divider at the picture's centre: A (red) left of it, B (yellow) right of it.
    await byId(host.page, 'compare-mode').selectOption('wipe');
    await expect.poll(() => api(guest.page, '(r) => r.compare.state().mode')).toBe('wipe');
    await expect(byId(guest.page, 'compare-wipe-handle')).toBeVisible();
    await expect.poll(() => colorAt(guest.page, 32, 32)).toBe('red');
    await expect.poll(() => colorAt(guest.page, 96, 32)).toBe('yellow');
    // The host moves the divider to the right: the guest sees A's green there now.
    await api(host.page, '(r) => r.compare.setWipe({ x: 0.9 })');
    await expect.poll(() => colorAt(guest.page, 96, 32)).toBe('green');
    // Turned to horizontal (A above): the top is A, the bottom B.
    await api(host.page, '(r) => r.compare.setWipe({ x: 0.5, y: 0.5, angle: 90 })');
    await expect.poll(() => colorAt(guest.page, 96, 12)).toBe('green');
    await expect.poll(() => colorAt(guest.page, 96, 52)).toBe('yellow');

    // Side by side: A in the left half (where the viewer's picture is), B in the right half.
    await byId(host.page, 'compare-mode').selectOption('sideBySide');
    await expect(byId(guest.page, 'compare-wipe-handle')).toBeHidden();
    await expect.poll(() => colorAt(guest.page, 32, 32)).toBe('red');
    await expect.poll(() => colorAt(guest.page, 96, 32)).toBe('green');
    await expect.poll(() => colorAtCanvas(guest.page, 0.75, 0.5)).toBe('yellow');
    await expect.poll(() => colorAtCanvas(host.page, 0.75, 0.5)).toBe('yellow');

    // Difference: |A − B| = red − yellow → green; green − yellow → red.
    await api(host.page, `(r) => r.compare.setMode('difference')`);
    await expect.poll(() => colorAt(guest.page, 32, 32)).toBe('green');
    await expect.poll(() => colorAt(guest.page, 96, 32)).toBe('red');

    // Quick A/B toggle by the host's key: the guest shows B alone.
    await host.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await host.page.keyboard.press('Shift+B');
    await expect.poll(() => colorAt(guest.page, 32, 32)).toBe('yellow');
    // B is drawn with its own look and grade: A's (three stops darker on the guest) leaves it be.
    await api(guest.page, '(r) => r.viewer.setColor({ exposure: -3 })');
    await expect.poll(() => api(guest.page, '(r) => r.viewer.color.exposure')).toBe(-3);
    await expect.poll(() => colorAt(guest.page, 32, 32)).toBe('yellow');
    await api(guest.page, '(r) => r.viewer.setColor({ exposure: 0 })');
    await api(host.page, `(r) => r.compare.setMode('off')`);
    await expect.poll(() => colorAt(guest.page, 96, 32)).toBe('green');

    // Stereo: A is a side-by-side pair. The left eye is red, the right eye green.
    await byId(host.page, 'stereo-display').selectOption('left');
    await expect.poll(() => api(guest.page, '(r) => r.compare.stereo().display')).toBe('left');
    // The viewer's picture is one eye (64×64) now.
    await expect.poll(() => colorAt(guest.page, 32, 32)).toBe('red');
    await byId(host.page, 'stereo-swap').check();
    await expect.poll(() => colorAt(guest.page, 32, 32)).toBe('green');
    await api(host.page, `(r) => r.compare.setStereo({ swapEyes: false, display: 'anaglyph' })`);
    // Red/cyan anaglyph: the left eye's red, the right eye's green and blue.
    await expect.poll(() => colorAt(guest.page, 32, 32)).toBe('yellow');
    await api(host.page, `(r) => r.compare.setStereo({ display: 'sideBySide' })`);
    await expect.poll(() => colorAt(guest.page, 32, 32)).toBe('red');
    await expect.poll(() => colorAtCanvas(guest.page, 0.75, 0.5)).toBe('green');
    expect(await api(guest.page, '(r) => r.compare.stereo()')).toEqual({
      input: 'sideBySide',
      display: 'sideBySide',
      swapEyes: false,
      convergence: 0,
    });
  } finally {
    await closeAll(host, guest);
  }
});

test('a broken compare file is named with its reason and A stays on screen', async ({
  browser,
  server,
}) => {
  const person = await openPerson(browser, server.url, { name: 'Solo' });
  try {
    await openA(person.page);
    await openCompare(person.page);
    await byId(person.page, 'compare-file').setInputFiles({
      name: 'sh010_v003.png',
      mimeType: 'image/png',
      buffer: Buffer.from('not a png at all'),
    });
    await expect(byId(person.page, 'toast-message').last()).toContainText('sh010_v003.png');
    await expect(byId(person.page, 'media-name')).toHaveText(A_FILE.name);
    await api(person.page, `(r) => r.compare.setMode('wipe')`);
    // No B: A's side as it is; B's side shows the background.
    await expect.poll(() => colorAt(person.page, 32, 32)).toBe('red');
  } finally {
    await closeAll(person);
  }
});

test('B’s frame follows A’s frame, read from B’s frame-ID strip (A/B toggle, two-file stereo); past B’s end its last frame stays', async ({
  browser,
  server,
}) => {
  const person = await openPerson(browser, server.url, { name: 'Solo' });
  try {
    const page = person.page;
    // A: the demo clip (frames 1–1440); B: a 48-frame clip with the same strip, at 640×360.
    await openCompare(page);
    await byId(page, 'compare-file').setInputFiles(STRIP_CLIP);
    await expect.poll(() => api(page, '(r) => r.compare.status().b')).toBe('strip-48f-24fps.webm');
    await expect(byId(page, 'compare-status')).toContainText('has 48 frames');
    await api(page, `(r) => { r.compare.setMode('toggle'); r.compare.toggleAB(); }`);
    for (const [aFrame, bFrame] of [
      [10, 10],
      [31, 31],
      [200, 48],
      [3, 3],
    ] as const) {
      await api(page, `(r) => r.session.seek(${aFrame})`);
      await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(bFrame);
    }
    // Back to A: its own strip again.
    await api(page, '(r) => r.compare.toggleAB()');
    await api(page, '(r) => r.session.seek(200)');
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(200);

    // Two-file stereo: A is the left eye, B the right.
    await api(page, `(r) => r.compare.setMode('off')`);
    await api(page, `(r) => r.compare.setStereo({ input: 'twoFiles', display: 'right' })`);
    await api(page, '(r) => r.session.seek(20)');
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(20);
    await api(page, '(r) => r.session.seek(300)');
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(48);
    await api(page, `(r) => r.compare.setStereo({ swapEyes: true })`);
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(300);
  } finally {
    await closeAll(person);
  }
});
