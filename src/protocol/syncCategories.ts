// Which sync category a playback or view change touches, and how to build a motion or view
// from two sources by category. In/out, loop mode, channel mode and the image format travel
// inside the motion and the view (the safe areas with the view's region, the aspect mask with the
// image format); the server (send locks) and the client
// (send/accept per category) both split them with these rules, so there is one definition of
// what belongs to which category.
import type {
  FrameGuides,
  ImageFormat,
  Motion,
  SendLocks,
  SyncCategory,
  ViewState,
} from './schemas/common';

export const SYNC_CATEGORIES: readonly SyncCategory[] = [
  'playback',
  'view',
  'inout',
  'loop',
  'channel',
  'color',
  'annotations',
  'audio',
  'compare',
  'stereo',
  'format',
];

/** The categories carried by the motion (`sync.playback`). */
export const MOTION_CATEGORIES = ['playback', 'inout', 'loop'] as const;
export type MotionCategory = (typeof MOTION_CATEGORIES)[number];
/** The categories carried by the view (`sync.view`). */
export const VIEW_CATEGORIES = ['view', 'channel', 'format'] as const;
export type ViewCategory = (typeof VIEW_CATEGORIES)[number];

export function isSyncCategory(value: unknown): value is SyncCategory {
  return typeof value === 'string' && (SYNC_CATEGORIES as readonly string[]).includes(value);
}

/** The categories in which `after` differs from `before` (a re-anchor counts as playback). */
export function motionCategories(before: Motion, after: Motion): MotionCategory[] {
  const touched: MotionCategory[] = [];
  if (
    before.playing !== after.playing ||
    before.anchorFrame !== after.anchorFrame ||
    before.anchorTime !== after.anchorTime ||
    before.fps !== after.fps ||
    before.speed !== after.speed ||
    before.direction !== after.direction
  )
    touched.push('playback');
  if (before.inPoint !== after.inPoint || before.outPoint !== after.outPoint) touched.push('inout');
  if (before.loopMode !== after.loopMode) touched.push('loop');
  return touched;
}

/** The categories in which `after` differs from `before` (two fitted views show one region). */
export function viewCategories(before: ViewState, after: ViewState): ViewCategory[] {
  const touched: ViewCategory[] = [];
  // A fitted view depends on the window, not on zoom/pan.
  const region =
    before.fit !== after.fit ||
    (!after.fit &&
      (before.zoom !== after.zoom || before.pan.x !== after.pan.x || before.pan.y !== after.pan.y));
  if (region || (before.guides?.safeAreas ?? false) !== (after.guides?.safeAreas ?? false))
    touched.push('view');
  if (before.channel !== after.channel) touched.push('channel');
  // A view without a format (an older player) leaves the format as it is: not a change of it.
  const format =
    (after.format !== undefined && !sameFormat(before.format, after.format)) ||
    (before.guides?.mask ?? null) !== (after.guides?.mask ?? null);
  if (format) touched.push('format');
  return touched;
}

/** Frame guides compare by value; absent means none shown. */
export function sameGuides(a: FrameGuides | undefined, b: FrameGuides | undefined): boolean {
  return (
    (a?.safeAreas ?? false) === (b?.safeAreas ?? false) && (a?.mask ?? null) === (b?.mask ?? null)
  );
}

/** The image format nobody changed: the file's pixel aspect, upright, no mask opacity change. */
export const DEFAULT_IMAGE_FORMAT: Readonly<ImageFormat> = Object.freeze({
  pixelAspect: null,
  rotation: 0,
  flip: false,
  flop: false,
  maskOpacity: 0.82,
});

/** Image formats compare by value; absent means the default. */
export function sameFormat(a: ImageFormat | undefined, b: ImageFormat | undefined): boolean {
  const x = a ?? DEFAULT_IMAGE_FORMAT;
  const y = b ?? DEFAULT_IMAGE_FORMAT;
  return (
    x.pixelAspect === y.pixelAspect &&
    x.rotation === y.rotation &&
    x.flip === y.flip &&
    x.flop === y.flop &&
    x.maskOpacity === y.maskOpacity
  );
}

/** `base` with the fields of `categories` taken from `source`. */
export function mergeMotion(
  base: Motion,
  source: Motion,
  categories: ReadonlySet<SyncCategory>,
): Motion {
  const merged = { ...base };
  if (categories.has('playback')) {
    merged.playing = source.playing;
    merged.anchorFrame = source.anchorFrame;
    merged.anchorTime = source.anchorTime;
    merged.fps = source.fps;
    merged.speed = source.speed;
    merged.direction = source.direction;
  }
  if (categories.has('inout')) {
    merged.inPoint = source.inPoint;
    merged.outPoint = source.outPoint;
  }
  if (categories.has('loop')) merged.loopMode = source.loopMode;
  return merged;
}

/** `base` with the fields of `categories` taken from `source`. */
export function mergeView(
  base: ViewState,
  source: ViewState,
  categories: ReadonlySet<SyncCategory>,
): ViewState {
  const region = categories.has('view') ? source : base;
  const format = categories.has('format') ? source : base;
  // Safe areas travel with the region, the aspect mask with the image format.
  const guides =
    region.guides || format.guides
      ? {
          guides: {
            safeAreas: region.guides?.safeAreas ?? false,
            mask: format.guides?.mask ?? null,
          },
        }
      : {};
  return {
    zoom: region.zoom,
    pan: { ...region.pan },
    fit: region.fit,
    channel: categories.has('channel') ? source.channel : base.channel,
    ...guides,
    ...(format.format ? { format: { ...format.format } } : {}),
  };
}

/** The first of `touched` the host stopped `userId` from sending (undefined: none). */
export function lockedCategory(
  locks: SendLocks | undefined,
  userId: string,
  touched: readonly SyncCategory[],
): SyncCategory | undefined {
  const locked = locks?.[userId];
  if (!locked || locked.length === 0) return undefined;
  return touched.find((category) => locked.includes(category));
}

/** Human names, for refusals and the UI. */
export const SYNC_CATEGORY_NAMES: Record<SyncCategory, string> = {
  playback: 'Playback',
  view: 'View (Pan/Zoom)',
  inout: 'In/out points',
  loop: 'Loop mode',
  channel: 'Channel mode',
  color: 'Color Adjustments',
  annotations: 'Annotations',
  audio: 'Audio (Volume, Slip, Soundtrack)',
  compare: 'A/B Compare',
  stereo: 'Stereo',
  format: 'Image format (Aspect, Rotation, Mask)',
};
