// Volume and mute follow the room while the optional 'audio' sync category is on: local changes
// go out throttled through the shared Outbox, the room's changes come in under an echo guard. Our own changes echo back
// from the server in order; while some are still on their way, older room states are not
// applied (they would drag a moving volume slider back).
import type { AudioState } from '../../protocol/index';
import type { SyncSettings } from '../../network/types';
import { Outbox } from '../../network/Outbox';
import { realTimers, type Timers } from '../../network/timers';

/** The Playback's audio half (Playback satisfies it). */
export interface AudioTarget {
  readonly volume: number;
  readonly muted: boolean;
  setVolume(volume: number): void;
  setMuted(muted: boolean): void;
  on(event: 'volumeChanged', listener: (volume: number) => void): () => void;
  on(event: 'mutedChanged', listener: (muted: boolean) => void): () => void;
}

/** The NetworkSyncManager's audio API (it satisfies it). */
export interface AudioRoom {
  readonly settings: SyncSettings;
  /** The sent message's id, or null when nothing went out. */
  sendAudio(audio: AudioState): string | null;
  on(event: 'audioChanged', listener: (audio: AudioState) => void): () => void;
}

export interface AudioSyncOptions {
  /** Throttle of local changes (a volume drag sends its first and last value). Default 100 ms. */
  intervalMs?: number;
  /** After this long an unanswered change stops holding back the room's state. Default 3 s. */
  echoTimeoutMs?: number;
  timers?: Timers;
}

const sameAudio = (a: AudioState, b: AudioState) => a.volume === b.volume && a.muted === b.muted;

export class AudioSyncBinding {
  private applying = false;
  private lastSent: AudioState | null = null;
  /**
   * Local changes on their way (one key: the room has one audio state). The queued one is the
   * latest value; those in flight are our sends whose echo has not come back yet, oldest first.
   */
  private readonly outbox: Outbox<'audio', AudioState>;
  private readonly cleanups: Array<() => void>;
  private readonly echoTimeoutMs: number;
  private readonly timers: Timers;

  constructor(
    private readonly session: AudioTarget,
    private readonly room: AudioRoom,
    options: AudioSyncOptions = {},
  ) {
    this.echoTimeoutMs = options.echoTimeoutMs ?? 3000;
    this.timers = options.timers ?? realTimers;
    this.outbox = new Outbox<'audio', AudioState>({
      send: (entry) => this.send(entry.value),
      throttleMs: options.intervalMs ?? 100,
      timers: this.timers,
    });
    const local = () => {
      if (!this.applying && this.room.settings.audio) this.outbox.put('audio', this.local);
    };
    this.cleanups = [
      session.on('volumeChanged', local),
      session.on('mutedChanged', local),
      room.on('audioChanged', (audio) => this.receive(audio)),
    ];
  }

  dispose(): void {
    this.outbox.dispose();
    for (const cleanup of this.cleanups) cleanup();
  }

  private get local(): AudioState {
    return { volume: this.session.volume, muted: this.session.muted };
  }

  /** The outbox's send: the message id for an echo to settle, or null when nothing goes out. */
  private send(audio: AudioState): string | null {
    const skip =
      !this.room.settings.audio || (this.lastSent !== null && sameAudio(audio, this.lastSent));
    // Dropped when offline, outside a room or as a viewer: nothing is queued.
    const id = skip ? null : this.room.sendAudio(audio);
    if (id === null) {
      this.outbox.drop((entry) => entry.messageId === null && entry.value === audio);
      return null;
    }
    this.lastSent = audio;
    return id;
  }

  private receive(audio: AudioState): void {
    const now = this.timers.now();
    this.outbox.drop(
      (entry) => entry.messageId !== null && now - entry.sentAt > this.echoTimeoutMs,
    );
    const oldest = this.outbox.entries()[0];
    if (oldest?.messageId && sameAudio(oldest.value, audio)) this.outbox.settle(oldest.messageId);
    // Newer local values are queued or on their way: they will be the room's state.
    if (this.outbox.pendingCount > 0) return;
    this.lastSent = { ...audio };
    if (sameAudio(audio, this.local)) return;
    this.applying = true;
    try {
      this.session.setVolume(audio.volume);
      this.session.setMuted(audio.muted);
    } finally {
      this.applying = false;
    }
  }
}
