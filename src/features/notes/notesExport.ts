// Notes exports without a DOM: CSV (RFC 4180 quoting, spreadsheet-formula guard) and JSON; the
// HTML reports are in notesReport.ts.
import { frameToTimecode } from '../../core/media/timecode';
import type { NoteItem } from './noteTypes';

export interface ExportContext {
  /** The shot the notes were written on (the media on screen; exports never mix shots). */
  mediaName: string;
  /** Its content fingerprint when known. */
  fingerprint?: string | null;
  fps: number;
  /** The media's first frame (shows as its start timecode). */
  frameStart: number;
  /** Timecode of frameStart as frames since 00:00:00:00 (MediaInfo.timecodeStart; absent = 0). */
  timecodeStart?: number;
  frameEnd: number;
  roomCode: string | null;
  /** ms since the epoch. */
  exportedAt: number;
}

export const CSV_COLUMNS = [
  'Frame',
  'End frame',
  'Timecode',
  'End timecode',
  'Author',
  'Text',
  'Status',
  'Created',
  'Updated',
  'Id',
] as const;

/**
 * Text a spreadsheet could read as a formula (OWASP "CSV injection"): starting with = + - @, or
 * their fullwidth forms (＝ ＋ － ＠, which some spreadsheet apps fold to ASCII), after any
 * leading whitespace (LF, CR, tab, space, no-break and ideographic spaces: some apps trim them
 * first), or starting with a tab, CR or LF themselves.
 */
const FORMULA_START = /^\s*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]/;

/**
 * One CSV field: quoted when it holds a comma, quote, CR or LF (quotes doubled). Text that could
 * start a formula (FORMULA_START) gets a leading apostrophe, so a spreadsheet shows it instead of
 * evaluating it. `freeText` fields (text a person or a peer typed: note, author, id) are guarded;
 * numbers and our own formatted values cannot start a formula.
 */
export function csvField(value: string | number, freeText = false): string {
  let text = String(value);
  if (freeText && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** What a frame's timecode needs: the media's rate, first frame and its timecode. */
export type TimecodeContext = Pick<ExportContext, 'fps' | 'frameStart' | 'timecodeStart'>;

export function noteTimecode(frame: number, context: TimecodeContext): string {
  return frameToTimecode(frame, context.frameStart, context.fps, context.timecodeStart ?? 0);
}

export function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

/** CSV with a header row and CRLF line ends (RFC 4180). */
export function notesToCsv(items: readonly NoteItem[], context: ExportContext): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const note of items) {
    rows.push(
      [
        csvField(note.frame),
        csvField(note.endFrame ?? ''),
        csvField(noteTimecode(note.frame, context)),
        csvField(note.endFrame !== undefined ? noteTimecode(note.endFrame, context) : ''),
        csvField(note.authorName, true),
        csvField(note.text, true),
        csvField(note.state),
        csvField(iso(note.createdAt)),
        csvField(iso(note.updatedAt)),
        // Ids come from other clients of the room: guarded like free text.
        csvField(note.id, true),
      ].join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

export interface NotesJson {
  format: 'reelsync-notes';
  version: 1;
  exportedAt: string;
  room: string | null;
  media: {
    name: string;
    fingerprint: string | null;
    fps: number;
    frameStart: number;
    frameEnd: number;
  };
  notes: Array<{
    id: string;
    frame: number;
    endFrame?: number;
    timecode: string;
    endTimecode?: string;
    text: string;
    author: { id: string | null; name: string; color: string };
    status: NoteItem['state'];
    createdAt: string;
    updatedAt: string;
  }>;
}

export function notesToJsonData(items: readonly NoteItem[], context: ExportContext): NotesJson {
  return {
    format: 'reelsync-notes',
    version: 1,
    exportedAt: iso(context.exportedAt),
    room: context.roomCode,
    media: {
      name: context.mediaName,
      fingerprint: context.fingerprint ?? null,
      fps: context.fps,
      frameStart: context.frameStart,
      frameEnd: context.frameEnd,
    },
    notes: items.map((note) => ({
      id: note.id,
      frame: note.frame,
      ...(note.endFrame !== undefined ? { endFrame: note.endFrame } : {}),
      timecode: noteTimecode(note.frame, context),
      ...(note.endFrame !== undefined ? { endTimecode: noteTimecode(note.endFrame, context) } : {}),
      text: note.text,
      author: { id: note.author, name: note.authorName, color: note.authorColor },
      status: note.state,
      createdAt: iso(note.createdAt),
      updatedAt: iso(note.updatedAt),
    })),
  };
}

export function notesToJson(items: readonly NoteItem[], context: ExportContext): string {
  return `${JSON.stringify(notesToJsonData(items, context), null, 2)}\n`;
}

/** A file name from the media name and the date: `notes-<media>-<yyyy-mm-dd>.<ext>`. */
export function exportFileName(mediaName: string, extension: string, at: number): string {
  const base =
    mediaName
      .replace(/\.[A-Za-z0-9]{1,5}$/, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'media';
  const day = Number.isFinite(at) ? new Date(at).toISOString().slice(0, 10) : 'undated';
  return `notes-${base}-${day}.${extension}`;
}
