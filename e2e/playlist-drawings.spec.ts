// Drawings per playlist item in two real browsers through the real server: a stroke the host
// draws on frame 10 of shot 2 shows on the guest's shot 2, is gone when the room moves to shot 1
// (on the same frame number), and is back when the room returns to shot 2 — read from the
// annotation overlay's pixels on both pages.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { api, byId, closeAll, openPerson, pressKey, room } from './helpers/network';
import { addNote, downloaded, noteRow, openNotes, reportImages } from './helpers/notes';
import { SHOT_1, bothOn, fingerprint, sha, upload, secondShot } from './helpers/playlistShots';

const RED = '#ff3b30';

interface Point {
  x: number;
  y: number;
}

const SHOT_2 = secondShot(48);

/** 'ink' when the annotation overlay shows (nearly) red at the image point, else 'empty'/other. */
function inkAt(page: Page, point: Point): Promise<string> {
  return page.evaluate(
    ({ p, hex }) => {
      const r = window.reelsync;
      const canvas = document.querySelector<HTMLCanvasElement>(
        '[data-testid="annotation-overlay"]',
      );
      if (!r || !canvas) throw new Error('no overlay');
      const rect = canvas.getBoundingClientRect();
      const client = r.viewer.imageToClient(p);
      const scale = canvas.width / rect.width;
      const x = Math.round((client.x - rect.left) * scale);
      const y = Math.round((client.y - rect.top) * scale);
      const data = canvas.getContext('2d')?.getImageData(x, y, 1, 1).data;
      if (!data) throw new Error('no 2D context');
      const [red = 0, green = 0, blue = 0, alpha = 0] = data;
      if (alpha < 10) return 'empty';
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      const close = [red, green, blue].every((v, i) => Math.abs(v - (want[i] ?? 0)) < 40);
      return close && alpha > 200 ? 'ink' : `other rgba(${red},${green},${blue},${alpha})`;
    },
    { p: point, hex: RED },
  );
}

/** Decodes an image file (base64) in the page: its size and the RGB at points given as fractions. */
function imagePixels(
  page: Page,
  data: string,
  type: string,
  points: Point[],
): Promise<{ width: number; height: number; pixels: number[][] }> {
  return page.evaluate(
    async ({ data, type, points }) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2D context');
      context.drawImage(bitmap, 0, 0);
      const pixel = (p: { x: number; y: number }) => [
        ...context
          .getImageData(Math.round(p.x * bitmap.width), Math.round(p.y * bitmap.height), 1, 1)
          .data.slice(0, 3),
      ];
      return { width: bitmap.width, height: bitmap.height, pixels: points.map(pixel) };
    },
    { data, type, points },
  );
}

/** The drawing's red (#ff3b30, anti-aliased over the picture, maybe JPEG-softened). */
const inked = ([red = 0, green = 0, blue = 0]: number[]) =>
  red > 150 && red - green > 80 && red - blue > 60;

async function at(page: Page, fx: number, fy: number): Promise<Point> {
  const size = await api<{ width: number; height: number }>(page, '(r) => r.media.info');
  return { x: Math.round(size.width * fx), y: Math.round(size.height * fy) };
}

async function drawLine(page: Page, a: Point, b: Point): Promise<void> {
  if ((await byId(page, 'annotate-toggle').getAttribute('aria-pressed')) !== 'true')
    await byId(page, 'annotate-toggle').click();
  await byId(page, 'annotate-tool-line').click();
  await byId(page, 'annotate-color-ff3b30').click();
  const client = (p: Point) =>
    page.evaluate((q) => window.reelsync?.viewer.imageToClient(q) ?? q, p);
  const start = await client(a);
  const end = await client(b);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(end.x, end.y, { steps: 12 });
  await page.mouse.up();
  await byId(page, 'annotate-toggle').click();
}

test('drawings belong to the playlist item they were drawn on', async ({ browser, server }) => {
  // Two browsers, two uploads, three shot switches, a PNG and a report that streams shot 2.
  test.setTimeout(150_000);
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  await room(host.page, guest.page);
  const pages = [host.page, guest.page];
  for (const page of pages) await api(page, '(r) => r.network.setSettings({ annotations: true })');
  await upload(host.page, SHOT_1);
  await upload(host.page, SHOT_2.file);
  await bothOn(pages, SHOT_1, 1);
  await api(host.page, '(r) => r.session.seek(10)');
  await bothOn(pages, SHOT_1, 10);
  await pressKey(host.page, 'PageDown');
  await bothOn(pages, SHOT_2.file, 1);
  await api(host.page, '(r) => r.session.seek(10)');
  await bothOn(pages, SHOT_2.file, 10);

  // The host draws on frame 10 of shot 2: both pages show it; the room keeps it with shot 2.
  const a = await at(host.page, 0.3, 0.5);
  const b = await at(host.page, 0.7, 0.5);
  const middle = { x: (a.x + b.x) / 2, y: a.y };
  await drawLine(host.page, a, b);
  for (const page of pages) await expect.poll(() => inkAt(page, middle)).toBe('ink');
  const drawings = await api<{ media?: string }[]>(guest.page, '(r) => r.network.annotations');
  expect(drawings.map((drawing) => drawing.media)).toEqual([sha(SHOT_2.file)]);

  // Frame as PNG: the full-size frame with the drawing on it.
  await byId(host.page, 'playlist-button').click();
  const [file] = await Promise.all([
    host.page.waitForEvent('download'),
    byId(host.page, 'playlist-frame-png').click(),
  ]);
  expect(file.suggestedFilename()).toBe('sh020_comp_v001-f10.png');
  const png = readFileSync(await file.path()).toString('base64');
  const size = await api<{ width: number; height: number }>(host.page, '(r) => r.media.info');
  const fraction = (p: Point) => ({ x: p.x / size.width, y: p.y / size.height });
  const decoded = await imagePixels(host.page, png, 'image/png', [
    fraction(middle),
    fraction({ x: middle.x, y: Math.round(middle.y * 0.4) }),
  ]);
  expect([decoded.width, decoded.height]).toEqual([size.width, size.height]);
  const [onLine = [], offLine = []] = decoded.pixels;
  expect(inked(onLine)).toBe(true);
  expect(offLine).not.toEqual(onLine); // the picture elsewhere

  // Shot 1 on the same frame number: not there.
  await pressKey(host.page, 'PageUp');
  await bothOn(pages, SHOT_1, 10);
  for (const page of pages) await expect.poll(() => inkAt(page, middle)).toBe('empty');
  // Back on shot 2: there again.
  await pressKey(host.page, 'PageDown');
  await bothOn(pages, SHOT_2.file, 10);
  for (const page of pages) await expect.poll(() => inkAt(page, middle)).toBe('ink');

  // A note on shot 2: the guest's "notes by shot" lists it under shot 2's heading only.
  await addNote(host.page, 'the edge flickers');
  if (!(await byId(guest.page, 'playlist-panel').isVisible()))
    await byId(guest.page, 'playlist-button').click();
  const shots = byId(guest.page, 'playlist-notes-shot');
  await expect(shots).toHaveCount(1);
  await expect(shots.first()).toContainText('sh020_comp');
  await expect(shots.first().getByTestId('playlist-note')).toHaveText(/10\s+the edge flickers/);

  // A note on shot 1's frame 10 too (no drawing there). With the room on shot 1, the guest's
  // notes panel lists every shot's notes ("All shots"), each under its own shot, and its report
  // has each note under its shot with its own item's picture: shot 2's with the red line, though
  // shot 2 is not on screen (the report opens it from the room's library).
  await pressKey(host.page, 'PageUp');
  await bothOn(pages, SHOT_1, 10);
  await addNote(host.page, 'grade is warm');
  await openNotes(guest.page);
  await expect(noteRow(guest.page, 'grade is warm')).toBeVisible();
  await expect(noteRow(guest.page, 'the edge flickers')).toBeHidden();
  const scope = byId(guest.page, 'notes-scope-toggle');
  await scope.click();
  await expect(scope).toHaveAttribute('aria-pressed', 'true');
  const groups = byId(guest.page, 'notes-shot');
  await expect(groups).toHaveCount(2);
  await expect(groups.filter({ hasText: 'sh020_comp' }).getByTestId('notes-shot-note')).toHaveText([
    /^10\s+the edge flickers/,
  ]);
  await expect(groups.filter({ hasText: 'strip-48f' }).getByTestId('notes-shot-note')).toHaveText([
    /^10\s+grade is warm/,
  ]);
  const [report, html] = await downloaded(guest.page, () =>
    byId(guest.page, 'notes-export-html').click(),
  );
  expect(report.suggestedFilename()).toMatch(/^notes-.+-all-shots-\d{4}-\d{2}-\d{2}\.html$/);
  const section = (shot: string) =>
    html.split('<section class="shot" data-shot="').find((part) => part.startsWith(`${shot}"`)) ??
    '';
  const shot2 = section('sh020_comp');
  const shot1 = section('strip-48f-24fps.webm');
  expect(shot2).toContain('the edge flickers');
  expect(shot2).not.toContain('grade is warm');
  expect(shot1).toContain('grade is warm');
  expect(shot1).not.toContain('the edge flickers');
  const [shot2Thumb = ''] = reportImages(shot2);
  const [shot1Thumb = ''] = reportImages(shot1);
  // The line (frame 10 of shot 2, y = 0.5, x from 0.3 to 0.7) read along its length: how much
  // redder each point is than the picture just above and below it. The thumbnail is a small JPEG
  // (the thin red line is softened over the picture's colors), so most of the line, not all.
  const redderOnLine = async (url: string): Promise<number> => {
    const xs = Array.from({ length: 16 }, (_, i) => (100 + i * 8) / 320);
    const rows = [-2, -1, 0, 1, 2, -8, 8].map((dy) => 0.5 + dy / 180);
    const { pixels } = await imagePixels(
      guest.page,
      url.replace(/^data:image\/jpeg;base64,/, ''),
      'image/jpeg',
      xs.flatMap((x) => rows.map((y) => ({ x, y }))),
    );
    const redness = ([red = 0, green = 0, blue = 0]: number[] = []) => red - (green + blue) / 2;
    return xs.filter((_, i) => {
      const at = pixels.slice(i * rows.length, (i + 1) * rows.length).map(redness);
      return Math.max(...at.slice(0, 5)) - Math.max(...at.slice(5)) > 50;
    }).length;
  };
  expect(await redderOnLine(shot2Thumb)).toBeGreaterThanOrEqual(5);
  // Shot 1's frame 10 has no drawing: its thumbnail has no line there.
  expect(await redderOnLine(shot1Thumb)).toBeLessThanOrEqual(1);
  await closeAll(host, guest);
});

test('a local file added from the panel: others see whose it is; its owner reopens it when the room comes back to it', async ({
  browser,
  server,
}) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  await room(host.page, guest.page);
  await byId(host.page, 'playlist-button').click();
  await byId(host.page, 'playlist-add-local-input').setInputFiles(SHOT_1);
  await expect.poll(() => fingerprint(host.page), { timeout: 20_000 }).toBe(sha(SHOT_1));
  await byId(guest.page, 'playlist-button').click();
  const guestRow = byId(guest.page, 'playlist-item');
  await expect(guestRow).toHaveCount(1);
  await expect(guestRow.first().getByTestId('playlist-item-status')).toContainText('local to Host');
  await expect(
    byId(host.page, 'playlist-item').first().getByTestId('playlist-item-status'),
  ).toContainText('local to you');
  // A library shot after it; the room goes there and back: the host's page reopens its file.
  await upload(host.page, SHOT_2.file);
  if (!(await byId(host.page, 'playlist-panel').isVisible()))
    await byId(host.page, 'playlist-button').click();
  await expect(byId(host.page, 'playlist-item')).toHaveCount(2);
  await pressKey(host.page, 'PageDown');
  await expect.poll(() => fingerprint(host.page), { timeout: 20_000 }).toBe(sha(SHOT_2.file));
  await pressKey(host.page, 'PageUp');
  await expect.poll(() => fingerprint(host.page), { timeout: 20_000 }).toBe(sha(SHOT_1));
  await expect(byId(guest.page, 'playlist-item').first()).toHaveAttribute('data-current', 'true');
  await closeAll(host, guest);
});
