// Strict readers of the LUT formats other than .cube, into the same tables (cube.ts's LutTable,
// red fastest): Autodesk `.3dl` (Lustre and Flame 3D meshes, integer code values), Sony
// Imageworks `.spi1d` and `.spi3d` (OpenColorIO's own formats). No maintained npm package reads
// any of them, so the readers are ours; as for .cube, every problem is a LookFileError naming
// the line, and nothing is guessed. parseLut picks the reader by the file's extension.
import { CUBE_LIMITS, MAX_LUT_VALUE, parseCube, type CubeLut, type LutTable } from './cube';
import { LookFileError } from './lookFileError';

/** The LUT file extensions the player reads (the color panel's pickers accept these). */
export const LUT_EXTENSIONS = ['cube', '3dl', 'spi1d', 'spi3d'] as const;
export type LutFormat = (typeof LUT_EXTENSIONS)[number];

/** The `accept` list of a LUT file picker. */
export const LUT_ACCEPT = LUT_EXTENSIONS.map((extension) => `.${extension}`).join(',');

export function lutFormatOf(name: string): LutFormat | null {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return (LUT_EXTENSIONS as readonly string[]).includes(extension ?? '')
    ? (extension as LutFormat)
    : null;
}

/** Reads a LUT file's text by its name's extension; throws LookFileError. */
export function parseLut(text: string, name: string): CubeLut {
  switch (lutFormatOf(name)) {
    case 'cube':
      return parseCube(text);
    case '3dl':
      return parse3dl(text);
    case 'spi1d':
      return parseSpi1d(text);
    case 'spi3d':
      return parseSpi3d(text);
    default:
      throw new LookFileError(
        'LOOK_UNKNOWN_FORMAT',
        `not a LUT format the player reads (use ${LUT_EXTENSIONS.map((e) => `.${e}`).join(', ')})`,
      );
  }
}

interface Line {
  no: number;
  words: string[];
}

/** The file's lines without blanks and `#` comments, split into words. */
function contentLines(text: string): Line[] {
  const lines: Line[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line !== '' && !line.startsWith('#'))
      lines.push({ no: index + 1, words: line.split(/\s+/) });
  });
  return lines;
}

function number(word: string | undefined, line: number): number {
  const value = Number(word);
  if (word === undefined || word === '' || !Number.isFinite(value))
    throw new LookFileError('LUT_MALFORMED', `"${word ?? ''}" is not a number`, line);
  if (Math.abs(value) > MAX_LUT_VALUE)
    throw new LookFileError(
      'LUT_OUT_OF_RANGE',
      `${value} is outside ±${MAX_LUT_VALUE} (half-float range)`,
      line,
    );
  return value;
}

function integer(word: string | undefined, line: number, what: string): number {
  const value = Number(word);
  if (word === undefined || !/^-?\d+$/.test(word))
    throw new LookFileError(
      'LUT_MALFORMED',
      `${what}: "${word ?? ''}" is not a whole number`,
      line,
    );
  return value;
}

function checkSize(n: number, max: number, line: number, what: string): number {
  if (n < CUBE_LIMITS.min || n > max)
    throw new LookFileError(
      'LUT_WRONG_SIZE',
      `${what} ${n} is outside ${CUBE_LIMITS.min}..${max}`,
      line,
    );
  return n;
}

/**
 * The bit depth a table of integer code values was written for, from its largest value, as
 * OpenColorIO guesses it (even depths 8 … 16, allowing values up to 1.5 × the top code).
 */
export function likelyBitDepth(maxValue: number): number {
  for (let bits = 8; bits <= 16; bits += 2) if (maxValue <= 2 ** bits * 1.5 - 1) return bits;
  return 16;
}

/**
 * Autodesk .3dl: an optional `3DMESH` / `Mesh <in bits> <out bits>` header (Lustre), a shaper
 * line of N evenly spaced input code values (N is the lattice size: 0 64 … 1023 for a 10-bit
 * 17³ mesh), then N³ lines of three integer output code values with BLUE fastest, and optional
 * Lustre trailers (`LUT8`, `gamma <g>`). Output depth: the Mesh line's, else guessed from the
 * largest value (as OCIO does); the input domain is 0 … last shaper value / top input code.
 */
export function parse3dl(text: string): CubeLut {
  let outBits: number | null = null;
  let shaper: { values: number[]; no: number } | null = null;
  const rows: Line[] = [];
  let trailer = false;
  for (const line of contentLines(text)) {
    const keyword = line.words[0] ?? '';
    if (/^[A-Za-z]/.test(keyword) || keyword === '3DMESH') {
      if (keyword === '3DMESH' && line.words.length === 1 && !shaper) continue;
      if (keyword === 'Mesh' && !shaper) {
        if (line.words.length !== 3)
          throw new LookFileError(
            'LUT_MALFORMED',
            'Mesh needs input and output bit depths',
            line.no,
          );
        outBits = integer(line.words[2], line.no, 'Mesh output bit depth');
        if (outBits < 8 || outBits > 16)
          throw new LookFileError(
            'LUT_WRONG_SIZE',
            `output bit depth ${outBits} is outside 8..16`,
            line.no,
          );
        continue;
      }
      if (keyword === 'LUT8' || keyword === 'gamma') {
        trailer = true;
        continue;
      }
      throw new LookFileError('LUT_MALFORMED', `unknown keyword ${keyword}`, line.no);
    }
    if (trailer)
      throw new LookFileError(
        'LUT_MALFORMED',
        'table values after the LUT8/gamma trailer',
        line.no,
      );
    if (!shaper) {
      if (line.words.length === 3)
        throw new LookFileError(
          'LUT_MALFORMED',
          'a .3dl starts with its shaper line (the mesh’s input values), not a table line',
          line.no,
        );
      shaper = {
        values: line.words.map((word) => integer(word, line.no, 'shaper value')),
        no: line.no,
      };
      continue;
    }
    if (line.words.length !== 3)
      throw new LookFileError('LUT_MALFORMED', 'a table line needs 3 numbers', line.no);
    rows.push(line);
  }
  if (!shaper) throw new LookFileError('LUT_MALFORMED', 'no shaper line: this is not a .3dl LUT');
  const n = checkSize(shaper.values.length, CUBE_LIMITS.max3d, shaper.no, 'mesh size');
  const last = shaper.values[n - 1] ?? 0;
  if (last <= 0)
    throw new LookFileError('LUT_MALFORMED', 'the shaper line does not rise', shaper.no);
  // Evenly spaced within a code (0 64 … 960 1023 and 0 … 1024/1023-style meshes both pass).
  shaper.values.forEach((value, i) => {
    if (Math.abs(value - (i * last) / (n - 1)) > Math.max(1, last / (n - 1) / 50))
      throw new LookFileError(
        'LUT_MALFORMED',
        `shaper value ${value} (entry ${i + 1}) is not evenly spaced; uneven .3dl shapers are not supported`,
        shaper.no,
      );
  });
  const expected = n ** 3;
  if (rows.length < expected)
    throw new LookFileError(
      'LUT_TRUNCATED',
      `the table has ${rows.length} of ${expected} entries (the file is cut short)`,
    );
  if (rows.length > expected)
    throw new LookFileError(
      'LUT_WRONG_SIZE',
      `the table has ${rows.length} entries but a ${n}-point mesh needs ${expected}`,
      rows[expected]?.no,
    );
  const codes = new Int32Array(expected * 3);
  let max = 0;
  rows.forEach((row, i) =>
    row.words.forEach((word, c) => {
      const value = integer(word, row.no, 'table value');
      if (value < 0)
        throw new LookFileError('LUT_OUT_OF_RANGE', `${value} is a negative code value`, row.no);
      codes[i * 3 + c] = value;
      max = Math.max(max, value);
    }),
  );
  const top = 2 ** (outBits ?? likelyBitDepth(max)) - 1;
  // .3dl rows run blue fastest, then green, then red; the tables run red fastest.
  const data = new Float32Array(expected * 3);
  for (let r = 0; r < n; r++)
    for (let g = 0; g < n; g++)
      for (let b = 0; b < n; b++) {
        const from = ((r * n + g) * n + b) * 3;
        const to = ((b * n + g) * n + r) * 3;
        for (let c = 0; c < 3; c++) data[to + c] = (codes[from + c] ?? 0) / top;
      }
  const domainMax = last / (2 ** likelyBitDepth(last) - 1);
  return {
    title: '',
    lut1d: null,
    lut3d: { size: n, data, domainMin: [0, 0, 0], domainMax: [domainMax, domainMax, domainMax] },
  };
}

/**
 * Sony Imageworks .spi1d: `Version 1`, `From <min> <max>`, `Length <n>`, `Components 1|3`, then
 * the n values (one or three a line) between `{` and `}`. One component is applied to all three
 * channels.
 */
export function parseSpi1d(text: string): CubeLut {
  const lines = contentLines(text);
  let from: [number, number] | null = null;
  let length = 0;
  let components = 0;
  let version = false;
  let index = 0;
  for (; index < lines.length; index++) {
    const line = lines[index] as Line;
    const [keyword, ...rest] = line.words;
    if (keyword === '{') break;
    switch (keyword) {
      case 'Version':
        if (rest[0] !== '1')
          throw new LookFileError(
            'LUT_MALFORMED',
            `.spi1d version ${rest[0] ?? ''} is not 1`,
            line.no,
          );
        version = true;
        break;
      case 'From':
        if (rest.length !== 2)
          throw new LookFileError('LUT_MALFORMED', 'From needs 2 numbers', line.no);
        from = [number(rest[0], line.no), number(rest[1], line.no)];
        if (!(from[1] > from[0]))
          throw new LookFileError(
            'LUT_MALFORMED',
            'the input domain is empty (min ≥ max)',
            line.no,
          );
        break;
      case 'Length':
        length = checkSize(
          integer(rest[0], line.no, 'Length'),
          CUBE_LIMITS.max1d,
          line.no,
          'Length',
        );
        break;
      case 'Components':
        components = integer(rest[0], line.no, 'Components');
        if (components !== 1 && components !== 3)
          throw new LookFileError(
            'LUT_MALFORMED',
            `Components ${components} is not 1 or 3`,
            line.no,
          );
        break;
      default:
        throw new LookFileError('LUT_MALFORMED', `unknown keyword ${keyword ?? ''}`, line.no);
    }
  }
  if (!version)
    throw new LookFileError('LUT_MALFORMED', 'no "Version 1": this is not a .spi1d LUT');
  if (!from || length === 0 || components === 0)
    throw new LookFileError('LUT_MALFORMED', 'the header needs From, Length and Components');
  if (index >= lines.length)
    throw new LookFileError(
      'LUT_TRUNCATED',
      'no "{": the table is missing (the file is cut short)',
    );
  const data = new Float32Array(length * 3);
  let found = 0;
  let closed = false;
  for (index += 1; index < lines.length; index++) {
    const line = lines[index] as Line;
    if (line.words[0] === '}') {
      if (line.words.length !== 1 || index !== lines.length - 1)
        throw new LookFileError('LUT_MALFORMED', 'text after the closing "}"', line.no);
      closed = true;
      break;
    }
    if (line.words.length !== components)
      throw new LookFileError(
        'LUT_MALFORMED',
        `a table line needs ${components} number(s)`,
        line.no,
      );
    if (found >= length)
      throw new LookFileError(
        'LUT_WRONG_SIZE',
        `more than the ${length} entries Length declares`,
        line.no,
      );
    const values = line.words.map((word) => number(word, line.no));
    for (let c = 0; c < 3; c++) data[found * 3 + c] = values[components === 1 ? 0 : c] ?? 0;
    found += 1;
  }
  if (found < length || !closed)
    throw new LookFileError(
      'LUT_TRUNCATED',
      `the table has ${found} of ${length} entries${closed ? '' : ' and no closing "}"'} (the file is cut short)`,
    );
  return {
    title: '',
    lut1d: {
      size: length,
      data,
      domainMin: [from[0], from[0], from[0]],
      domainMax: [from[1], from[1], from[1]],
    },
    lut3d: null,
  };
}

/**
 * Sony Imageworks .spi3d: `SPILUT 1.0`, `3 3`, the sizes (`33 33 33`, equal), then one line per
 * lattice point: its red, green and blue indices and its three values (any order, each point
 * once). The input domain is 0 … 1.
 */
export function parseSpi3d(text: string): CubeLut {
  const lines = contentLines(text);
  const [head, dims, sizes, ...rows] = lines;
  if (!head || head.words[0] !== 'SPILUT' || head.words.length !== 2)
    throw new LookFileError(
      'LUT_MALFORMED',
      'no "SPILUT 1.0" first line: this is not a .spi3d LUT',
      head?.no,
    );
  if (!dims || dims.words.join(' ') !== '3 3')
    throw new LookFileError(
      'LUT_MALFORMED',
      'the second line must be "3 3" (a 3D table of RGB)',
      dims?.no,
    );
  if (!sizes || sizes.words.length !== 3)
    throw new LookFileError('LUT_MALFORMED', 'the third line needs the 3 lattice sizes', sizes?.no);
  const [nr, ng, nb] = sizes.words.map((word) => integer(word, sizes.no, 'lattice size'));
  if (nr !== ng || ng !== nb)
    throw new LookFileError(
      'LUT_WRONG_SIZE',
      `lattice ${nr}×${ng}×${nb} is not a cube (the player reads n×n×n tables)`,
      sizes.no,
    );
  const n = checkSize(nr ?? 0, CUBE_LIMITS.max3d, sizes.no, 'lattice size');
  const expected = n ** 3;
  const data = new Float32Array(expected * 3);
  const seen = new Uint8Array(expected);
  for (const row of rows) {
    if (row.words.length !== 6)
      throw new LookFileError('LUT_MALFORMED', 'a table line needs 3 indices and 3 values', row.no);
    const [r, g, b] = row.words.slice(0, 3).map((word) => integer(word, row.no, 'lattice index'));
    if ([r, g, b].some((i) => i === undefined || i < 0 || i >= n))
      throw new LookFileError(
        'LUT_OUT_OF_RANGE',
        `index ${r} ${g} ${b} is outside 0..${n - 1}`,
        row.no,
      );
    const at = ((b ?? 0) * n + (g ?? 0)) * n + (r ?? 0);
    if (seen[at])
      throw new LookFileError(
        'LUT_MALFORMED',
        `lattice point ${r} ${g} ${b} is given twice`,
        row.no,
      );
    seen[at] = 1;
    row.words.slice(3).forEach((word, c) => {
      data[at * 3 + c] = number(word, row.no);
    });
  }
  if (rows.length < expected)
    throw new LookFileError(
      'LUT_TRUNCATED',
      `the table has ${rows.length} of ${expected} entries (the file is cut short)`,
    );
  const table: LutTable = { size: n, data, domainMin: [0, 0, 0], domainMax: [1, 1, 1] };
  return { title: '', lut1d: null, lut3d: table };
}
