import { describe, expect, it } from 'vitest';
import { formatCube3d, parseCube } from './cube';
import { LookFileError } from './lookFileError';
import { applyCube } from './reference';

function identity3d(n: number): Float32Array {
  const data: number[] = [];
  for (let b = 0; b < n; b += 1)
    for (let g = 0; g < n; g += 1)
      for (let r = 0; r < n; r += 1) data.push(r / (n - 1), g / (n - 1), b / (n - 1));
  return Float32Array.from(data);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof LookFileError ? `${error.code}: ${error.message}` : String(error);
  }
  return 'no error';
}

describe('parseCube', () => {
  it('reads a 3D table with title, comments and red-fastest order', () => {
    const lut = parseCube(
      '# made by hand\nTITLE "swap"\nLUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n',
    );
    expect(lut.title).toBe('swap');
    expect(lut.lut1d).toBeNull();
    expect(lut.lut3d?.size).toBe(2);
    expect(Array.from(lut.lut3d?.data.slice(3, 6) ?? [])).toEqual([1, 0, 0]);
    expect(lut.lut3d?.domainMin).toEqual([0, 0, 0]);
  });

  it('round-trips a written 3D table and interpolates an identity exactly', () => {
    const text = formatCube3d('id', {
      size: 5,
      data: identity3d(5),
      domainMin: [0, 0, 0],
      domainMax: [1, 1, 1],
    });
    const lut = parseCube(text);
    const out = applyCube(lut, [0.3, 0.61, 0.97]);
    expect(out[0]).toBeCloseTo(0.3, 5);
    expect(out[1]).toBeCloseTo(0.61, 5);
    expect(out[2]).toBeCloseTo(0.97, 5);
  });

  it('reads a 1D table with DOMAIN_MAX and a Resolve shaper + 3D file', () => {
    const oneD = parseCube(
      'LUT_1D_SIZE 3\nDOMAIN_MIN 0 0 0\nDOMAIN_MAX 2 2 2\n0 0 0\n0.25 0.25 0.25\n1 1 1\n',
    );
    expect(oneD.lut1d?.domainMax).toEqual([2, 2, 2]);
    expect(applyCube(oneD, [0.5, 1, 1.5])).toEqual([0.125, 0.25, 0.625]);
    const both = parseCube(
      `LUT_1D_SIZE 2\nLUT_1D_INPUT_RANGE 0 4\nLUT_3D_SIZE 2\n0 0 0\n1 1 1\n${Array.from(
        identity3d(2),
      )
        .join(' ')
        .replace(/(\S+ \S+ \S+) ?/g, '$1\n')}`,
    );
    expect(both.lut1d?.domainMax).toEqual([4, 4, 4]);
    expect(both.lut3d?.size).toBe(2);
    expect(applyCube(both, [2, 2, 2])[0]).toBeCloseTo(0.5, 6);
  });

  it('refuses bad files with a code and the line', () => {
    expect(codeOf(() => parseCube('hello world'))).toMatch(
      /^LUT_MALFORMED: line 1: unknown keyword hello/,
    );
    expect(codeOf(() => parseCube('0 0 0\n'))).toMatch(/^LUT_MALFORMED: no LUT_1D_SIZE/);
    expect(codeOf(() => parseCube('LUT_3D_SIZE 2\n0 0 0\n1 0 0\n'))).toMatch(
      /^LUT_TRUNCATED: the table has 2 of 8/,
    );
    expect(codeOf(() => parseCube('LUT_1D_SIZE 2\n0 0 0\n1 1 1\n1 1 1\n'))).toMatch(
      /^LUT_WRONG_SIZE/,
    );
    expect(codeOf(() => parseCube('LUT_3D_SIZE 300\n'))).toMatch(
      /^LUT_WRONG_SIZE: line 1: LUT_3D_SIZE 300 is outside 2..256/,
    );
    expect(codeOf(() => parseCube('LUT_3D_SIZE 1.5\n'))).toMatch(/^LUT_MALFORMED/);
    expect(codeOf(() => parseCube('LUT_1D_SIZE 2\n0 0 0\n1 x 1\n'))).toMatch(
      /^LUT_MALFORMED: line 3: "x" is not a number/,
    );
    expect(codeOf(() => parseCube('LUT_1D_SIZE 2\n0 0 0\n1 1e9 1\n'))).toMatch(
      /^LUT_OUT_OF_RANGE: line 3/,
    );
    expect(codeOf(() => parseCube('LUT_1D_SIZE 2\n0 0\n1 1 1\n'))).toMatch(
      /^LUT_MALFORMED: line 2: A table line needs 3 numbers/,
    );
    expect(
      codeOf(() => parseCube('LUT_1D_SIZE 2\nDOMAIN_MIN 1 1 1\nDOMAIN_MAX 1 1 1\n0 0 0\n1 1 1\n')),
    ).toMatch(/domain is empty/);
    expect(codeOf(() => parseCube('LUT_1D_SIZE 2\n0 0 0\nTITLE "late"\n1 1 1\n'))).toMatch(
      /after the table started/,
    );
  });
});
