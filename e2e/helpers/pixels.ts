// Pixel probes on the viewer canvas: the color drawn at an image point or at canvas CSS points,
// and a cheap digest of the whole canvas to tell whether what is drawn changed.
import type { Page } from '@playwright/test';

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** Mean color of a small square (radius in CSS px) of the canvas around an image-pixel point. */
export async function colorAtImagePoint(
  page: Page,
  point: { x: number; y: number },
  radius = 3,
): Promise<Rgba> {
  return page.evaluate(
    ({ point, radius }) => {
      const api = window.reelsync;
      if (!api) throw new Error('window.reelsync is missing');
      const canvas = api.viewer.canvas;
      const rect = canvas.getBoundingClientRect();
      const client = api.viewer.imageToClient(point);
      const scale = canvas.width / rect.width;
      const x = Math.round((client.x - rect.left) * scale);
      const y = Math.round((client.y - rect.top) * scale);
      const size = Math.max(1, Math.round(radius * 2 * scale));
      const scratch = document.createElement('canvas');
      scratch.width = size;
      scratch.height = size;
      const context = scratch.getContext('2d');
      if (!context) throw new Error('no 2D context');
      context.drawImage(canvas, x - size / 2, y - size / 2, size, size, 0, 0, size, size);
      const data = context.getImageData(0, 0, size, size).data;
      const sum = { r: 0, g: 0, b: 0, a: 0 };
      for (let i = 0; i < data.length; i += 4) {
        sum.r += data[i] ?? 0;
        sum.g += data[i + 1] ?? 0;
        sum.b += data[i + 2] ?? 0;
        sum.a += data[i + 3] ?? 0;
      }
      const n = data.length / 4;
      return { r: sum.r / n, g: sum.g / n, b: sum.b / n, a: sum.a / n };
    },
    { point, radius },
  );
}

/** A digest of the canvas content downscaled to 64x36: equal digests mean the same picture. */
export async function canvasDigest(page: Page): Promise<string> {
  return page.evaluate(() => {
    const api = window.reelsync;
    if (!api) throw new Error('window.reelsync is missing');
    const scratch = document.createElement('canvas');
    scratch.width = 64;
    scratch.height = 36;
    const context = scratch.getContext('2d');
    if (!context) throw new Error('no 2D context');
    context.drawImage(api.viewer.canvas, 0, 0, 64, 36);
    const data = context.getImageData(0, 0, 64, 36).data;
    let hash = 2166136261;
    for (const byte of data) hash = Math.imul(hash ^ (byte >> 3), 16777619) >>> 0;
    return hash.toString(16);
  });
}

/**
 * 'same' when both pages show the same picture now, else both digests (for the failure
 * message). Both are read afresh on every call, so a poll cannot lock onto a stale side.
 */
export async function comparePictures(a: Page, b: Page): Promise<string> {
  const [first, second] = await Promise.all([canvasDigest(a), canvasDigest(b)]);
  return first === second ? 'same' : `${first} vs ${second}`;
}

/** Colors at canvas CSS points (relative to the canvas' top-left), read from the WebGL canvas. */
export async function canvasColors(page: Page, points: Array<{ x: number; y: number }>) {
  return page.evaluate((points) => {
    const canvas = window.reelsync?.viewer.canvas;
    if (!canvas) throw new Error('window.reelsync is missing');
    const rect = canvas.getBoundingClientRect();
    const scale = canvas.width / rect.width;
    const scratch = document.createElement('canvas');
    scratch.width = canvas.width;
    scratch.height = canvas.height;
    const context = scratch.getContext('2d');
    if (!context) throw new Error('no 2D context');
    context.drawImage(canvas, 0, 0);
    return points.map((p) => {
      const [r, g, b] = context.getImageData(
        Math.round(p.x * scale),
        Math.round(p.y * scale),
        1,
        1,
      ).data;
      return [r ?? 0, g ?? 0, b ?? 0];
    });
  }, points);
}
