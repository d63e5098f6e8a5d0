// Volume and mute follow the room while the optional 'audio' sync category is on: local changes
// go out throttled, the room's changes come in under an echo guard. Our own changes echo back
// from the server in order; while some are still on their way, older room states are not
// applied (they would drag a moving volume slider back).
import type { AudioState } from '../../protocol/index';
import type { SyncSettings } from '../../network/types';
import { Throttle } from '../../network/Throttle';

/** The Session's audio half (Session satisfies it). */
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
  sendAudio(audio: AudioState): boolean;
  on(event: 'audioChanged', listener: (audio: AudioState) => void): () => void;
}

export interface AudioSyncOptions {
  /** Throttle of local changes (a volume drag sends its first and last value). Default 100 ms. */
  intervalMs?: number;
  /** After this long an unanswered change stops holding back the room's state. Default 3 s. */
  echoTimeoutMs?: number;
  now?: () => number;
}

const sameAudio = (a: AudioState, b: AudioState) => a.volume === b.volume && a.muted === b.muted;

export class AudioSyncBinding {
  private applying = false;
  private lastSent: AudioState | null = null;
  /** Our sends whose echo has not come back yet, oldest first. */
  private readonly outstanding: Array<{ audio: AudioState; at: number }> = [];
  private readonly throttle: Throttle;
  private readonly cleanups: Array<() => void>;
  private readonly echoTimeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly session: AudioTarget,
    private readonly room: AudioRoom,
    options: AudioSyncOptions = {},
  ) {
    this.echoTimeoutMs = options.echoTimeoutMs ?? 3000;
    this.now = options.now ?? (() => Date.now());
    this.throttle = new Throttle(options.intervalMs ?? 100, () => this.flush());
    const local = () => {
      if (!this.applying && this.room.settings.audio) this.throttle.push();
    };
    this.cleanups = [
      session.on('volumeChanged', local),
      session.on('mutedChanged', local),
      room.on('audioChanged', (audio) => this.receive(audio)),
    ];
  }

  dispose(): void {
    this.throttle.dispose();
    for (const cleanup of this.cleanups) cleanup();
  }

  private get local(): AudioState {
    return { volume: this.session.volume, muted: this.session.muted };
  }

  private flush(): void {
    if (!this.room.settings.audio) return;
    const audio = this.local;
    if (this.lastSent && sameAudio(audio, this.lastSent)) return;
    // Dropped when offline, outside a room or as a viewer: nothing is queued.
    if (!this.room.sendAudio(audio)) return;
    this.lastSent = audio;
    this.outstanding.push({ audio, at: this.now() });
  }

  private receive(audio: AudioState): void {
    const now = this.now();
    while (this.outstanding.length > 0 && now - this.outstanding[0]!.at > this.echoTimeoutMs)
      this.outstanding.shift();
    const oldest = this.outstanding[0];
    if (oldest && sameAudio(oldest.audio, audio)) this.outstanding.shift();
    // Newer local values are queued or on their way: they will be the room's state.
    if (this.outstanding.length > 0 || this.throttle.pending) return;
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
