// False color and zebra: display-stage exposure aids on the display luma (Rec.709 weights of the
// display values, 0..1 = 0..100 IRE). One table for the CPU reference and the shader.

export interface FalseColorBand {
  /** Luma at or above which the band starts (bands are checked from the top). */
  from: number;
  /** Below `to` (exclusive). */
  to: number;
  color: readonly [number, number, number];
  meaning: string;
}

/** After the ARRI ALEXA false-color scale; luma outside every band shows as grey. */
export const FALSE_COLOR_BANDS: readonly FalseColorBand[] = [
  { from: 0, to: 0.025, color: [0.5, 0, 0.75], meaning: 'black clipping (under 2.5 %)' },
  { from: 0.025, to: 0.04, color: [0, 0.25, 1], meaning: 'just above black (2.5–4 %)' },
  { from: 0.38, to: 0.42, color: [0, 0.8, 0.2], meaning: '18 % grey (38–42 %)' },
  { from: 0.52, to: 0.56, color: [1, 0.45, 0.7], meaning: 'one stop over grey, skin (52–56 %)' },
  { from: 0.97, to: 0.99, color: [1, 0.9, 0], meaning: 'just below white (97–99 %)' },
  { from: 0.99, to: Infinity, color: [1, 0, 0], meaning: 'white clipping (99 % and over)' },
];

export function falseColor(luma: number): [number, number, number] {
  for (const band of FALSE_COLOR_BANDS)
    if (luma >= band.from && luma < band.to) return [...band.color];
  return [luma, luma, luma];
}

/** Zebra: diagonal stripes over pixels whose display luma is at or above the threshold. */
export const ZEBRA = {
  threshold: 0.95,
  /** Width of one stripe in device pixels. */
  periodPx: 6,
  color: [0, 0, 0] as readonly [number, number, number],
} as const;
