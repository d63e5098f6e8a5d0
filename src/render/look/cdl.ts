// ASC CDL: reading .cdl / .cc / .ccc (XML), checking the values against the wire's ranges, and
// writing a .cc or .ccc back. The math itself is in reference.ts (CPU) and lookShader.ts (GPU).
import type { Cdl } from '../../protocol/index';
import { LookFileError } from './lookFileError';
import { child, descendants, escapeXml, parseXml, XmlError, type XmlElement } from './xml';

export type { Cdl } from '../../protocol/index';

export const IDENTITY_CDL: Readonly<Cdl> = Object.freeze({
  slope: [1, 1, 1],
  offset: [0, 0, 0],
  power: [1, 1, 1],
  saturation: 1,
});

/** The wire's accepted ranges (src/protocol/schemas/color.ts, Cdl). */
export const CDL_RANGES = {
  slope: { min: 0, max: 100 },
  offset: { min: -10, max: 10 },
  power: { min: 0.01, max: 100 },
  saturation: { min: 0, max: 100 },
} as const;

export interface NamedCdl {
  /** The ColorCorrection's id attribute ('' when it has none). */
  id: string;
  cdl: Cdl;
}

const ASC_NAMESPACE = 'urn:ASC:CDL:v1.01';

function triple(node: XmlElement, field: 'Slope' | 'Offset' | 'Power', where: string): number[] {
  const element = child(node, field);
  if (!element) throw new LookFileError('CDL_MISSING_FIELD', `${where} has no <${field}>`);
  const words = element.text.split(/\s+/).filter((word) => word !== '');
  const values = words.map(Number);
  if (values.length !== 3 || values.some((value) => !Number.isFinite(value)))
    throw new LookFileError(
      'CDL_MALFORMED',
      `<${field}> in ${where} needs three numbers, found "${element.text}"`,
    );
  return values;
}

function checkRange(name: keyof typeof CDL_RANGES, values: number[], where: string): void {
  const { min, max } = CDL_RANGES[name];
  for (const value of values)
    if (value < min || value > max)
      throw new LookFileError(
        'CDL_OUT_OF_RANGE',
        `${name} ${value} in ${where} is outside ${min}..${max}`,
      );
}

function readCorrection(node: XmlElement, index: number): NamedCdl {
  const id = node.attributes.id ?? '';
  const where = id ? `ColorCorrection "${id}"` : `ColorCorrection ${index + 1}`;
  const sop = child(node, 'SOPNode');
  const sat = child(node, 'SatNode');
  if (!sop && !sat)
    throw new LookFileError('CDL_MISSING_FIELD', `${where} has neither <SOPNode> nor <SatNode>`);
  const cdl: Cdl = {
    slope: [...IDENTITY_CDL.slope],
    offset: [...IDENTITY_CDL.offset],
    power: [...IDENTITY_CDL.power],
    saturation: 1,
  };
  if (sop) {
    cdl.slope = triple(sop, 'Slope', where);
    cdl.offset = triple(sop, 'Offset', where);
    cdl.power = triple(sop, 'Power', where);
  }
  if (sat) {
    const element = child(sat, 'Saturation');
    if (!element) throw new LookFileError('CDL_MISSING_FIELD', `${where} has no <Saturation>`);
    const value = Number(element.text);
    if (element.text === '' || !Number.isFinite(value))
      throw new LookFileError('CDL_MALFORMED', `<Saturation> in ${where} is not a number`);
    cdl.saturation = value;
  }
  checkRange('slope', cdl.slope, where);
  checkRange('offset', cdl.offset, where);
  checkRange('power', cdl.power, where);
  checkRange('saturation', [cdl.saturation], where);
  return { id, cdl };
}

/** Reads every ColorCorrection of a .cdl, .cc or .ccc file (at least one, or it throws). */
export function parseCdl(text: string): NamedCdl[] {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    if (error instanceof XmlError) throw new LookFileError('CDL_MALFORMED', error.message);
    throw error;
  }
  const known = ['ColorCorrection', 'ColorCorrectionCollection', 'ColorDecisionList'];
  if (!known.includes(root.name))
    throw new LookFileError(
      'CDL_MALFORMED',
      `the root element is <${root.name}>, not a ColorDecisionList, ColorCorrectionCollection or ColorCorrection`,
    );
  const nodes = root.name === 'ColorCorrection' ? [root] : descendants(root, 'ColorCorrection');
  if (nodes.length === 0) throw new LookFileError('CDL_MISSING_FIELD', 'no <ColorCorrection>');
  return nodes.map(readCorrection);
}

const num = (value: number): string => String(Number(value.toFixed(6)));
const list = (values: readonly number[]): string => values.map(num).join(' ');

function correctionXml({ id, cdl }: NamedCdl, indent: string): string {
  const attr = id ? ` id="${escapeXml(id)}"` : '';
  return [
    `${indent}<ColorCorrection${attr}>`,
    `${indent}  <SOPNode>`,
    `${indent}    <Slope>${list(cdl.slope)}</Slope>`,
    `${indent}    <Offset>${list(cdl.offset)}</Offset>`,
    `${indent}    <Power>${list(cdl.power)}</Power>`,
    `${indent}  </SOPNode>`,
    `${indent}  <SatNode>`,
    `${indent}    <Saturation>${num(cdl.saturation)}</Saturation>`,
    `${indent}  </SatNode>`,
    `${indent}</ColorCorrection>`,
  ].join('\n');
}

/** A .cc file (one correction) or, with several, a .ccc collection. */
export function formatCdl(corrections: readonly NamedCdl[]): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (corrections.length === 1 && corrections[0])
    return `${head}${correctionXml(corrections[0], '').replace('<ColorCorrection', `<ColorCorrection xmlns="${ASC_NAMESPACE}"`)}\n`;
  const body = corrections.map((item) => correctionXml(item, '  ')).join('\n');
  return `${head}<ColorCorrectionCollection xmlns="${ASC_NAMESPACE}">\n${body}\n</ColorCorrectionCollection>\n`;
}

export function isIdentityCdl(cdl: Cdl): boolean {
  return (
    cdl.saturation === 1 &&
    [0, 1, 2].every((c) => cdl.slope[c] === 1 && cdl.offset[c] === 0 && cdl.power[c] === 1)
  );
}
