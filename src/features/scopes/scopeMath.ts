// The scopes' binning, defined once: the CPU reference computes it here and the GPU shaders
// (scopeShaders.ts) do the same arithmetic; no DOM. Values are display-referred 0..1 (what the
// viewer shows), Rec.709 luma and colour difference, 256 levels.

/** Levels per scope axis (8-bit display values land one per bin). */
export const LEVELS = 256;
/** Waveform columns (the picture's width is sampled into these). */
export const WAVE_COLUMNS = 256;
/** Rec.709 luma weights on display (non-linear) values: Y'. */
export const LUMA_709: readonly [number, number, number] = [0.2126, 0.7152, 0.0722];
/** Rec.709 colour-difference scales: Cb = (B' − Y') / 1.8556, Cr = (R' − Y') / 1.5748. */
export const CB_SCALE = 1.8556;
export const CR_SCALE = 1.5748;

export type ScopeKind = 'histogram' | 'waveform' | 'parade' | 'vectorscope';
export const SCOPE_KINDS: readonly ScopeKind[] = ['histogram', 'waveform', 'parade', 'vectorscope'];

/** Size of each scope's count grid: `columns` × `rows`, 4 channels per cell (RGBA). */
export const SCOPE_GRID: Readonly<Record<ScopeKind, { columns: number; rows: number }>> = {
  // Row 0 only: .r/.g/.b the channel histograms, .a luma.
  histogram: { columns: LEVELS, rows: 1 },
  // Column = picture column, row = luma level (0 at the bottom); all four channels count it.
  waveform: { columns: WAVE_COLUMNS, rows: LEVELS },
  // Three panels side by side (R, G, B), each WAVE_COLUMNS wide; each panel counts in its channel.
  parade: { columns: WAVE_COLUMNS * 3, rows: LEVELS },
  // Column = Cb, row = Cr (both −0.5..0.5, the centre is neutral); all four channels count it.
  vectorscope: { columns: LEVELS, rows: LEVELS },
};

/** Counts per cell, row-major from row 0, RGBA per cell (what the GPU target reads back as). */
export interface ScopeCounts {
  kind: ScopeKind;
  columns: number;
  rows: number;
  data: Float32Array;
}

/** A display-referred picture: RGBA 0..255 (or 0..1 floats), row-major from the top row. */
export interface ScopeSample {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray | Float32Array;
}

const f = Math.fround;

/** The level bin of a 0..1 value: 8-bit value k (k / 255) lands in bin k. */
export function levelBin(value: number): number {
  const bin = Math.floor(f(value * LEVELS));
  return bin < 0 ? 0 : bin > LEVELS - 1 ? LEVELS - 1 : bin;
}

export function luma(r: number, g: number, b: number): number {
  return f(f(f(r * LUMA_709[0]) + f(g * LUMA_709[1])) + f(b * LUMA_709[2]));
}

/** Cb, Cr in −0.5..0.5 for display values. */
export function chroma(r: number, g: number, b: number): [number, number] {
  const y = luma(r, g, b);
  return [f(f(b - y) / CB_SCALE), f(f(r - y) / CR_SCALE)];
}

export function emptyCounts(kind: ScopeKind): ScopeCounts {
  const { columns, rows } = SCOPE_GRID[kind];
  return { kind, columns, rows, data: new Float32Array(columns * rows * 4) };
}

/** The CPU reference of every scope for one sample: the GPU result must equal it. */
export function computeScopes(sample: ScopeSample): Record<ScopeKind, ScopeCounts> {
  const result = {
    histogram: emptyCounts('histogram'),
    waveform: emptyCounts('waveform'),
    parade: emptyCounts('parade'),
    vectorscope: emptyCounts('vectorscope'),
  };
  const scale = sample.data instanceof Float32Array ? 1 : 1 / 255;
  const { width, height, data } = sample;
  const hist = result.histogram.data;
  const wave = result.waveform.data;
  const parade = result.parade.data;
  const vector = result.vectorscope.data;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const rgb = [
        f((data[i] ?? 0) * scale),
        f((data[i + 1] ?? 0) * scale),
        f((data[i + 2] ?? 0) * scale),
      ] as const;
      const column = waveColumn(x, width);
      const lumaBin = levelBin(luma(rgb[0], rgb[1], rgb[2]));
      for (let c = 0; c < 3; c++) {
        const bin = levelBin(rgb[c] ?? 0);
        hist[bin * 4 + c] = (hist[bin * 4 + c] ?? 0) + 1;
        const cell = (bin * WAVE_COLUMNS * 3 + c * WAVE_COLUMNS + column) * 4 + c;
        parade[cell] = (parade[cell] ?? 0) + 1;
      }
      hist[lumaBin * 4 + 3] = (hist[lumaBin * 4 + 3] ?? 0) + 1;
      addAll(wave, (lumaBin * WAVE_COLUMNS + column) * 4);
      const [cb, cr] = chroma(rgb[0], rgb[1], rgb[2]);
      addAll(vector, (levelBin(f(cr + 0.5)) * LEVELS + levelBin(f(cb + 0.5))) * 4);
    }
  }
  return result;
}

/** The waveform column of picture column x of `width`. */
export function waveColumn(x: number, width: number): number {
  return Math.min(WAVE_COLUMNS - 1, Math.floor(((x + 0.5) * WAVE_COLUMNS) / width));
}

function addAll(data: Float32Array, cell: number): void {
  for (let c = 0; c < 4; c++) data[cell + c] = (data[cell + c] ?? 0) + 1;
}

/** One channel of the histogram as 256 counts (0 r, 1 g, 2 b, 3 luma). */
export function histogramChannel(counts: ScopeCounts, channel: 0 | 1 | 2 | 3): number[] {
  const out: number[] = [];
  for (let bin = 0; bin < counts.columns; bin++) out.push(counts.data[bin * 4 + channel] ?? 0);
  return out;
}

/**
 * Brightness of a trace cell for `count` hits when a full column holds `perColumn` samples:
 * logarithmic, so a lone pixel still shows and a flat field does not blow out.
 */
export function traceIntensity(count: number, perColumn: number): number {
  if (count <= 0) return 0;
  const top = Math.log1p(Math.max(1, perColumn) / 4);
  return Math.min(1, 0.25 + (0.75 * Math.log1p(count)) / top);
}

/** Largest sample the scopes read: one sample column per waveform column, tall pictures capped. */
export const SAMPLE_MAX = { width: WAVE_COLUMNS, height: 512 } as const;

/** The sample size for a picture: the picture shrunk (never enlarged) into SAMPLE_MAX, aspect kept. */
export function sampleSize(image: { width: number; height: number }): {
  width: number;
  height: number;
} {
  const w = Math.max(1, Math.round(image.width));
  const h = Math.max(1, Math.round(image.height));
  const scale = Math.min(1, SAMPLE_MAX.width / w, SAMPLE_MAX.height / h);
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}
