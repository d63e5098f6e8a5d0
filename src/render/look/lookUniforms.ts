// From a resolved look to the shader variant's defines and the values of its uniforms (no GL):
// the renderer compiles the variant, uploads the LUT tables and sets these.
import type { DisplaySettings, DisplayTransform, SourceLook } from '../../protocol/index';
import { INPUT_SPACES, resolveInputSpace, type InputCurve, type Mat3 } from './colorSpaces';
import type { CubeLut, LutTable } from './cube';
import { NO_LOOK, type LookDefines } from './lookShader';
import type { ResolvedLook } from './reference';

const CURVE_INDEX: Record<InputCurve, number> = {
  linear: 0,
  srgb: 1,
  bt1886: 2,
  acescct: 3,
  logc3: 4,
  slog3: 5,
};
const DISPLAY_INDEX: Record<DisplayTransform, number> = { srgb: 0, rec709: 1, p3: 2, none: 3 };

export const DEFAULT_SOURCE_LOOK: Readonly<SourceLook> = Object.freeze({
  inputSpace: 'auto',
  lookSpace: 'linear',
});
export const DEFAULT_DISPLAY: Readonly<DisplaySettings> = Object.freeze({
  transform: 'srgb',
  falseColor: false,
  zebra: false,
});

export interface LookUniforms {
  defines: LookDefines;
  inputMatrix: Mat3 | null;
  cdlSlopeSat: [number, number, number, number];
  cdlOffset: [number, number, number];
  cdlPower: [number, number, number];
  /** The tables to bind (null: not used by this variant). */
  lookLut1d: LutTable | null;
  lookLut3d: LutTable | null;
  displayLut1d: LutTable | null;
  displayLut3d: LutTable | null;
}

const bit = (on: boolean): 0 | 1 => (on ? 1 : 0);
const tables = (lut: CubeLut | null) => ({ t1: lut?.lut1d ?? null, t3: lut?.lut3d ?? null });

/**
 * The uniforms for a look; `floatSource` picks what 'auto' means. A look that changes nothing
 * (sRGB or linear input as the source is, no CDL or LUTs, sRGB display, no aids) compiles to the
 * plain viewer's variant (LOOK 0), so an untouched picture costs what it did before looks.
 */
export function lookUniforms(look: ResolvedLook, floatSource: boolean): LookUniforms {
  const space = INPUT_SPACES[resolveInputSpace(look.source.inputSpace, floatSource)];
  const cdl = look.source.cdl;
  const lookLut = look.source.lut ? look.lookLut : null;
  const displayLut = look.display.lut ? look.displayLut : null;
  const { t1: look1, t3: look3 } = tables(lookLut);
  const { t1: display1, t3: display3 } = tables(displayLut);
  const plainCurve = floatSource ? 'linear' : 'srgb';
  const defines: LookDefines = {
    ...NO_LOOK,
    INPUT_CURVE: CURVE_INDEX[space.curve],
    INPUT_MATRIX: bit(space.matrix !== null),
    LOOK_SPACE: bit(look.source.lookSpace === 'acescct' && (cdl !== undefined || lookLut !== null)),
    CDL: bit(cdl !== undefined),
    LOOK_LUT1D: bit(look1 !== null),
    LOOK_LUT3D: bit(look3 !== null),
    DISPLAY: DISPLAY_INDEX[look.display.transform],
    DISPLAY_LUT1D: bit(display1 !== null),
    DISPLAY_LUT3D: bit(display3 !== null),
    LUT3D_TETRA: bit(
      (look3 !== null || display3 !== null) && look.display.interpolation !== 'trilinear',
    ),
    FALSE_COLOR: bit(look.display.falseColor),
    ZEBRA: bit(look.display.zebra),
  };
  const changesNothing =
    space.curve === plainCurve &&
    !defines.INPUT_MATRIX &&
    !defines.CDL &&
    !look1 &&
    !look3 &&
    defines.DISPLAY === 0 &&
    !display1 &&
    !display3 &&
    !defines.FALSE_COLOR &&
    !defines.ZEBRA;
  defines.LOOK = bit(!changesNothing);
  return {
    defines: changesNothing ? { ...NO_LOOK } : defines,
    inputMatrix: space.matrix,
    cdlSlopeSat: [cdl?.slope[0] ?? 1, cdl?.slope[1] ?? 1, cdl?.slope[2] ?? 1, cdl?.saturation ?? 1],
    cdlOffset: [cdl?.offset[0] ?? 0, cdl?.offset[1] ?? 0, cdl?.offset[2] ?? 0],
    cdlPower: [cdl?.power[0] ?? 1, cdl?.power[1] ?? 1, cdl?.power[2] ?? 1],
    lookLut1d: look1,
    lookLut3d: look3,
    displayLut1d: display1,
    displayLut3d: display3,
  };
}

export function variantKey(defines: LookDefines): string {
  return Object.values(defines).join('');
}
