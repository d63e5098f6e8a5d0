// OpenEXR and DPX sequences in real Chromium: opened by the header's file input, decoded in the
// worker pool, drawn from float textures, stepped frame by frame with the frame read back from the
// pixels (the frame-ID strip written into the files); exposure on HDR values; a gap's slate; a
// broken frame named in the chrome while the picture stays. Media is made here (ffmpeg + writers,
// oiiotool for PIZ and PXR24).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { makeVfxMedia, type VfxMedia } from '../scripts/make-vfx-media';
import { testPicture, writeExr } from '../scripts/vfxMediaWriters';
import { decodeDpx } from '../src/core/media/images/dpxDecode';
import { floatImageToRgba8 } from '../src/core/media/images/floatImage';
import { bufferOf } from '../test/support/decodedImages';
import { expect, test } from './fixtures';
import { sampleFrame } from './helpers/frameStrip';
import { colorAtImagePoint } from './helpers/pixels';

let dir = '';
let media: VfxMedia;

test.beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reelsync-vfx-'));
  media = makeVfxMedia(dir, 320, 180, 5);
});
test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openPlayer(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('media-name')).toHaveText(/demo/i);
}

async function stepThrough(page: Page, first: number, last: number): Promise<void> {
  await expect.poll(async () => (await sampleFrame(page)).decoded, { timeout: 20_000 }).toBe(first);
  for (let frame = first + 1; frame <= last; frame++) {
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('current-frame')).toHaveText(String(frame));
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(frame);
  }
  for (let frame = last - 1; frame >= first; frame--) {
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(frame);
  }
}

test.describe('VFX images', () => {
  test('an OpenEXR sequence (half, ZIP) opens and steps frame by frame', async ({ page }) => {
    await openPlayer(page);
    await page.getByTestId('media-input').setInputFiles(media.exrZip);
    await expect(page.getByTestId('media-name')).toHaveText('shot.[1001-1005].exr');
    await expect(page.getByTestId('media-name')).toHaveAttribute('title', /320×180/);
    await stepThrough(page, 1001, 1005);
  });

  test("PIZ and PXR24 sequences (OpenEXR's decoders in WebAssembly) open and step", async ({
    page,
  }) => {
    // oiiotool (OpenImageIO) rewrites the ZIP frames; ffmpeg writes neither compression.
    const rewrite = (compression: string): string[] => {
      const folder = mkdtempSync(path.join(dir, `${compression}-`));
      return media.exrZip.map((file) => {
        const to = path.join(folder, path.basename(file));
        execFileSync('oiiotool', [file, '--compression', compression, '-o', to]);
        return to;
      });
    };
    await openPlayer(page);
    await page.getByTestId('media-input').setInputFiles(rewrite('piz'));
    await expect(page.getByTestId('media-name')).toHaveText('shot.[1001-1005].exr');
    await stepThrough(page, 1001, 1005);
    await page.getByTestId('media-input').setInputFiles(rewrite('pxr24'));
    await expect(page.getByTestId('current-frame')).toHaveText('1001');
    await expect
      .poll(async () => (await sampleFrame(page)).decoded, { timeout: 20_000 })
      .toBe(1001);
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1002);
  });

  // 'auto': on this machine's software GL the decode workers unpack the words; 'gpu' (forced by
  // REELSYNC_CONFIG) unpacks them on the GPU, as a hardware GPU does by default (packedImage.ts).
  for (const mode of ['auto', 'gpu'] as const)
    test(`a 10-bit DPX sequence opens and steps frame by frame (unpack: ${mode})`, async ({
      page,
    }) => {
      await page.addInitScript((dpxUnpack) => {
        (window as { REELSYNC_CONFIG?: unknown }).REELSYNC_CONFIG = { dpxUnpack };
      }, mode);
      await openPlayer(page);
      await page.getByTestId('media-input').setInputFiles(media.dpx10);
      await expect(page.getByTestId('media-name')).toHaveText('plate.[1001-1005].dpx');
      await stepThrough(page, 1001, 1005);
      // Forced, 10-bit RGB went to the viewer as the file's words and was unpacked on the GPU.
      const unpacks = await page.evaluate(() => window.reelsync?.viewer.gpuUnpacks ?? 0);
      if (mode === 'gpu') expect(unpacks).toBeGreaterThanOrEqual(5);
      else expect(unpacks).toBe(0);
      // Either way the values are the CPU decoder's (unit-tested against ffmpeg): at points inside
      // flat areas of frame 1001, the screen shows its 8-bit sRGB encoding.
      const expected = floatImageToRgba8(decodeDpx(bufferOf(media.dpx10[0] ?? '')).image);
      const at = (x: number, y: number) =>
        Array.from(expected.subarray((y * 320 + x) * 4, (y * 320 + x) * 4 + 3));
      const flat = (x: number, y: number) =>
        [-2, 0, 2].every((dy) =>
          [-2, 0, 2].every((dx) => at(x + dx, y + dy).join() === at(x, y).join()),
        );
      const points: Array<{ x: number; y: number }> = [];
      for (let y = 20; y < 160 && points.length < 6; y += 23)
        for (let x = 10; x < 310 && points.length < 6; x += 37)
          if (flat(x, y)) points.push({ x, y });
      expect(points.length).toBe(6);
      const expectScreenValues = async () => {
        for (const point of points) {
          const shown = await colorAtImagePoint(page, { x: point.x + 0.5, y: point.y + 0.5 }, 1);
          const [r = 0, g = 0, b = 0] = at(point.x, point.y);
          const difference = Math.max(
            Math.abs(shown.r - r),
            Math.abs(shown.g - g),
            Math.abs(shown.b - b),
          );
          expect(difference, `at ${point.x},${point.y}`).toBeLessThanOrEqual(3);
        }
      };
      await expectScreenValues();
      if (mode !== 'gpu') return;
      // A lost and restored WebGL context: the unpack pass is rebuilt on the new context.
      await page.evaluate(async () => {
        const gl = window.reelsync?.viewer.canvas.getContext('webgl2');
        const lose = gl?.getExtension('WEBGL_lose_context');
        if (!lose) throw new Error('WEBGL_lose_context is missing');
        lose.loseContext();
        await new Promise((resolve) => setTimeout(resolve, 300));
        lose.restoreContext();
      });
      await expect
        .poll(() => page.evaluate(() => window.reelsync?.viewer.gpuUnpacks ?? 0))
        .toBeGreaterThan(unpacks);
      await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1001);
      await expectScreenValues();
    });

  test('a 16-bit TIFF sequence opens and steps frame by frame', async ({ page }) => {
    await openPlayer(page);
    await page.getByTestId('media-input').setInputFiles(media.tiff16);
    await expect(page.getByTestId('media-name')).toHaveText('scan.[1001-1005].tif');
    await stepThrough(page, 1001, 1005);
  });

  test('a gap in an EXR sequence shows the missing-frame slate with its number', async ({
    page,
  }) => {
    await openPlayer(page);
    await page.getByTestId('media-input').setInputFiles(media.exrGap);
    await expect(page.getByTestId('media-name')).toHaveAttribute('title', /1 missing/);
    await stepThrough(page, 1001, 1005);
  });

  test('exposure (stops) works on scene-linear values above 1', async ({ page }) => {
    await openPlayer(page);
    await page.getByTestId('media-input').setInputFiles(media.layered);
    await expect(page.getByTestId('media-name')).toHaveText('layered.exr');
    // Red is 4 · x / 319 in linear light: 2.0 at x ≈ 160, clipped to white on screen.
    const point = { x: 160, y: 40 };
    await expect.poll(async () => (await colorAtImagePoint(page, point, 1)).r).toBeGreaterThan(250);
    // −2 stops: 0.5 linear, 188 in sRGB. An 8-bit source would have lost the value at 1.0.
    await page.evaluate(() => window.reelsync?.viewer.setColor({ exposure: -2 }));
    await expect
      .poll(async () => Math.abs((await colorAtImagePoint(page, point, 1)).r - 188))
      .toBeLessThan(6);
  });

  test('a broken frame is named in the chrome while the last good picture stays', async ({
    page,
  }) => {
    await openPlayer(page);
    // A sequence whose frame 1006 is the truncated file: 1001-1005 play, 1006 is refused.
    const broken = path.join(dir, 'exr-zip', 'shot.1006.exr');
    copyFileSync(media.truncated, broken);
    await page.getByTestId('media-input').setInputFiles([...media.exrZip, broken]);
    await expect
      .poll(async () => (await sampleFrame(page)).decoded, { timeout: 20_000 })
      .toBe(1001);
    await page.evaluate(() => window.reelsync?.session.seek(1005));
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1005);
    await page.keyboard.press('ArrowRight');
    const toast = page.getByTestId('toast-message').filter({ hasText: 'shot.1006.exr' });
    await expect(toast).toHaveText(/shot\.1006\.exr cannot be shown: the file is truncated/);
    expect((await sampleFrame(page)).decoded).toBe(1005);
    await expect(page.getByTestId('media-name')).toHaveText('shot.[1001-1006].exr');
  });

  test('the layer picker shows only for files with more than RGBA, and switches the picture', async ({
    page,
  }) => {
    await openPlayer(page);
    const picker = page.getByTestId('layer-picker');
    await page.getByTestId('media-input').setInputFiles(media.exrZip);
    await expect
      .poll(async () => (await sampleFrame(page)).decoded, { timeout: 20_000 })
      .toBe(1001);
    await expect(picker).toBeHidden();
    await expect(page.getByTestId('overscan-toggle')).toBeHidden();

    await page.getByTestId('media-input').setInputFiles(media.layered);
    await expect(page.getByTestId('media-name')).toHaveText('layered.exr');
    await expect(picker).toBeVisible();
    await expect(picker.locator('option')).toHaveText(['RGBA', 'depth', 'diffuse']);
    await expect(picker).toHaveValue('RGBA');
    const point = { x: 100, y: 40 };
    // diffuse is a flat (0.5, 0.25, 0.125): sRGB (188, 137, 99).
    await picker.selectOption('diffuse');
    await expect
      .poll(async () => {
        const { r, g, b } = await colorAtImagePoint(page, point, 1);
        return Math.abs(r - 188) + Math.abs(g - 137) + Math.abs(b - 99);
      })
      .toBeLessThan(9);
    // Shift+A steps to the next layer (wrapping): RGBA, whose strip reads 1001 again.
    await page.keyboard.press('Shift+A');
    await expect(picker).toHaveValue('RGBA');
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1001);
    // The scripting API sees and sets the same; an unknown layer is refused with the list.
    await page.evaluate(() => window.reelsync?.images.setLayer('depth'));
    await expect(picker).toHaveValue('depth');
    const refusal = await page.evaluate(() =>
      window.reelsync?.images.setLayer('specular').then(
        () => 'accepted',
        (error: Error) => error.message,
      ),
    );
    expect(refusal).toMatch(/has no layer "specular"; its layers are RGBA, depth, diffuse/);
  });

  test('overscan is cropped to the display window by default and shown on request', async ({
    page,
  }) => {
    await openPlayer(page);
    await page.getByTestId('media-input').setInputFiles(media.overscan);
    await expect(page.getByTestId('media-name')).toHaveAttribute('title', /320×180/);
    const toggle = page.getByTestId('overscan-toggle');
    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    const size = () =>
      page.evaluate(() => [
        window.reelsync?.media.info?.width,
        window.reelsync?.media.info?.height,
      ]);
    await expect.poll(size).toEqual([340, 200]);
    // The overscan band (linear 3.0) is white at image point (2, 2).
    await expect
      .poll(async () => (await colorAtImagePoint(page, { x: 2, y: 2 }, 1)).r)
      .toBeGreaterThan(250);
    expect(await page.evaluate(() => window.reelsync?.images.window)).toBe('overscan');
    await page.keyboard.press('Shift+W');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(size).toEqual([320, 180]);
  });

  test('a frame of another size is refused by name (mixed sizes); the sequence keeps playing', async ({
    page,
  }) => {
    await openPlayer(page);
    const odd = path.join(dir, 'exr-zip', 'shot.1006.exr');
    const [r, g, b] = testPicture(64, 36, 1006);
    const channels = [
      { name: 'R', values: r ?? new Float32Array(64 * 36) },
      { name: 'G', values: g ?? new Float32Array(64 * 36) },
      { name: 'B', values: b ?? new Float32Array(64 * 36) },
    ];
    writeFileSync(
      odd,
      writeExr({ dataWindow: { xMin: 0, yMin: 0, xMax: 63, yMax: 35 }, channels }),
    );
    await page.getByTestId('media-input').setInputFiles([...media.exrZip, odd]);
    await expect
      .poll(async () => (await sampleFrame(page)).decoded, { timeout: 20_000 })
      .toBe(1001);
    await page.keyboard.press('End');
    const toast = page.getByTestId('toast-message').filter({ hasText: 'shot.1006.exr' });
    await expect(toast).toHaveText(/is 64×36 but the sequence is 320×180 \(mixed sizes\)/);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1001);
  });
});
