// The Color category's looks without a DOM: which source a look belongs to, reading and changing
// one source's look or the display stage (a new LookState each time, defaults dropped), and
// checking names and CDL values from users and scripts with clear errors.
import type { MediaInfo } from '../../core/media/types';
import type {
  Cdl,
  DisplaySettings,
  GradeControls,
  DisplayTransform,
  InputColorSpace,
  LookSpace,
  LookState,
  LutInterpolation,
  LutRef,
  SourceLook,
} from '../../protocol/index';
import { COLOR_CONTROLS, DEFAULT_COLOR, gradeOf } from '../../render/color';
import { CDL_RANGES, IDENTITY_CDL } from '../../render/look/cdl';
import { DISPLAY_TRANSFORMS, INPUT_SPACE_NAMES } from '../../render/look/colorSpaces';
import { LookFileError } from '../../render/look/lookFileError';
import { lutFormatOf } from '../../render/look/lutFormats';
import { DEFAULT_DISPLAY, DEFAULT_SOURCE_LOOK } from '../../render/look/lookUniforms';
import { descriptorKey } from '../notes/mediaKeys';

export { DEFAULT_DISPLAY, DEFAULT_SOURCE_LOOK, gradeOf };

/** A change to one source's look; `null` removes the grade, the CDL or the LUT. */
export interface SourceLookPatch {
  grade?: GradeControls | null;
  inputSpace?: InputColorSpace;
  lookSpace?: LookSpace;
  cdl?: Cdl | null;
  lut?: LutRef | null;
}

/** A change to the display stage; `lut: null` removes the display LUT. */
export interface DisplayPatch {
  transform?: DisplayTransform;
  lut?: LutRef | null;
  falseColor?: boolean;
  zebra?: boolean;
  interpolation?: LutInterpolation;
}

/**
 * The keys a source's look may be stored under: its fingerprint (SHA-256) when known, and its
 * name, frame range and size (what a player that has not finished hashing writes).
 */
export function sourceKeys(info: MediaInfo | null): string[] {
  if (!info) return [];
  const shape = descriptorKey(info);
  return info.fingerprint ? [info.fingerprint, shape] : [shape];
}

export function isNeutralGrade(grade: GradeControls): boolean {
  return COLOR_CONTROLS.every((control) => grade[control] === DEFAULT_COLOR[control]);
}

export function sameGrade(a: GradeControls, b: GradeControls): boolean {
  return COLOR_CONTROLS.every((control) => a[control] === b[control]);
}

/** Every LUT a look state names (per-source look LUTs and the display LUT), once each. */
export function lutRefsOf(state: LookState | undefined): LutRef[] {
  const refs = new Map<string, LutRef>();
  for (const look of Object.values(state?.sources ?? {}))
    if (look.lut) refs.set(look.lut.id, look.lut);
  const display = state?.display.lut;
  if (display) refs.set(display.id, display);
  return [...refs.values()];
}

export function emptyLookState(): LookState {
  return { sources: {}, display: { ...DEFAULT_DISPLAY } };
}

/** The look of a source (its first key with one), else the default. */
export function sourceLookOf(state: LookState | undefined, keys: readonly string[]): SourceLook {
  for (const key of keys) {
    const look = state?.sources[key];
    if (look) return look;
  }
  return { ...DEFAULT_SOURCE_LOOK };
}

export function displayOf(state: LookState | undefined): DisplaySettings {
  return state?.display ?? { ...DEFAULT_DISPLAY };
}

function isDefaultSourceLook(look: SourceLook): boolean {
  return (
    look.inputSpace === DEFAULT_SOURCE_LOOK.inputSpace &&
    look.lookSpace === DEFAULT_SOURCE_LOOK.lookSpace &&
    !look.grade &&
    !look.cdl &&
    !look.lut
  );
}

/** `state` with one source's look changed (stored under `keys[0]`, other keys dropped). */
export function withSourceLook(
  state: LookState | undefined,
  keys: readonly string[],
  patch: SourceLookPatch,
): LookState {
  const [key] = keys;
  if (!key)
    throw new LookFileError('LOOK_NO_SOURCE', 'Open a picture first: a look belongs to a source.');
  const current = sourceLookOf(state, keys);
  const next: SourceLook = {
    inputSpace: patch.inputSpace ?? current.inputSpace,
    lookSpace: patch.lookSpace ?? current.lookSpace,
  };
  const grade = patch.grade === undefined ? current.grade : patch.grade;
  const cdl = patch.cdl === undefined ? current.cdl : patch.cdl;
  const lut = patch.lut === undefined ? current.lut : patch.lut;
  if (grade) next.grade = grade;
  if (cdl) next.cdl = cdl;
  if (lut) next.lut = lut;
  const sources = { ...(state?.sources ?? {}) };
  for (const other of keys) delete sources[other];
  if (!isDefaultSourceLook(next)) sources[key] = next;
  return { sources, display: displayOf(state) };
}

export function withDisplay(state: LookState | undefined, patch: DisplayPatch): LookState {
  const current = displayOf(state);
  const next: DisplaySettings = {
    transform: patch.transform ?? current.transform,
    falseColor: patch.falseColor ?? current.falseColor,
    zebra: patch.zebra ?? current.zebra,
  };
  const lut = patch.lut === undefined ? current.lut : patch.lut;
  if (lut) next.lut = lut;
  // Tetrahedral is the default, so only trilinear is written.
  if ((patch.interpolation ?? current.interpolation) === 'trilinear')
    next.interpolation = 'trilinear';
  return { sources: { ...(state?.sources ?? {}) }, display: next };
}

export function checkInputSpace(name: unknown): InputColorSpace {
  if (typeof name === 'string' && (INPUT_SPACE_NAMES as string[]).includes(name))
    return name as InputColorSpace;
  throw new LookFileError(
    'LOOK_UNKNOWN_SPACE',
    `Unknown input color space "${String(name)}"; use one of ${INPUT_SPACE_NAMES.join(', ')}.`,
  );
}

export function checkDisplayTransform(name: unknown): DisplayTransform {
  const names = Object.keys(DISPLAY_TRANSFORMS);
  if (typeof name === 'string' && names.includes(name)) return name as DisplayTransform;
  throw new LookFileError(
    'LOOK_UNKNOWN_SPACE',
    `Unknown display transform "${String(name)}"; use one of ${names.join(', ')}.`,
  );
}

export function checkLutInterpolation(name: unknown): LutInterpolation {
  if (name === 'tetrahedral' || name === 'trilinear') return name;
  throw new LookFileError(
    'LOOK_UNKNOWN_SPACE',
    `Unknown LUT interpolation "${String(name)}"; use tetrahedral or trilinear.`,
  );
}

export function checkLookSpace(name: unknown): LookSpace {
  if (name === 'linear' || name === 'acescct') return name;
  throw new LookFileError(
    'LOOK_UNKNOWN_SPACE',
    `Unknown look space "${String(name)}"; use linear or acescct.`,
  );
}

/** A CDL from a script or the panel: missing fields default to identity, values are range-checked. */
export function checkCdl(value: Partial<Record<keyof Cdl, unknown>>): Cdl {
  const triple = (name: 'slope' | 'offset' | 'power'): number[] => {
    const raw = value[name] ?? IDENTITY_CDL[name];
    const { min, max } = CDL_RANGES[name];
    if (
      !Array.isArray(raw) ||
      raw.length !== 3 ||
      raw.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
    )
      throw new LookFileError(
        'CDL_OUT_OF_RANGE',
        `CDL ${name} must be three numbers in ${min}..${max}.`,
      );
    return [...(raw as number[])];
  };
  const saturation = value.saturation ?? 1;
  const { min, max } = CDL_RANGES.saturation;
  if (
    typeof saturation !== 'number' ||
    !Number.isFinite(saturation) ||
    saturation < min ||
    saturation > max
  )
    throw new LookFileError(
      'CDL_OUT_OF_RANGE',
      `CDL saturation must be a number in ${min}..${max}.`,
    );
  return { slope: triple('slope'), offset: triple('offset'), power: triple('power'), saturation };
}

/** Which kind of look file a name is, from its extension (null: not a look file). */
export function lookFileKind(name: string): 'cube' | 'cdl' | null {
  if (lutFormatOf(name)) return 'cube';
  const extension = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (extension === 'cdl' || extension === 'cc' || extension === 'ccc') return 'cdl';
  return null;
}
