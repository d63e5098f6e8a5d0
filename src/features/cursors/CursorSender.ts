// The local pointer, in image px, out to the room at about 30 Hz while it moves over the stage;
// `visible: false` once it leaves. Sends are dropped (never queued) when they cannot go out.
import { Throttle } from '../../network/Throttle';
import type { ClientPayload } from '../../protocol/index';
import { listen } from '../../ui/components/shared/dom';
import type { Point } from './CursorOverlay';

/** One pointer update as the room relays it (`live.cursor`). */
export type CursorMessage = ClientPayload<'live.cursor'>;

export interface CursorSenderOptions {
  /** Where the pointer is tracked (the stage). */
  stage: HTMLElement;
  /** Client (viewport) px -> image px: the viewer's mapping. */
  clientToImage(p: Point): Point;
  frame(): number;
  /** Laser mode on: the messages say so, so the others draw a fading trail. */
  laser?(): boolean;
  /** Pixel probe on: the messages say so, so the others mark the point and read it. */
  probe?(): boolean;
  /** True when anybody could see the pointer (in a room with others, sharing on). */
  active(): boolean;
  /** Sends one message; false when it was dropped. */
  send(cursor: CursorMessage): boolean;
  /** ~30 Hz by default. */
  intervalMs?: number;
}

export const CURSOR_INTERVAL_MS = 33;

/** Image px with one decimal: plenty for a pointer, and shorter messages. */
const round = (value: number) => Math.round(value * 10) / 10;

export class CursorSender {
  private readonly throttle: Throttle;
  private readonly cleanups: Array<() => void>;
  private latest: Point | null = null;
  /** True after a visible position went out, until `visible: false` follows it. */
  private shownRemotely = false;
  private sentCount = 0;

  constructor(private readonly options: CursorSenderOptions) {
    this.throttle = new Throttle(options.intervalMs ?? CURSOR_INTERVAL_MS, () => this.flush());
    this.cleanups = [
      listen(options.stage, 'pointermove', (event) => {
        this.latest = { x: event.clientX, y: event.clientY };
        if (this.options.active()) this.throttle.push();
      }),
      listen(options.stage, 'pointerleave', () => this.hide()),
    ];
  }

  /** Messages sent so far (for diagnostics and tests). */
  get sent(): number {
    return this.sentCount;
  }

  /**
   * Re-sends the pointer where it is (the frame under it changed, e.g. a step while paused),
   * so the others do not see it marked as aimed at the previous frame.
   */
  refresh(): void {
    if (this.latest && this.shownRemotely && this.options.active()) this.throttle.push();
  }

  /** Tells the others the pointer is gone (left the stage, or sharing was turned off). */
  hide(): void {
    this.latest = null;
    this.throttle.cancel();
    if (!this.shownRemotely) return;
    this.shownRemotely = false;
    if (!this.options.active()) return;
    this.transmit({ x: 0, y: 0, frame: this.options.frame(), visible: false });
  }

  dispose(): void {
    this.hide();
    this.throttle.dispose();
    for (const cleanup of this.cleanups) cleanup();
  }

  private flush(): void {
    const client = this.latest;
    if (!client || !this.options.active()) return;
    const image = this.options.clientToImage(client);
    if (!Number.isFinite(image.x) || !Number.isFinite(image.y)) return;
    const sent = this.transmit({
      x: round(image.x),
      y: round(image.y),
      frame: this.options.frame(),
      visible: true,
      ...(this.options.laser?.() ? { laser: true } : {}),
      ...(this.options.probe?.() ? { probe: true } : {}),
    });
    if (sent) this.shownRemotely = true;
  }

  private transmit(cursor: CursorMessage): boolean {
    const sent = this.options.send(cursor);
    if (sent) this.sentCount += 1;
    return sent;
  }
}
