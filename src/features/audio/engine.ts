// The player's sound: AudioPlayback (forward 1x) and AudioGrains (steps, scrubbing, other
// speeds) play the program chosen here: an attached soundtrack at its offset, else the media's
// own sound moved by its slip.
import { AudioGrains, type AudioOut, type AudioProgram } from '../../core/audio/AudioGrains';
import { PcmBlockCache } from '../../core/audio/pcmBlocks';
import { slippedAudio, soundtrackAudio, type OpenedSoundtrack } from '../../core/audio/soundtrack';
import { AudioPlayback } from '../../core/media/AudioPlayback';
import type { MediaSource } from '../../core/media/types';
import type { Playback } from '../../core/playback/Playback';
import type { MediaAudioSettings } from '../../protocol/index';

export interface LoadedSoundtrack {
  /** The room library id (SHA-256) it was opened for. */
  readonly id: string;
  readonly opened: OpenedSoundtrack;
}

export class AudioEngine {
  private readonly playback: AudioPlayback;
  private readonly grains: AudioGrains;
  private soundtrack: { loaded: LoadedSoundtrack; blocks: PcmBlockCache } | null = null;
  private mediaBlocks: { media: MediaSource; blocks: PcmBlockCache } | null = null;

  constructor(
    private readonly session: Playback,
    private readonly settings: () => MediaAudioSettings,
    onError: (error: unknown) => void,
  ) {
    this.playback = new AudioPlayback(session, {
      audio: () => this.program()?.audio ?? null,
      onError,
    });
    this.grains = new AudioGrains(session, {
      output: () => this.output(),
      program: () => this.program(),
      onError,
    });
  }

  /** The soundtrack in use (null: the media's own sound). */
  get currentSoundtrack(): LoadedSoundtrack | null {
    return this.soundtrack?.loaded ?? null;
  }

  output(): AudioOut | null {
    return this.playback.output();
  }

  /** Sets the opened soundtrack (null: none); the previous one is closed. */
  setSoundtrack(loaded: LoadedSoundtrack | null): void {
    if (this.soundtrack?.loaded === loaded) return;
    this.soundtrack?.loaded.opened.dispose();
    this.soundtrack = loaded ? { loaded, blocks: new PcmBlockCache(loaded.opened) } : null;
    this.refresh();
  }

  /** The settings or the soundtrack changed: the sound is lined up again. */
  refresh(): void {
    this.playback.refresh();
    this.grains.refresh();
  }

  /** What plays with the picture now, or null (no media, no sound, soundtrack still loading). */
  program(): AudioProgram | null {
    const media = this.session.media;
    if (!media) return null;
    const settings = this.settings();
    if (settings.soundtrack) {
      const current = this.soundtrack;
      // Until the attached soundtrack is ready nothing plays: the media's own sound would mislead.
      if (!current || current.loaded.id !== settings.soundtrack.id) return null;
      return {
        audio: soundtrackAudio(media, current.loaded.opened, settings.soundtrack.offsetMs / 1000),
        blocks: current.blocks,
      };
    }
    const own = media.info.hasAudio ? media.audio : null;
    if (!own) return null;
    if (this.mediaBlocks?.media !== media)
      this.mediaBlocks = { media, blocks: new PcmBlockCache(own) };
    return {
      audio: slippedAudio(own, settings.slipMs / 1000),
      blocks: this.mediaBlocks.blocks,
    };
  }

  dispose(): void {
    this.grains.dispose();
    this.playback.dispose();
    this.soundtrack?.loaded.opened.dispose();
    this.soundtrack = null;
  }
}
