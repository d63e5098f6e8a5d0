// A separate audio file (WAV, AAC, MP3, FLAC, Ogg/Opus) opened for playing beside the picture,
// and the mapping from picture frames to its time (and to the media's own audio with a slip).
import {
  ALL_FORMATS,
  AudioBufferSink,
  BlobSource,
  Input,
  UrlSource,
  type Source,
} from 'mediabunny';
import { MediaError } from '../media/MediaError';
import type { MediaAudio, MediaSource, TimedAudioBuffer } from '../media/types';

/** Extensions accepted as a soundtrack (for a file picker's `accept`). */
export const SOUNDTRACK_EXTENSIONS = ['wav', 'aac', 'm4a', 'mp3', 'flac', 'ogg', 'opus'] as const;
export const SOUNDTRACK_ACCEPT = SOUNDTRACK_EXTENSIONS.map((ext) => `.${ext}`).join(',');

/** An opened soundtrack: its decoded sound on its own timeline (0 = its first sample). */
export interface OpenedSoundtrack {
  readonly name: string;
  readonly sampleRate: number;
  readonly channels: number;
  readonly durationS: number;
  buffers(startSeconds: number): AsyncGenerator<TimedAudioBuffer, void, unknown>;
  dispose(): void;
}

/** Opens a soundtrack from a local file or a URL (the room library's item); clear errors. */
export async function openSoundtrack(name: string, from: Blob | string): Promise<OpenedSoundtrack> {
  const source: Source = typeof from === 'string' ? new UrlSource(from) : new BlobSource(from);
  const input = new Input({ source, formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryAudioTrack().catch(() => null);
    if (!track)
      throw new MediaError(
        'DECODE_FAILED',
        `${name} has no audio ReelSync can read: use a WAV, AAC, MP3 or FLAC file.`,
      );
    if (!(await track.canDecode().catch(() => false))) {
      const codec = (await track.getCodecParameterString().catch(() => null)) ?? track.codec;
      throw new MediaError(
        'UNSUPPORTED_CODEC',
        `This browser cannot decode the audio of ${name} (${codec ?? 'unknown codec'}); convert it to WAV or MP3 (e.g. ffmpeg -i ${name} out.wav).`,
      );
    }
    const durationS = await track.computeDuration();
    const sink = new AudioBufferSink(track);
    // Decode the first buffer now: a damaged file fails here, not later while playing.
    const first = await sink.getBuffer(await track.getFirstTimestamp());
    if (!first && durationS <= 0)
      throw new MediaError('DECODE_FAILED', `${name} contains no sound.`);
    return {
      name,
      sampleRate: track.sampleRate,
      channels: track.numberOfChannels,
      durationS,
      async *buffers(startSeconds: number) {
        for await (const wrapped of sink.buffers(Math.max(0, startSeconds))) {
          yield { buffer: wrapped.buffer, timestamp: wrapped.timestamp };
        }
      },
      dispose: () => input.dispose(),
    };
  } catch (error) {
    input.dispose();
    if (error instanceof MediaError) throw error;
    throw new MediaError(
      'DECODE_FAILED',
      `${name} could not be decoded as audio (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}

/**
 * Seconds from the start of the media's first frame to a frame position (possibly fractional):
 * the video's own frame times (which may not start at 0), else frame count / fps.
 */
export function pictureTimeOfFrame(media: MediaSource, position: number): number {
  const { frameStart, fps } = media.info;
  if (media.audio) return media.audio.timeOfFrame(position) - media.audio.timeOfFrame(frameStart);
  return (position - frameStart) / fps;
}

/** The media's own sound heard `slipS` later than the picture (negative: earlier). */
export function slippedAudio(own: MediaAudio, slipS: number): MediaAudio {
  return {
    ...(own.sampleRate ? { sampleRate: own.sampleRate } : {}),
    timeOfFrame: (position) => own.timeOfFrame(position) - slipS,
    buffers: (start) => own.buffers(start),
  };
}

/** A soundtrack whose first sample plays `offsetS` after the start of the media's first frame. */
export function soundtrackAudio(
  media: MediaSource,
  soundtrack: Pick<OpenedSoundtrack, 'buffers' | 'sampleRate'>,
  offsetS: number,
): MediaAudio {
  return {
    sampleRate: soundtrack.sampleRate,
    timeOfFrame: (position) => pictureTimeOfFrame(media, position) - offsetS,
    buffers: (start) => soundtrack.buffers(start),
  };
}
