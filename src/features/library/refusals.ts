// Why the library refused something and what to do about it, in words (pure): the server's
// error codes (docs/media-library.md) and the client's own (offline, hashing failed).

/** A refusal shown as a row in the library panel until dismissed. */
export interface LibraryRefusal {
  /** Unique per refusal (rows are keyed by it). */
  key: string;
  /** The file, URL or item it is about. */
  subject: string;
  code: string;
  /** What the server (or the client) said. */
  message: string;
  /** What to do about it. */
  advice: string;
}

const ADVICE: Readonly<Record<string, string>> = {
  FILE_TOO_LARGE:
    'Export a smaller file (a proxy or a shorter range), or ask whoever runs the server to raise its per-file limit.',
  ROOM_QUOTA_EXCEEDED:
    'Remove items the room no longer needs, or ask whoever runs the server to raise the room quota.',
  DISK_FULL:
    'The server’s disk is full: ask whoever runs it to free space, then add the file again.',
  NOT_MEDIA:
    'The server could not read it as video or images: check it plays elsewhere, or export it again.',
  RATE_LIMITED: 'Too many uploads from this address: wait a minute, then add it again.',
  MEDIA_TOKEN_INVALID:
    'Your access to the room’s media lapsed: leave and rejoin the room, then retry.',
  MEDIA_NOT_FOUND: 'The server no longer has it: add the file again.',
  NOT_CONNECTED: 'This page is not connected to the room: add it again once it is.',
  CONNECTION_LOST: 'The connection to the room dropped: add it again once it is back.',
  REQUEST_TIMEOUT: 'The server did not answer in time: add it again.',
  NOT_IN_ROOM: 'Create or join a room first: the library belongs to a room.',
  HASH_FAILED: 'The file could not be read (moved or changed?): pick it again.',
  BAD_URL: 'Give an http:// or https:// address of a video file.',
  UPLOAD_FAILED: 'Add the file again; if it keeps failing, tell whoever runs the server.',
  COPY_FAILED: 'It still plays streamed; try “Keep a copy” again when the connection is steady.',
};

/** What to do after a refusal with `code` (`action` tells FORBIDDEN apart). */
export function refusalAdvice(code: string, action: 'add' | 'remove' | 'policy' = 'add'): string {
  if (code === 'FORBIDDEN') {
    if (action === 'remove') return 'Only the host or whoever added it can remove it.';
    if (action === 'policy') return 'Only the host can change who may add media.';
    return 'Only the host adds media to this room: ask the host to turn on “Participants may add”.';
  }
  return ADVICE[code] ?? 'Try again; if it keeps failing, tell whoever runs the server.';
}

let nextKey = 1;

/** A refusal row for `subject`. */
export function refusal(
  subject: string,
  code: string,
  message: string,
  action: 'add' | 'remove' | 'policy' = 'add',
): LibraryRefusal {
  return {
    key: `refusal-${nextKey++}`,
    subject,
    code,
    message,
    advice: refusalAdvice(code, action),
  };
}
