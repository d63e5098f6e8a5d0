// Issue #18 (scopes part): scopes and the pixel probe in real Chromium read a test chart made here
// with known pixel values — the GPU scopes equal the CPU reference cell for cell, the probe reads
// an EXR's half-float values exactly; the probe is shared with the room like a pointer; safe
// areas and aspect masks sit on the picture where their percentages say.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import {
  CHART_PATCHES,
  CHART_SIZE,
  chartRgba,
  encodePng,
  exrChart as exrChartBytes,
  LINEAR_PATCHES,
  patchCentre,
  srgbEncode,
} from '../scripts/scopeChart';
import { floatToHalf, halfToFloat } from '../src/core/media/images/floatImage';
import { computeScopes, SCOPE_KINDS } from '../src/features/scopes/scopeMath';
import type { ScopeReadout } from '../src/features/scopes/scripting';
import type { ProbeReading } from '../src/features/scopes/probeModel';
import { expect, test } from './fixtures';
import { byId, closeAll, closePanel, openPerson, pressKey, room, selfId } from './helpers/network';

let dir = '';
let pngChart = '';
let exrChart = '';

test.beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reelsync-scopes-'));
  pngChart = path.join(dir, 'chart.png');
  writeFileSync(pngChart, encodePng(CHART_SIZE.width, CHART_SIZE.height, chartRgba()));
  exrChart = path.join(dir, 'chart.exr');
  writeFileSync(exrChart, exrChartBytes());
});
test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openChart(page: Page, file: string, name: string): Promise<void> {
  await page.getByTestId('media-input').setInputFiles(file);
  await expect(page.getByTestId('media-name')).toHaveText(name);
  // The chart is on screen once the probe reads it.
  await expect
    .poll(() => page.evaluate(() => window.reelsync?.scopes.probe(1, 1) ?? null))
    .not.toBeNull();
}

const readScopes = (page: Page) =>
  page.evaluate(() => window.reelsync?.scopes.read() ?? null) as Promise<ScopeReadout | null>;
const probe = (page: Page, x: number, y: number) =>
  page.evaluate(([px, py]) => window.reelsync?.scopes.probe(px, py) ?? null, [
    x,
    y,
  ] as const) as Promise<ProbeReading | null>;

/** Within 1.5 CSS px (an outline's stroke adds a pixel to its box). */
function expectNear(actual: number | undefined, expected: number): void {
  expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThanOrEqual(1.5);
}

test('the GPU scopes read the chart exactly as the CPU reference, in a panel beside the picture', async ({
  page,
}) => {
  await page.goto('/');
  await openChart(page, pngChart, 'chart.png');
  await pressKey(page, 'Shift+S');
  const panel = byId(page, 'scopes-panel');
  await expect(panel).toBeVisible();
  await expect(byId(page, 'scope-histogram')).toBeVisible();
  await expect(byId(page, 'scope-waveform')).toBeVisible();
  await expect(byId(page, 'scopes-info')).toContainText('on the GPU');
  // Beside the picture, never over it.
  const canvas = await byId(page, 'viewer-canvas').boundingBox();
  const side = await panel.boundingBox();
  expect(canvas && side && side.x >= canvas.x + canvas.width - 1).toBe(true);

  const readout = await readScopes(page);
  expect(readout?.path).toBe('gpu');
  // The sample is the chart as displayed (8-bit PNG, neutral viewer): the chart's own pixels.
  const { width, height } = CHART_SIZE;
  expect(readout?.sample.width).toBe(width);
  expect(readout?.sample.height).toBe(height);
  const chart = chartRgba();
  const flipped = new Uint8Array(chart.length);
  for (let y = 0; y < height; y++) {
    flipped.set(chart.subarray(y * width * 4, (y + 1) * width * 4), (height - 1 - y) * width * 4);
  }
  expect(
    Buffer.from(Uint8Array.from(readout?.sample.data ?? [])).equals(Buffer.from(flipped)),
  ).toBe(true);

  const reference = computeScopes({ width, height, data: chart });
  for (const kind of SCOPE_KINDS) {
    const gpu = readout?.counts[kind];
    expect(gpu?.columns, kind).toBe(reference[kind].columns);
    expect(gpu?.rows, kind).toBe(reference[kind].rows);
    const mismatches = (gpu?.data ?? []).filter((v, i) => v !== reference[kind].data[i]).length;
    expect(mismatches, `${kind}: cells differing from the CPU reference`).toBe(0);
  }
  // And the known values directly: patch 0's red (200) covers one patch's pixels.
  const redBins = reference.histogram.data.filter((_, i) => i % 4 === 0);
  expect(redBins[200]).toBe(CHART_SIZE.patch * CHART_SIZE.patch);
  expect(readout?.counts.histogram?.data[200 * 4]).toBe(CHART_SIZE.patch * CHART_SIZE.patch);

  // Toggles in the panel show and hide scopes; the updates kept coming.
  await byId(page, 'scope-toggle-vectorscope').click();
  await expect(byId(page, 'scope-vectorscope')).toBeVisible();
  await byId(page, 'scope-toggle-histogram').click();
  await expect(byId(page, 'scope-histogram')).toBeHidden();
  await expect
    .poll(() => page.evaluate(() => window.reelsync?.scopes.stats().updates ?? 0))
    .toBeGreaterThan(1);

  // The shortcuts are in the registry, so the help overlay lists them.
  await pressKey(page, '?');
  for (const id of ['scopes.panel', 'scopes.probe', 'scopes.safeAreas', 'scopes.mask']) {
    await expect(page.locator(`[data-testid="help-row"][data-binding="${id}"]`)).toBeVisible();
  }
});

test('the header button opens and closes the scopes panel, the same toggle as Shift+S', async ({
  page,
}) => {
  await page.goto('/');
  const toggle = byId(page, 'scopes-toggle');
  const panel = byId(page, 'scopes-panel');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(panel).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await pressKey(page, 'Shift+S');
  await expect(panel).toBeHidden();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
});

test('the probe reads an EXR chart: half-float source values exactly, displayed values as the CPU transform', async ({
  page,
}) => {
  await page.goto('/');
  await openChart(page, exrChart, 'chart.exr');
  for (let index = 0; index < LINEAR_PATCHES.length; index++) {
    const centre = patchCentre(index);
    const reading = await probe(page, centre.x, centre.y);
    const patch = LINEAR_PATCHES[index] ?? [0, 0, 0];
    expect(reading?.float).toBe(true);
    const half = patch.map((v) => halfToFloat(floatToHalf(v)));
    expect(reading?.source.slice(0, 3), `patch ${index} source`).toEqual(half);
    for (let c = 0; c < 3; c++) {
      expect(reading?.display[c], `patch ${index} display ${c}`).toBeCloseTo(
        srgbEncode(half[c] ?? 0),
        4,
      );
    }
  }

  // The probe in the chrome: Shift+Q, then the pointer over the over-range patch.
  await pressKey(page, 'Shift+Q');
  await expect(byId(page, 'probe-readout')).toContainText('point at the picture');
  const at = await page.evaluate((p) => window.reelsync?.viewer.imageToClient(p), patchCentre(2));
  await page.mouse.move((at?.x ?? 0) + 1, (at?.y ?? 0) + 1, { steps: 3 });
  await expect(byId(page, 'probe-readout')).toContainText(
    'source (linear) R 4.500 G 2.250 B 0.5000',
  );
  await expect(byId(page, 'probe-readout')).toContainText('display R 1.000 (255)');
  await pressKey(page, 'Shift+Q');
  await expect(byId(page, 'probe-readout')).toBeHidden();
});

test('a shared probe: the other page marks it and reads the picture where it points', async ({
  browser,
  baseURL,
}) => {
  const host = await openPerson(browser, baseURL ?? '', { name: 'Hana' });
  const guest = await openPerson(browser, baseURL ?? '', { name: 'Gus' });
  try {
    await room(host.page, guest.page);
    for (const page of [host.page, guest.page]) {
      await closePanel(page);
      await openChart(page, pngChart, 'chart.png');
    }
    const hostId = await selfId(host.page);
    await pressKey(host.page, 'Shift+Q');
    const target = patchCentre(6);
    const at = await host.page.evaluate((p) => window.reelsync?.viewer.imageToClient(p), target);
    const mouse = { x: (at?.x ?? 0) + 1, y: (at?.y ?? 0) + 1 };
    await host.page.mouse.move(mouse.x, mouse.y, { steps: 4 });
    const [r, g, b] = CHART_PATCHES[6] ?? [0, 0, 0];
    const line = guest.page.locator(`[data-testid="probe-readout"] [data-probe="${hostId}"]`);
    // The image point under the host's still mouse, read at each try: a toast leaving the
    // status area resizes the host's picture, and the probe follows the point now under the
    // mouse (still inside patch 6, whose colour is checked).
    await expect(async () => {
      const under = await host.page.evaluate(
        (p) => window.reelsync?.viewer.clientToImage(p),
        mouse,
      );
      const point = `(${Math.floor(under?.x ?? -1)}, ${Math.floor(under?.y ?? -1)})`;
      expect(await line.textContent()).toContain(`Hana: ${point} source R ${r} G ${g} B ${b}`);
    }).toPass({ timeout: 10_000 });
    await expect(byId(guest.page, `probe-marker-${hostId}`)).toBeVisible();
    // The probe off: the mark goes on the other page.
    await pressKey(host.page, 'Shift+Q');
    await host.page.mouse.move((at?.x ?? 0) + 3, (at?.y ?? 0) + 3, { steps: 2 });
    await expect(byId(guest.page, `probe-marker-${hostId}`)).toHaveCount(0);
  } finally {
    await closeAll(host, guest);
  }
});

test('safe areas and aspect masks sit where their percentages say', async ({ page }) => {
  await page.goto('/');
  await openChart(page, pngChart, 'chart.png');
  // Shift+T toggles them (its toast resizes the stage for a while, so geometry is checked after).
  await pressKey(page, 'Shift+T');
  await expect(byId(page, 'safe-action')).toBeVisible();
  await pressKey(page, 'Shift+T');
  await expect(byId(page, 'safe-action')).toHaveCount(0);
  await expect(byId(page, 'toast-message')).toHaveCount(0, { timeout: 15_000 });
  await page.evaluate(() => window.reelsync?.scopes.setGuides({ safeAreas: true }));
  const picture = await page.evaluate(() => {
    const r = window.reelsync;
    const a = r?.viewer.imageToClient({ x: 0, y: 0 });
    const b = r?.viewer.imageToClient({ x: 256, y: 128 });
    return {
      x: a?.x ?? 0,
      y: a?.y ?? 0,
      width: (b?.x ?? 0) - (a?.x ?? 0),
      height: (b?.y ?? 0) - (a?.y ?? 0),
    };
  });
  const action = await byId(page, 'safe-action').boundingBox();
  const title = await byId(page, 'safe-title').boundingBox();
  expectNear(action?.width, picture.width * 0.93);
  expectNear(action?.height, picture.height * 0.93);
  expectNear(title?.width, picture.width * 0.9);
  expectNear(title?.x, picture.x + picture.width * 0.05);
  // 2:1 chart, 2.39 mask: bars top and bottom; 1.33: bars left and right.
  await page.evaluate(() => window.reelsync?.scopes.setGuides({ mask: '2.39' }));
  const frame = await byId(page, 'mask-frame').boundingBox();
  expectNear(frame?.width, picture.width);
  expectNear(frame?.height, picture.width / 2.39);
  await expect(byId(page, 'mask-bar')).toHaveCount(2);
  await page.evaluate(() => window.reelsync?.scopes.setGuides({ mask: '1.00' }));
  const square = await byId(page, 'mask-frame').boundingBox();
  expectNear(square?.width, picture.height);
  await expect(byId(page, 'mask-bar')).toHaveCount(2);
  await pressKey(page, 'Shift+M'); // 1.00 is the last mask: next is none
  await expect(byId(page, 'mask-frame')).toHaveCount(0);
  await pressKey(page, 'Shift+M');
  expect(await page.evaluate(() => window.reelsync?.scopes.state().mask)).toBe('1.33');
  // Bad input: a clear error, the mask kept.
  const refused = await page.evaluate(() => {
    try {
      window.reelsync?.scopes.setGuides({ mask: '3.5' as never });
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  });
  expect(refused).toMatch(/Unknown aspect mask "3.5"/);
  expect(await page.evaluate(() => window.reelsync?.scopes.state().mask)).toBe('1.33');
});

test('the frame guides follow the room with the view', async ({ browser, baseURL }) => {
  const host = await openPerson(browser, baseURL ?? '', { name: 'Hana' });
  const guest = await openPerson(browser, baseURL ?? '', { name: 'Gus' });
  try {
    await room(host.page, guest.page);
    await closePanel(host.page);
    await pressKey(host.page, 'Shift+T');
    await expect(byId(guest.page, 'safe-action')).toBeVisible();
    await expect(byId(guest.page, 'safe-title')).toBeVisible();
    await host.page.evaluate(() => window.reelsync?.scopes.setGuides({ mask: '2.39' }));
    await expect(byId(guest.page, 'mask-frame')).toBeVisible();
    await expect
      .poll(() => guest.page.evaluate(() => window.reelsync?.scopes.state()))
      .toMatchObject({ safeAreas: true, mask: '2.39' });
    // And back: the guest turns them off for the room.
    await closePanel(guest.page);
    await guest.page.evaluate(() =>
      window.reelsync?.scopes.setGuides({ safeAreas: false, mask: null }),
    );
    await expect(byId(host.page, 'safe-action')).toHaveCount(0);
    await expect(byId(host.page, 'mask-frame')).toHaveCount(0);
  } finally {
    await closeAll(host, guest);
  }
});
