// The Image format's choices and rules, no DOM (docs/image-format.md): the pixel aspects and
// masks offered, the steps of the shortcuts, the checks window.reelsync.format applies, and the
// one-line description the panel and the toasts show.
import { DEFAULT_IMAGE_FORMAT, type AspectMask, type ImageFormat } from '../../protocol/index';
import {
  isAspectMask,
  type AspectMaskPreset,
  MAX_MASK_RATIO,
  maskRatio,
  MIN_MASK_RATIO,
} from '../scopes/safeAreas';
import type { Rotation } from '../../render/viewTransform';

/** Pixel aspects offered (null: the file's own). A custom value is any within the limits. */
export const PIXEL_ASPECTS: ReadonlyArray<{ value: number | null; label: string }> = [
  { value: null, label: 'From the file' },
  { value: 1, label: '1.0 (square)' },
  { value: 2, label: '2.0 (anamorphic)' },
  { value: 1.33, label: '1.33 (anamorphic)' },
  { value: 1.5, label: '1.5 (anamorphic)' },
];
export const MIN_PIXEL_ASPECT = 0.1;
export const MAX_PIXEL_ASPECT = 10;

/** The crop / letterbox masks offered; the scopes' aspect masks are the same masks. */
export const FORMAT_MASKS: ReadonlyArray<{ mask: AspectMaskPreset; label: string }> = [
  { mask: '2.39', label: '2.39 (scope)' },
  { mask: '1.85', label: '1.85 (flat)' },
  { mask: '1.78', label: '16:9' },
  { mask: '1.33', label: '4:3' },
];

/** The mask opacities the shortcut steps through. */
export const MASK_OPACITIES: readonly number[] = [1, DEFAULT_IMAGE_FORMAT.maskOpacity, 0.5, 0.25];

export const ROTATIONS: readonly Rotation[] = [0, 90, 180, 270];

/** `rotation` turned by `by` degrees clockwise (a multiple of 90, negative: counter-clockwise). */
export function rotated(rotation: Rotation, by: number): Rotation {
  const turns = Math.round(by / 90);
  const index = (((ROTATIONS.indexOf(rotation) + turns) % 4) + 4) % 4;
  return ROTATIONS[index] ?? 0;
}

/** The next offered pixel aspect after `current` (a custom one goes back to the file's). */
export function nextPixelAspect(current: number | null): number | null {
  const index = PIXEL_ASPECTS.findIndex((choice) => choice.value === current);
  if (index < 0) return null;
  return PIXEL_ASPECTS[(index + 1) % PIXEL_ASPECTS.length]?.value ?? null;
}

/** The next mask opacity in the cycle (an opacity off the cycle goes to the first). */
export function nextMaskOpacity(current: number): number {
  const index = MASK_OPACITIES.indexOf(current);
  return MASK_OPACITIES[(index + 1) % MASK_OPACITIES.length] ?? 1;
}

/** What `format.set()` takes: the image format's fields and the mask, any subset. */
export interface FormatPatch extends Partial<ImageFormat> {
  mask?: AspectMask | null;
}

/**
 * Checks a patch from a script or a custom entry; throws an Error saying what is wrong and what
 * is allowed, so nothing half-applies.
 */
export function checkFormatPatch(value: unknown): FormatPatch {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('The image format must be an object, e.g. { rotation: 90 }.');
  const patch = value as Record<string, unknown>;
  const known = ['pixelAspect', 'rotation', 'flip', 'flop', 'maskOpacity', 'mask'];
  for (const key of Object.keys(patch))
    if (!known.includes(key))
      throw new Error(`Unknown image format field "${key}": use ${known.join(', ')}.`);
  const result: FormatPatch = {};
  if ('pixelAspect' in patch) {
    const par = patch.pixelAspect;
    if (
      par !== null &&
      !(typeof par === 'number' && par >= MIN_PIXEL_ASPECT && par <= MAX_PIXEL_ASPECT)
    )
      throw new Error(
        `Pixel aspect ${String(par)} is not allowed: use null (the file's) or a number from ${MIN_PIXEL_ASPECT} to ${MAX_PIXEL_ASPECT}.`,
      );
    result.pixelAspect = par;
  }
  if ('rotation' in patch) {
    const rotation = patch.rotation;
    if (!ROTATIONS.includes(rotation as Rotation))
      throw new Error(`Rotation ${String(rotation)} is not allowed: use 0, 90, 180 or 270.`);
    result.rotation = rotation as Rotation;
  }
  for (const key of ['flip', 'flop'] as const) {
    if (!(key in patch)) continue;
    if (typeof patch[key] !== 'boolean') throw new Error(`${key} must be true or false.`);
    result[key] = patch[key];
  }
  if ('maskOpacity' in patch) {
    const opacity = patch.maskOpacity;
    if (!(typeof opacity === 'number' && opacity >= 0 && opacity <= 1))
      throw new Error(`Mask opacity ${String(opacity)} is not allowed: use a number from 0 to 1.`);
    result.maskOpacity = opacity;
  }
  if ('mask' in patch) {
    const mask = patch.mask;
    if (mask !== null && !isAspectMask(mask))
      throw new Error(
        `Mask ${String(mask)} is not allowed: use null, one of ${FORMAT_MASKS.map((m) => m.mask).join(', ')} (or another scopes mask id), or a ratio from ${MIN_MASK_RATIO} to ${MAX_MASK_RATIO}.`,
      );
    result.mask = mask;
  }
  return result;
}

/** A custom mask from what someone typed ("1.66", "16:9", "4/3"); null when it is not one. */
export function parseRatio(text: string): number | null {
  const parts = text.trim().split(/\s*[:/x×]\s*/);
  const numbers = parts.map((part) => Number(part.replace(',', '.')));
  if (numbers.some((n) => !Number.isFinite(n) || n <= 0) || numbers.length > 2) return null;
  const ratio = numbers.length === 2 ? (numbers[0] ?? 0) / (numbers[1] ?? 1) : (numbers[0] ?? 0);
  const rounded = Number(ratio.toFixed(4));
  return rounded >= MIN_MASK_RATIO && rounded <= MAX_MASK_RATIO ? rounded : null;
}

function number(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(Number(value.toFixed(3)));
}

/** One line for the panel and the toasts: what differs from a plain upright picture. */
export function describeFormat(
  format: ImageFormat,
  mask: AspectMask | null,
  sourcePixelAspect: number,
): string {
  const parts: string[] = [];
  const par = format.pixelAspect ?? sourcePixelAspect;
  const from = format.pixelAspect === null ? ' (file)' : '';
  if (par !== 1 || format.pixelAspect !== null) parts.push(`pixel aspect ${number(par)}${from}`);
  if (format.rotation !== 0) parts.push(`rotated ${format.rotation}°`);
  if (format.flip) parts.push('flipped');
  if (format.flop) parts.push('flopped');
  const ratio = maskRatio(mask);
  if (ratio !== null)
    parts.push(`mask ${number(ratio)} at ${Math.round(format.maskOpacity * 100)} %`);
  return parts.length === 0 ? 'As the file is' : parts.join(', ');
}
