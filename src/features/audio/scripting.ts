// window.reelsync.audio (docs/scripting.md): the audio review settings of the media on screen,
// soundtracks, and a tap on what the player sends to the speakers. Set by the audio feature's mount.
import type { Playback } from '../../core/playback/Playback';
import type { MediaAudioSettings } from '../../protocol/index';
import { captureOutput } from './capture';
import type { AudioEngine } from './engine';
import type { AudioReviewModel, OffsetUnit } from './model';

export interface AudioScripting {
  /** Slip and soundtrack of the media on screen (a copy). */
  settings(): MediaAudioSettings;
  /** The panel's current message (a refusal or a notice), or null. */
  message(): { kind: 'error' | 'notice'; text: string } | null;
  /** True when the soundtrack the settings name is loaded and playing with the picture. */
  soundtrackReady(): boolean;
  /** Sets the slip of the media's own sound; false when refused (message() says why). */
  setSlip(value: number, unit?: OffsetUnit): boolean;
  /** Sets the soundtrack's offset; false when refused. */
  setSoundtrackOffset(value: number, unit?: OffsetUnit): boolean;
  /** Attaches a sound file as the soundtrack; false when refused (undecodable, no media). */
  attachSoundtrack(file: File): Promise<boolean>;
  removeSoundtrack(): void;
  /** Records `ms` of the player's output (mono mix, after volume and mute). */
  capture(ms: number): Promise<{ sampleRate: number; samples: number[] }>;
  /** Opens or closes the audio panel. */
  openPanel(open: boolean): void;
}

export interface AudioScriptingDeps {
  engine: AudioEngine;
  model: AudioReviewModel;
  session: Playback;
  mediaKey(): string | null;
  setOffset(which: 'slip' | 'soundtrack', text: string, unit: OffsetUnit): boolean;
  attach(file: File): Promise<boolean>;
  message(): { kind: 'error' | 'notice'; text: string } | null;
  open(open: boolean): void;
}

export function audioScripting(deps: AudioScriptingDeps): AudioScripting {
  const settings = () => structuredClone(deps.model.settings(deps.mediaKey()));
  return {
    settings,
    message: () => deps.message(),
    soundtrackReady: () => {
      const wanted = settings().soundtrack;
      return Boolean(wanted && deps.engine.currentSoundtrack?.id === wanted.id);
    },
    setSlip: (value, unit = 'ms') => deps.setOffset('slip', String(value), unit),
    setSoundtrackOffset: (value, unit = 'ms') => deps.setOffset('soundtrack', String(value), unit),
    attachSoundtrack: (file) => deps.attach(file),
    removeSoundtrack: () => {
      const key = deps.mediaKey();
      if (key) deps.model.update(key, { soundtrack: null });
    },
    capture: async (ms) => {
      const out = deps.engine.output();
      if (!out) throw new Error('audio output is not available');
      const { sampleRate, samples } = await captureOutput(out, ms);
      return { sampleRate, samples: Array.from(samples) };
    },
    openPanel: (open) => deps.open(open),
  };
}
