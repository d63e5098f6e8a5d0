// The room's last move to another shot as this page lived it (window.reelsync.playlist.lastSwitch):
// when the move reached the page, when the new shot's first frame went on screen, and whether a
// preloaded source was handed over. The playlist-switch benchmark splits a switch's time with it
// (the way to the page, then the page's own part; docs/performance.md).

export interface ShotSwitch {
  /** The fingerprint of the shot moved to. */
  readonly fingerprint: string;
  /** Wall clock (Date.now()) when the move reached this page. */
  readonly receivedAt: number;
  /** Wall clock when the shot's first frame was put on screen (null: not yet). */
  shownAt: number | null;
  /** The page had opened the shot ahead (MediaPreloads) and took that source. */
  readonly preloaded: boolean;
}

export class ShotSwitches {
  private current: ShotSwitch | null = null;

  get last(): ShotSwitch | null {
    return this.current ? { ...this.current } : null;
  }

  /** The room's shot became `fingerprint`, which this page does not show. */
  arrived(fingerprint: string, preloaded: boolean, now = Date.now()): void {
    this.current = { fingerprint, receivedAt: now, shownAt: null, preloaded };
  }

  /** A frame of `fingerprint` went on screen. */
  shown(fingerprint: string | null, now = Date.now()): void {
    const current = this.current;
    if (current && current.shownAt === null && current.fingerprint === fingerprint)
      current.shownAt = now;
  }
}
