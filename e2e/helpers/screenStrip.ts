// Reads the frame-ID strip from what a person sees: a screenshot of the page (the canvas with
// every element of ours composited over it), not the canvas's own pixels. A box, banner or toast
// over the image's bottom-left edge spoils the reading, which the canvas alone would not show.
import type { Page } from '@playwright/test';
import { readFrameIdStrip } from '../../src/core/media/frameId';

export interface ScreenStrip {
  /** Frame decoded from the screenshot, or null when a cell did not read cleanly. */
  decoded: number | null;
  /** The frame the viewer says it shows. */
  displayedFrame: number | null;
  cellLuma: number[];
}

/** Screenshots the strip band of the image (as composited on screen) and decodes it. */
export async function readStripFromScreen(page: Page): Promise<ScreenStrip> {
  const geometry = await page.evaluate(() => {
    const api = window.reelsync;
    const info = api?.media.info;
    if (!api || !info) throw new Error('no player or no media');
    const topLeft = api.viewer.imageToClient({ x: 0, y: 0 });
    const bottomRight = api.viewer.imageToClient({ x: info.width, y: info.height });
    return {
      image: {
        x: topLeft.x,
        y: topLeft.y,
        width: bottomRight.x - topLeft.x,
        height: bottomRight.y - topLeft.y,
      },
      displayedFrame: api.viewer.displayedFrame,
    };
  });
  const { image } = geometry;
  const cell = image.width / 32;
  // The band: the left half of the image's bottom row of cells, a pixel of margin around it.
  const clip = {
    x: Math.floor(image.x),
    y: Math.floor(image.y + image.height - cell - 1),
    width: Math.ceil(image.width / 2 + 2),
    height: Math.ceil(cell + 2),
  };
  const png = await page.screenshot({ clip, scale: 'css', animations: 'disabled' });
  // Decode the PNG in the page (the browser has the decoder); only RGBA comes back.
  const rgbaBase64 = await page.evaluate(async (pngBase64) => {
    const bytes = Uint8Array.from(atob(pngBase64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const scratch = document.createElement('canvas');
    scratch.width = bitmap.width;
    scratch.height = bitmap.height;
    const context = scratch.getContext('2d');
    if (!context) throw new Error('no 2D context');
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let binary = '';
    for (const byte of data) binary += String.fromCharCode(byte);
    return btoa(binary);
  }, png.toString('base64'));
  const rgba = Buffer.from(rgbaBase64, 'base64');
  const reading = readFrameIdStrip(rgba, clip.width, clip.height, {
    imageRect: {
      x: image.x - clip.x,
      y: image.y - clip.y,
      width: image.width,
      height: image.height,
    },
  });
  return {
    decoded: reading.frame,
    displayedFrame: geometry.displayedFrame,
    cellLuma: reading.cellLuma,
  };
}

/**
 * Elements of ours that intersect the viewer canvas's box, described for a failure message. Left
 * out: the canvas and its ancestors, the presence avatars (the one overlay the spec puts on the
 * picture), and the transparent layers that only mark the picture itself (the annotation drawing
 * canvas, the remote-pointer layer, the laser-trail layer, the frame-guides layer of safe areas,
 * masks and shared probes; a remote pointer or a laser trail inside them is still counted).
 */
export function elementsOverPicture(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const canvas = window.reelsync?.viewer.canvas;
    if (!canvas) throw new Error('no viewer canvas');
    const box = canvas.getBoundingClientRect();
    const exempt = (element: Element): boolean =>
      element === canvas ||
      element.contains(canvas) ||
      element.closest('[data-testid="presence-overlay"]') !== null ||
      element.matches(
        '[data-testid="annotation-overlay"], [data-testid="remote-cursors"], [data-testid="laser-trails"], [data-testid="guides-overlay"]',
      );
    const found: string[] = [];
    for (const element of document.body.querySelectorAll('*')) {
      if (exempt(element)) continue;
      if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const overlaps =
        rect.left < box.right &&
        rect.right > box.left &&
        rect.top < box.bottom &&
        rect.bottom > box.top;
      if (!overlaps) continue;
      const id = element.getAttribute('data-testid');
      const name = id
        ? `[data-testid=${id}]`
        : `${element.tagName.toLowerCase()}.${element.className}`;
      found.push(
        `${name} at ${Math.round(rect.left)},${Math.round(rect.top)} ${Math.round(rect.width)}x${Math.round(rect.height)}`,
      );
    }
    return found;
  });
}
