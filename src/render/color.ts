// Color and channel state of the viewer, its ranges, and the shader uniforms it turns into; no DOM.
import { DEFAULT_COLOR_ADJUSTMENTS } from '../protocol/defaults';
import { checkLookState, type LookState } from '../protocol/index';

export type ChannelMode = 'rgb' | 'red' | 'green' | 'blue' | 'alpha' | 'luminance';

export const CHANNEL_MODES: readonly ChannelMode[] = [
  'rgb',
  'red',
  'green',
  'blue',
  'alpha',
  'luminance',
];

export interface ColorAdjustments {
  /** Stops; each +1 doubles linear light. Default 0. */
  exposure: number;
  /** Display gamma adjustment: out = in^(1/gamma); >1 brightens midtones. Default 1. */
  gamma: number;
  /** Slope about linear mid-grey 0.18. Default 1. */
  contrast: number;
  /** 0 = Rec.709 luma greyscale, 1 = unchanged, >1 more saturated. Default 1. */
  saturation: number;
  /** Linear offset added to every channel. Default 0. */
  brightness: number;
  /** White balance: + warmer (more red, less blue), - cooler. Default 0. */
  temperature: number;
  /** White balance: + magenta (less green), - green. Default 0. */
  tint: number;
  /** Per-source looks and the display stage (docs/color.md); absent: none set yet. */
  look?: LookState;
}

export type ColorControl = Exclude<keyof ColorAdjustments, 'look'>;

/** The neutral grade: one set of values for the viewer and the wire (protocol defaults). */
export const DEFAULT_COLOR: Readonly<ColorAdjustments> = DEFAULT_COLOR_ADJUSTMENTS;

export interface ColorRange {
  min: number;
  max: number;
  /** Slider granularity. */
  step: number;
}

/** Accepted values per control: `setColor` clamps to these and the color panel's sliders use them. */
export const COLOR_RANGES: Readonly<Record<ColorControl, ColorRange>> = Object.freeze({
  exposure: { min: -8, max: 8, step: 0.05 },
  gamma: { min: 0.1, max: 4, step: 0.01 },
  contrast: { min: 0, max: 3, step: 0.01 },
  saturation: { min: 0, max: 3, step: 0.01 },
  brightness: { min: -0.5, max: 0.5, step: 0.005 },
  temperature: { min: -1, max: 1, step: 0.01 },
  tint: { min: -1, max: 1, step: 0.01 },
});

export const COLOR_CONTROLS = Object.keys(DEFAULT_COLOR) as ColorControl[];

/**
 * Clamps a partial update into range; non-finite values are dropped, and so is a look that does
 * not match the wire schema (the color feature checks looks and says why before they get here).
 */
export function sanitizeColor(partial: Partial<ColorAdjustments>): Partial<ColorAdjustments> {
  const clean: Partial<ColorAdjustments> = {};
  for (const control of COLOR_CONTROLS) {
    const value = partial[control];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    const range = COLOR_RANGES[control];
    clean[control] = Math.min(range.max, Math.max(range.min, value));
  }
  if (partial.look !== undefined && checkLookState(partial.look) === null)
    clean.look = structuredClone(partial.look);
  return clean;
}

/** Same grade controls and the same look (compared by value). */
export function colorsEqual(a: ColorAdjustments, b: ColorAdjustments): boolean {
  return (
    COLOR_CONTROLS.every((control) => a[control] === b[control]) &&
    JSON.stringify(a.look ?? null) === JSON.stringify(b.look ?? null)
  );
}

/** Rec.709 luma weights (of linear RGB). */
export const REC709_LUMA: readonly [number, number, number] = [0.2126, 0.7152, 0.0722];

/** Linear mid-grey: the pivot contrast turns about. */
export const MID_GREY = 0.18;

/** How many stops one unit of temperature or tint shifts the affected channels. */
const WHITE_BALANCE_STOPS = 0.5;

/**
 * White-balance gains for temperature/tint, normalised so that white keeps its Rec.709 luma:
 * the controls change hue, not brightness.
 */
export function whiteBalanceGains(temperature: number, tint: number): [number, number, number] {
  const r = Math.pow(2, temperature * WHITE_BALANCE_STOPS);
  const g = Math.pow(2, -tint * WHITE_BALANCE_STOPS);
  const b = Math.pow(2, -temperature * WHITE_BALANCE_STOPS);
  const luma = REC709_LUMA[0] * r + REC709_LUMA[1] * g + REC709_LUMA[2] * b;
  return [r / luma, g / luma, b / luma];
}

/** The fragment shader's uniforms for a color state. */
export interface ColorUniforms {
  /** False when every control is at its default: the shader variant then passes pixels through. */
  adjust: boolean;
  exposureScale: number;
  gains: [number, number, number];
  brightness: number;
  contrast: number;
  saturation: number;
  inverseGamma: number;
  channel: number;
}

export function colorUniforms(color: ColorAdjustments, channel: ChannelMode): ColorUniforms {
  return {
    adjust: !COLOR_CONTROLS.every((control) => color[control] === DEFAULT_COLOR[control]),
    exposureScale: Math.pow(2, color.exposure),
    gains: whiteBalanceGains(color.temperature, color.tint),
    brightness: color.brightness,
    contrast: color.contrast,
    saturation: color.saturation,
    inverseGamma: 1 / Math.max(COLOR_RANGES.gamma.min, color.gamma),
    channel: CHANNEL_MODES.indexOf(channel),
  };
}
