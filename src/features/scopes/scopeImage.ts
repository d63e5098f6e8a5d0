// Turns scope counts into the RGBA pixels the panel shows (top row first); no DOM.
import { histogramChannel, traceIntensity, type ScopeCounts } from './scopeMath';

export interface ScopePixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Trace colours: the parade's panels in their channel, luma and vectorscope in a soft green. */
const CHANNEL_RGB: ReadonlyArray<readonly [number, number, number]> = [
  [255, 80, 70],
  [90, 230, 110],
  [90, 150, 255],
  [225, 235, 225],
];
const TRACE_RGB: readonly [number, number, number] = [140, 255, 160];
export const HISTOGRAM_HEIGHT = 100;

/** Waveform, parade or vectorscope: each cell lit by its count (level 0 / Cr −0.5 at the bottom). */
export function traceImage(counts: ScopeCounts, samplesPerColumn: number): ScopePixels {
  const { columns, rows, data } = counts;
  const out = new Uint8ClampedArray(columns * rows * 4);
  const perCell = counts.kind === 'vectorscope' ? samplesPerColumn / 8 : samplesPerColumn;
  for (let row = 0; row < rows; row++) {
    const outRow = rows - 1 - row;
    for (let column = 0; column < columns; column++) {
      const cell = (row * columns + column) * 4;
      const target = (outRow * columns + column) * 4;
      if (counts.kind === 'parade') {
        const channel = Math.floor(column / (columns / 3));
        const level = traceIntensity(data[cell + channel] ?? 0, perCell);
        paint(out, target, CHANNEL_RGB[channel] ?? TRACE_RGB, level);
      } else {
        paint(out, target, TRACE_RGB, traceIntensity(data[cell] ?? 0, perCell));
      }
    }
  }
  return { width: columns, height: rows, data: out };
}

/** The histogram: R, G, B overlaid (added), luma as a light outline; heights against the tallest bin. */
export function histogramImage(counts: ScopeCounts, height = HISTOGRAM_HEIGHT): ScopePixels {
  const width = counts.columns;
  const out = new Uint8ClampedArray(width * height * 4);
  const channels = [0, 1, 2, 3].map((c) => histogramChannel(counts, c as 0 | 1 | 2 | 3));
  // Ignore the two end bins when scaling: clipped blacks/whites would flatten everything else.
  let tallest = 1;
  for (const bins of channels) {
    for (let bin = 1; bin < width - 1; bin++) tallest = Math.max(tallest, bins[bin] ?? 0);
  }
  for (let bin = 0; bin < width; bin++) {
    for (let c = 0; c < 4; c++) {
      const count = channels[c]?.[bin] ?? 0;
      const bar = Math.min(height, Math.round((count / tallest) * height));
      const color = CHANNEL_RGB[c] ?? TRACE_RGB;
      const from = c === 3 ? Math.max(0, height - bar) : height - bar;
      const to = c === 3 ? Math.min(height, from + 1) : height;
      for (let y = from; y < to; y++) add(out, (y * width + bin) * 4, color, c === 3 ? 1 : 0.6);
    }
  }
  return { width, height, data: out };
}

function paint(
  out: Uint8ClampedArray,
  index: number,
  rgb: readonly [number, number, number],
  level: number,
): void {
  out[index] = rgb[0] * level;
  out[index + 1] = rgb[1] * level;
  out[index + 2] = rgb[2] * level;
  out[index + 3] = 255;
}

function add(
  out: Uint8ClampedArray,
  index: number,
  rgb: readonly [number, number, number],
  weight: number,
): void {
  out[index] = (out[index] ?? 0) + rgb[0] * weight;
  out[index + 1] = (out[index + 1] ?? 0) + rgb[1] * weight;
  out[index + 2] = (out[index + 2] ?? 0) + rgb[2] * weight;
  out[index + 3] = 255;
}
