// The one error type of the ffmpeg module: a stable code the server maps to an item's error, and a
// message a person can act on (what failed, and what to do about it).

export type MediaToolErrorCode =
  /** The file is not audio/video/image media ffmpeg can read (wrong bytes, lying extension, cut short). */
  | 'NOT_MEDIA'
  /** ffprobe ran but failed for another reason (unreadable file, odd output). */
  | 'PROBE_FAILED'
  /** ffmpeg or ffprobe is not installed (or not at the configured path). */
  | 'TOOL_MISSING'
  /** The tool ran longer than its time limit and was killed. */
  | 'TIMED_OUT'
  /** ffmpeg reported no progress for longer than the stall limit and was killed. */
  | 'STALLED'
  /** The caller aborted the job; ffmpeg was killed. */
  | 'ABORTED'
  /** ffmpeg failed to make the proxy or thumbnail, or the result does not match the original. */
  | 'TRANSCODE_FAILED';

export class MediaToolError extends Error {
  override readonly name = 'MediaToolError';

  constructor(
    readonly code: MediaToolErrorCode,
    message: string,
    /** The last lines ffmpeg wrote to stderr, for the log (never shown to users as is). */
    readonly detail?: string,
  ) {
    super(message);
  }
}

export function isMediaToolError(error: unknown): error is MediaToolError {
  return error instanceof MediaToolError;
}
