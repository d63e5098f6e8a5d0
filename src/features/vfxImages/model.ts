// What can change about an OpenEXR/DPX sequence on screen (the EXR layer shown, overscan cropped or
// shown), and the one command both the picker and window.reelsync use to change it.
import { ImageSequenceSource } from '../../core/media/ImageSequenceSource';
import type { ExrWindowMode } from '../../core/media/images/exrDecode';
import type { VfxImage } from '../../core/media/images/decodeVfx';
import { VfxDecoder } from '../../core/media/images/VfxDecoder';
import type { FrameImage, MediaSource } from '../../core/media/types';

export type VfxSequence = ImageSequenceSource<VfxImage> & { readonly decoder: VfxDecoder };

/** The media as a VFX sequence, or null (video, PNG/JPEG, the demo clip). */
export function vfxSequenceOf(media: MediaSource | null): VfxSequence | null {
  if (media instanceof ImageSequenceSource && media.decoder instanceof VfxDecoder) {
    return media as VfxSequence;
  }
  return null;
}

export interface VfxSettings {
  layer?: string;
  window?: ExrWindowMode;
}

/** Where the redecoded picture goes: the media on screen and the frame shown. */
export interface VfxTarget {
  readonly media: MediaSource | null;
  readonly currentFrame: number;
  show(image: FrameImage, width: number, height: number): void;
}

/**
 * Applies picture settings to the sequence on screen and redecodes it; resolves once the current
 * frame shows them. Rejects with a sentence for the user when the setting cannot apply.
 */
export async function applyVfxSettings(target: VfxTarget, settings: VfxSettings): Promise<void> {
  const sequence = vfxSequenceOf(target.media);
  if (!sequence) throw new Error('The media on screen is not an OpenEXR or DPX sequence.');
  const { decoder } = sequence;
  if (settings.layer !== undefined && !decoder.layers.includes(settings.layer)) {
    throw new Error(
      `${sequence.info.name} has no layer "${settings.layer}"; its layers are ${decoder.layers.join(', ')}.`,
    );
  }
  if (
    settings.window !== undefined &&
    settings.window !== 'display' &&
    settings.window !== 'overscan'
  ) {
    throw new Error(`The window is 'display' or 'overscan', not "${String(settings.window)}".`);
  }
  const unchanged =
    (settings.layer ?? decoder.layer) === decoder.layer &&
    (settings.window ?? decoder.window) === decoder.window;
  if (unchanged) return;
  decoder.configure(settings);
  const image = await sequence.redecode(target.currentFrame);
  if (target.media === sequence) target.show(image, sequence.info.width, sequence.info.height);
}

/** The layer after `current` (wrapping), for the next-layer shortcut. */
export function nextLayer(layers: readonly string[], current: string | null): string | null {
  if (layers.length === 0) return null;
  const index = current === null ? -1 : layers.indexOf(current);
  return layers[(index + 1) % layers.length] ?? null;
}
