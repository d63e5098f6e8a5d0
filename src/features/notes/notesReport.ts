// The printable notes reports without a DOM: self-contained HTML (inline styles, thumbnails as
// data: URLs, every text escaped; PDF through the browser's print, which the print styles lay
// out). Two of them: the notes of the shot on screen, and every shot of the playlist grouped by
// shot and version (notesByShot), each note with the picture of its frame of its own item.
import { formatRate } from '../../core/media/timecode';
import { noteCount, type ShotNotes } from '../playlist/notesByShot';
import { iso, noteTimecode, type ExportContext, type TimecodeContext } from './notesExport';
import type { NoteItem } from './noteTypes';

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

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** One note's row: its thumbnail (or why there is none), frame and timecode, author and text. */
function noteRow(
  note: NoteItem,
  timing: TimecodeContext | null,
  image: string | null | undefined,
  noImage: string,
): string {
  const picture = safeImage(image);
  const tc = (frame: number) => (timing ? escapeHtml(noteTimecode(frame, timing)) : '');
  const range =
    note.endFrame !== undefined
      ? `${note.frame}–${note.endFrame}${timing ? `<br><span class="tc">${tc(note.frame)} – ${tc(note.endFrame)}</span>` : ''}`
      : `${note.frame}${timing ? `<br><span class="tc">${tc(note.frame)}</span>` : ''}`;
  const thumb = picture
    ? `<img src="${picture}" alt="Frame ${note.frame}">`
    : `<div class="nothumb">${escapeHtml(noImage)}</div>`;
  const status = note.state === 'synced' ? '' : ` <span class="status">(${note.state})</span>`;
  return `<tr data-note-id="${escapeHtml(note.id)}"><td class="thumb">${thumb}</td><td class="frame">${range}</td><td><div class="author"><span class="dot" style="background:${safeColor(note.authorColor)}"></span>${escapeHtml(note.authorName)}${status}</div><div class="text">${escapeHtml(note.text)}</div></td></tr>`;
}

const table = (rows: readonly string[]) => `<table>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;

/** The page around a report's body: title, one meta line, the styles (screen and print). */
function reportPage(title: string, meta: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d1f22}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 4px;padding-bottom:4px;border-bottom:2px solid #1d1f22}
h3{font-size:14px;margin:14px 0 2px;color:#444}
.meta{color:#666;margin-bottom:16px}
table{border-collapse:collapse;width:100%}
td{border-top:1px solid #ddd;padding:8px;vertical-align:top}
td.thumb{width:248px}
td.thumb img{width:240px;height:auto;display:block;background:#000}
.nothumb{width:240px;height:135px;background:#eee;color:#888;display:flex;align-items:center;justify-content:center;text-align:center;font-size:12px;padding:0 8px;box-sizing:border-box}
td.frame{white-space:nowrap;font-variant-numeric:tabular-nums}
.tc{color:#666;font-family:ui-monospace,monospace;font-size:12px}
.author{font-weight:600;margin-bottom:4px}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}
.status{font-weight:400;color:#888}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
@media print{body{margin:0}tr{break-inside:avoid}h2,h3{break-after:avoid}.shot+.shot{break-before:page}}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div class="meta">${escapeHtml(meta)}</div>
${body}
</body>
</html>
`;
}

/** The report of one shot: one row per note with its frame's thumbnail when there is one. */
export function notesReportHtml(
  items: readonly NoteItem[],
  context: ExportContext,
  thumbnails: ReadonlyMap<string, string | null> = new Map(),
): string {
  const meta = [
    plural(items.length, 'note'),
    `${formatRate(context.fps)} fps`,
    `frames ${context.frameStart}–${context.frameEnd}`,
    context.roomCode ? `room ${context.roomCode}` : 'not in a room',
    `exported ${iso(context.exportedAt)}`,
  ].join(' · ');
  const rows = items.map((note) => noteRow(note, context, thumbnails.get(note.id), 'No image'));
  return reportPage(`Review notes — ${context.mediaName}`, meta, table(rows));
}

export interface ShotsReportContext {
  roomCode: string | null;
  /** ms since the epoch. */
  exportedAt: number;
  /** An item's rate and first frame for timecodes (null: unknown, frames only). */
  timing(itemId: string): TimecodeContext | null;
  /** Why an item's notes have no pictures (null: they do, or the frame was not decoded). */
  noPictures(itemId: string | null): string | null;
}

/**
 * The report of every shot: a section per shot (versions of one shot together), a heading per
 * version, its notes by frame, each with the thumbnail of its frame of that version with that
 * frame's drawings (`thumbnails` by note id).
 */
export function shotsReportHtml(
  groups: readonly ShotNotes<NoteItem>[],
  context: ShotsReportContext,
  thumbnails: ReadonlyMap<string, string | null> = new Map(),
): string {
  const count = noteCount(groups);
  const meta = [
    plural(count, 'note'),
    plural(groups.length, 'shot'),
    context.roomCode ? `room ${context.roomCode}` : 'not in a room',
    `exported ${iso(context.exportedAt)}`,
  ].join(' · ');
  const sections = groups.map((group) => {
    const versions = group.items.map((entry) => {
      const label = entry.version !== null ? `v${entry.version} · ${entry.name}` : entry.name;
      const timing = entry.itemId ? context.timing(entry.itemId) : null;
      const noImage = context.noPictures(entry.itemId) ?? 'No image';
      const rows = entry.notes.map((note) =>
        noteRow(note, timing, thumbnails.get(note.id), noImage),
      );
      const id = entry.itemId ? ` data-item-id="${escapeHtml(entry.itemId)}"` : '';
      return `<section class="version"${id}>
<h3>${escapeHtml(label)} <span class="status">(${plural(entry.notes.length, 'note')})</span></h3>
${table(rows)}
</section>`;
    });
    return `<section class="shot" data-shot="${escapeHtml(group.shot)}">
<h2>${escapeHtml(group.shot)}</h2>
${versions.join('\n')}
</section>`;
  });
  const title = `Review notes — ${context.roomCode ? `room ${context.roomCode}` : 'all shots'}`;
  return reportPage(title, meta, sections.join('\n'));
}
