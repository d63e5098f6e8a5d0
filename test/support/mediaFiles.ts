// Test media made with ffmpeg at test time into a temp folder (never committed): plain browser
// formats and odd inputs beside scripts/make-exotic-media.ts's ProRes/DNxHR set.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { stripFilter } from '../../scripts/make-exotic-media';

const run = promisify(execFile);

/** A fresh temp folder and its remover. */
export async function tempMediaDir(
  prefix: string,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `reelsync-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs ffmpeg quietly with `args` (output file last). */
export async function ffmpeg(args: readonly string[]): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-nostdin', ...args]);
}

/**
 * A test pattern with the frame-ID strip, `frames` long at `rate`, through `codecArgs` into
 * `file`; `source` is the lavfi pattern (testsrc2 by default; testsrc allows odd sizes).
 */
export async function makeStripVideo(
  file: string,
  options: {
    rate: string;
    frames: number;
    codecArgs: readonly string[];
    size?: string;
    source?: 'testsrc2' | 'testsrc';
    extra?: readonly string[];
  },
): Promise<string> {
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `${options.source ?? 'testsrc2'}=size=${options.size ?? '320x180'}:rate=${options.rate}`,
    '-frames:v',
    String(options.frames),
    '-vf',
    stripFilter(1),
    ...options.codecArgs,
    ...(options.extra ?? []),
    file,
  ]);
  return file;
}

/** A 2 s mono sine with no picture. */
export async function makeAudioOnly(file: string): Promise<string> {
  await ffmpeg(['-f', 'lavfi', '-i', 'sine=duration=2', '-c:a', 'aac', file]);
  return file;
}

/** One still picture. */
export async function makeStill(file: string): Promise<string> {
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x180', '-frames:v', '1', file]);
  return file;
}

/** An HLS playlist pointing at a URL, named like a movie: probing it must not fetch anything. */
export async function makePlaylistInDisguise(file: string, url: string): Promise<string> {
  await writeFile(file, `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n${url}\n#EXT-X-ENDLIST\n`);
  return file;
}
