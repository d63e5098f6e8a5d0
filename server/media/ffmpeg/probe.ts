// probeMedia: what a file is (container, codec, size, rate, frame count, start timecode, audio),
// read with `ffprobe -print_format json`; a file ffprobe cannot read is NOT_MEDIA.
import Type, { type Static } from 'typebox';
import Compile from 'typebox/compile';
import { MediaToolError } from './errors';
import { inputArgs } from './inputs';
import { failureReason, runTool } from './run';
import { defaultToolPaths, type MediaToolPaths } from './tools';

export interface ProbeResult {
  /** 'mov', 'mp4', 'webm', 'matroska', 'mxf', 'image', or ffprobe's demuxer name otherwise. */
  container: string;
  /**
   * 'video' for moving pictures, 'image' for a single still, 'audio' for a sound file with no
   * picture (a soundtrack: WAV, AAC, MP3, FLAC; no size, rate or frames).
   */
  kind: 'video' | 'image' | 'audio';
  /** ffprobe's codec name of the picture ('prores', 'h264', 'png', ...), or of the sound for 'audio'. */
  codec: string;
  /** The codec profile when ffprobe names one ('HQ', 'High', 'DNXHR HQ'). */
  profile?: string;
  /** 'yuv420p', 'yuv422p10le', ... */
  pixelFormat: string;
  width: number;
  height: number;
  /** Frames per second (24000/1001 for 23.976); 24 for a still. */
  fps: number;
  frames: number;
  durationS: number;
  /** Number of the first frame: 1, as the player numbers every video (RV convention). */
  startFrame: number;
  /** The embedded start timecode ('01:00:00:00'), from the stream or the tmcd track. */
  startTimecode?: string;
  hasAudio: boolean;
  audioCodec?: string;
}

export interface ProbeOptions {
  /** Kill ffprobe after this long (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  tools?: MediaToolPaths;
}

const PROBE_TIMEOUT_MS = 30_000;
/** A still is shown for one frame at the player's default rate. */
const STILL_FPS = 24;
const VIDEO_START_FRAME = 1;
const WEBM_VIDEO: ReadonlySet<string> = new Set(['vp8', 'vp9', 'av1']);
const WEBM_AUDIO: ReadonlySet<string> = new Set(['opus', 'vorbis']);

const Tags = Type.Optional(Type.Record(Type.String(), Type.String()));
const StreamSchema = Type.Object({
  codec_type: Type.Optional(Type.String()),
  codec_name: Type.Optional(Type.String()),
  codec_tag_string: Type.Optional(Type.String()),
  profile: Type.Optional(Type.String()),
  pix_fmt: Type.Optional(Type.String()),
  width: Type.Optional(Type.Number()),
  height: Type.Optional(Type.Number()),
  r_frame_rate: Type.Optional(Type.String()),
  avg_frame_rate: Type.Optional(Type.String()),
  duration: Type.Optional(Type.String()),
  nb_frames: Type.Optional(Type.String()),
  disposition: Type.Optional(Type.Record(Type.String(), Type.Number())),
  tags: Tags,
});
const ProbeOutputSchema = Type.Object({
  streams: Type.Optional(Type.Array(StreamSchema)),
  format: Type.Optional(
    Type.Object({
      format_name: Type.Optional(Type.String()),
      duration: Type.Optional(Type.String()),
      tags: Tags,
    }),
  ),
});
type ProbeStream = Static<typeof StreamSchema>;
type ProbeOutput = Static<typeof ProbeOutputSchema>;

let validator: ReturnType<typeof Compile<typeof ProbeOutputSchema>> | null = null;

/** Probes `file`; throws MediaToolError NOT_MEDIA, PROBE_FAILED, TOOL_MISSING or TIMED_OUT. */
export async function probeMedia(file: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const tools = options.tools ?? defaultToolPaths();
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams'];
  const result = await runTool(tools.ffprobe, [...args, ...inputArgs(file)], {
    timeoutMs: options.timeoutMs ?? PROBE_TIMEOUT_MS,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (result.exitCode !== 0) throw probeFailure(result.stderrTail);
  let output: unknown;
  try {
    output = JSON.parse(result.stdout);
  } catch {
    throw new MediaToolError('PROBE_FAILED', 'ffprobe gave output that is not JSON.');
  }
  validator ??= Compile(ProbeOutputSchema);
  if (!validator.Check(output)) {
    throw new MediaToolError('PROBE_FAILED', 'ffprobe gave output of an unexpected shape.');
  }
  return describe(output);
}

function probeFailure(stderrTail: string): MediaToolError {
  const reason = failureReason(stderrTail);
  if (/No such file|Permission denied|Is a directory/i.test(reason)) {
    return new MediaToolError(
      'PROBE_FAILED',
      `The file could not be opened: ${reason}.`,
      stderrTail,
    );
  }
  return new MediaToolError(
    'NOT_MEDIA',
    'The file is not a video or image that can be read (wrong format, or cut short).',
    stderrTail,
  );
}

function describe(output: ProbeOutput): ProbeResult {
  const streams = output.streams ?? [];
  const picture = streams.find(
    (s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1 && (s.width ?? 0) > 0,
  );
  const formatName = output.format?.format_name ?? '';
  const sound = streams.find((s) => s.codec_type === 'audio' && s.codec_name);
  if (!picture && sound) return describeSound(output, formatName, sound);
  if (!picture || !picture.codec_name || !picture.width || !picture.height) {
    throw new MediaToolError('NOT_MEDIA', 'The file has no picture (no video stream).');
  }
  const kind = isStillFormat(formatName) ? 'image' : 'video';
  const audio = streams.find((s) => s.codec_type === 'audio');
  const timecode = findTimecode(streams, output.format?.tags);
  const base = {
    container: containerName(formatName, output.format?.tags, kind, picture, audio),
    kind,
    codec: picture.codec_name,
    ...(picture.profile && picture.profile !== 'unknown' ? { profile: picture.profile } : {}),
    pixelFormat: picture.pix_fmt ?? 'unknown',
    width: picture.width,
    height: picture.height,
    startFrame: VIDEO_START_FRAME,
    ...(timecode ? { startTimecode: timecode } : {}),
    hasAudio: audio !== undefined,
    ...(audio?.codec_name ? { audioCodec: audio.codec_name } : {}),
  } as const;
  if (kind === 'image') return { ...base, fps: STILL_FPS, frames: 1, durationS: 1 / STILL_FPS };

  const fps = parseRate(picture.avg_frame_rate) ?? parseRate(picture.r_frame_rate);
  if (!fps) throw new MediaToolError('NOT_MEDIA', 'The video has no frame rate.');
  const durationS =
    parseSeconds(picture.duration) ??
    parseClock(picture.tags?.DURATION) ??
    parseSeconds(output.format?.duration);
  const counted = picture.nb_frames === undefined ? NaN : Number(picture.nb_frames);
  const frames =
    Number.isInteger(counted) && counted > 0
      ? counted
      : durationS !== null
        ? Math.round(durationS * fps)
        : 0;
  if (frames <= 0) throw new MediaToolError('NOT_MEDIA', 'The video has no frames.');
  return { ...base, fps, frames, durationS: durationS ?? frames / fps };
}

/** A sound file with no picture (a soundtrack). */
function describeSound(output: ProbeOutput, formatName: string, sound: ProbeStream): ProbeResult {
  const durationS = parseSeconds(sound.duration) ?? parseSeconds(output.format?.duration) ?? null;
  if (!durationS || durationS <= 0)
    throw new MediaToolError('NOT_MEDIA', 'The sound file has no length (empty or cut short).');
  const codec = sound.codec_name ?? 'unknown';
  return {
    container: formatName.split(',')[0] ?? formatName,
    kind: 'audio',
    codec,
    pixelFormat: 'none',
    width: 0,
    height: 0,
    fps: 0,
    frames: 0,
    durationS,
    startFrame: VIDEO_START_FRAME,
    hasAudio: true,
    audioCodec: codec,
  };
}

function isStillFormat(formatName: string): boolean {
  return formatName === 'image2' || formatName.endsWith('_pipe');
}

function containerName(
  formatName: string,
  tags: Record<string, string> | undefined,
  kind: ProbeResult['kind'],
  picture: ProbeStream,
  audio: ProbeStream | undefined,
): string {
  if (kind === 'image') return 'image';
  if (formatName.startsWith('mov,')) {
    // One demuxer reads both; the major brand tells QuickTime ('qt  ') from MP4.
    return tags?.major_brand?.trim() === 'qt' ? 'mov' : 'mp4';
  }
  if (formatName === 'matroska,webm') {
    // One demuxer reads both; WebM is Matroska limited to these codecs.
    const webm =
      WEBM_VIDEO.has(picture.codec_name ?? '') &&
      (!audio || WEBM_AUDIO.has(audio.codec_name ?? ''));
    return webm ? 'webm' : 'matroska';
  }
  return formatName.split(',')[0] ?? formatName;
}

function findTimecode(
  streams: readonly ProbeStream[],
  formatTags: Record<string, string> | undefined,
): string | undefined {
  const fromVideo = streams.find((s) => s.codec_type === 'video' && s.tags?.timecode)?.tags;
  const fromTrack = streams.find((s) => s.codec_tag_string === 'tmcd' && s.tags?.timecode)?.tags;
  const timecode = fromVideo?.timecode ?? fromTrack?.timecode ?? formatTags?.timecode;
  return timecode && /^\d{2}:\d{2}:\d{2}[:;.]\d{2}$/.test(timecode) ? timecode : undefined;
}

/** "24000/1001" → 23.976…; null for "0/0" or junk. */
function parseRate(rate: string | undefined): number | null {
  if (!rate) return null;
  const [num, den] = rate.split('/').map(Number);
  if (num === undefined || !Number.isFinite(num) || num <= 0) return null;
  const value = den === undefined ? num : num / den;
  return Number.isFinite(value) && value > 0 && value <= 1000 ? value : null;
}

function parseSeconds(value: string | undefined): number | null {
  const seconds = value === undefined ? NaN : Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

/** Matroska's per-stream "HH:MM:SS.nnnnnnnnn" duration tag. */
function parseClock(value: string | undefined): number | null {
  const match = value ? /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value) : null;
  if (!match) return null;
  return parseSeconds(String(Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3])));
}
