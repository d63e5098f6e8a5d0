// The room's notes grouped by shot and version (notesByShot.ts) as DOM: one heading per shot, one
// per version (a click moves the room there), its notes by frame. One view for both places that
// show it: the playlist panel's "Notes by shot" and the notes panel's "All shots".
import { button, el } from '../../ui/components/shared/dom';
import type { GroupedNote, ItemNotes, ShotNotes } from './notesByShot';
import './playlist.css';

export interface NotesByShotViewOptions<N extends GroupedNote> {
  /** The testids of a shot, a version heading and a note. */
  testIds: { shot: string; item: string; note: string };
  /** A version's heading was clicked (the room moves to that item). */
  goTo(itemId: string): void;
  /** What a note's line says. */
  noteText(note: N): string;
  /** A note was clicked (absent: notes are not clickable). */
  noteClicked?(entry: ItemNotes<N>, note: N): void;
  /** The item the room is on (its heading is marked). */
  currentId?: string | null;
}

/** A note's frame or range, then its text: `12  text`, `12–20  text`. */
export function noteLine(note: Pick<GroupedNote, 'frame'> & { endFrame?: number; text: string }) {
  const where = note.endFrame !== undefined ? `${note.frame}–${note.endFrame}` : `${note.frame}`;
  return `${where}  ${note.text}`;
}

export function notesByShotView<N extends GroupedNote>(
  groups: readonly ShotNotes<N>[],
  options: NotesByShotViewOptions<N>,
): HTMLElement[] {
  return groups.map((group) =>
    el('div', { className: 'rs-playlist__shot', testId: options.testIds.shot }, [
      el('h4', { className: 'rs-playlist__shot-name', text: group.shot }),
      ...group.items.map((entry) => versionView(entry, options)),
    ]),
  );
}

function versionView<N extends GroupedNote>(
  entry: ItemNotes<N>,
  options: NotesByShotViewOptions<N>,
): HTMLElement {
  const label = entry.version !== null ? `v${entry.version} · ${entry.name}` : entry.name;
  const itemId = entry.itemId;
  const heading = itemId
    ? button({
        className: 'rs-playlist__name',
        testId: options.testIds.item,
        text: label,
        title: itemId === options.currentId ? 'The room is on this item' : `Go to ${entry.name}`,
        attrs: { 'data-item-id': itemId, 'data-current': String(itemId === options.currentId) },
      })
    : el('span', { className: 'rs-playlist__name', text: label });
  if (itemId) heading.addEventListener('click', () => options.goTo(itemId));
  const notes = entry.notes.map((note) => {
    const line = el('li', {
      className: 'rs-playlist__shot-note',
      testId: options.testIds.note,
      text: options.noteText(note),
      attrs: { 'data-frame': String(note.frame) },
    });
    const clicked = options.noteClicked;
    if (clicked) {
      line.classList.add('rs-playlist__shot-note--link');
      line.addEventListener('click', () => clicked(entry, note));
    }
    return line;
  });
  return el('div', { className: 'rs-playlist__shot-version' }, [
    heading,
    el('ul', { className: 'rs-playlist__shot-notes' }, notes),
  ]);
}
