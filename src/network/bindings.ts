// Two-way bindings between the sync engine and the local objects (Playback, Viewer): local events
// become throttled sends, remote state is applied inside an echo guard so it is never sent back.
import type { Clock } from '../core/clock';
import { endFrame, hasFinished, type Motion } from '../core/playback/motion';
import {
  VIEW_CATEGORIES,
  viewCategories,
  type ColorAdjustments,
  type FrameGuides,
  type SyncCategory,
  type ViewCategory,
  type ViewState,
} from '../protocol/index';
import { zoomFromShared, zoomToShared } from '../render/viewTransform';
import { Throttle } from './Throttle';
import type { PlaybackTarget, ViewTarget } from './types';

/** True when `next` is just the local end of a playing 'once' run (every client does it alone). */
export function isOnceFinish(previous: Motion, next: Motion, now: number): boolean {
  return (
    previous.playing &&
    previous.loopMode === 'once' &&
    !next.playing &&
    hasFinished(previous, now) &&
    next.anchorFrame === endFrame(previous, previous.direction) &&
    next.speed === previous.speed &&
    next.inPoint === previous.inPoint &&
    next.outPoint === previous.outPoint
  );
}

export type LocalMotionKind = 'queue' | 'ignore' | 'opened';

/** `motion` is what Playback.setMedia sets for `media`: paused on its first frame, its range. */
function isOpeningReset(motion: Motion, media: PlaybackTarget['media']): boolean {
  if (!media) return false;
  const start = Math.round(media.info.frameStart);
  const end = Math.max(start, Math.round(media.info.frameEnd));
  return (
    !motion.playing &&
    motion.anchorFrame === start &&
    motion.inPoint === start &&
    motion.outPoint === end
  );
}

/** Remote state is applied inside `run`; while it runs, `active` tells listeners not to send. */
class EchoGuard {
  active = false;

  run(action: () => void): void {
    this.active = true;
    try {
      action();
    } finally {
      this.active = false;
    }
  }
}

/** Binds the Playback to the room: local motion changes out (to be queued), remote ones in. */
export class PlaybackBinding {
  private readonly echo = new EchoGuard();
  private previous: Motion;
  private readonly unsubscribe: () => void;
  private readonly localClock: Clock;
  private media: PlaybackTarget['media'];

  constructor(
    readonly target: PlaybackTarget,
    /**
     * 'ignore': the end of a 'once' run, which every client reaches by itself; 'opened': the
     * reset of opening new media; `previous` and `next` say which sync categories it touched.
     */
    private readonly onLocalChange: (kind: LocalMotionKind, previous: Motion, next: Motion) => void,
  ) {
    this.localClock = target.clock;
    this.previous = target.motion;
    this.media = target.media;
    this.unsubscribe = target.on('motionChanged', (motion) => {
      const previous = this.previous;
      this.previous = motion;
      // The motion that comes with new media is the reset of opening it (paused on its first
      // frame, in/out its range). Opening media whose reset equals the motion already shown
      // emits nothing: the next change then is the user's own, not the opening's.
      const opened = target.media !== this.media && isOpeningReset(motion, target.media);
      this.media = target.media;
      if (this.echo.active) return;
      const finished = isOnceFinish(previous, motion, target.clock.now());
      this.onLocalChange(finished ? 'ignore' : opened ? 'opened' : 'queue', previous, motion);
    });
  }

  get motion(): Motion {
    return this.target.motion;
  }

  apply(motion: Motion): void {
    this.guard(() => this.target.applyMotion(motion));
  }

  /** Runs the session on `clock` (the server clock), or back on its own clock with null. */
  useClock(clock: Clock | null): void {
    this.guard(() => this.target.setClock(clock ?? this.localClock));
  }

  dispose(): void {
    this.unsubscribe();
    this.useClock(null);
  }

  private guard(action: () => void): void {
    try {
      this.echo.run(action);
    } finally {
      this.previous = this.target.motion;
    }
  }
}

const ALL_VIEW_PARTS: ReadonlySet<SyncCategory> = new Set(VIEW_CATEGORIES);

function sameColor(a: ColorAdjustments, b: ColorAdjustments): boolean {
  return (Object.keys(a) as Array<keyof ColorAdjustments>).every((key) => a[key] === b[key]);
}

/**
 * A view target that knows its fit zoom (the Viewer): its views go on the wire in image terms.
 * Targets without one (test doubles) share their zoom as it is.
 */
interface FittedViewTarget extends ViewTarget {
  readonly fitZoom: number;
}

function isFitted(target: ViewTarget): target is FittedViewTarget {
  return typeof (target as Partial<FittedViewTarget>).fitZoom === 'number';
}

type FitListener = (event: 'fitZoomChanged', listener: (fit: number) => void) => () => void;
type FormatListener = (event: 'formatChanged', listener: () => void) => () => void;

/**
 * Binds the viewer's view and color to the room. The wire view is window-independent: `zoom` is
 * a multiple of the fit zoom and `pan` the image-px offset of the view centre from the image
 * centre, so windows of different sizes show the same region. The conversion happens here, at
 * the edge: the Viewer keeps CSS-px zoom, the room keeps image terms.
 */
export class ViewBinding {
  private readonly echo = new EchoGuard();
  private lastView: ViewState;
  private lastColor: ColorAdjustments;
  /** The room view this viewer shows, until a local zoom or pan leaves it. */
  private following: ViewState | null = null;
  private readonly unsubscribers: Array<() => void>;
  private readonly viewThrottle: Throttle;
  private readonly colorThrottle: Throttle;

  constructor(
    readonly target: ViewTarget,
    sendIntervalMs: number,
    /** `touched`: what changed since the last view reported (region, channel or both). */
    private readonly onView: (view: ViewState, touched: readonly ViewCategory[]) => void,
    private readonly onColor: (color: ColorAdjustments) => void,
  ) {
    this.lastView = this.view;
    this.lastColor = target.color;
    this.viewThrottle = new Throttle(sendIntervalMs, () => this.emitView());
    this.colorThrottle = new Throttle(sendIntervalMs, () => this.emitColor());
    const viewChanged = () => {
      if (this.echo.active) return;
      this.following = null;
      this.viewThrottle.push();
    };
    this.unsubscribers = [
      target.on('zoomChanged', viewChanged),
      target.on('panChanged', viewChanged),
      target.on('channelChanged', () => {
        if (!this.echo.active) this.viewThrottle.push();
      }),
      target.on('colorChanged', () => {
        if (!this.echo.active) this.colorThrottle.push();
      }),
      target.on('guidesChanged', () => {
        if (!this.echo.active) this.viewThrottle.push();
      }),
    ];
    if (target.setFormat) {
      const formatted = target as unknown as { on: FormatListener };
      this.unsubscribers.push(
        formatted.on('formatChanged', () => {
          if (!this.echo.active) this.viewThrottle.push();
        }),
      );
    }
    if (isFitted(target)) {
      const fitted = target as unknown as { on: FitListener };
      this.unsubscribers.push(
        fitted.on('fitZoomChanged', () => {
          if (this.echo.active) return;
          // The window or the image size changed. A viewer following the room keeps showing
          // the room's region; one that steers itself tells the room its region changed.
          const following = this.following;
          if (following) this.echo.run(() => this.showRegion(following));
          else this.viewThrottle.push();
        }),
      );
    }
  }

  /** The view in wire (image) terms. */
  get view(): ViewState {
    const view = this.target.viewState;
    return { ...view, pan: { ...view.pan }, zoom: zoomToShared(view.zoom, this.fitZoom()) };
  }

  get color(): ColorAdjustments {
    return this.target.color;
  }

  cancelQueued(kind: 'view' | 'color'): void {
    (kind === 'view' ? this.viewThrottle : this.colorThrottle).cancel();
  }

  hasQueued(kind: 'view' | 'color'): boolean {
    return (kind === 'view' ? this.viewThrottle : this.colorThrottle).pending;
  }

  /** Shows a room view (wire terms) in this window: its region, channel, image format, or some. */
  applyView(view: ViewState, parts: ReadonlySet<SyncCategory> = ALL_VIEW_PARTS): void {
    const region = parts.has('view');
    const channel = parts.has('channel') && this.target.viewState.channel !== view.channel;
    const format = parts.has('format');
    if (!region && !channel && !format) return;
    this.echo.run(() => {
      // The format first: it sets the picture's shape, which the region's zoom is relative to.
      // A view from a player without a format leaves ours as it is.
      if (format && view.format) this.target.setFormat?.(view.format);
      if (region) this.showRegion(view);
      // Safe areas come with the region, the aspect mask with the format; a view from a player
      // without guides leaves ours as they are.
      if (view.guides && (region || format)) {
        const ours: FrameGuides = this.target.viewState.guides ?? { safeAreas: false, mask: null };
        this.target.setGuides?.({
          safeAreas: region ? view.guides.safeAreas : ours.safeAreas,
          mask: format ? view.guides.mask : ours.mask,
        });
      }
      if (channel) this.target.setChannel(view.channel);
    });
    if (region) this.following = { ...view, pan: { ...view.pan } };
    this.lastView = this.view;
  }
  applyColor(color: ColorAdjustments): void {
    this.echo.run(() => this.target.setColor(color));
    this.lastColor = this.target.color;
  }

  dispose(): void {
    this.viewThrottle.dispose();
    this.colorThrottle.dispose();
    for (const unsubscribe of this.unsubscribers) unsubscribe();
  }

  private emitView(): void {
    const view = this.view;
    const touched = viewCategories(this.lastView, view);
    if (touched.length === 0) return;
    this.lastView = view;
    this.onView(view, touched);
  }

  private emitColor(): void {
    const color = this.target.color;
    if (sameColor(color, this.lastColor)) return;
    this.lastColor = color;
    this.onColor(color);
  }

  private showRegion(view: ViewState): void {
    if (view.fit) this.target.fit();
    else {
      this.target.setZoom(zoomFromShared(view.zoom, this.fitZoom()));
      this.target.setPan(view.pan.x, view.pan.y);
    }
  }

  private fitZoom(): number {
    return isFitted(this.target) ? this.target.fitZoom : 1;
  }
}
