// One room-wide setting object shared through a sync category (compare, stereo): local changes go
// out throttled through the shared Outbox, the room's changes come in under an echo guard. While
// our own changes are on their way back, older room states are not applied (a wipe drag would be
// dragged back); after a few seconds without an echo a change stops holding the room back.
import { Outbox } from '../../network/Outbox';
import { realTimers, type Timers } from '../../network/timers';

export interface SettingSyncOptions<T> {
  /** Sends the value; the message id, or null when it cannot go out (off, offline, a viewer). */
  send(value: T): string | null;
  /** Applies the room's value locally (never sent back). */
  apply(value: T): void;
  /** The value shown now. */
  current(): T;
  same(a: T, b: T): boolean;
  /** Throttle of local changes (a drag sends its first and last value). Default 50 ms. */
  throttleMs?: number;
  /** After this long an unanswered change stops holding back the room's state. Default 3 s. */
  echoTimeoutMs?: number;
  timers?: Timers;
}

export class SettingSync<T> {
  private applying = false;
  private lastSent: T | null = null;
  private readonly outbox: Outbox<'value', T>;
  private readonly timers: Timers;
  private readonly echoTimeoutMs: number;

  constructor(private readonly options: SettingSyncOptions<T>) {
    this.timers = options.timers ?? realTimers;
    this.echoTimeoutMs = options.echoTimeoutMs ?? 3000;
    this.outbox = new Outbox<'value', T>({
      send: (entry) => this.send(entry.value),
      throttleMs: options.throttleMs ?? 50,
      timers: this.timers,
    });
  }

  /** True while a change being applied came from the room. */
  get applyingRemote(): boolean {
    return this.applying;
  }

  /** A local change (ignored while the room's is being applied). */
  changed(): void {
    if (this.applying) return;
    this.outbox.put('value', this.options.current());
  }

  /** The room's value arrived (its echo of ours, or someone else's). */
  receive(value: T): void {
    const now = this.timers.now();
    this.outbox.drop(
      (entry) => entry.messageId !== null && now - entry.sentAt > this.echoTimeoutMs,
    );
    const oldest = this.outbox.entries()[0];
    if (oldest?.messageId && this.options.same(oldest.value, value))
      this.outbox.settle(oldest.messageId);
    if (this.outbox.pendingCount > 0) return;
    this.lastSent = value;
    if (this.options.same(value, this.options.current())) return;
    this.applying = true;
    try {
      this.options.apply(value);
    } finally {
      this.applying = false;
    }
  }

  dispose(): void {
    this.outbox.dispose();
  }

  private send(value: T): string | null {
    const skip = this.lastSent !== null && this.options.same(value, this.lastSent);
    const id = skip ? null : this.options.send(value);
    if (id === null) {
      this.outbox.drop((entry) => entry.messageId === null && entry.value === value);
      return null;
    }
    this.lastSent = value;
    return id;
  }
}
