// The contract between media sources (demo clip, video, image sequences) and the player.
import type { FloatImage } from './images/floatImage';
import type { Packed10Image } from './images/packedImage';

/**
 * A decoded picture: anything WebGL2 can upload as an 8-bit texture (sRGB-encoded), a
 * scene-linear float picture (OpenEXR, DPX) uploaded as RGBA16F/32F, or 10-bit DPX words the
 * viewer unpacks into RGBA16F while it uploads them.
 */
export type FrameImage = TexImageSource | FloatImage | Packed10Image;

export type MediaKind = 'demo' | 'video' | 'images';

/** What identifies a piece of media; later carried by the room so peers can compare. */
export interface MediaInfo {
  kind: MediaKind;
  name: string;
  /** First and last frame numbers, inclusive (RV convention: first frame 1 unless the media says otherwise). */
  frameStart: number;
  frameEnd: number;
  fps: number;
  /**
   * Timecode of `frameStart` as frames since 00:00:00:00: a video's embedded start timecode
   * (MP4/MOV tmcd track), a numbered sequence's first frame number; absent = 00:00:00:00.
   */
  timecodeStart?: number;
  /** Frame ranges (inclusive) with no image: the gaps of a numbered image sequence. */
  missingFrames?: ReadonlyArray<{ start: number; end: number }>;
  width: number;
  height: number;
  /**
   * Pixel aspect ratio the file declares (EXR pixelAspectRatio, DPX header); absent = square.
   * A video's sample aspect ratio is applied by the browser's decoder (its width is the display
   * width), so videos leave it out.
   */
  pixelAspect?: number;
  /** Size of the source bytes (0 for procedural media). */
  sizeBytes: number;
  /** SHA-256 hex of the source bytes; null until computed (off the main thread). */
  fingerprint: string | null;
  hasAudio: boolean;
  /** The media has sound this browser cannot decode: its codec (the picture plays silently). */
  undecodableAudio?: string;
  /** Streamed over HTTP (a room library item or a media URL), not read from a local file. */
  streamed?: boolean;
}

/** A chunk of decoded audio placed on the media's own timeline. */
export interface TimedAudioBuffer {
  buffer: AudioBuffer;
  /** Media time (seconds) at which the buffer's first sample plays. */
  timestamp: number;
}

/** The audio of a media source, for AudioPlayback. */
export interface MediaAudio {
  /** Samples per second of the decoded sound, when known. */
  readonly sampleRate?: number;
  /** Media time (seconds) at which a frame position (possibly fractional) starts. */
  timeOfFrame(position: number): number;
  /** Decoded audio in presentation order from `startSeconds`; `return()` the iterator to stop. */
  buffers(startSeconds: number): AsyncGenerator<TimedAudioBuffer, void, unknown>;
}

export interface MediaSource {
  readonly info: MediaInfo;
  /** Present when the media has audio (`info.hasAudio`); absent or null otherwise. */
  readonly audio?: MediaAudio | null;
  /** The decoded frame if it is ready now; otherwise null, and decoding of it is scheduled. */
  getFrame(frame: number): FrameImage | null;
  /** Resolves with the frame once decoded (rejects if it cannot be decoded). */
  loadFrame(frame: number): Promise<FrameImage>;
  /** Decode-ahead hint: where the playhead is and which way it is going. */
  setPlayhead(frame: number, direction: 1 | -1, playing: boolean): void;
  /** Resolves with the content fingerprint (also written into `info.fingerprint`). */
  fingerprint(): Promise<string>;
  dispose(): void;
}
