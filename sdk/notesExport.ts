// Notes exports from room state alone (CSV, JSON, HTML). The player's exporter
// (src/features/notes/notesExport.ts) needs the media module and the player's note rows, which
// the SDK may not import, so this is the room-state version: same CSV rules (RFC 4180 quoting,
// spreadsheet-formula guard), every HTML text escaped.
import type { Note, RoomState } from '../src/protocol/index';

export type NotesFormat = 'csv' | 'json' | 'html';
export const NOTES_FORMATS: readonly NotesFormat[] = ['csv', 'json', 'html'];

export interface NotesExportContext {
  roomCode: string | null;
  /** ms since the epoch. */
  exportedAt: number;
  /** Display names by user id (authors shown by name when known). */
  names?: ReadonlyMap<string, string>;
}

export const CSV_COLUMNS = ['Frame', 'End frame', 'Author', 'Text', 'Created', 'Updated', 'Id'];

/** One CSV field: quoted when needed; free text starting like a formula gets a leading '. */
export function csvField(value: string | number, freeText = false): string {
  let text = String(value);
  if (freeText && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const iso = (ms: number) => new Date(ms).toISOString();

function sorted(notes: readonly Note[]): Note[] {
  return [...notes].sort((a, b) => a.frame - b.frame || a.createdAt - b.createdAt);
}

function author(note: Note, context: NotesExportContext): string {
  return context.names?.get(note.author) ?? note.author;
}

export function notesToCsv(state: RoomState, context: NotesExportContext): string {
  const rows = sorted(state.notes).map((note) =>
    [
      csvField(note.frame),
      csvField(note.endFrame ?? ''),
      csvField(author(note, context), true),
      csvField(note.text, true),
      csvField(iso(note.createdAt)),
      csvField(iso(note.updatedAt)),
      csvField(note.id),
    ].join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

export function notesToJson(state: RoomState, context: NotesExportContext): string {
  return (
    JSON.stringify(
      {
        room: context.roomCode,
        exportedAt: iso(context.exportedAt),
        media: state.media,
        notes: sorted(state.notes).map((note) => ({ ...note, authorName: author(note, context) })),
      },
      null,
      2,
    ) + '\n'
  );
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export function notesToHtml(state: RoomState, context: NotesExportContext): string {
  const title = `Notes${context.roomCode ? ` — room ${context.roomCode}` : ''}`;
  const media = state.media ? `${state.media.name} (${state.media.fps} fps)` : 'no media';
  const rows = sorted(state.notes)
    .map((note) => {
      const frames =
        note.endFrame === undefined ? `${note.frame}` : `${note.frame}–${note.endFrame}`;
      return `<tr><td>${frames}</td><td>${escapeHtml(author(note, context))}</td><td>${escapeHtml(note.text)}</td><td>${iso(note.updatedAt)}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}td:nth-child(3){white-space:pre-wrap}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(media)} · exported ${iso(context.exportedAt)} · ${state.notes.length} note(s)</p>
<table><thead><tr><th>Frame</th><th>Author</th><th>Note</th><th>Updated</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}

export function exportNotes(
  state: RoomState,
  format: NotesFormat,
  context: NotesExportContext,
): string {
  switch (format) {
    case 'csv':
      return notesToCsv(state, context);
    case 'json':
      return notesToJson(state, context);
    case 'html':
      return notesToHtml(state, context);
  }
}
