import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lookKindOf, sniffLookFile } from './lookFiles';

const CUBE =
  'TITLE "warm"\n# comment\nLUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n';
const CC =
  '<?xml version="1.0"?>\n<ColorCorrection id="a"><SatNode><Saturation>1</Saturation></SatNode></ColorCorrection>';

describe('look files', () => {
  it('recognises .cube LUTs and ASC CDL XML', () => {
    expect(lookKindOf(`${CUBE}\n`)).toBe('cube');
    expect(lookKindOf('LUT_1D_SIZE 2\r\nDOMAIN_MAX 2 2 2\r\n0 0 0\r\n1 1 1\r\n')).toBe('cube');
    expect(lookKindOf(CC)).toBe('cdl');
    expect(lookKindOf('<!-- x --><ColorCorrectionCollection xmlns="urn:ASC:CDL:v1.01">')).toBe(
      'cdl',
    );
    expect(lookKindOf('<cdl:ColorDecisionList>')).toBe('cdl');
  });

  it('recognises .3dl, .spi1d and .spi3d LUTs as LUTs', () => {
    const threeDl =
      '# lustre\n3DMESH\nMesh 4 12\n0 341 682 1023\n0 0 0\n4095 4095 4095\nLUT8\ngamma 1.0\n';
    expect(lookKindOf(threeDl)).toBe('cube');
    expect(lookKindOf('0 64 128 192\n0 0 0\n1023 0 12\n')).toBe('cube');
    const spi1d = 'Version 1\nFrom 0.0 1.0\nLength 2\nComponents 1\n{\n  0.0\n  1.0\n}\n';
    expect(lookKindOf(spi1d)).toBe('cube');
    expect(lookKindOf('SPILUT 1.0\n3 3\n2 2 2\n0 0 0 0.0 0.0 0.0\n1 0 0 1e-1 0 0\n')).toBe('cube');
    // Text that only starts like one of them is not taken for a LUT.
    expect(lookKindOf('0 64 128 192\nrm -rf /\n')).toBeNull();
    expect(lookKindOf('Version 1\n<script>alert(1)</script>\n')).toBeNull();
    expect(lookKindOf('1 2 3\n4 5 6\n')).toBeNull();
  });

  it('leaves everything else to the media pipeline', () => {
    expect(lookKindOf('\u0000\u0000\u0000 ftypisom LUT_3D_SIZE 2\n')).toBeNull();
    expect(lookKindOf('hello\nLUT_3D_SIZE 2\n<script>alert(1)</script>\n')).toBeNull();
    expect(lookKindOf('<html><ColorCorrection>')).toBeNull();
    expect(lookKindOf('')).toBeNull();
  });

  const dir = mkdtemp(path.join(tmpdir(), 'reelsync-look-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it('reads the head of a file on disk', async () => {
    const cube = path.join(await dir, 'a.cube');
    await writeFile(cube, CUBE);
    expect(await sniffLookFile(cube)).toBe('cube');
    const png = path.join(await dir, 'b.png');
    await writeFile(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    expect(await sniffLookFile(png)).toBeNull();
  });
});
