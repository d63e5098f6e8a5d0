// The image-decode benchmark's "to the screen" case: the built player in headless Chromium opens
// an image sequence by its file input and is stepped through every frame, each step waiting until
// the viewer shows that frame. It counts what a reviewer's machine pays per frame: the decode
// worker, the transfer, the texture upload (and, for 10-bit DPX, the unpack on the GPU, here
// SwiftShader on the CPU), and the draw. CPU is every Chromium process's, from /proc.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/browser';
import { startServer } from '../../server/index';
import { treeCpuMs } from './exrDecodeBrowser';
import { NAME_SHIM } from './frameTimes';

export interface ScreenRate {
  msPerFrame: number;
  cpuMsPerFrame: number;
  /** DPX pictures the viewer unpacked on the GPU during the steps. */
  gpuUnpacks: number;
}

/**
 * Steps the player through `files` (a numbered sequence, frames `first`…) once, after a warm-up;
 * `dpxUnpack` is the page's REELSYNC_CONFIG.dpxUnpack (who unpacks 10-bit DPX).
 */
export async function sequenceToScreen(
  files: string[],
  first: number,
  distDir: string,
  dpxUnpack: 'auto' | 'gpu' | 'worker' = 'auto',
): Promise<ScreenRate> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'reelsync-bench-screen-'));
  const server = await startServer({
    ...{ port: 0, host: '127.0.0.1', staticDir: distDir, logLevel: 'warn', dataDir },
  });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.addInitScript({ content: NAME_SHIM });
    await page.addInitScript((mode) => {
      (window as { REELSYNC_CONFIG?: unknown }).REELSYNC_CONFIG = { dpxUnpack: mode };
    }, dpxUnpack);
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => window.reelsync?.viewer.displayedFrame === 1, undefined, {
      timeout: 60_000,
    });
    await page.getByTestId('media-input').setInputFiles(files);
    // The sequence, not the demo clip, is the media (both start at frame 1).
    await page.waitForFunction(
      () =>
        !/demo/i.test(document.querySelector('[data-testid="media-name"]')?.textContent ?? 'demo'),
      undefined,
      { timeout: 60_000 },
    );
    const shown = (frame: number) =>
      page.waitForFunction((want) => window.reelsync?.viewer.displayedFrame === want, frame, {
        timeout: 60_000,
        polling: 'raf',
      });
    await shown(first);
    // Warm-up: one step there and back (workers, shaders, the unpack pass compiled).
    await page.evaluate((to) => window.reelsync?.session.seek(to), first + 1);
    await shown(first + 1);
    await page.evaluate((to) => window.reelsync?.session.seek(to), first);
    await shown(first);
    const unpacksBefore = await page.evaluate(() => window.reelsync?.viewer.gpuUnpacks ?? 0);
    const cpu = treeCpuMs(process.pid);
    const started = performance.now();
    for (let frame = first + 1; frame < first + files.length; frame++) {
      await page.evaluate((to) => window.reelsync?.session.seek(to), frame);
      await shown(frame);
    }
    const steps = files.length - 1;
    const msPerFrame = (performance.now() - started) / steps;
    const cpuMsPerFrame = (treeCpuMs(process.pid) - cpu) / steps;
    const unpacks = await page.evaluate(() => window.reelsync?.viewer.gpuUnpacks ?? 0);
    return { msPerFrame, cpuMsPerFrame, gpuUnpacks: unpacks - unpacksBefore };
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
