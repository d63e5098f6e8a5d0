// Where ffmpeg and ffprobe are, whether they run, and what the server cannot serve without them.
import { runTool } from './run';

/** Paths (or command names looked up on PATH) of the two tools. */
export interface MediaToolPaths {
  ffmpeg: string;
  ffprobe: string;
}

/** Versions found at start-up; null when the tool is missing or does not run. */
export interface MediaToolsStatus {
  ffmpeg: string | null;
  ffprobe: string | null;
}

/** A tool answers `-version` within this time or counts as missing. */
const VERSION_TIMEOUT_MS = 10_000;

/** REELSYNC_FFMPEG / REELSYNC_FFPROBE override the commands found on PATH. */
export function defaultToolPaths(env: NodeJS.ProcessEnv = process.env): MediaToolPaths {
  return {
    ffmpeg: env.REELSYNC_FFMPEG || 'ffmpeg',
    ffprobe: env.REELSYNC_FFPROBE || 'ffprobe',
  };
}

/** Runs `<tool> -version` for both tools and reports each version, or null when it is missing. */
export async function checkMediaTools(
  paths: MediaToolPaths = defaultToolPaths(),
): Promise<MediaToolsStatus> {
  const [ffmpeg, ffprobe] = await Promise.all([
    toolVersion(paths.ffmpeg),
    toolVersion(paths.ffprobe),
  ]);
  return { ffmpeg, ffprobe };
}

async function toolVersion(command: string): Promise<string | null> {
  try {
    const result = await runTool(command, ['-hide_banner', '-version'], {
      timeoutMs: VERSION_TIMEOUT_MS,
      maxStdoutBytes: 64 * 1024,
    });
    if (result.exitCode !== 0) return null;
    // "ffmpeg version 5.1.6-0+deb12u1 Copyright ..." (the first line of both tools).
    const match = /\bversion\s+(\S+)/.exec(result.stdout);
    return match?.[1] ?? 'unknown';
  } catch {
    return null;
  }
}

const INSTALL_HINT =
  'Install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg) and restart the server.';

/**
 * What the server cannot do without the missing tools, for the start-up banner and the log; null
 * when both are there.
 */
export function describeMissingTools(tools: MediaToolsStatus): string | null {
  if (tools.ffmpeg && tools.ffprobe) return null;
  const missing = [!tools.ffmpeg && 'ffmpeg', !tools.ffprobe && 'ffprobe'].filter(Boolean);
  const lost: string[] = [];
  if (!tools.ffprobe) {
    lost.push('uploaded files cannot be checked or described (size, frames, timecode)');
  }
  if (!tools.ffmpeg) {
    lost.push(
      'no browser proxies: ProRes, DNxHD/DNxHR, HEVC and other formats browsers cannot decode ' +
        'cannot be played from the room (H.264, VP8, VP9 and AV1 in MP4/MOV/WebM, and images, still play)',
      'no thumbnails in the library',
    );
  }
  return `${missing.join(' and ')} not found: ${lost.join('; ')}. ${INSTALL_HINT}`;
}
