// makeThumbnail: a JPEG of one picture of the file, at most 320 px wide, for the library panel.
import { stat } from 'node:fs/promises';
import { MediaToolError } from './errors';
import { inputArgs } from './inputs';
import { writeAtomically } from './output';
import type { ProbeResult } from './probe';
import { runTool, transcodeFailure } from './run';
import { defaultToolPaths, type MediaToolPaths } from './tools';

export interface ThumbnailOptions {
  signal?: AbortSignal;
  /** Default 30 s. */
  timeoutMs?: number;
  tools?: MediaToolPaths;
}

export const THUMBNAIL_MAX_WIDTH = 320;
const THUMBNAIL_TIMEOUT_MS = 30_000;
/** The picture a tenth into the shot: past a slate or a fade from black, still the shot's start. */
const THUMBNAIL_AT = 0.1;

export async function makeThumbnail(
  input: string,
  output: string,
  probe: ProbeResult,
  options: ThumbnailOptions = {},
): Promise<void> {
  const tools = options.tools ?? defaultToolPaths();
  const atS = probe.kind === 'video' ? Math.floor(probe.frames * THUMBNAIL_AT) / probe.fps : 0;
  await writeAtomically(
    output,
    async (temp) => {
      const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'];
      if (atS > 0) args.push('-ss', atS.toFixed(3));
      args.push(...inputArgs(input), '-map', '0:v:0', '-frames:v', '1');
      // Never wider than the original or THUMBNAIL_MAX_WIDTH; an even height keeps JPEG 4:2:0 happy.
      args.push('-vf', `scale='min(${THUMBNAIL_MAX_WIDTH},iw)':-2:flags=bicubic`);
      args.push('-pix_fmt', 'yuvj420p', '-q:v', '4', '-f', 'image2', '-c:v', 'mjpeg', temp);
      const result = await runTool(tools.ffmpeg, args, {
        timeoutMs: options.timeoutMs ?? THUMBNAIL_TIMEOUT_MS,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (result.exitCode !== 0) {
        throw transcodeFailure('the thumbnail', result.stderrTail);
      }
    },
    async (temp) => {
      // ffmpeg exits 0 with an empty file when the seek lands past the last picture.
      if ((await stat(temp)).size === 0) {
        throw new MediaToolError('TRANSCODE_FAILED', 'ffmpeg found no picture for the thumbnail.');
      }
    },
  );
}
