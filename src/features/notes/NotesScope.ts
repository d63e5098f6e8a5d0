// The notes panel's scope: the notes of the item on screen (the list), or all of the room's notes
// grouped by shot and version — the playlist's grouped view (NotesByShotView), one implementation
// for both panels. The toggle shows while the room has a playlist; the report follows the scope.
import { button, el, listen } from '../../ui/components/shared/dom';
import { noteCount, type ItemNotes, type ShotNotes } from '../playlist/notesByShot';
import { noteLine, notesByShotView } from '../playlist/NotesByShotView';
import type { NoteItem } from './noteTypes';

/** The playlist's side of "All shots" (null in a panel without one: tests, no room). */
export interface ShotsSource {
  /** True while there is a playlist to group by (in a room, with items). */
  available(): boolean;
  groups(notes: readonly NoteItem[]): ShotNotes<NoteItem>[];
  currentId(): string | null;
  /** Moves the room to an item (the playlist's rules and notices). */
  goTo(itemId: string): void;
}

export class NotesScope {
  readonly toggle: HTMLButtonElement;
  readonly view: HTMLElement;
  private allShots = false;
  private readonly cleanup: () => void;

  constructor(
    private readonly source: ShotsSource | null,
    private readonly changed: () => void,
    /** A note of the item on screen was clicked in the grouped view. */
    private readonly jump: (note: NoteItem) => void,
  ) {
    this.toggle = button({
      className: 'rs-button rs-button--small rs-notes__scope',
      testId: 'notes-scope-toggle',
      text: 'All shots',
      attrs: { 'aria-pressed': 'false' },
    });
    this.view = el('section', { className: 'rs-notes__shots', testId: 'notes-by-shot' });
    this.cleanup = listen(this.toggle, 'click', () => {
      this.allShots = !this.allShots;
      this.changed();
    });
  }

  /** True when the panel lists every shot's notes (and the report covers every shot). */
  get all(): boolean {
    return this.allShots && (this.source?.available() ?? false);
  }

  /** Renders the toggle and, in "All shots", the grouped notes; returns how many are listed. */
  render(notes: readonly NoteItem[]): number {
    const available = this.source?.available() ?? false;
    const all = this.all;
    this.toggle.hidden = !available;
    this.toggle.setAttribute('aria-pressed', String(all));
    this.toggle.dataset.scope = all ? 'all' : 'current';
    this.toggle.title = all
      ? 'Listing every shot’s notes by shot and version (the report covers them all): click for this shot’s only'
      : 'List every shot’s notes, grouped by shot and version (the report then covers them all)';
    this.view.hidden = !all;
    if (!all || !this.source) {
      this.view.replaceChildren();
      return 0;
    }
    const source = this.source;
    const groups = source.groups(notes);
    const currentId = source.currentId();
    this.view.replaceChildren(
      ...(groups.length === 0
        ? [el('p', { className: 'rs-notes__empty', text: 'No notes on any shot yet.' })]
        : notesByShotView(groups, {
            testIds: { shot: 'notes-shot', item: 'notes-shot-item', note: 'notes-shot-note' },
            goTo: (id) => source.goTo(id),
            noteText: (note) => `${noteLine(note)} — ${note.authorName}`,
            currentId,
            noteClicked: (entry: ItemNotes<NoteItem>, note) => {
              if (entry.itemId !== null && entry.itemId === currentId) this.jump(note);
              else if (entry.itemId !== null) source.goTo(entry.itemId);
            },
          })),
    );
    return noteCount(groups);
  }

  dispose(): void {
    this.cleanup();
  }
}
