// The .3dl, .spi1d and .spi3d readers on sample files written here from known functions: each
// reads to the same table as the .cube of the same function, and bad files are refused with the
// line and what is wrong.
import { describe, expect, it } from 'vitest';
import { parseCube } from './cube';
import { LookFileError } from './lookFileError';
import {
  likelyBitDepth,
  LUT_ACCEPT,
  lutFormatOf,
  parse3dl,
  parseLut,
  parseSpi1d,
  parseSpi3d,
} from './lutFormats';
import { applyCube } from './reference';

type Fn = (r: number, g: number, b: number) => [number, number, number];
/** Channels mixed through curves, so any axis or order mix-up shows. */
const look: Fn = (r, g, b) => [0.05 + 0.9 * g ** 0.8, Math.sqrt(b), 0.2 + 0.7 * r * r];
const grid = (n: number, i: number) => i / (n - 1);

function cubeText(n: number, f: Fn): string {
  const lines = [`LUT_3D_SIZE ${n}`];
  for (let b = 0; b < n; b++)
    for (let g = 0; g < n; g++)
      for (let r = 0; r < n; r++) lines.push(f(grid(n, r), grid(n, g), grid(n, b)).join(' '));
  return `${lines.join('\n')}\n`;
}

/** A Lustre-style .3dl: 10-bit shaper, `outBits` integer output, blue fastest. */
function threeDl(n: number, f: Fn, outBits: number, header = true): string {
  const top = 2 ** outBits - 1;
  const shaper = Array.from({ length: n }, (_, i) =>
    Math.min(1023, Math.round((i * 1024) / (n - 1))),
  );
  const lines = ['# made in the test', ...(header ? ['3DMESH', `Mesh 4 ${outBits}`] : [])];
  lines.push(shaper.join(' '));
  for (let r = 0; r < n; r++)
    for (let g = 0; g < n; g++)
      for (let b = 0; b < n; b++)
        lines.push(
          f(grid(n, r), grid(n, g), grid(n, b))
            .map((v) => Math.round(v * top))
            .join(' '),
        );
  if (header) lines.push('LUT8', 'gamma 1.0');
  return `${lines.join('\n')}\n`;
}

/** A .spi3d with the points in a shuffled (but fixed) order. */
function spi3d(n: number, f: Fn): string {
  const rows: string[] = [];
  for (let r = 0; r < n; r++)
    for (let g = 0; g < n; g++)
      for (let b = 0; b < n; b++)
        rows.push(`${r} ${g} ${b} ${f(grid(n, r), grid(n, g), grid(n, b)).join(' ')}`);
  rows.reverse();
  return `SPILUT 1.0\n3 3\n${n} ${n} ${n}\n${rows.join('\n')}\n`;
}

function spi1d(values: number[][], from = '0.0 1.0'): string {
  const components = values[0]?.length ?? 1;
  return [
    'Version 1',
    `From ${from}`,
    `Length ${values.length}`,
    `Components ${components}`,
    '{',
    ...values.map((v) => `  ${v.join(' ')}`),
    '}',
    '',
  ].join('\n');
}

const POINTS = [
  [0.3, 0.61, 0.97],
  [0.05, 0.5, 0.2],
  [1, 1, 1],
  [0, 0, 0],
  [0.77, 0.13, 0.42],
];

function refusal(read: () => unknown): LookFileError {
  try {
    read();
  } catch (error) {
    if (error instanceof LookFileError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('.3dl', () => {
  const reference = parseCube(cubeText(17, look));

  it('reads a Lustre 12-bit mesh as the .cube of the same look (blue-fastest rows reordered)', () => {
    const lut = parse3dl(threeDl(17, look, 12));
    expect(lut.lut3d?.size).toBe(17);
    for (const p of POINTS) {
      const got = applyCube(lut, p);
      applyCube(reference, p).forEach((v, c) => expect(got[c]).toBeCloseTo(v, 3));
    }
  });

  it('guesses the output depth from the values without a Mesh line (as OCIO)', () => {
    expect([255, 383, 1023, 4095, 65535].map(likelyBitDepth)).toEqual([8, 8, 10, 12, 16]);
    const lut = parse3dl(threeDl(17, look, 10, false));
    const got = applyCube(lut, [0.3, 0.61, 0.97]);
    applyCube(reference, [0.3, 0.61, 0.97]).forEach((v, c) => expect(got[c]).toBeCloseTo(v, 2));
  });

  it('refuses cut, uneven and malformed files with the line', () => {
    const good = threeDl(5, look, 12);
    const cut = good.split('\n').slice(0, 40).join('\n');
    expect(refusal(() => parse3dl(cut))).toMatchObject({ code: 'LUT_TRUNCATED' });
    expect(refusal(() => parse3dl(cut)).message).toMatch(/36 of 125 entries/);
    const uneven = good.replace('0 256 512 768 1023', '0 100 512 768 1023');
    expect(refusal(() => parse3dl(uneven)).message).toMatch(/line 4: .*not evenly spaced/);
    const word = good.replace(/\n(\d+) (\d+) (\d+)\n/, '\n$1 x $3\n');
    expect(refusal(() => parse3dl(word)).message).toMatch(/^line 5: table value: "x"/);
    expect(refusal(() => parse3dl('0 0 0\n1 1 1\n'))).toMatchObject({
      code: 'LUT_MALFORMED',
      line: 1,
    });
    expect(refusal(() => parse3dl(`${good}0 0 0\n`))).toMatchObject({ code: 'LUT_MALFORMED' });
  });
});

describe('.spi3d', () => {
  it('reads a table given in any order as the .cube of the same look', () => {
    const lut = parseSpi3d(spi3d(9, look));
    const reference = parseCube(cubeText(9, look));
    expect(lut.lut3d?.data).toEqual(reference.lut3d?.data);
  });

  it('refuses cut tables, repeated or outside points and non-cubic lattices with the line', () => {
    const good = spi3d(3, look);
    const lines = good.trimEnd().split('\n');
    expect(refusal(() => parseSpi3d(lines.slice(0, 20).join('\n'))).message).toMatch(
      /17 of 27 entries \(the file is cut short\)/,
    );
    const twice = [...lines.slice(0, 4), lines[3] ?? '', ...lines.slice(5)].join('\n');
    expect(refusal(() => parseSpi3d(twice)).message).toMatch(/^line 5: lattice point .* twice/);
    const outside = good.replace(/\n2 2 2 /, '\n2 3 2 ');
    expect(refusal(() => parseSpi3d(outside))).toMatchObject({ code: 'LUT_OUT_OF_RANGE', line: 4 });
    expect(refusal(() => parseSpi3d(good.replace('3 3 3', '3 3 4'))).message).toMatch(
      /line 3: lattice 3×3×4 is not a cube/,
    );
    expect(refusal(() => parseSpi3d('LUT_3D_SIZE 2\n'))).toMatchObject({ line: 1 });
  });
});

describe('.spi1d', () => {
  it('reads one component for all channels, or three, over its From domain', () => {
    const one = parseSpi1d(spi1d([[0], [0.25], [1]], '0.0 2.0'));
    expect(one.lut1d?.domainMax).toEqual([2, 2, 2]);
    expect(applyCube(one, [0.5, 1, 1.5])).toEqual([0.125, 0.25, 0.625]);
    const three = parseSpi1d(
      spi1d([
        [0, 1, 0.5],
        [1, 0, 0.5],
      ]),
    );
    expect(applyCube(three, [0.25, 0.25, 0.25])).toEqual([0.25, 0.75, 0.5]);
  });

  it('refuses a cut table, a bad component count and stray text with the line', () => {
    const cut = spi1d([[0], [0.5], [1]]).replace('  1\n}\n', '');
    expect(refusal(() => parseSpi1d(cut)).message).toMatch(/2 of 3 entries and no closing "}"/);
    const components = spi1d([[0], [1]]).replace('Components 1', 'Components 2');
    expect(refusal(() => parseSpi1d(components)).message).toMatch(
      /^line 4: Components 2 is not 1 or 3/,
    );
    const long = spi1d([[0], [1]]).replace('  1\n', '  1\n  2\n');
    expect(refusal(() => parseSpi1d(long))).toMatchObject({ code: 'LUT_WRONG_SIZE', line: 8 });
    expect(refusal(() => parseSpi1d('Version 2\n')).message).toMatch(/^line 1: .spi1d version 2/);
  });
});

describe('parseLut', () => {
  it('picks the reader by extension and names the formats it reads', () => {
    expect(lutFormatOf('show.SPI3D')).toBe('spi3d');
    expect(LUT_ACCEPT).toBe('.cube,.3dl,.spi1d,.spi3d');
    expect(parseLut(spi3d(2, look), 'a.spi3d').lut3d?.size).toBe(2);
    expect(parseLut(cubeText(2, look), 'a.cube').lut3d?.size).toBe(2);
    expect(refusal(() => parseLut('', 'grade.csp'))).toMatchObject({ code: 'LOOK_UNKNOWN_FORMAT' });
  });
});
