// The pixel probe's readings and how the chrome words them; no DOM.

/** One probed pixel. */
export interface ProbeReading {
  /** Image px (whole pixels). */
  x: number;
  y: number;
  /** The source texel: RGBA floats (scene-linear EXR/DPX) or 0..255 codes (8-bit pictures). */
  source: number[];
  /** True for float sources. */
  float: boolean;
  /** The displayed RGB, 0..1, after the viewer's look (grade, channel, view transform). */
  display: number[];
}

const LABELS = ['R', 'G', 'B', 'A'];

/** Float source values: four significant digits keep half-float precision readable. */
function formatFloat(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1e4 || magnitude < 1e-4 ? value.toExponential(3) : value.toPrecision(4);
}

/** "R 0.1800 G 1.000 B 4.500 A 1.000" or "R 187 G 51 B 0 A 255". */
export function formatSource(reading: ProbeReading): string {
  return reading.source
    .map(
      (value, i) =>
        `${LABELS[i] ?? '?'} ${reading.float ? formatFloat(value) : String(Math.round(value))}`,
    )
    .join(' ');
}

/** The displayed values as 0..1 with three decimals and the 8-bit code the screen shows. */
export function formatDisplay(reading: ProbeReading): string {
  return reading.display
    .map(
      (value, i) =>
        `${LABELS[i] ?? '?'} ${value.toFixed(3)} (${Math.round(Math.min(1, Math.max(0, value)) * 255)})`,
    )
    .join(' ');
}

/** One readout line: who, where, source and display values. */
export function probeLine(reading: ProbeReading, who: string | null): string {
  const place = `${who ? `${who}: ` : ''}(${reading.x}, ${reading.y})`;
  const kind = reading.float ? 'source (linear)' : 'source';
  return `${place} ${kind} ${formatSource(reading)} → display ${formatDisplay(reading)}`;
}
