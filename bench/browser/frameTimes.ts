// The per-frame cost of what the viewer draws, as the look and compare benches time it: frames
// (on a player page opened here) forced by alternating the pan (so each one redraws), each timed from its animation frame to a
// one-pixel readPixels that waits for the GPU (software GL here).
import type { Browser, BrowserContext, Page } from '@playwright/test';

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
