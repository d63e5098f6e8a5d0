// Safe-area and aspect-mask geometry in image px: the action (93 %) and title (90 %) safe
// rectangles and the frame a delivery aspect leaves inside the picture; no DOM.
import type { AspectMask } from '../../protocol/index';
import type { ImageRect } from '../../render/viewTransform';

export type { AspectMask };

/** SMPTE ST 2046-1 safe areas, as a fraction of the picture's width and height. */
export const ACTION_SAFE = 0.93;
export const TITLE_SAFE = 0.9;

/** The named masks (a custom mask is its ratio, a number). */
export type AspectMaskPreset = Exclude<AspectMask, number>;

export const ASPECT_MASKS: ReadonlyArray<{ id: AspectMaskPreset; ratio: number; label: string }> = [
  { id: '1.33', ratio: 4 / 3, label: '1.33 (4:3)' },
  { id: '1.78', ratio: 16 / 9, label: '1.78 (16:9)' },
  { id: '1.85', ratio: 1.85, label: '1.85 (flat)' },
  { id: '2.00', ratio: 2, label: '2.00' },
  { id: '2.39', ratio: 2.39, label: '2.39 (scope)' },
  { id: '1.00', ratio: 1, label: '1.00 (square)' },
];

/** Custom mask ratios (the image format's "custom"): width / height within these. */
export const MIN_MASK_RATIO = 0.5;
export const MAX_MASK_RATIO = 4;

export function isAspectMask(value: unknown): value is AspectMask {
  if (typeof value === 'number')
    return Number.isFinite(value) && value >= MIN_MASK_RATIO && value <= MAX_MASK_RATIO;
  return ASPECT_MASKS.some((mask) => mask.id === value);
}

/** The width / height a mask keeps (a preset's, or the custom ratio itself); null for none. */
export function maskRatio(mask: AspectMask | null): number | null {
  if (mask === null) return null;
  if (typeof mask === 'number') return mask;
  return ASPECT_MASKS.find((preset) => preset.id === mask)?.ratio ?? null;
}

/** The centred rectangle covering `fraction` of the picture's width and height. */
export function safeRect(image: { width: number; height: number }, fraction: number): ImageRect {
  const width = image.width * fraction;
  const height = image.height * fraction;
  return { x: (image.width - width) / 2, y: (image.height - height) / 2, width, height };
}

/**
 * The part of the picture an aspect keeps: letterboxed (bars top and bottom) when the aspect is
 * wider than the picture, pillarboxed when narrower, the whole picture when equal.
 */
export function maskRect(image: { width: number; height: number }, ratio: number): ImageRect {
  if (image.width <= 0 || image.height <= 0 || !(ratio > 0)) {
    return { x: 0, y: 0, width: Math.max(0, image.width), height: Math.max(0, image.height) };
  }
  const pictureRatio = image.width / image.height;
  if (ratio >= pictureRatio) {
    const height = image.width / ratio;
    return { x: 0, y: (image.height - height) / 2, width: image.width, height };
  }
  const width = image.height * ratio;
  return { x: (image.width - width) / 2, y: 0, width, height: image.height };
}

/** The next mask in the cycle (none → 1.33 → … → 1.00 → none), for the shortcut. */
export function nextMask(current: AspectMask | null): AspectMask | null {
  const index = current === null ? -1 : ASPECT_MASKS.findIndex((mask) => mask.id === current);
  return ASPECT_MASKS[index + 1]?.id ?? null;
}
