// The picture shown for a frame missing from an image sequence: a dark red slate that names the
// frame, drawn as the frame itself (so it is what the viewer, notes and sync all see), with the
// frame-ID strip of that frame number (docs/demo-clip.md) so tests can read it back.
import { frameIdBits, frameIdStripGeometry } from './frameId';
import type { FrameImage } from './types';

/** Slate background (dark red): no real frame of a shot is expected to be this flat colour. */
export const MISSING_SLATE_RGB = [72, 16, 16] as const;

export function drawMissingFrameSlate(frame: number, width: number, height: number): FrameImage {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const [r, g, b] = MISSING_SLATE_RGB;
  ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
  ctx.fillRect(0, 0, w, h);
  // A thin cross, as film slates mark a missing frame.
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.25)';
  ctx.lineWidth = Math.max(1, h / 180);
  ctx.beginPath();
  ctx.moveTo(0, 0);
  ctx.lineTo(w, h);
  ctx.moveTo(w, 0);
  ctx.lineTo(0, h);
  ctx.stroke();
  ctx.fillStyle = '#ffffff';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.font = `bold ${Math.round(h / 9)}px sans-serif`;
  ctx.fillText('MISSING FRAME', w / 2, h * 0.36);
  ctx.font = `bold ${Math.round(h / 4.5)}px monospace`;
  ctx.fillText(String(frame), w / 2, h * 0.58);
  drawStrip(ctx, frame, w, h);
  return canvas;
}

function drawStrip(ctx: OffscreenCanvasRenderingContext2D, frame: number, w: number, h: number) {
  if (!Number.isInteger(frame) || frame < 0 || frame >= 65536) return;
  const strip = frameIdStripGeometry(w, h);
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, strip.y - strip.margin, strip.width + strip.margin, strip.height + strip.margin);
  frameIdBits(frame).forEach((bit, i) => {
    ctx.fillStyle = bit ? '#ffffff' : '#000000';
    ctx.fillRect(strip.x + i * strip.cellSize, strip.y, strip.cellSize, strip.cellSize);
  });
}
