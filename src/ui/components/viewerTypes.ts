// The viewer's contract: its view state, its events, the layout hook compare and stereo set, and
// the look resolver the color feature sets (Viewer.ts implements them).
import type { MediaInfo } from '../../core/media/types';
import type { FrameGuides, ImageFormat, LookState } from '../../protocol/index';
import type { ChannelMode, ColorAdjustments } from '../../render/color';
import type { ResolvedLook } from '../../render/look/reference';
import type { Size } from '../../render/viewTransform';

export interface ViewState {
  /** 1 = 1:1 (one image px per CSS px). */
  zoom: number;
  /** Display px offset of the view centre from the picture's centre (image px when upright, square). */
  pan: { x: number; y: number };
  /** True while the viewer keeps the image fitted to the window (cleared by any zoom or pan). */
  fit: boolean;
  channel: ChannelMode;
  /** Safe areas and aspect mask shown over the picture (drawn by the scopes feature). */
  guides: FrameGuides;
  /** Pixel aspect, rotation, flip/flop, mask opacity (the image format feature sets it). */
  format: ImageFormat;
}

// A type alias (not an interface) so it satisfies EventEmitter's index-signature constraint.
export type ViewerEvents = {
  panChanged: { x: number; y: number };
  zoomChanged: number;
  channelChanged: ChannelMode;
  colorChanged: ColorAdjustments;
  /**
   * The fit zoom changed (window resized or image size changed). Views shared in image terms
   * (zoom relative to fit) must be re-derived when it does.
   */
  fitZoomChanged: number;
  guidesChanged: FrameGuides;
  formatChanged: ImageFormat;
};

/**
 * Where the picture is when the view shows two (compare, stereo: src/render/compose/): its cell
 * of the view (CSS px) and the picture of a source image (an eye of a packed stereo frame).
 */
export interface ViewerLayout {
  cell(view: Size): { x: number; y: number; width: number; height: number };
  shown(image: Size): Size;
}

/**
 * Turns the room's looks into the look of the source on screen, or of `source` when given (the
 * compare B source); set by the color feature.
 */
export type LookResolver = (
  look: LookState | undefined,
  source?: MediaInfo | null,
) => ResolvedLook | null;
