// Pixel streaming (docs/pixel-streaming.md) in real Chromium: `reelsync stream --from-dir`
// pushes PNG frames into a room and both members' pages show them as they arrive (pixels read
// from the live picture); OpenEXR (half, ZIP) frames decoded by the pages; raw RGBA with --size; a
// malformed stdin frame is refused with a reason.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { byId, openPerson, room, type Person } from './helpers/network';

const BIN = path.resolve(import.meta.dirname, '../bin/reelsync.js');
const people: Person[] = [];
test.afterEach(async () => {
  for (const person of people.splice(0)) await person.context.close();
});

function cli(args: string[], stdin?: Buffer): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(stdin ?? Buffer.alloc(0));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

/** The live picture's pixel at its centre, [r, g, b] (null: no live picture shown). */
const centre = (page: Page) =>
  page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="live-canvas"]');
    const context = canvas?.getContext('2d');
    if (!canvas || !context || canvas.hidden) return null;
    const [r, g, b] = context.getImageData(canvas.width >> 1, canvas.height >> 1, 1, 1).data;
    return [r, g, b];
  });

/** Whether the centre pixel is `rgb` (±2: ffmpeg's colour source goes through YUV). */
const shows = async (page: Page, rgb: number[]) => {
  const pixel = await centre(page);
  return (
    pixel !== null &&
    pixel.every((value, index) => Math.abs((value ?? -9) - (rgb[index] ?? 0)) <= 2)
  );
};

test.describe('Pixel streaming', () => {
  test('reelsync stream shows pushed frames in two browsers', async ({ browser, baseURL }) => {
    const host = await openPerson(browser, baseURL ?? '', { name: 'Hana' });
    const guest = await openPerson(browser, baseURL ?? '', { name: 'Gus' });
    people.push(host, guest);
    const code = await room(host.page, guest.page);
    const dir = mkdtempSync(path.join(tmpdir(), 'reelsync-stream-'));
    for (const [index, color] of ['red', 'lime', 'blue'].entries())
      execFileSync('ffmpeg', [
        ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi'],
        ...['-i', `color=c=${color}:s=160x90`, '-frames:v', '1'],
        path.join(dir, `frame_${index + 1}.png`),
      ]);
    const run = await cli([
      ...['stream', '--room', code, '--server', baseURL ?? ''],
      ...['--from-dir', dir, '--fps', '4'],
    ]);
    expect(run.stderr).toContain('streamed 3 frame(s)');
    expect(run.code).toBe(0);
    for (const page of [host.page, guest.page]) {
      await expect.poll(() => shows(page, [0, 0, 255])).toBe(true);
      await expect(byId(page, 'live-text')).toHaveText('Live stream ended (last frame 3)');
    }
    // Hide live: the player's own picture again.
    await byId(guest.page, 'live-toggle').click();
    await expect(byId(guest.page, 'live-canvas')).toBeHidden();

    // Raw RGBA with --size, and a frame that is not one (stdin) refused with the reason.
    const raw = mkdtempSync(path.join(tmpdir(), 'reelsync-raw-'));
    writeFileSync(path.join(raw, 'a.rgba'), Buffer.alloc(8 * 4 * 4, 0xff));
    const rawRun = await cli([
      ...['stream', '--room', code, '--server', baseURL ?? ''],
      ...['--from-dir', raw, '--size', '8x4'],
    ]);
    expect(rawRun.code).toBe(0);
    await expect.poll(() => shows(host.page, [255, 255, 255])).toBe(true);

    // OpenEXR files (half float, ZIP) as they are: each page decodes them.
    const exr = mkdtempSync(path.join(tmpdir(), 'reelsync-exr-'));
    for (const [index, color] of ['lime', 'red'].entries())
      execFileSync('ffmpeg', [
        ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi'],
        ...['-i', `color=c=${color}:s=96x54`, '-frames:v', '1'],
        ...['-c:v', 'exr', '-pix_fmt', 'gbrpf32le', '-compression', '3', '-format', '1'],
        path.join(exr, `frame_${index + 1}.exr`),
      ]);
    const exrRun = await cli([
      ...['stream', '--room', code, '--server', baseURL ?? ''],
      ...['--from-dir', exr, '--fps', '4'],
    ]);
    expect(exrRun.stderr).toContain('streamed 2 frame(s)');
    expect(exrRun.code).toBe(0);
    await expect.poll(() => shows(host.page, [255, 0, 0])).toBe(true);
    await expect(byId(host.page, 'live-text')).toHaveText('Live stream ended (last frame 2)');
    const bad = await cli(
      ['stream', '--room', code, '--server', baseURL ?? '', '--stdin'],
      Buffer.from('this is not a live frame at all, no.'),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a live frame (it must start with "RSLF")');
  });
});
