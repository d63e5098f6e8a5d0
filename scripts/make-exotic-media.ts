// Generates media browsers cannot decode (ProRes 422 HQ and DNxHR .mov, as dailies arrive) and
// broken inputs, into a given folder, for the proxy tests and the proxy benchmark. Nothing it
// makes is committed: tests call these functions into a temp dir.
//
//   npx tsx scripts/make-exotic-media.ts <folder> [--hd]
//
// Every frame carries the frame-ID strip exactly as scripts/make-test-media.sh draws it
// (docs/demo-clip.md: 16 cells of width/32 px along the bottom-left edge, cell i white when bit
// 15-i of the frame number is set; the first frame is frame 1).
import { execFile } from 'node:child_process';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';

const run = promisify(execFile);

export interface ExoticClipOptions {
  width: number;
  height: number;
  /** Frame rate as ffmpeg reads it: '24', '24000/1001', '25'. */
  rate: string;
  frames: number;
  /** Embedded start timecode (default 01:00:00:00). */
  startTimecode?: string;
  /** A 1 kHz sine in 24-bit PCM, as dailies carry (default true). */
  audio?: boolean;
}

export const SMALL_CLIP: ExoticClipOptions = { width: 320, height: 180, rate: '24', frames: 48 };
export const HD_CLIP: ExoticClipOptions = { width: 1920, height: 1080, rate: '24', frames: 240 };

export const PRORES_HQ = ['-c:v', 'prores_ks', '-profile:v', '3', '-pix_fmt', 'yuv422p10le'];
export const DNXHR_HQ = ['-c:v', 'dnxhd', '-profile:v', 'dnxhr_hq', '-pix_fmt', 'yuv422p'];

/**
 * The frame-ID strip of scripts/make-test-media.sh (`strip_filter`) for frame number N + offset:
 * the same black margin (drawbox), the same 16 cells of width/32 px with the same geq bit
 * expression and levels (16/235, neutral chroma). The shell script runs geq over the whole
 * picture (`if(inside, cell, lum(X,Y))`); here it runs on the strip alone (cropped, then overlaid
 * back), which draws the same pixels and makes 1080p clips about a hundred times faster.
 */
export function stripFilter(offset: number): string {
  // In the cropped strip, W is half the picture width, so a cell (picture width / 32) is W/16.
  const bit = `gt(bitand(N+${offset},pow(2,15-floor(X/(W/16)))),0)`;
  return (
    `drawbox=x=0:y=ih-iw/32-iw/64:w=iw/2+iw/64:h=iw/32+iw/64:color=black:t=fill,split[picture][strip];` +
    `[strip]crop=w=iw/2:h=iw/32:x=0:y=ih-iw/32,format=yuv444p,geq=lum='16+219*${bit}':cb=128:cr=128[cells];` +
    `[picture][cells]overlay=x=0:y=H-h`
  );
}

/** Writes a .mov of testsrc2 with the strip, encoded with `codecArgs` (PRORES_HQ, DNXHR_HQ). */
export async function makeClip(
  file: string,
  codecArgs: readonly string[],
  clip: ExoticClipOptions,
): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  const durationS = clip.frames / rateValue(clip.rate);
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-nostdin',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${clip.width}x${clip.height}:rate=${clip.rate}`,
  ];
  if (clip.audio !== false) {
    args.push('-f', 'lavfi', '-i', `sine=frequency=1000:sample_rate=48000:duration=${durationS}`);
  }
  args.push('-frames:v', String(clip.frames), '-vf', stripFilter(1), ...codecArgs);
  if (clip.audio !== false) args.push('-c:a', 'pcm_s24le');
  args.push('-timecode', clip.startTimecode ?? '01:00:00:00', '-map_metadata', '-1', file);
  await run('ffmpeg', args);
  return file;
}

/** A copy of `source` cut to its first `fraction` (an upload that stopped halfway). */
export async function makeTruncated(source: string, file: string, fraction = 0.5): Promise<string> {
  const bytes = await readFile(source);
  await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return file;
}

/** Text bytes with a .mov name: a lying extension. */
export async function makeNotMedia(file: string): Promise<string> {
  const handle = await open(file, 'w');
  await handle.writeFile('This is a shot list, not a movie.\n'.repeat(200));
  await handle.close();
  return file;
}

export interface ExoticMedia {
  prores: string;
  dnxhr: string;
  truncated: string;
  notMedia: string;
}

/** Makes the full set into `dir`, at `clip` size (SMALL_CLIP for tests, HD_CLIP for benches). */
export async function makeExoticMedia(dir: string, clip = SMALL_CLIP): Promise<ExoticMedia> {
  const tag = `${clip.width}x${clip.height}`;
  const [prores, dnxhr] = await Promise.all([
    makeClip(path.join(dir, `prores-hq-${tag}.mov`), PRORES_HQ, clip),
    makeClip(path.join(dir, `dnxhr-hq-${tag}.mov`), DNXHR_HQ, clip),
  ]);
  const truncated = await makeTruncated(prores, path.join(dir, `truncated-${tag}.mov`));
  const notMedia = await makeNotMedia(path.join(dir, 'not-media.mov'));
  return { prores, dnxhr, truncated, notMedia };
}

function rateValue(rate: string): number {
  const [num, den] = rate.split('/').map(Number);
  return (num ?? 24) / (den ?? 1);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { hd: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const dir = positionals[0];
  if (!dir) {
    console.error('Usage: npx tsx scripts/make-exotic-media.ts <folder> [--hd]');
    process.exitCode = 2;
    return;
  }
  const made = await makeExoticMedia(path.resolve(dir), values.hd ? HD_CLIP : SMALL_CLIP);
  for (const file of Object.values(made)) console.log(file);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
