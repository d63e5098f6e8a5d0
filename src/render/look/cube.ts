// A strict reader of `.cube` LUT files (Adobe/IRIDAS and Resolve variants): 1D, 3D, or a 1D
// shaper followed by a 3D table, with DOMAIN_MIN/MAX or LUT_*_INPUT_RANGE. Every problem is a
// LookFileError naming the line; nothing is guessed.
import { LookFileError } from './lookFileError';

/** One table of a LUT: `size` entries per axis (1D) or per side (3D), RGB triples, red fastest. */
export interface LutTable {
  size: number;
  /** 1D: size × 3 values; 3D: size³ × 3 values (red index fastest, then green, then blue). */
  data: Float32Array;
  /** Input value mapped to the first entry, per channel. */
  domainMin: [number, number, number];
  /** Input value mapped to the last entry, per channel. */
  domainMax: [number, number, number];
}

export interface CubeLut {
  title: string;
  /** Applied first (a shaper when a 3D table follows). */
  lut1d: LutTable | null;
  lut3d: LutTable | null;
}

/** The .cube specification's limits (Resolve allows 1D up to 65536, 3D up to 256). */
export const CUBE_LIMITS = { min: 2, max1d: 65536, max3d: 256 } as const;
/** Table values beyond this magnitude are refused: no real LUT holds them, a broken file may. */
export const MAX_LUT_VALUE = 65504;

type Triple = [number, number, number];

function numbers(words: string[], count: number, line: number, what: string): number[] {
  if (words.length !== count)
    throw new LookFileError('LUT_MALFORMED', `${what} needs ${count} numbers`, line);
  return words.map((word) => {
    const value = Number(word);
    if (word === '' || !Number.isFinite(value))
      throw new LookFileError('LUT_MALFORMED', `"${word}" is not a number`, line);
    return value;
  });
}

function size(word: string | undefined, max: number, line: number, keyword: string): number {
  const value = Number(word);
  if (!Number.isInteger(value))
    throw new LookFileError('LUT_MALFORMED', `${keyword} needs a whole number`, line);
  if (value < CUBE_LIMITS.min || value > max)
    throw new LookFileError(
      'LUT_WRONG_SIZE',
      `${keyword} ${value} is outside ${CUBE_LIMITS.min}..${max}`,
      line,
    );
  return value;
}

/** Parses the text of a .cube file; throws LookFileError on anything malformed. */
export function parseCube(text: string): CubeLut {
  let title = '';
  let size1d = 0;
  let size3d = 0;
  let domainMin: Triple | null = null;
  let domainMax: Triple | null = null;
  let range1d: [number, number] | null = null;
  let range3d: [number, number] | null = null;
  const values: number[] = [];
  let firstDataLine = 0;
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const words = line.split(/\s+/);
    const keyword = words[0] ?? '';
    if (/^[A-Za-z_]/.test(keyword)) {
      if (firstDataLine > 0)
        throw new LookFileError('LUT_MALFORMED', `${keyword} after the table started`, lineNo);
      const rest = words.slice(1);
      switch (keyword) {
        case 'TITLE':
          title = line.slice(5).trim().replace(/^"|"$/g, '');
          return;
        case 'LUT_1D_SIZE':
          size1d = size(rest[0], CUBE_LIMITS.max1d, lineNo, keyword);
          return;
        case 'LUT_3D_SIZE':
          size3d = size(rest[0], CUBE_LIMITS.max3d, lineNo, keyword);
          return;
        case 'DOMAIN_MIN':
          domainMin = numbers(rest, 3, lineNo, keyword) as Triple;
          return;
        case 'DOMAIN_MAX':
          domainMax = numbers(rest, 3, lineNo, keyword) as Triple;
          return;
        case 'LUT_1D_INPUT_RANGE':
          range1d = numbers(rest, 2, lineNo, keyword) as [number, number];
          return;
        case 'LUT_3D_INPUT_RANGE':
          range3d = numbers(rest, 2, lineNo, keyword) as [number, number];
          return;
        default:
          throw new LookFileError('LUT_MALFORMED', `unknown keyword ${keyword}`, lineNo);
      }
    }
    if (firstDataLine === 0) firstDataLine = lineNo;
    const triple = numbers(words, 3, lineNo, 'A table line');
    for (const value of triple) {
      if (Math.abs(value) > MAX_LUT_VALUE)
        throw new LookFileError(
          'LUT_OUT_OF_RANGE',
          `${value} is outside ±${MAX_LUT_VALUE} (half-float range)`,
          lineNo,
        );
    }
    values.push(...triple);
  });

  if (size1d === 0 && size3d === 0)
    throw new LookFileError(
      'LUT_MALFORMED',
      'no LUT_1D_SIZE or LUT_3D_SIZE: this is not a .cube LUT',
    );
  const entries1d = size1d;
  const entries3d = size3d ** 3;
  const expected = entries1d + entries3d;
  const found = values.length / 3;
  if (found < expected)
    throw new LookFileError(
      'LUT_TRUNCATED',
      `the table has ${found} of ${expected} entries (the file is cut short)`,
    );
  if (found > expected)
    throw new LookFileError(
      'LUT_WRONG_SIZE',
      `the table has ${found} entries but the declared size needs ${expected}`,
    );

  const domain = (range: [number, number] | null): { min: Triple; max: Triple } => {
    const min: Triple = range ? [range[0], range[0], range[0]] : (domainMin ?? [0, 0, 0]);
    const max: Triple = range ? [range[1], range[1], range[1]] : (domainMax ?? [1, 1, 1]);
    for (let c = 0; c < 3; c += 1)
      if (!((max[c] ?? 0) > (min[c] ?? 0)))
        throw new LookFileError('LUT_MALFORMED', 'the input domain is empty (min ≥ max)');
    return { min, max };
  };
  const table = (from: number, count: number, n: number, range: [number, number] | null) => {
    const { min, max } = domain(range);
    return {
      size: n,
      data: Float32Array.from(values.slice(from * 3, (from + count) * 3)),
      domainMin: min,
      domainMax: max,
    };
  };
  return {
    title,
    lut1d: size1d > 0 ? table(0, entries1d, size1d, range1d) : null,
    lut3d: size3d > 0 ? table(entries1d, entries3d, size3d, range3d) : null,
  };
}

/** Writes a 3D table as .cube text (tests, and the docs' examples). */
export function formatCube3d(title: string, lut: LutTable): string {
  const lines = [`TITLE "${title}"`, `LUT_3D_SIZE ${lut.size}`];
  const data = lut.data;
  for (let i = 0; i < data.length; i += 3)
    lines.push(`${fmt(data[i])} ${fmt(data[i + 1])} ${fmt(data[i + 2])}`);
  return `${lines.join('\n')}\n`;
}

function fmt(value: number | undefined): string {
  return (value ?? 0).toFixed(6);
}
