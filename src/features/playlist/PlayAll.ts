// Play all (DOM-free): while the room plays the playlist end to end, the host's page watches the
// motion it plays and, at the server-clock instant the current item's out frame ends, asks the
// room to move on to the next playable item, landing on its in point playing from that same
// instant (`playlist.setCurrent` with `advance`). Every member evaluates the new motion at its own
// server clock, so all of them cross the boundary on the same frame. Meanwhile every page plays
// each item once (loop mode 'once', its own loop mode back when play all ends), so while the move
// is on its way a page holds the item's last frame instead of wrapping to its first
// (docs/playlist.md, "Play all").
import type { LoopMode, Motion } from '../../protocol/index';
import type { PlaylistModel } from './PlaylistModel';

export interface PlayAllDeps {
  readonly model: Pick<PlaylistModel, 'inRoom' | 'isHost' | 'playAll' | 'rows' | 'advance'>;
  /** The motion this page plays (the host's is the room's). */
  motion(): Motion | null;
  /** The page's loop mode, and setting it (play all plays each item once). */
  loopMode(): LoopMode;
  setLoopMode(mode: LoopMode): void;
  /** The server clock (ms). */
  serverNow(): number;
  /** Asked MAX_ASKS times and the room is still on the item: tell the host. */
  stuck?(from: string, to: string): void;
  readonly timers?: {
    setTimeout(run: () => void, ms: number): ReturnType<typeof setTimeout>;
    clearTimeout(timer: ReturnType<typeof setTimeout>): void;
  };
}

/**
 * The server time at which a forward-playing motion leaves its out frame (the out frame is shown
 * for its whole duration); null when it does not play forward towards it.
 */
export function boundaryTime(motion: Motion): number | null {
  const rate = motion.fps * motion.speed;
  if (!motion.playing || motion.direction !== 1 || !(rate > 0)) return null;
  const start = Math.max(motion.anchorFrame, motion.inPoint);
  if (start >= motion.outPoint + 1) return null;
  return motion.anchorTime + ((motion.outPoint + 1 - start) * 1000) / rate;
}

/** How long after asking the room must have moved on before play all asks again. */
export const RETRY_MS = 1_000;
/** Asks per boundary (the first and the retries) before the host is told. */
export const MAX_ASKS = 3;

interface Plan {
  from: string;
  to: string;
  at: number;
}

export class PlayAll {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: Plan | null = null;
  /** The boundary already asked for (item left and instant): never twice. */
  private asked = '';
  /** Checks that the room moved on after an ask (asks again while it has not). */
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** The loop mode this page had before play all (restored when it ends). */
  private savedLoop: LoopMode | null = null;
  private readonly timers;

  constructor(private readonly deps: PlayAllDeps) {
    this.timers = deps.timers ?? {
      setTimeout: (run: () => void, ms: number) => setTimeout(run, ms),
      clearTimeout: (timer: ReturnType<typeof setTimeout>) => clearTimeout(timer),
    };
  }

  /** The next boundary to act on: the item left, the one to land on, and when. */
  plan(): Plan | null {
    const motion = this.deps.motion();
    const at = motion ? boundaryTime(motion) : null;
    if (at === null || !this.drives()) return null;
    const next = this.next();
    return next ? { ...next, at } : null;
  }

  /** The playlist, the motion or the role changed: schedule (or drop) the next boundary. */
  refresh(): void {
    this.loopOnce();
    const plan = this.plan();
    if (!plan) {
      // A page playing 'once' stops on the out frame by itself: the boundary still comes.
      if (!(this.pending && this.stoppedAtEnd() && this.next()?.from === this.pending.from))
        this.cancel();
      return;
    }
    const key = `${plan.from}@${plan.at}`;
    if (key === this.asked) return;
    if (this.pending && this.pending.from === plan.from && this.pending.at === plan.at) return;
    this.cancel();
    this.pending = plan;
    this.timer = this.timers.setTimeout(
      () => this.fire(plan, key),
      Math.max(0, plan.at - this.deps.serverNow()),
    );
  }

  dispose(): void {
    this.cancel();
    this.stopRetry();
  }

  private fire(plan: Plan, key: string): void {
    this.timer = null;
    this.pending = null;
    // Still on the item (nobody moved the room meanwhile), asked once.
    const next = this.drives() ? this.next() : null;
    if (!next || next.from !== plan.from || this.asked === key) return;
    this.asked = key;
    this.ask(plan, 1);
  }

  /**
   * Asks the room to move on, and checks RETRY_MS later that it did: an ask can be lost (a
   * request that timed out under load, a reconnect) or come before the room's motion reached
   * the server, and the server answers a stale advance with nothing. The retry keeps the
   * boundary instant, so every member still lands on the frame the clock gives.
   */
  private ask(plan: Plan, attempt: number): void {
    const next = this.drives() ? this.next() : null;
    if (!next || next.from !== plan.from) return; // moved on, or no longer ours to drive
    if (attempt > MAX_ASKS) {
      this.deps.stuck?.(next.from, next.to);
      return;
    }
    this.deps.model.advance(next.to, next.from, plan.at);
    this.stopRetry();
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      this.ask(plan, attempt + 1);
    }, RETRY_MS);
  }

  private stopRetry(): void {
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** This page moves the room on: the host's, while play all is on. */
  private drives(): boolean {
    const { model } = this.deps;
    return model.inRoom && model.isHost && model.playAll;
  }

  /** The current item and the next playable one after it. */
  private next(): { from: string; to: string } | null {
    const rows = this.deps.model.rows;
    const index = rows.findIndex((row) => row.current);
    const current = rows[index];
    const next = rows.slice(index + 1).find((row) => row.playable);
    return current && next ? { from: current.id, to: next.id } : null;
  }

  /** Paused on the out point of a 'once' run (it ended there by itself). */
  private stoppedAtEnd(): boolean {
    const motion = this.deps.motion();
    return (
      motion !== null &&
      !motion.playing &&
      motion.loopMode === 'once' &&
      motion.anchorFrame === motion.outPoint
    );
  }

  /** Every page plays each item once while play all is on; its own loop mode after. */
  private loopOnce(): void {
    const on = this.deps.model.inRoom && this.deps.model.playAll;
    if (on && this.savedLoop === null) {
      this.savedLoop = this.deps.loopMode();
      if (this.savedLoop !== 'once') this.deps.setLoopMode('once');
    } else if (!on && this.savedLoop !== null) {
      const saved = this.savedLoop;
      this.savedLoop = null;
      if (this.deps.loopMode() === 'once' && saved !== 'once') this.deps.setLoopMode(saved);
    }
  }

  private cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}
