// The image format as window.reelsync.format sees it (docs/scripting.md): set by the feature's
// mount, read by src/api.
import type { AspectMask, ImageFormat } from '../../protocol/index';
import type { FormatPatch } from './model';

export interface FormatState extends ImageFormat {
  /** The crop / letterbox mask (the scopes' aspect mask): a preset id, a ratio, or null. */
  mask: AspectMask | null;
  /** The file's own pixel aspect (EXR pixelAspectRatio, DPX header; 1 when it says none). */
  sourcePixelAspect: number;
  /** The pixel aspect in effect (`pixelAspect`, else the file's). */
  effectivePixelAspect: number;
  /** The picture's size as shown, display px (pixel aspect and rotation applied); null: none. */
  displaySize: { width: number; height: number } | null;
  /** The Image format side panel is open. */
  panel: boolean;
}

export interface FormatScripting {
  state(): FormatState;
  /** Sets any of the fields (checked first: a bad value throws and changes nothing). */
  set(patch: FormatPatch): void;
  /** Turns the picture by a multiple of 90° (clockwise; negative: counter-clockwise). */
  rotate(degrees: number): void;
  /** The file's pixel aspect, upright, no mirrors, no mask. */
  reset(): void;
  setPanel(open: boolean): void;
}
