// One 3D table for the whole color chain, as players like RV do: for an 8-bit (display-referred,
// 0 … 1) source, everything from its code values to the display values (input transform, grade
// sliders, CDL, look LUT, view transform, display LUT, clip) is a function of the texel's RGB
// alone, so the fragment shader evaluates it once per lattice point of a 65³ table (the bake
// pass, on the GPU: the same shader code, so the same math) and then draws every frame with a
// single tetrahedral 3D lookup (the room's LUT interpolation choice applies to its LUTs inside
// the chain, which the bake pass evaluates exactly). The table is
// baked again only when something it depends on changes (bakeKey). False color, zebra and the
// channel views still run per pixel after the lookup. Float sources (EXR, DPX) are unbounded
// and the luminance view needs the linear values: those keep the per-pixel chain. The GPU side
// is src/render/BakedLook.ts.
import type { ColorUniforms } from '../color';
import type { LutTable } from './cube';
import type { LookUniforms } from './lookUniforms';

/** Lattice points per side of the baked table: 64 steps over the 8-bit range, one per 4 codes. */
export const BAKE_SIZE = 65;
/** The texture unit the baked table is bound to (0 is the picture, 1 … 4 the LUTs). */
export const BAKED_UNIT = 5;
/** CHANNEL_MODES index of the luminance view (it reads the linear values). */
const LUMINANCE_CHANNEL = 5;

/** Whether this draw's chain can be baked, and is worth it (a CDL or a LUT in it). */
export function canBake(
  look: LookUniforms,
  options: { linearInput: boolean; channel: number; renderableHalfFloat: boolean },
): boolean {
  const d = look.defines;
  return (
    d.LOOK === 1 &&
    !options.linearInput &&
    options.channel !== LUMINANCE_CHANNEL &&
    options.renderableHalfFloat &&
    (d.CDL === 1 ||
      d.LOOK_LUT1D === 1 ||
      d.LOOK_LUT3D === 1 ||
      d.DISPLAY_LUT1D === 1 ||
      d.DISPLAY_LUT3D === 1)
  );
}

const tableIds = new WeakMap<LutTable, number>();
let nextTableId = 1;
function tableId(table: LutTable | null): number {
  if (!table) return 0;
  let id = tableIds.get(table);
  if (id === undefined) {
    id = nextTableId++;
    tableIds.set(table, id);
  }
  return id;
}

/** Everything the baked table depends on (not false color and zebra: they run after it). */
export function bakeKey(look: LookUniforms, color: ColorUniforms): string {
  const { FALSE_COLOR: _falseColor, ZEBRA: _zebra, ...chain } = look.defines;
  return JSON.stringify([
    chain,
    look.inputMatrix,
    look.cdlSlopeSat,
    look.cdlOffset,
    look.cdlPower,
    [look.lookLut1d, look.lookLut3d, look.displayLut1d, look.displayLut3d].map(tableId),
    color.adjust
      ? [
          color.exposureScale,
          color.gains,
          color.brightness,
          color.contrast,
          color.saturation,
          color.inverseGamma,
        ]
      : null,
  ]);
}
