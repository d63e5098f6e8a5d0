// Two-way bindings between the sync engine and the local objects (Session, Viewer): local events
// become throttled sends, remote state is applied inside an echo guard so it is never sent back.
import type { Clock } from '../core/clock';
import { endFrame, hasFinished, type Motion } from '../core/session/motion';
import type { ColorAdjustments, ViewState } from '../protocol/index';
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

export class PlaybackBinding {
  private applying = false;
  private previous: Motion;
  private readonly unsubscribe: () => void;
  private readonly throttle: Throttle;
  private readonly localClock: Clock;

  constructor(
    readonly target: PlaybackTarget,
    sendIntervalMs: number,
    private readonly onLocalChange: (motion: Motion, kind: 'queue' | 'ignore') => void,
    send: () => void,
  ) {
    this.localClock = target.clock;
    this.previous = target.motion;
    this.throttle = new Throttle(sendIntervalMs, send);
    this.unsubscribe = target.on('motionChanged', (motion) => {
      const previous = this.previous;
      this.previous = motion;
      if (this.applying) return;
      const finished = isOnceFinish(previous, motion, target.clock.now());
      this.onLocalChange(motion, finished ? 'ignore' : 'queue');
    });
  }

  get motion(): Motion {
    return this.target.motion;
  }

  get hasQueued(): boolean {
    return this.throttle.pending;
  }

  /** Sends now (leading edge) or at the end of the interval (trailing edge). */
  schedule(): void {
    this.throttle.push();
  }

  cancelQueued(): void {
    this.throttle.cancel();
  }

  apply(motion: Motion): void {
    this.guard(() => this.target.applyMotion(motion));
  }

  /** Runs the session on `clock` (the server clock), or back on its own clock with null. */
  useClock(clock: Clock | null): void {
    this.guard(() => this.target.setClock(clock ?? this.localClock));
  }

  dispose(): void {
    this.throttle.dispose();
    this.unsubscribe();
    this.useClock(null);
  }

  private guard(action: () => void): void {
    this.applying = true;
    try {
      action();
    } finally {
      this.applying = false;
      this.previous = this.target.motion;
    }
  }
}

function sameView(a: ViewState, b: ViewState): boolean {
  if (a.fit !== b.fit || a.channel !== b.channel) return false;
  if (a.fit) return true; // a fitted view depends on the window, not on zoom/pan
  return a.zoom === b.zoom && a.pan.x === b.pan.x && a.pan.y === b.pan.y;
}

function sameColor(a: ColorAdjustments, b: ColorAdjustments): boolean {
  return (Object.keys(a) as Array<keyof ColorAdjustments>).every((key) => a[key] === b[key]);
}

export class ViewBinding {
  private applying = false;
  private lastView: ViewState;
  private lastColor: ColorAdjustments;
  private readonly unsubscribers: Array<() => void>;
  private readonly viewThrottle: Throttle;
  private readonly colorThrottle: Throttle;

  constructor(
    readonly target: ViewTarget,
    sendIntervalMs: number,
    private readonly onView: (view: ViewState) => void,
    private readonly onColor: (color: ColorAdjustments) => void,
  ) {
    this.lastView = target.viewState;
    this.lastColor = target.color;
    this.viewThrottle = new Throttle(sendIntervalMs, () => this.emitView());
    this.colorThrottle = new Throttle(sendIntervalMs, () => this.emitColor());
    const viewChanged = () => {
      if (!this.applying) this.viewThrottle.push();
    };
    this.unsubscribers = [
      target.on('zoomChanged', viewChanged),
      target.on('panChanged', viewChanged),
      target.on('channelChanged', viewChanged),
      target.on('colorChanged', () => {
        if (!this.applying) this.colorThrottle.push();
      }),
    ];
  }

  get view(): ViewState {
    return this.target.viewState;
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

  applyView(view: ViewState): void {
    this.guard(() => {
      if (view.fit) this.target.fit();
      else {
        this.target.setZoom(view.zoom);
        this.target.setPan(view.pan.x, view.pan.y);
      }
      if (this.target.viewState.channel !== view.channel) this.target.setChannel(view.channel);
    });
    this.lastView = this.target.viewState;
  }

  applyColor(color: ColorAdjustments): void {
    this.guard(() => this.target.setColor(color));
    this.lastColor = this.target.color;
  }

  dispose(): void {
    this.viewThrottle.dispose();
    this.colorThrottle.dispose();
    for (const unsubscribe of this.unsubscribers) unsubscribe();
  }

  private emitView(): void {
    const view = this.target.viewState;
    if (sameView(view, this.lastView)) return;
    this.lastView = view;
    this.onView(view);
  }

  private emitColor(): void {
    const color = this.target.color;
    if (sameColor(color, this.lastColor)) return;
    this.lastColor = color;
    this.onColor(color);
  }

  private guard(action: () => void): void {
    this.applying = true;
    try {
      action();
    } finally {
      this.applying = false;
    }
  }
}
