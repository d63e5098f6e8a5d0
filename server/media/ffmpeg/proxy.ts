// makeProxy: the browser proxy of a file browsers cannot decode: H.264 yuv420p MP4 with the same
// frames (count, rate, first frame, start timecode), a keyframe every 12 frames for fast
// scrubbing, AAC audio, and the index at the front (+faststart) so playback starts before the
// whole file has arrived. The result is probed and compared with the original before it is named.
import { MediaToolError } from './errors';
import { inputArgs } from './inputs';
import { writeAtomically } from './output';
import { probeMedia, type ProbeResult } from './probe';
import { ProgressReader } from './progress';
import { runTool, transcodeFailure } from './run';
import { defaultToolPaths, type MediaToolPaths } from './tools';

export interface ProxyOptions {
  /** Fraction 0..1 of the frames written (reported in steps; 1 once the proxy is in place). */
  onProgress?: (fraction: number) => void;
  /** Aborting kills ffmpeg and rejects with ABORTED. */
  signal?: AbortSignal;
  /** Total time limit (default 10 min + 10 × the clip's duration). */
  timeoutMs?: number;
  /** Kill ffmpeg when no frame was written for this long (default 60 s). */
  stallMs?: number;
  tools?: MediaToolPaths;
}

/** Keyframe interval: any frame decodes from at most 11 others. */
export const PROXY_GOP = 12;
const DEFAULT_STALL_MS = 60_000;
/** Proxy quality: visually clean at review sizes while about 10× smaller than ProRes HQ. */
const PROXY_CRF = '18';

/** Makes `output` (MP4) from `input`; `probe` is probeMedia(input). */
export async function makeProxy(
  input: string,
  output: string,
  probe: ProbeResult,
  options: ProxyOptions = {},
): Promise<void> {
  if (probe.kind !== 'video') {
    throw new MediaToolError('TRANSCODE_FAILED', 'A still picture needs no video proxy.');
  }
  const tools = options.tools ?? defaultToolPaths();
  const timeoutMs = options.timeoutMs ?? 600_000 + probe.durationS * 10_000;
  const progress = new ProgressReader(probe.frames, options.onProgress);
  await writeAtomically(
    output,
    async (temp) => {
      const result = await runTool(tools.ffmpeg, proxyArgs(input, temp, probe), {
        timeoutMs,
        stallMs: options.stallMs ?? DEFAULT_STALL_MS,
        isProgress: (line) => progress.readLine(line),
        maxStdoutBytes: 0,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (result.exitCode !== 0) {
        throw transcodeFailure('the browser proxy', result.stderrTail);
      }
    },
    (temp) => checkProxy(temp, probe, tools),
  );
  options.onProgress?.(1);
}

/** The ffmpeg command line (exported for the docs' and the tests' sake). */
export function proxyArgs(input: string, output: string, probe: ProbeResult): string[] {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-y'];
  args.push('-progress', 'pipe:1', '-stats_period', '0.5', ...inputArgs(input));
  args.push('-map', '0:v:0', '-map', '0:a:0?', '-map_metadata', '-1', '-map_chapters', '-1');
  // Every input frame becomes one output frame with its own timestamp: no frame dropped or doubled.
  args.push('-fps_mode', 'passthrough');
  // yuv420p needs even sizes; an odd last row or column is cropped rather than the picture scaled.
  if (probe.width % 2 !== 0 || probe.height % 2 !== 0) {
    args.push('-vf', 'crop=trunc(iw/2)*2:trunc(ih/2)*2:0:0');
  }
  args.push('-c:v', 'libx264', '-preset', 'veryfast', '-crf', PROXY_CRF, '-pix_fmt', 'yuv420p');
  // Closed GOPs of PROXY_GOP frames, no B-frames: no edit list shifting the first frame, and a
  // seek decodes at most PROXY_GOP - 1 frames before the one asked for.
  args.push('-g', String(PROXY_GOP), '-keyint_min', String(PROXY_GOP), '-sc_threshold', '0');
  args.push('-bf', '0', '-profile:v', 'high');
  args.push('-c:a', 'aac', '-b:a', '192k', '-ac', '2');
  if (probe.startTimecode) args.push('-timecode', probe.startTimecode);
  args.push('-movflags', '+faststart', '-f', 'mp4', output);
  return args;
}

/** Refuses a proxy whose frames do not line up with the original's. */
async function checkProxy(
  file: string,
  original: ProbeResult,
  tools: MediaToolPaths,
): Promise<void> {
  const proxy = await probeMedia(file, { tools });
  const problems: string[] = [];
  if (proxy.frames !== original.frames) {
    problems.push(`${proxy.frames} frames instead of ${original.frames}`);
  }
  if (Math.abs(proxy.fps - original.fps) > 1e-3) {
    problems.push(`${proxy.fps.toFixed(3)} fps instead of ${original.fps.toFixed(3)}`);
  }
  if (proxy.startTimecode !== original.startTimecode) {
    problems.push(
      `start timecode ${proxy.startTimecode ?? 'none'} instead of ${original.startTimecode ?? 'none'}`,
    );
  }
  if (problems.length > 0) {
    throw new MediaToolError(
      'TRANSCODE_FAILED',
      `The proxy does not match the original (${problems.join(', ')}); the original may be damaged.`,
    );
  }
}
