// The per-frame cost of what the viewer draws, as the look and compare benches time it: frames
// (on a player page opened here) forced by alternating the pan (so each one redraws), each timed from its animation frame to a
// one-pixel readPixels that waits for the GPU (software GL here).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/browser';
import { startServer } from '../../server/index';
import { fmt, percentile } from '../clock/analysis';

/** tsx compiles page functions with __name(); pages get this no-op. */
export const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((target) => target);';
const VIEWPORT = { width: 1920, height: 1200 };

/** A 1920×1200 player page on `url`, its demo clip on screen. */
export async function openPlayer(
  browser: Browser,
  url: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: url, viewport: VIEWPORT });
  await context.addInitScript({ content: NAME_SHIM });
  const page = await context.newPage();
  await page.goto('/');
  await page.waitForFunction(() => window.reelsync?.viewer.displayedFrame === 1);
  return { context, page };
}

/** The viewer canvas's size in px and the WebGL renderer's name, for the report. */
export async function drawSurface(page: Page): Promise<{ canvas: string; renderer: string }> {
  const canvas = await page.evaluate(() => {
    const c = window.reelsync?.viewer.canvas;
    return c ? `${c.width}×${c.height}` : '?';
  });
  const renderer = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    return info && gl ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown';
  });
  return { canvas, renderer };
}

/** Milliseconds per forced frame, `frames` of them (after a short warm-up). */
export function frameTimes(page: Page, frames: number): Promise<number[]> {
  return page.evaluate(
    (frames) =>
      new Promise<number[]>((resolve) => {
        const r = window.reelsync;
        if (!r) throw new Error('window.reelsync is missing');
        const gl = r.viewer.canvas.getContext('webgl2');
        if (!gl) throw new Error('no WebGL2');
        const pixel = new Uint8Array(4);
        const times: number[] = [];
        let index = 0;
        const warmUp = 5;
        const step = (frameStart: number): void => {
          gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
          if (index >= warmUp) times.push(performance.now() - frameStart);
          index += 1;
          r.viewer.setPan(index % 2 ? 0.25 : 0, 0);
          if (times.length < frames) requestAnimationFrame(step);
          else resolve(times);
        };
        r.viewer.setPan(0.25, 0);
        requestAnimationFrame(step);
      }),
    frames,
  );
}

/** What every report of these benches says about its timing. */
export const FRAME_TIME_NOTE =
  'Time per frame: from the rAF frame start to the return of a 1-pixel readPixels after the app drew, so it includes the draw on the GL (software SwiftShader here; a GPU would be far faster).';

/**
 * Runs `measure` against the built player (`distDir`) on a server and in a Chromium of their own,
 * both closed afterwards (the server's data folder removed).
 */
export async function withPlayerServer<T>(
  distDir: string,
  name: string,
  measure: (browser: Browser, url: string) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `reelsync-bench-${name}-`));
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    staticDir: distDir,
    logLevel: 'warn',
    dataDir,
  });
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch(chromiumLaunchOptions());
    return await measure(browser, server.url);
  } finally {
    await browser?.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A case's row: its label, median and p90 ms per frame, and its median's ratio to `plain`'s. */
export function costRow(label: string, times: readonly number[], plain: number): string[] {
  const median = percentile(times, 50) ?? 0;
  return [
    label,
    fmt(median, 2),
    fmt(percentile(times, 90), 2),
    plain > 0 ? `${(median / plain).toFixed(2)}×` : '–',
  ];
}
