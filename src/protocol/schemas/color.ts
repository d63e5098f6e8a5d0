// The Color category's wire shapes: the grade controls, per-source looks (input space, CDL, LUT)
// and the display stage (docs/color.md).
import Type, { type Static } from 'typebox';
import { closed } from './envelope';
import { WIRE_LIMITS } from './primitives';

/** How a source's code values become scene-linear Rec.709 (docs/color.md lists the formulas). */
export const InputColorSpace = Type.Union([
  Type.Literal('auto'),
  Type.Literal('srgb'),
  Type.Literal('rec709'),
  Type.Literal('linear-rec709'),
  Type.Literal('acescg'),
  Type.Literal('aces2065-1'),
  Type.Literal('acescct'),
  Type.Literal('arri-logc3'),
  Type.Literal('sony-slog3'),
]);
/** Where a source's CDL and look LUT act: on scene-linear values, or ACEScct-encoded ones. */
export const LookSpace = Type.Union([Type.Literal('linear'), Type.Literal('acescct')]);
/** The room's display (view) transform: scene-linear Rec.709 to display code values. */
export const DisplayTransform = Type.Union([
  Type.Literal('srgb'),
  Type.Literal('rec709'),
  Type.Literal('p3'),
  Type.Literal('none'),
]);
/** How 3D LUTs are interpolated: tetrahedral (OCIO's best, the default) or trilinear. */
export const LutInterpolation = Type.Union([
  Type.Literal('tetrahedral'),
  Type.Literal('trilinear'),
]);
const Triple = (min: number, max: number) =>
  Type.Array(Type.Number({ minimum: min, maximum: max }), { minItems: 3, maxItems: 3 });
/** An ASC CDL: out = (in × slope + offset)^power, then saturation about Rec.709 luma. */
export const Cdl = Type.Object(
  {
    slope: Triple(0, 100),
    offset: Triple(-10, 10),
    power: Triple(0.01, 100),
    saturation: Type.Number({ minimum: 0, maximum: 100 }),
  },
  closed,
);
/** A LUT file in the room library: its SHA-256 (the library id) and its file name. */
export const LutRef = Type.Object(
  {
    id: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    name: Type.String({ minLength: 1, maxLength: WIRE_LIMITS.maxNameLength }),
  },
  closed,
);
const Adjust = Type.Number({ minimum: -100, maximum: 100 });
const GRADE_FIELDS = {
  exposure: Adjust,
  gamma: Adjust,
  contrast: Adjust,
  saturation: Adjust,
  brightness: Adjust,
  temperature: Adjust,
  tint: Adjust,
};
/** The seven grade controls (the color panel's sliders). */
export const GradeControls = Type.Object(GRADE_FIELDS, closed);

/** One source's look, keyed in LookState.sources by the source's fingerprint. */
export const SourceLook = Type.Object(
  {
    /** The grade sliders this source was left at (absent: all at their defaults). */
    grade: Type.Optional(GradeControls),
    inputSpace: InputColorSpace,
    lookSpace: LookSpace,
    cdl: Type.Optional(Cdl),
    lut: Type.Optional(LutRef),
  },
  closed,
);
/** The display stage every source goes through. */
export const DisplaySettings = Type.Object(
  {
    transform: DisplayTransform,
    lut: Type.Optional(LutRef),
    falseColor: Type.Boolean(),
    zebra: Type.Boolean(),
    /** How every 3D LUT (look and display) is interpolated; absent: tetrahedral. */
    interpolation: Type.Optional(LutInterpolation),
  },
  closed,
);
/** Per-source looks (by media fingerprint) and the display stage: the Color category's looks. */
export const LookState = Type.Object(
  {
    sources: Type.Record(Type.String({ minLength: 1, maxLength: 320 }), SourceLook, {
      maxProperties: 500,
    }),
    display: DisplaySettings,
  },
  closed,
);

/**
 * The Color category's state: the seven grade controls of the source on screen, and (optional on
 * the wire, so states from older players parse) the per-source looks and the display stage.
 */
export const ColorAdjustments = Type.Object(
  { ...GRADE_FIELDS, look: Type.Optional(LookState) },
  closed,
);

export type ColorAdjustments = Static<typeof ColorAdjustments>;
export type InputColorSpace = Static<typeof InputColorSpace>;
export type LookSpace = Static<typeof LookSpace>;
export type DisplayTransform = Static<typeof DisplayTransform>;
export type LutInterpolation = Static<typeof LutInterpolation>;
export type Cdl = Static<typeof Cdl>;
export type LutRef = Static<typeof LutRef>;
export type SourceLook = Static<typeof SourceLook>;
export type GradeControls = Static<typeof GradeControls>;
export type DisplaySettings = Static<typeof DisplaySettings>;
export type LookState = Static<typeof LookState>;
