// Audio review settings per media: the slip of the media's own sound and an attached soundtrack
// with its offset. Kept per media key (the media's fingerprint); while the Audio sync category
// sends, a change goes to the room; while it accepts, the room's settings replace the local ones.
import type { MediaAudioSettings, Soundtrack } from '../../protocol/index';
import { EventEmitter } from '../../utils/EventEmitter';

export type OffsetUnit = 'frames' | 'ms';

export const NO_AUDIO_SETTINGS: Readonly<MediaAudioSettings> = Object.freeze({ slipMs: 0 });

/** The NetworkSyncManager's part used here (it satisfies it). */
export interface AudioTrackRoom {
  /** The message id, or null when nothing went out (category off, viewer, offline). */
  sendAudioTrack(media: string, settings: MediaAudioSettings | null): string | null;
}

export class AudioReviewModel extends EventEmitter<{ changed: string | null }> {
  private readonly tracks = new Map<string, MediaAudioSettings>();

  constructor(private readonly room: AudioTrackRoom) {
    super();
  }

  settings(media: string | null): MediaAudioSettings {
    return (media && this.tracks.get(media)) || NO_AUDIO_SETTINGS;
  }

  /** Sets one media's slip and soundtrack, here and (Audio category sending) in the room. */
  update(media: string, patch: { slipMs?: number; soundtrack?: Soundtrack | null }): void {
    const before = this.settings(media);
    const soundtrack = patch.soundtrack === undefined ? before.soundtrack : patch.soundtrack;
    const next: MediaAudioSettings = {
      slipMs: patch.slipMs ?? before.slipMs,
      ...(soundtrack ? { soundtrack: { ...soundtrack } } : {}),
    };
    const empty = next.slipMs === 0 && !next.soundtrack;
    if (empty) this.tracks.delete(media);
    else this.tracks.set(media, next);
    this.room.sendAudioTrack(media, empty ? null : next);
    this.emit('changed', media);
  }

  /** The room's settings (the Audio category accepts): they replace this page's. */
  applyRoom(tracks: Readonly<Record<string, MediaAudioSettings>>): void {
    this.tracks.clear();
    for (const [media, settings] of Object.entries(tracks)) this.tracks.set(media, settings);
    this.emit('changed', null);
  }
}

/** Parses an offset typed in frames (may be fractional) or ms; ms, or a message saying why not. */
export function parseOffset(
  text: string,
  unit: OffsetUnit,
  fps: number,
): { ms: number } | { error: string } {
  const trimmed = text.trim().replace(/^\+/, '');
  const value = trimmed === '' ? 0 : Number(trimmed);
  if (!Number.isFinite(value))
    return { error: `“${text}” is not a number of ${unit}: type e.g. 2, -1.5 or 0.` };
  const ms = unit === 'ms' ? value : (value * 1000) / fps;
  return { ms: Math.round(ms * 1000) / 1000 };
}

/** An offset in the unit shown (frames rounded to 1/100). */
export function formatOffset(ms: number, unit: OffsetUnit, fps: number): string {
  const value = unit === 'ms' ? ms : (ms * fps) / 1000;
  return String(Math.round(value * 100) / 100);
}

/**
 * Why a slip (the media's own sound moved by `slipMs`) hears nothing of the picture, or null.
 * `pictureS`: the picture's length in seconds.
 */
export function slipProblem(slipMs: number, pictureS: number, mediaName: string): string | null {
  if (Math.abs(slipMs) < pictureS * 1000) return null;
  const limit = (pictureS * 1000).toFixed(0);
  return `A slip of ${slipMs} ms moves the sound of ${mediaName} past its ${pictureS.toFixed(2)} s picture: nothing would be heard. Use a slip between −${limit} and ${limit} ms.`;
}

/** Why a soundtrack at `offsetMs` never overlaps the picture, or null. */
export function soundtrackProblem(
  offsetMs: number,
  soundS: number,
  pictureS: number,
  names: { sound: string; media: string },
): string | null {
  const startS = offsetMs / 1000;
  if (startS < pictureS && startS + soundS > 0) return null;
  return `With an offset of ${offsetMs} ms, ${names.sound} (${soundS.toFixed(2)} s) plays entirely outside ${names.media} (${pictureS.toFixed(2)} s): nothing would be heard. Use an offset between −${(soundS * 1000).toFixed(0)} and ${(pictureS * 1000).toFixed(0)} ms.`;
}

/** The notice for a soundtrack whose sample rate differs from the media's sound, or null. */
export function sampleRateNotice(
  soundRate: number,
  mediaRate: number | null,
  names: { sound: string; media: string },
): string | null {
  if (!mediaRate || soundRate === mediaRate) return null;
  const khz = (rate: number) => `${(rate / 1000).toFixed(1).replace(/\.0$/, '')} kHz`;
  return `${names.sound} is ${khz(soundRate)} but the sound of ${names.media} is ${khz(mediaRate)}: it is resampled to play in sync (timing is kept); conform it to ${khz(mediaRate)} for delivery.`;
}
