// Over 400 lines: one state machine (motion, range, loop, rate, media, audio) kept as one class.
// The playback model: current media, the shared-timeline motion, volume and mute. The displayed
// frame is derived from the motion and the clock on every tick, never accumulated.

import { DEFAULT_MOTION } from '../../protocol/index';
import { EventEmitter } from '../../utils/EventEmitter';
import { localClock } from '../clock';
import type { Clock } from '../clock';
import type { MediaInfo, MediaSource } from '../media/types';
import {
  clampAnchor,
  clampFrame,
  endFrame,
  frameAt,
  frameOfPlacement,
  hasFinished,
  clampSpeed,
  LOOP_MODES,
  placementAt,
  sameMotion,
  sanitizeMotion,
} from './motion';
import type { LoopMode, Motion, PlayDirection } from './motion';

export type { LoopMode, Motion, PlayDirection } from './motion';
export { LOOP_MODES, MAX_SPEED, MIN_SPEED } from './motion';

// A type alias (not an interface) so it satisfies EventEmitter's index-signature constraint
// while keeping event names checked.
export type PlaybackEvents = {
  frameChanged: number;
  playbackChanged: boolean;
  playbackSpeedChanged: number;
  playDirectionChanged: PlayDirection;
  loopModeChanged: LoopMode;
  inOutChanged: { inPoint: number; outPoint: number };
  volumeChanged: number;
  mutedChanged: boolean;
  mediaChanged: MediaInfo;
  fpsChanged: number;
  /** After any re-anchor or applied motion; the network layer listens here. */
  motionChanged: Motion;
};

export interface SessionOptions {
  clock?: Clock;
  media?: MediaSource;
}

/** The range used without media: DEFAULT_MOTION's (the demo clip's), so Node tests need none. */
export const DEFAULT_FRAME_START = DEFAULT_MOTION.inPoint;
export const DEFAULT_FRAME_END = DEFAULT_MOTION.outPoint;
export const DEFAULT_FPS = DEFAULT_MOTION.fps;
/** Highest speed J/L shuttling doubles up to. */
export const MAX_SHUTTLE_SPEED = 8;

export class Playback extends EventEmitter<PlaybackEvents> {
  private state: Motion;
  private currentClock: Clock;
  private source: MediaSource | null = null;
  private range = { start: DEFAULT_FRAME_START, end: DEFAULT_FRAME_END };
  private frame: number;
  /** The way frames are moving as of the last tick or change (flips at ping-pong ends). */
  private travel: PlayDirection = 1;
  private shownAt = 0;
  private level = 1;
  private isMuted = false;
  /** Last decode-ahead hint given to the media, so it is told only about changes. */
  private playheadHint = '';
  private disposed = false;

  constructor(options: SessionOptions = {}) {
    super();
    this.currentClock = options.clock ?? localClock;
    this.state = { ...DEFAULT_MOTION, anchorTime: this.currentClock.now() };
    this.frame = DEFAULT_FRAME_START;
    if (options.media) this.setMedia(options.media);
  }

  get media(): MediaSource | null {
    return this.source;
  }
  /** The frame as of the last tick or change (what is on screen). */
  get currentFrame(): number {
    return this.frame;
  }
  /** The clock instant `currentFrame` was derived for (a display tick's frame start). */
  get frameTime(): number {
    return this.shownAt;
  }
  get isPlaying(): boolean {
    return this.state.playing;
  }
  get fps(): number {
    return this.state.fps;
  }
  get speed(): number {
    return this.state.speed;
  }
  /**
   * The way playback moves on screen. Equals motion.direction except on the backward leg of a
   * ping-pong, where it is flipped (as in RV); playDirectionChanged fires at each bounce.
   */
  get direction(): PlayDirection {
    return this.travel;
  }
  get loopMode(): LoopMode {
    return this.state.loopMode;
  }
  get inPoint(): number {
    return this.state.inPoint;
  }
  get outPoint(): number {
    return this.state.outPoint;
  }
  get frameStart(): number {
    return this.range.start;
  }
  get frameEnd(): number {
    return this.range.end;
  }
  get volume(): number {
    return this.level;
  }
  get muted(): boolean {
    return this.isMuted;
  }
  /** A copy of the current motion. */
  get motion(): Motion {
    return { ...this.state };
  }
  get clock(): Clock {
    return this.currentClock;
  }

  /** Takes range and fps from the media; in/out reset to its range, paused on its first frame. */
  setMedia(source: MediaSource): void {
    if (source === this.source) return;
    this.source = source;
    this.playheadHint = '';
    const { frameStart, frameEnd, fps } = source.info;
    const start = Math.round(frameStart);
    this.range = { start, end: Math.max(start, Math.round(frameEnd)) };
    this.emit('mediaChanged', source.info);
    this.commit({
      ...this.state,
      playing: false,
      anchorFrame: this.range.start,
      anchorTime: this.currentClock.now(),
      fps: Number.isFinite(fps) && fps > 0 ? fps : this.state.fps,
      inPoint: this.range.start,
      outPoint: this.range.end,
    });
    // The new source gets its decode-ahead hint even when the motion did not change.
    this.show(this.currentClock.now());
  }

  play(): void {
    if (this.state.playing) return;
    this.start({});
  }

  /** Stops on the frame on screen now (paused motions always hold an integer frame). */
  pause(): void {
    if (!this.state.playing) return;
    this.reanchor({ playing: false }, true);
  }

  togglePlayback(): void {
    if (this.state.playing) this.pause();
    else this.play();
  }

  /**
   * Clamps to the media range and then into [in, out] (the displayed frame always lies in the
   * play range); keeps playing if playing, so seeking past the out point of a playing loop
   * continues from the out point and wraps to the in point.
   */
  seek(frame: number): void {
    if (!Number.isFinite(frame)) return;
    const target = clampFrame(this.clampToMedia(frame), this.state.inPoint, this.state.outPoint);
    this.commit({ ...this.state, anchorFrame: target, anchorTime: this.currentClock.now() });
  }

  /** Pauses and moves by `delta` frames from the frame on screen, clamped to [in, out]. */
  step(delta: number): void {
    if (!Number.isFinite(delta)) return;
    const now = this.currentClock.now();
    const target = clampFrame(
      frameAt(this.state, now) + Math.round(delta),
      this.state.inPoint,
      this.state.outPoint,
    );
    this.commit({ ...this.state, playing: false, anchorFrame: target, anchorTime: now });
  }

  goToStart(): void {
    this.seek(this.state.inPoint);
  }

  goToEnd(): void {
    this.seek(this.state.outPoint);
  }

  /**
   * J/L: plays that way at 1x; pressed again while already playing that way doubles the speed
   * up to MAX_SHUTTLE_SPEED (a faster speed set elsewhere is left alone). K is pause().
   */
  shuttle(direction: PlayDirection): void {
    const { playing, speed } = this.state;
    if (playing && this.travelNow() === direction) {
      if (speed < MAX_SHUTTLE_SPEED) this.setSpeed(Math.min(speed * 2, MAX_SHUTTLE_SPEED));
    } else if (playing) {
      this.reanchor({ direction, speed: 1 }, true);
    } else {
      this.start({ direction, speed: 1 });
    }
  }

  /** Any positive factor, clamped to [MIN_SPEED, MAX_SPEED]; non-positive values are ignored. */
  setSpeed(speed: number): void {
    if (!Number.isFinite(speed) || speed <= 0) return;
    const clamped = clampSpeed(speed);
    if (clamped === this.state.speed) return;
    this.reanchor({ speed: clamped });
  }

  /**
   * Re-anchors on the frame on screen: a frame occupies [f, f+1) going forward and (f-1, f]
   * going backward (see motion.ts), so keeping the sub-frame phase would show a neighbour.
   */
  setDirection(direction: PlayDirection): void {
    if (direction === this.travelNow()) return;
    this.reanchor({ direction }, true);
  }

  toggleDirection(): void {
    this.setDirection(this.travelNow() === 1 ? -1 : 1);
  }

  setLoopMode(mode: LoopMode): void {
    if (mode === this.state.loopMode || !LOOP_MODES.includes(mode)) return;
    this.reanchor({ loopMode: mode });
  }

  /** loop → once → pingpong → loop. */
  cycleLoopMode(): void {
    const index = LOOP_MODES.indexOf(this.state.loopMode);
    const next = LOOP_MODES[(index + 1) % LOOP_MODES.length];
    if (next) this.setLoopMode(next);
  }

  /** Clamped to the media range; an in point after the out point drags the out point with it (as RV). */
  setInPoint(frame: number): void {
    if (!Number.isFinite(frame)) return;
    const inPoint = this.clampToMedia(frame);
    this.setInOut(inPoint, Math.max(inPoint, this.state.outPoint));
  }

  /** Clamped to the media range; an out point before the in point drags the in point with it. */
  setOutPoint(frame: number): void {
    if (!Number.isFinite(frame)) return;
    const outPoint = this.clampToMedia(frame);
    this.setInOut(Math.min(outPoint, this.state.inPoint), outPoint);
  }

  resetInOut(): void {
    this.setInOut(this.range.start, this.range.end);
  }

  setFps(fps: number): void {
    if (!Number.isFinite(fps) || fps <= 0 || fps === this.state.fps) return;
    this.reanchor({ fps });
  }

  /** Clamped to [0, 1]. */
  setVolume(volume: number): void {
    if (Number.isNaN(volume)) return;
    const clamped = Math.min(Math.max(volume, 0), 1);
    if (clamped === this.level) return;
    this.level = clamped;
    this.emit('volumeChanged', clamped);
  }

  setMuted(muted: boolean): void {
    if (muted === this.isMuted) return;
    this.isMuted = muted;
    this.emit('mutedChanged', muted);
  }

  toggleMute(): void {
    this.setMuted(!this.isMuted);
  }

  /**
   * Moves the motion onto a new time base (e.g. the server clock) at the same position, so the
   * displayed frame does not jump. Emits motionChanged while playing, as the anchor time changed.
   */
  setClock(clock: Clock): void {
    if (clock === this.currentClock) return;
    const placement = placementAt(this.state, this.currentClock.now());
    this.currentClock = clock;
    this.commit({ ...this.state, anchorFrame: placement.position, anchorTime: clock.now() });
  }

  /**
   * Replaces the motion as given (a remote change): no re-anchor, so the frame moves only as the
   * motion implies. Emits the specific events for what changed, then frameChanged, then
   * motionChanged. Out-of-range values are sanitized the same way the local setters do.
   */
  applyMotion(motion: Motion): void {
    this.commit(sanitizeMotion(motion, this.state, this.range));
  }

  /**
   * Called each display tick: derives the frame from the motion and the clock (emitting
   * frameChanged on change) and pauses a 'once' run that reached its end. Returns the frame.
   * `lagMs`: how long ago the display frame being prepared began (the browser's animation-frame
   * timestamp); evaluating the timeline at that instant rather than at the moment the callback
   * runs makes pages that share a display clock agree even when their callbacks run at
   * different moments under load. Negative: a lead — the app passes the time until the frame
   * being prepared is shown (one display interval), so the frame is chosen for that instant.
   */
  tick(lagMs = 0): number {
    if (this.disposed) return this.frame;
    // Never before the motion's own anchor: a change made after the frame began shows from
    // its anchor frame, not one frame before it.
    const now = Math.max(this.currentClock.now() - lagMs, this.state.anchorTime);
    if (hasFinished(this.state, now)) {
      const anchorFrame = endFrame(this.state, this.state.direction);
      this.commit({ ...this.state, playing: false, anchorFrame, anchorTime: now });
    } else {
      this.show(now);
    }
    return this.frame;
  }

  /** Stops emitting and forgets listeners and media; the media itself belongs to its opener. */
  dispose(): void {
    this.disposed = true;
    this.source = null;
    this.removeAllListeners();
  }

  /** Starts playing from the frame on screen, with `change` applied, in one re-anchor. */
  private start(change: Pick<Partial<Motion>, 'direction' | 'speed'>): void {
    const now = this.currentClock.now();
    const next: Motion = { ...this.state, ...change, playing: true, anchorTime: now };
    next.anchorFrame = frameAt(this.state, now);
    // Playing 'once' from the end it would stop at starts the run over from the other end.
    if (next.loopMode === 'once' && next.anchorFrame === endFrame(next, next.direction)) {
      next.anchorFrame = endFrame(next, next.direction === 1 ? -1 : 1);
    }
    this.commit(next);
  }

  private travelNow(): PlayDirection {
    return placementAt(this.state, this.currentClock.now()).travel;
  }

  private clampToMedia(frame: number): number {
    return clampFrame(Math.round(frame), this.range.start, this.range.end);
  }

  private setInOut(inPoint: number, outPoint: number): void {
    if (inPoint === this.state.inPoint && outPoint === this.state.outPoint) return;
    this.reanchor({ inPoint, outPoint });
  }

  /**
   * Re-anchors at the current position (anchorTime = now) with `change` applied, so nothing
   * jumps. `onFrame` anchors on the integer frame on screen instead of the fractional position.
   * The new anchor takes the on-screen travel direction, so a ping-pong on its backward leg keeps
   * going backward after the re-anchor.
   */
  private reanchor(change: Partial<Motion>, onFrame = false): void {
    const now = this.currentClock.now();
    const placement = placementAt(this.state, now);
    const anchorFrame = onFrame ? frameOfPlacement(placement, this.state) : placement.position;
    const direction = placement.travel;
    this.commit({ ...this.state, anchorFrame, anchorTime: now, direction, ...change });
  }

  /** Stores a motion (anchor brought into the play range) and emits events for what changed. */
  private commit(next: Motion): void {
    if (this.disposed) return;
    const previous = this.state;
    const motion: Motion = { ...next, anchorFrame: clampAnchor(next) };
    this.state = motion;
    if (sameMotion(previous, motion)) return;
    if (motion.playing !== previous.playing) this.emit('playbackChanged', motion.playing);
    if (motion.speed !== previous.speed) this.emit('playbackSpeedChanged', motion.speed);
    if (motion.loopMode !== previous.loopMode) this.emit('loopModeChanged', motion.loopMode);
    if (motion.inPoint !== previous.inPoint || motion.outPoint !== previous.outPoint) {
      this.emit('inOutChanged', { inPoint: motion.inPoint, outPoint: motion.outPoint });
    }
    if (motion.fps !== previous.fps) this.emit('fpsChanged', motion.fps);
    this.show(this.currentClock.now());
    this.emit('motionChanged', { ...motion });
  }

  /** Puts the motion's frame at `now` on screen: events on change, decode-ahead hint. */
  private show(now: number): void {
    const placement = placementAt(this.state, now);
    const frame = frameOfPlacement(placement, this.state);
    const frameChanged = frame !== this.frame;
    const travelChanged = placement.travel !== this.travel;
    this.frame = frame;
    this.travel = placement.travel;
    this.shownAt = now;
    if (frameChanged) this.emit('frameChanged', frame);
    if (travelChanged) this.emit('playDirectionChanged', placement.travel);
    const source = this.source;
    if (!source) return;
    const playing = this.state.playing;
    const hint = `${frame}|${placement.travel}|${playing}`;
    if (hint === this.playheadHint) return;
    this.playheadHint = hint;
    source.setPlayhead(frame, placement.travel, playing);
  }
}
