// Looks in two real browsers through the real server: a .cube LUT and an ASC CDL applied by the
// host change the guest's pixels the same way, checked against the CPU reference of the whole
// transform on a chart of known patches (the LUT travels through the room library by SHA-256);
// false color and a display transform follow; a truncated LUT is refused and the look stays.
import type { Page } from '@playwright/test';
import { DEFAULT_COLOR } from '../src/render/color';
import { parseCdl } from '../src/render/look/cdl';
import { formatCube3d, parseCube } from '../src/render/look/cube';
import { parseLut } from '../src/render/look/lutFormats';
import { lookPixel, type ResolvedLook } from '../src/render/look/reference';
import type { LookState } from '../src/protocol/index';
import { expect, test } from './fixtures';
import { makeChart, type Rgb8 } from './helpers/chart';
import { api, byId, closeAll, followCategories, openPerson, room } from './helpers/network';
import { colorAtImagePoint } from './helpers/pixels';

const PATCHES: Rgb8[] = [
  [32, 64, 96],
  [200, 100, 50],
  [128, 128, 128],
  [255, 255, 255],
  [10, 200, 30],
  [90, 30, 220],
  [104, 104, 104],
  [6, 6, 6],
];
const CHART = makeChart(PATCHES);
const CHART_FILE = { name: 'chart.png', mimeType: 'image/png', buffer: CHART.png };

/** A 17³ look: channels rotated through curves, so any mix-up of axes or order shows. */
function lookCube(): string {
  const n = 17;
  const data: number[] = [];
  for (let b = 0; b < n; b++)
    for (let g = 0; g < n; g++)
      for (let r = 0; r < n; r++) {
        const [R, G, B] = [r / (n - 1), g / (n - 1), b / (n - 1)];
        data.push(0.05 + 0.9 * Math.pow(G, 0.8), Math.sqrt(B), 0.2 + 0.7 * R * R);
      }
  return formatCube3d('rotate', {
    size: n,
    data: Float32Array.from(data),
    domainMin: [0, 0, 0],
    domainMax: [1, 1, 1],
  });
}
const CUBE_TEXT = lookCube();
const CDL_TEXT = `<?xml version="1.0" encoding="UTF-8"?>
<ColorCorrection id="chart_v1">
  <SOPNode><Slope>1.1 0.9 1.0</Slope><Offset>0.02 0 -0.01</Offset><Power>1.2 1.0 0.9</Power></SOPNode>
  <SatNode><Saturation>0.8</Saturation></SatNode>
</ColorCorrection>`;

const looks = (page: Page) => api<LookState | undefined>(page, '(r) => r.color.looks()');

async function openChart(page: Page): Promise<void> {
  await byId(page, 'media-input').setInputFiles(CHART_FILE);
  await expect(byId(page, 'media-name')).toHaveText('chart.png');
  await expect
    .poll(() => api<string | null>(page, '(r) => r.media.info?.fingerprint ?? null'))
    .toMatch(/^[0-9a-f]{64}$/);
}

async function openColorPanel(page: Page): Promise<void> {
  if (!(await byId(page, 'color-panel').isVisible()))
    await byId(page, 'color-panel-button').click();
  await expect(byId(page, 'color-look')).toBeVisible();
}

/** The patches as drawn (0..255), each the mean of a few device px at its centre. */
async function drawnPatches(page: Page): Promise<number[][]> {
  const out: number[][] = [];
  for (const patch of CHART.patches) {
    const { r, g, b } = await colorAtImagePoint(page, patch.center, 1);
    out.push([r, g, b]);
  }
  return out;
}

/**
 * The CPU reference for every patch under `look` (the source's look found by `keys`), the LUTs
 * read from the same texts the page was given (`displayLut`: the display LUT's, if any).
 */
function expectedPatches(
  look: LookState,
  keys: string[],
  displayLut?: string,
  displayName = 'display.cube',
): number[][] {
  const source = keys.map((key) => look.sources[key]).find(Boolean) ?? {
    inputSpace: 'auto' as const,
    lookSpace: 'linear' as const,
  };
  const resolved: ResolvedLook = {
    source,
    display: look.display,
    lookLut: source.lut ? parseCube(CUBE_TEXT) : null,
    displayLut: displayLut && look.display.lut ? parseLut(displayLut, displayName) : null,
  };
  return PATCHES.map((color) =>
    lookPixel(
      color.map((v) => v / 255),
      false,
      DEFAULT_COLOR,
      resolved,
    ).map((v) => v * 255),
  );
}

/** Largest difference of any channel of any patch ('' when within `tolerance`). */
function mismatch(actual: number[][], expected: number[][], tolerance: number): string {
  let worst = 0;
  let where = '';
  actual.forEach((rgb, i) =>
    rgb.forEach((value, c) => {
      const diff = Math.abs(value - (expected[i]?.[c] ?? 0));
      if (diff > worst) {
        worst = diff;
        where = `patch ${i} channel ${c}: drawn ${value.toFixed(1)}, reference ${(expected[i]?.[c] ?? 0).toFixed(1)}`;
      }
    }),
  );
  return worst <= tolerance ? '' : where;
}

test('a .cube LUT and a CDL from the host change the guest’s pixels as the CPU reference does', async ({
  browser,
  server,
}) => {
  test.setTimeout(120_000); // two pages, three looks compared by pixels (49–60 s at load 20+)
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  // Another window size: the comparison is per image point, not per screen pixel.
  await guest.page.setViewportSize({ width: 900, height: 640 });
  await room(host.page, guest.page);
  await followCategories([host.page, guest.page], { color: true });
  for (const person of [host, guest]) await openChart(person.page);
  const keys = [await api<string>(host.page, '(r) => r.media.info.fingerprint')];

  // Plain viewer first: the chart's own values.
  const plain = PATCHES.map((color) => [...color]);
  for (const page of [host.page, guest.page])
    await expect.poll(async () => mismatch(await drawnPatches(page), plain, 1)).toBe('');

  await openColorPanel(host.page);
  await byId(host.page, 'color-cdl-input').setInputFiles({
    name: 'chart_v1.cc',
    mimeType: 'application/xml',
    buffer: Buffer.from(CDL_TEXT),
  });
  await byId(host.page, 'color-look-lut-input').setInputFiles({
    name: 'rotate.cube',
    mimeType: 'text/plain',
    buffer: Buffer.from(CUBE_TEXT),
  });
  await expect(byId(host.page, 'color-look-lut-name')).toHaveText('rotate.cube');
  await expect(byId(host.page, 'color-cdl-slope-r')).toHaveValue('1.1');

  // The guest has the same look (by the chart's fingerprint) and reads the LUT from the library.
  await expect
    .poll(async () => (await looks(guest.page))?.sources[keys[0] ?? '']?.lut?.name)
    .toBe('rotate.cube');
  const look = await looks(host.page);
  if (!look) throw new Error('the host has no look');
  expect(look.sources[keys[0] ?? '']?.cdl).toEqual(parseCdl(CDL_TEXT)[0]?.cdl);
  const expected = expectedPatches(look, keys);
  // The look really changes the picture (not a pass-through that matches by accident).
  expect(mismatch(plain, expected, 20)).not.toBe('');
  for (const page of [host.page, guest.page])
    await expect
      .poll(async () => mismatch(await drawnPatches(page), expected, 3), { timeout: 20_000 })
      .toBe('');
  // An 8-bit chart with a CDL and a LUT: the whole chain is drawn through one baked 3D table.
  for (const page of [host.page, guest.page])
    expect(await api<number>(page, '(r) => r.viewer.lookBakes')).toBeGreaterThan(0);
  const libraryItem = await api<{ look?: string; state: string } | undefined>(
    guest.page,
    `(r) => r.network.library.items.find((item) => item.name === 'rotate.cube')`,
  );
  expect(libraryItem).toMatchObject({ look: 'cube', state: 'ready' });

  // 3D LUTs are interpolated tetrahedrally unless the room picks trilinear (the guest's panel).
  expect(look.display.interpolation).toBeUndefined();
  await openColorPanel(guest.page);
  await byId(guest.page, 'color-lut-interpolation').selectOption('trilinear');
  await expect.poll(async () => (await looks(host.page))?.display.interpolation).toBe('trilinear');
  await expect(byId(host.page, 'color-lut-interpolation')).toHaveValue('trilinear');
  const trilinear = expectedPatches(
    { ...look, display: { ...look.display, interpolation: 'trilinear' } },
    keys,
  );
  for (const page of [host.page, guest.page])
    await expect.poll(async () => mismatch(await drawnPatches(page), trilinear, 3)).toBe('');
  await api(host.page, `(r) => r.color.setLutInterpolation('tetrahedral')`);
  await expect.poll(async () => (await looks(guest.page))?.display.interpolation).toBeUndefined();

  // Display stage: Rec.709 view and false color, by the guest's checkbox and the host's key.
  await host.page.keyboard.press('Shift+C');
  await expect.poll(async () => (await looks(guest.page))?.display.falseColor).toBe(true);
  await api(host.page, `(r) => r.color.setDisplayTransform('rec709')`);
  await expect.poll(async () => (await looks(guest.page))?.display.transform).toBe('rec709');
  const aids = expectedPatches(
    { ...look, display: { ...look.display, transform: 'rec709', falseColor: true } },
    keys,
  );
  for (const page of [host.page, guest.page])
    await expect.poll(async () => mismatch(await drawnPatches(page), aids, 3)).toBe('');

  // A truncated LUT is refused with the reason; the look (and the guest's picture) stays.
  const cut = CUBE_TEXT.slice(0, CUBE_TEXT.length / 2);
  await byId(host.page, 'color-look-lut-input').setInputFiles({
    name: 'cut.cube',
    mimeType: 'text/plain',
    buffer: Buffer.from(cut),
  });
  await expect(byId(host.page, 'color-look-status')).toContainText(
    /cut\.cube: .*cut short.*The previous look stays/,
  );
  await expect(byId(host.page, 'color-look-lut-name')).toHaveText('rotate.cube');
  expect((await looks(guest.page))?.sources[keys[0] ?? '']?.lut?.name).toBe('rotate.cube');
  await expect(api(host.page, `(r) => r.color.setInputSpace('rec2020-pq')`)).rejects.toThrow(
    /Unknown input color space "rec2020-pq"/,
  );
  await closeAll(host, guest);
});

test('every input space, the ACEScct look space, 1D LUTs, each view transform and zebra draw as the CPU reference', async ({
  page,
}) => {
  await page.goto('/');
  await expect(byId(page, 'media-name')).toHaveText(/demo/i);
  await openChart(page);
  const keys = [await api<string>(page, '(r) => r.media.info.fingerprint')];
  const oneD =
    'LUT_1D_SIZE 5\nDOMAIN_MAX 1.5 1.5 1.5\n0 0 0\n0.3 0.2 0.25\n0.55 0.5 0.5\n0.8 0.75 0.7\n1 1 0.9\n';
  await api(
    page,
    `async (r) => { await r.color.loadLookLut(new File([${JSON.stringify(CUBE_TEXT)}], 'rotate.cube')) }`,
  );
  // The same kinds of display LUT in the other formats the player reads.
  const spi1d = `Version 1\nFrom 0.0 1.0\nLength 4\nComponents 3\n{\n0 0 0\n0.4 0.3 0.35\n0.75 0.7 0.6\n1 0.95 0.9\n}\n`;
  const n = 5;
  const lattice: string[] = [];
  const threeDlRows: string[] = [];
  for (let r = 0; r < n; r++)
    for (let g = 0; g < n; g++)
      for (let b = 0; b < n; b++) {
        const out = [(g / (n - 1)) ** 0.9, Math.sqrt(b / (n - 1)), (r / (n - 1)) ** 1.5];
        lattice.push(`${r} ${g} ${b} ${out.map((v) => v.toFixed(6)).join(' ')}`);
        threeDlRows.push(out.map((v) => Math.round(v * 4095)).join(' '));
      }
  const spi3d = `SPILUT 1.0\n3 3\n${n} ${n} ${n}\n${lattice.join('\n')}\n`;
  const threeDl = `3DMESH\nMesh 4 12\n0 256 512 768 1023\n${threeDlRows.join('\n')}\nLUT8\ngamma 1.0\n`;
  const cases: Array<{ setup: string; display?: string; name?: string }> = [
    { setup: `r.color.setInputSpace('arri-logc3')` },
    { setup: `r.color.setInputSpace('sony-slog3')` },
    { setup: `r.color.setInputSpace('acescct'); r.color.setLookSpace('acescct')` },
    {
      setup: `r.color.setInputSpace('acescg'); r.color.setCdl({ slope: [1.2, 1, 0.8], saturation: 1.3 })`,
    },
    { setup: `r.color.setInputSpace('rec709'); r.color.setDisplayTransform('p3')` },
    { setup: `r.color.setInputSpace('aces2065-1'); r.color.setDisplayTransform('none')` },
    {
      setup: `r.color.setInputSpace('linear-rec709'); r.color.setDisplayTransform('srgb'); await r.color.loadDisplayLut(new File([${JSON.stringify(oneD)}], 'one.cube'))`,
      display: oneD,
    },
    ...Object.entries({ 'one.spi1d': spi1d, 'swap.spi3d': spi3d, 'swap.3dl': threeDl }).map(
      ([name, text]) => ({
        setup: `await r.color.loadDisplayLut(new File([${JSON.stringify(text)}], '${name}'))`,
        display: text,
        name,
      }),
    ),
  ];
  for (const { setup, display, name } of cases) {
    await api(page, `async (r) => { ${setup} }`);
    if (name) await expect(byId(page, 'color-display-lut-name')).toHaveText(name);
    const look = await looks(page);
    if (!look) throw new Error('no look');
    const expected = expectedPatches(look, keys, display, name);
    await expect
      .poll(async () => mismatch(await drawnPatches(page), expected, 3), { message: setup })
      .toBe('');
  }

  // Per source: another picture shows its own (default) look and sliders; back to the chart,
  // its look and sliders return.
  await api(page, `(r) => { r.color.clearDisplayLut(); r.viewer.setColor({ exposure: 0.5 }) }`);
  await expect.poll(() => api<number>(page, '(r) => r.viewer.color.exposure')).toBe(0.5);
  // Two frames later the change is drawn.
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
  const withExposure = await drawnPatches(page);
  const other = makeChart([[50, 100, 150]], 1);
  await byId(page, 'media-input').setInputFiles({
    name: 'other.png',
    mimeType: 'image/png',
    buffer: other.png,
  });
  await expect(byId(page, 'media-name')).toHaveText('other.png');
  await expect.poll(() => api<number>(page, '(r) => r.viewer.color.exposure')).toBe(0);
  await expect.poll(() => api<string>(page, '(r) => r.color.sourceLook().inputSpace')).toBe('auto');
  await expect
    .poll(() => colorAtImagePoint(page, { x: 32, y: 32 }, 1))
    .toMatchObject({
      r: 50,
      g: 100,
      b: 150,
    });
  await openChart(page);
  await expect.poll(() => api<number>(page, '(r) => r.viewer.color.exposure')).toBe(0.5);
  await expect.poll(async () => mismatch(await drawnPatches(page), withExposure, 1)).toBe('');
  await api(page, `(r) => r.viewer.resetColor()`);

  // Zebra: the white patch is striped (black stripes), the dark one untouched.
  await api(
    page,
    `(r) => { r.color.clearDisplayLut(); r.color.resetSourceLook(); r.color.setZebra(true) }`,
  );
  const white = CHART.patches[3]?.center ?? { x: 0, y: 0 };
  await expect.poll(async () => (await colorAtImagePoint(page, white, 8)).r).toBeLessThan(200);
  await expect.poll(async () => (await colorAtImagePoint(page, white, 8)).r).toBeGreaterThan(60);
  const dark = CHART.patches[7]?.center ?? { x: 0, y: 0 };
  expect((await colorAtImagePoint(page, dark, 1)).r).toBeCloseTo(6, 0);
});

test('a look set up before the room reaches the guest, its LUT offered to the room library', async ({
  browser,
  server,
}) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  for (const person of [host, guest]) await openChart(person.page);
  await openColorPanel(host.page);
  await byId(host.page, 'color-look-lut-input').setInputFiles({
    name: 'rotate.cube',
    mimeType: 'text/plain',
    buffer: Buffer.from(CUBE_TEXT),
  });
  await expect(byId(host.page, 'color-look-lut-name')).toHaveText('rotate.cube');
  // Color shared before the room is created: the new room starts from the host's look.
  await api(host.page, '(r) => r.network.setSettings({ color: true })');
  await room(host.page, guest.page);
  await followCategories([guest.page], { color: true });
  const keys = [await api<string>(host.page, '(r) => r.media.info.fingerprint')];
  // The host's page offers the LUT it read to the room's library; the guest fetches it from there.
  await expect
    .poll(() =>
      api<string | undefined>(
        guest.page,
        `(r) => r.network.library.items.find((item) => item.name === 'rotate.cube')?.state`,
      ),
    )
    .toBe('ready');
  const look = await looks(host.page);
  if (!look) throw new Error('the host has no look');
  const expected = expectedPatches(look, keys);
  await expect
    .poll(async () => mismatch(await drawnPatches(guest.page), expected, 3), { timeout: 20_000 })
    .toBe('');
  await closeAll(host, guest);
});
