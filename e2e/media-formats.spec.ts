// Media conventions a VFX review expects, in real Chromium against the real server: embedded start
// timecode, start frame 1001, rates as people write them, missing frames of a sequence (slate and
// timeline marks), ProRes and broken EXR/DPX refusals, full screen, the zoom readout, the last tick label.
// The media is made here with ffmpeg (a prerequisite of the suite, see .ci/run).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { sampleFrame } from './helpers/frameStrip';
import { colorAtImagePoint } from './helpers/pixels';

const FF = ['-hide_banner', '-loglevel', 'error', '-y', '-nostdin'];
/** The slate's flat background (src/core/media/missingFrameSlate.ts). */
const SLATE_RGB = { r: 72, g: 16, b: 16 };

let dir = '';
const media = (name: string) => path.join(dir, name);

/** ffmpeg filters drawing the frame-ID strip of frame (N + offset), as scripts/make-test-media.sh. */
function stripFilter(offset: number): string {
  const inside = 'gte(Y,H-W/32)*lt(X,W/2)';
  const bit = `gt(bitand(N+${offset},pow(2,15-floor(X/(W/32)))),0)`;
  return `drawbox=x=0:y=ih-iw/32-iw/64:w=iw/2+iw/64:h=iw/32+iw/64:color=black:t=fill,format=yuv444p,geq=lum='if(${inside},16+219*${bit},lum(X,Y))':cb='if(${inside},128,cb(X,Y))':cr='if(${inside},128,cr(X,Y))',format=yuv420p`;
}

test.beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reelsync-formats-'));
  const src = (rate: string, seconds: number) => [
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=320x180:rate=${rate}:duration=${seconds}`,
  ];
  // 23.976 H.264 with an embedded 01:00:00:00 (a tmcd track).
  execFileSync('ffmpeg', [
    ...FF,
    ...src('24000/1001', 1),
    '-vf',
    stripFilter(1),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-timecode',
    '01:00:00:00',
    media('tc-23976.mp4'),
  ]);
  execFileSync('ffmpeg', [
    ...FF,
    ...src('24', 0.25),
    '-c:v',
    'prores_ks',
    '-profile:v',
    '0',
    media('plate.mov'),
  ]);
  // PNG frames 1001-1020 carrying their numbers in the strip; 1010-1012 removed.
  execFileSync('ffmpeg', [
    ...FF,
    ...src('24', 1),
    '-frames:v',
    '20',
    '-vf',
    `${stripFilter(1001)},format=rgb24`,
    '-start_number',
    '1001',
    media('seq.%04d.png'),
  ]);
  for (const n of [1010, 1011, 1012]) unlinkSync(media(`seq.${n}.png`));
  // Only the first bytes of EXR and DPX files: recognised, then refused as truncated.
  writeFileSync(media('beauty.1001.exr'), Buffer.from([0x76, 0x2f, 0x31, 0x01, 2, 0, 0, 0]));
  writeFileSync(media('scan_plate'), Buffer.concat([Buffer.from('SDPX'), Buffer.alloc(60)]));
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openPlayer(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('media-name')).toHaveText(/demo/i);
  await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1);
}

const info = (page: Page) => page.evaluate(() => window.reelsync?.media.info ?? null);

test.describe('media formats and VFX conventions', () => {
  test('an embedded 01:00:00:00 shows at the first frame, and a start frame of 1001 keeps it', async ({
    page,
  }) => {
    await openPlayer(page);
    await page.getByTestId('media-input').setInputFiles(media('tc-23976.mp4'));
    await expect(page.getByTestId('media-name')).toHaveText('tc-23976.mp4');
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1);
    const timecode = page.getByTestId('timecode');
    await expect(timecode).toHaveText('01:00:00:00');
    // Rates as people write them, in the tooltips.
    await expect(timecode).toHaveAttribute('title', /^23\.976 fps/);
    await expect(page.getByTestId('media-name')).toHaveAttribute('title', /23\.976 fps/);
    await page.keyboard.press('ArrowRight');
    await expect(timecode).toHaveText('01:00:00:01');

    // Number the shot from 1001 in the timeline bar: the same picture, the same timecode.
    const start = page.getByTestId('start-frame-input');
    await expect(start).toHaveValue('1');
    await start.fill('1001');
    await start.press('Enter');
    await expect(page.getByTestId('current-frame')).toHaveText('1002');
    await expect(timecode).toHaveText('01:00:00:01');
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(2);
    await page.keyboard.press('Home');
    await expect(page.getByTestId('current-frame')).toHaveText('1001');
    await expect(timecode).toHaveText('01:00:00:00');
    expect(await info(page)).toMatchObject({ frameStart: 1001, frameEnd: 1024 });

    // The scripting API does the same.
    await page.evaluate(() => window.reelsync?.media.setStartFrame(86400));
    await expect(page.getByTestId('current-frame')).toHaveText('86400');
    await expect(start).toHaveValue('86400');
    await expect(timecode).toHaveText('01:00:00:00');
  });

  test('missing frames: the name shows the gap, a slate names the frame, the timeline marks it', async ({
    page,
  }) => {
    await openPlayer(page);
    const files = readdirSync(dir)
      .filter((name) => name.startsWith('seq.'))
      .map((name) => media(name));
    await page.getByTestId('media-input').setInputFiles(files);
    await expect(page.getByTestId('media-name')).toHaveText('seq.[1001-1009,1013-1020].png');
    await expect(page.getByTestId('media-name')).toHaveAttribute('title', /3 missing/);
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1001);
    // Frame 1001 of a sequence is 1001 frames past 00:00:00:00 at 24 fps.
    await expect(page.getByTestId('timecode')).toHaveText('00:00:41:17');

    const seek = (frame: number) => page.evaluate((f) => window.reelsync?.session.seek(f), frame);
    const corner = { x: 60, y: 10 }; // clear of the text and the cross
    await seek(1011);
    // The slate is the frame: its strip reads 1011 (not 1009's picture) and it fills the image.
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1011);
    const slate = await colorAtImagePoint(page, corner);
    expect(Math.abs(slate.r - SLATE_RGB.r)).toBeLessThan(12);
    expect(Math.abs(slate.g - SLATE_RGB.g)).toBeLessThan(12);
    expect(Math.abs(slate.b - SLATE_RGB.b)).toBeLessThan(12);
    await seek(1009);
    await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1009);
    const real = await colorAtImagePoint(page, corner);
    expect(
      Math.abs(real.r - SLATE_RGB.r) +
        Math.abs(real.g - SLATE_RGB.g) +
        Math.abs(real.b - SLATE_RGB.b),
    ).toBeGreaterThan(40);

    // One mark over frames 1010-1012, where those cells lie on the track.
    const gap = page.getByTestId('timeline-gap');
    await expect(gap).toHaveCount(1);
    await expect(gap).toHaveAttribute('title', 'Frames 1010–1012 missing');
    const track = await page.getByTestId('timeline').boundingBox();
    const mark = await gap.boundingBox();
    if (!track || !mark) throw new Error('no boxes');
    const cell = track.width / 20;
    expect(Math.abs(mark.x - (track.x + 9 * cell))).toBeLessThan(2);
    expect(Math.abs(mark.width - 3 * cell)).toBeLessThan(2);

    // A sequence is numbered by its names: the start-frame setting says so.
    await expect(page.getByTestId('start-frame-input')).toBeDisabled();
    const refusal = await page.evaluate(() => {
      try {
        window.reelsync?.media.setStartFrame(1);
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(refusal).toMatch(/numbered by its file names/);
  });

  test('ProRes and broken OpenEXR/DPX files are refused with why and what to do', async ({
    page,
  }) => {
    await openPlayer(page);
    const input = page.getByTestId('media-input');
    const cases: Array<[string, RegExp]> = [
      ['plate.mov', /ProRes is not decodable in browsers.*Convert it to H\.264/],
      ['beauty.1001.exr', /beauty\.1001\.exr cannot be shown: the file is truncated/],
      ['scan_plate', /scan_plate cannot be shown: the file is truncated/],
    ];
    for (const [name, message] of cases) {
      await input.setInputFiles(media(name));
      const toast = page.getByTestId('toast-message').filter({ hasText: name });
      await expect(toast).toHaveText(message);
    }
    await expect(page.getByTestId('media-name')).toHaveText(/demo/i);
  });

  test('full screen: Shift+F and the transport button', async ({ page }) => {
    await openPlayer(page);
    const button = page.getByTestId('fullscreen-button');
    const fullscreenIsApp = () =>
      page.evaluate(
        () => document.fullscreenElement === document.querySelector('[data-testid="app"]'),
      );
    await expect(button).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.press('Shift+F');
    await expect.poll(fullscreenIsApp).toBe(true);
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Shift+F');
    await expect.poll(fullscreenIsApp).toBe(false);
    await button.click();
    await expect.poll(fullscreenIsApp).toBe(true);
    await button.click();
    await expect.poll(fullscreenIsApp).toBe(false);
    // The help overlay lists the key.
    await page.keyboard.press('?');
    await expect(page.locator('[data-binding="view.fullscreen"]')).toContainText('Full screen');
  });

  test('the zoom readout follows the zoom', async ({ page }) => {
    await openPlayer(page);
    const readout = page.getByTestId('zoom-readout');
    const zoomText = () =>
      page.evaluate(() => `${Math.round((window.reelsync?.viewer.zoom ?? 0) * 100)}%`);
    await expect(readout).toHaveText(await zoomText());
    await expect(readout).toHaveAttribute('data-fit', 'true');
    await page.keyboard.press('1');
    await expect(readout).toHaveText('100%');
    await page.keyboard.press('+');
    await expect(readout).toHaveText('141%');
    await page.evaluate(() => window.reelsync?.viewer.setZoom(0.25));
    await expect(readout).toHaveText('25%');
    await readout.click();
    await expect(readout).toHaveAttribute('data-fit', 'true');
    await expect(readout).toHaveText(await zoomText());
  });

  test('the last timeline label is drawn whole inside the track', async ({ page }) => {
    // At this width the demo clip's last label (1400) sits a few pixels from the right edge.
    await page.setViewportSize({ width: 1100, height: 700 });
    await openPlayer(page);
    const columns = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('.rs-timeline__ticks');
      const context = canvas?.getContext('2d');
      if (!canvas || !context) throw new Error('no tick canvas');
      const scale = canvas.width / canvas.getBoundingClientRect().width;
      // The label row (top 13 CSS px): which of the rightmost 40 px hold label pixels.
      const width = Math.round(40 * scale);
      const data = context.getImageData(canvas.width - width, 0, width, Math.round(13 * scale));
      const inked: number[] = [];
      for (let x = 0; x < width; x++) {
        for (let y = 0; y < data.height; y++) {
          if ((data.data[(y * width + x) * 4 + 3] ?? 0) > 0) {
            inked.push(Math.floor((x - width) / scale));
            break;
          }
        }
      }
      return inked;
    });
    // The label is there (near the edge) and ends at least 2 px before the edge.
    expect(columns.length).toBeGreaterThan(0);
    expect(Math.max(...columns)).toBeLessThanOrEqual(-2);
  });
});
