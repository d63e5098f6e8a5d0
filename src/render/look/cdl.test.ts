import { describe, expect, it } from 'vitest';
import { formatCdl, parseCdl } from './cdl';
import { LookFileError } from './lookFileError';
import { applyCdl } from './reference';

const CC = `<?xml version="1.0" encoding="UTF-8"?>
<!-- from set -->
<ColorCorrection id="sh010_v3">
  <SOPNode>
    <Description>warm</Description>
    <Slope>1.2 1.0 0.8</Slope>
    <Offset>0.01 0 -0.02</Offset>
    <Power>1.1 1 0.9</Power>
  </SOPNode>
  <SATNode><Saturation>0.8</Saturation></SATNode>
</ColorCorrection>`;

function errorOf(text: string): string {
  try {
    parseCdl(text);
  } catch (error) {
    return error instanceof LookFileError ? `${error.code}: ${error.message}` : String(error);
  }
  return 'no error';
}

describe('parseCdl', () => {
  it('reads a .cc (SATNode spelled either way)', () => {
    const [first] = parseCdl(CC);
    expect(first).toEqual({
      id: 'sh010_v3',
      cdl: {
        slope: [1.2, 1, 0.8],
        offset: [0.01, 0, -0.02],
        power: [1.1, 1, 0.9],
        saturation: 0.8,
      },
    });
  });

  it('reads every correction of a .ccc and of a .cdl (namespaced)', () => {
    const ccc = `<ColorCorrectionCollection xmlns="urn:ASC:CDL:v1.01">${CC.replace(/<\?xml.*?\?>/, '')}
      <ColorCorrection id="b"><SatNode><Saturation>0</Saturation></SatNode></ColorCorrection>
    </ColorCorrectionCollection>`;
    const all = parseCdl(ccc);
    expect(all.map((item) => item.id)).toEqual(['sh010_v3', 'b']);
    expect(all[1]?.cdl.slope).toEqual([1, 1, 1]);
    const cdl = `<cdl:ColorDecisionList xmlns:cdl="urn:ASC:CDL:v1.01"><cdl:ColorDecision>
      <cdl:ColorCorrection id="x"><cdl:SOPNode><cdl:Slope>2 2 2</cdl:Slope><cdl:Offset>0 0 0</cdl:Offset><cdl:Power>1 1 1</cdl:Power></cdl:SOPNode></cdl:ColorCorrection>
    </cdl:ColorDecision></cdl:ColorDecisionList>`;
    expect(parseCdl(cdl)[0]?.cdl.slope).toEqual([2, 2, 2]);
  });

  it('exports what it imports', () => {
    const items = parseCdl(CC);
    expect(parseCdl(formatCdl(items))).toEqual(items);
    const two = [...items, { id: 'b&c', cdl: { ...items[0]!.cdl, saturation: 1 } }];
    expect(parseCdl(formatCdl(two))).toEqual(two);
  });

  it('refuses missing fields, bad numbers and broken XML', () => {
    expect(errorOf(CC.replace(/<Power>.*<\/Power>/, ''))).toBe(
      'CDL_MISSING_FIELD: ColorCorrection "sh010_v3" has no <Power>',
    );
    expect(errorOf(CC.replace('1.2 1.0 0.8', '1.2 1.0'))).toMatch(
      /^CDL_MALFORMED: <Slope>.*three numbers/,
    );
    expect(errorOf(CC.replace('0.8</Sat', 'abc</Sat'))).toMatch(/^CDL_MALFORMED: <Saturation>/);
    expect(errorOf(CC.replace('1.2 1.0', '-1 1.0'))).toMatch(/^CDL_OUT_OF_RANGE: slope -1/);
    expect(errorOf(CC.slice(0, 200))).toMatch(/^CDL_MALFORMED: .*never closed|not closed/);
    expect(errorOf('<Other/>')).toMatch(/^CDL_MALFORMED: the root element is <Other>/);
    expect(errorOf('<ColorCorrectionCollection></ColorCorrectionCollection>')).toBe(
      'CDL_MISSING_FIELD: no <ColorCorrection>',
    );
    expect(errorOf('<ColorCorrection id="a"></ColorCorrection>')).toMatch(
      /neither <SOPNode> nor <SatNode>/,
    );
  });
});

describe('applyCdl', () => {
  it('is slope, offset, power, then saturation about Rec.709 luma', () => {
    const cdl = { slope: [2, 1, 1], offset: [0.1, 0, 0], power: [2, 1, 1], saturation: 1 };
    expect(applyCdl(cdl, [0.2, 0.5, 0.5])[0]).toBeCloseTo(0.25, 10);
    const grey = applyCdl(
      { ...cdl, slope: [1, 1, 1], offset: [0, 0, 0], power: [1, 1, 1], saturation: 0 },
      [1, 0, 0],
    );
    expect(grey).toEqual([0.2126, 0.2126, 0.2126].map((v) => expect.closeTo(v, 10)));
    // Negative values after the offset pass the power untouched (no clamp, as OCIO's no-clamp style).
    expect(
      applyCdl({ ...cdl, slope: [1, 1, 1], offset: [-0.5, 0, 0] }, [0.2, 0.5, 0.5])[0],
    ).toBeCloseTo(-0.3, 10);
  });
});
