// Turns scope counts into the RGBA pixels the panel shows (top row first); no DOM.
import { chroma, histogramChannel, LEVELS, traceIntensity, type ScopeCounts } from './scopeMath';

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

/** Panel pixels per scope: waveform and parade at 256 × 128, the vectorscope at 256 × 256. */
export const TRACE_SIZE = { width: 256, height: 128 } as const;

/**
 * Waveform, parade or vectorscope in panel pixels (level 0 / Cr −0.5 at the bottom): the grid is
 * summed down to the panel's size (no cell is dropped, as a browser's scaling would) and each
 * pixel lit by its count. Vectorscope dots are grown to 3 × 3 so one flat colour is visible.
 */
export function traceImage(counts: ScopeCounts, samplesPerColumn: number): ScopePixels {
  const { columns, rows, data } = counts;
  const vector = counts.kind === 'vectorscope';
  const width = vector ? columns : TRACE_SIZE.width;
  const height = vector ? rows : TRACE_SIZE.height;
  const fx = columns / width;
  const fy = rows / height;
  const panels = counts.kind === 'parade' ? 3 : 1;
  // Channel per output column: the parade's panel, else R (every channel holds the count).
  const summed = new Float32Array(width * height);
  for (let row = 0; row < rows; row++) {
    const outRow = height - 1 - Math.floor(row / fy);
    for (let column = 0; column < columns; column++) {
      const channel = panels === 3 ? Math.floor((column * 3) / columns) : 0;
      const count = data[(row * columns + column) * 4 + channel] ?? 0;
      const cell = outRow * width + Math.floor(column / fx);
      if (count > 0) summed[cell] = (summed[cell] ?? 0) + count;
    }
  }
  const shown = vector ? grown(summed, width, height) : summed;
  const perCell = vector ? samplesPerColumn / 8 : samplesPerColumn * fx;
  // Empty cells stay transparent (the canvas's dark background shows through).
  const out = new Uint8ClampedArray(width * height * 4);
  for (let cell = 0; cell < shown.length; cell++) {
    const count = shown[cell] ?? 0;
    if (count <= 0) continue;
    const channel = panels === 3 ? Math.floor(((cell % width) * 3) / width) : -1;
    const rgb = channel >= 0 ? (CHANNEL_RGB[channel] ?? TRACE_RGB) : TRACE_RGB;
    paint(out, cell * 4, rgb, traceIntensity(count, perCell));
  }
  return { width, height, data: out };
}

/** Each lit cell spread over its 3 × 3 neighbourhood (the largest count wins). */
function grown(values: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let cell = 0; cell < values.length; cell++) {
    const count = values[cell] ?? 0;
    if (count <= 0) continue;
    const x = cell % width;
    const y = (cell - x) / width;
    for (let yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1); yy++) {
      for (let xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) {
        const index = yy * width + xx;
        if ((out[index] ?? 0) < count) out[index] = count;
      }
    }
  }
  return out;
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

/** A vectorscope target: where a 75 % colour bar lands, in the panel's 256 × 256 pixels. */
export interface VectorTarget {
  label: string;
  x: number;
  y: number;
}

const BARS: ReadonlyArray<readonly [string, number, number, number]> = [
  ['R', 1, 0, 0],
  ['Mg', 1, 0, 1],
  ['B', 0, 0, 1],
  ['Cy', 0, 1, 1],
  ['G', 0, 1, 0],
  ['Yl', 1, 1, 0],
];
/** The skin-tone ("I") line's angle from the +Cb axis, counter-clockwise. */
export const SKIN_TONE_DEGREES = 123;

/** The 75 % bars' targets (Cb across, Cr up, centre neutral), for the graticule. */
export function vectorTargets(): VectorTarget[] {
  return BARS.map(([label, r, g, b]) => {
    const [cb, cr] = chroma(0.75 * r, 0.75 * g, 0.75 * b);
    return { label, x: (cb + 0.5) * LEVELS, y: LEVELS - (cr + 0.5) * LEVELS };
  });
}
