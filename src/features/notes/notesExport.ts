// Notes exports without a DOM: CSV (RFC 4180 quoting, spreadsheet-formula guard), JSON, and a
// self-contained HTML report (inline styles, thumbnails as data: URLs, every text escaped).
import { formatRate, frameToTimecode } from '../../core/media/timecode';
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

export function noteTimecode(frame: number, context: ExportContext): string {
  return frameToTimecode(frame, context.frameStart, context.fps, context.timecodeStart ?? 0);
}

function iso(ms: number): string {
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

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Only image data URLs (what the thumbnail capture makes) go into the report's <img src>. */
function safeImage(url: string | null | undefined): string | null {
  return url && /^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/.test(url) ? url : null;
}

function safeColor(color: string): string {
  return /^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/.test(color) ? color : '#9aa1ab';
}

/** A printable review report: one row per note with its frame's thumbnail when there is one. */
export function notesReportHtml(
  items: readonly NoteItem[],
  context: ExportContext,
  thumbnails: ReadonlyMap<string, string | null> = new Map(),
): string {
  const title = `Review notes — ${context.mediaName}`;
  const rows = items.map((note) => {
    const image = safeImage(thumbnails.get(note.id));
    const range =
      note.endFrame !== undefined
        ? `${note.frame}–${note.endFrame}<br><span class="tc">${escapeHtml(noteTimecode(note.frame, context))} – ${escapeHtml(noteTimecode(note.endFrame, context))}</span>`
        : `${note.frame}<br><span class="tc">${escapeHtml(noteTimecode(note.frame, context))}</span>`;
    const thumb = image
      ? `<img src="${image}" alt="Frame ${note.frame}">`
      : '<div class="nothumb">No image</div>';
    const status = note.state === 'synced' ? '' : ` <span class="status">(${note.state})</span>`;
    return `<tr data-note-id="${escapeHtml(note.id)}"><td class="thumb">${thumb}</td><td class="frame">${range}</td><td><div class="author"><span class="dot" style="background:${safeColor(note.authorColor)}"></span>${escapeHtml(note.authorName)}${status}</div><div class="text">${escapeHtml(note.text)}</div></td></tr>`;
  });
  const meta = [
    `${items.length} note${items.length === 1 ? '' : 's'}`,
    `${formatRate(context.fps)} fps`,
    `frames ${context.frameStart}–${context.frameEnd}`,
    context.roomCode ? `room ${context.roomCode}` : 'not in a room',
    `exported ${iso(context.exportedAt)}`,
  ].join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d1f22}
h1{font-size:20px;margin:0 0 4px}
.meta{color:#666;margin-bottom:16px}
table{border-collapse:collapse;width:100%}
td{border-top:1px solid #ddd;padding:8px;vertical-align:top}
td.thumb{width:248px}
td.thumb img{width:240px;height:auto;display:block;background:#000}
.nothumb{width:240px;height:135px;background:#eee;color:#888;display:flex;align-items:center;justify-content:center}
td.frame{white-space:nowrap;font-variant-numeric:tabular-nums}
.tc{color:#666;font-family:ui-monospace,monospace;font-size:12px}
.author{font-weight:600;margin-bottom:4px}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}
.status{font-weight:400;color:#888}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
@media print{body{margin:0}tr{break-inside:avoid}}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div class="meta">${escapeHtml(meta)}</div>
<table>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</body>
</html>
`;
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
