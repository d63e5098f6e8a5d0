// The notes side panel: what the notes are for (room or this browser), the composer
// (NoteComposer), the list sorted by frame (click jumps there; rows built in noteRows.ts), inline
// edit and delete (with a confirmation for other people's notes), and the export buttons.
import type { Playback } from '../../core/playback/Playback';
import { button, el, listen } from '../../ui/components/shared/dom';
import { sidePanelFrame } from '../../ui/components/SidePanel';
import { EventEmitter } from '../../utils/EventEmitter';
import type { NotesModel } from './NotesModel';
import type { NoteDraft, NoteItem } from './noteTypes';
import { NoteComposer } from './NoteComposer';
import { noteTimecode, playheadFrame } from './noteFrames';
import { fitToText, noteEditContent, noteRowContent, noteTextArea } from './noteRows';
import { NotesScope, type ShotsSource } from './NotesScope';

export type NotesPanelEvents = {
  closeRequested: void;
  exportRequested: 'csv' | 'json' | 'html';
  /** Something to tell the user outside the panel (a toast). */
  notice: string;
};

export interface NotesPanelStatus {
  /** The room's code (null outside a room). */
  roomCode: string | null;
  /** True while the room cannot be reached (changes wait). */
  offline: boolean;
}

interface EditState {
  id: string;
  element: HTMLLIElement;
  input: HTMLTextAreaElement;
  error: HTMLElement;
  /** The note as it was when editing began (kept if it is deleted meanwhile). */
  original: NoteItem;
  gone: boolean;
}

export class NotesPanel extends EventEmitter<NotesPanelEvents> {
  readonly element: HTMLElement;
  private readonly count: HTMLElement;
  private readonly status: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly bannerText: HTMLElement;
  private readonly composer: NoteComposer;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private readonly exportButtons: Record<'csv' | 'json' | 'html', HTMLButtonElement>;
  private readonly cleanups: Array<() => void> = [];
  private readonly rows = new Map<string, { element: HTMLLIElement; signature: string }>();
  private editing: EditState | null = null;
  private confirming: string | null = null;
  private statusInfo: NotesPanelStatus = { roomCode: null, offline: false };
  private readonly scope: NotesScope;

  constructor(
    private readonly model: NotesModel,
    private readonly session: Playback,
    shots: ShotsSource | null = null,
  ) {
    super();
    this.scope = new NotesScope(
      shots,
      () => this.render(),
      (note) => this.jump(note),
    );
    this.count = el('span', { className: 'rs-notes__count', testId: 'notes-count', text: '0' });
    this.status = el('p', {
      className: 'rs-side-panel__status rs-notes__status',
      testId: 'notes-status',
    });

    this.bannerText = el('span');
    const share = button({
      className: 'rs-button rs-notes__share',
      testId: 'notes-share-button',
      text: 'Share with the room',
    });
    this.banner = el('div', { className: 'rs-notes__banner', testId: 'notes-share-banner' }, [
      this.bannerText,
      share,
    ]);

    this.composer = new NoteComposer(model, session);

    this.list = el('ul', { className: 'rs-notes__list', testId: 'notes-list' });
    this.empty = el('p', {
      className: 'rs-notes__empty',
      testId: 'notes-empty',
      text: 'No notes yet. Press N to note the current frame.',
    });
    const exportButton = (format: 'csv' | 'json' | 'html', label: string, title: string) => {
      const exportButton = button({
        className: 'rs-button rs-notes__export',
        testId: `notes-export-${format}`,
        text: label,
        title,
      });
      this.cleanups.push(listen(exportButton, 'click', () => this.emit('exportRequested', format)));
      return exportButton;
    };
    this.exportButtons = {
      csv: exportButton('csv', 'CSV', 'Download the notes as CSV (spreadsheets)'),
      json: exportButton('json', 'JSON', 'Download the notes as JSON'),
      html: exportButton('html', 'Report', 'Download an HTML report with frame thumbnails'),
    };

    const panel = sidePanelFrame(
      {
        className: 'rs-notes',
        testId: 'notes-panel',
        ariaLabel: 'Notes',
        title: [document.createTextNode('Notes '), this.count],
        closeLabel: 'Close notes',
        closeTestId: 'notes-close',
      },
      [
        this.status,
        this.banner,
        this.composer.element,
        this.scope.toggle,
        this.empty,
        this.list,
        this.scope.view,
        el('footer', { className: 'rs-notes__footer' }, [
          el('span', { className: 'rs-notes__footer-label', text: 'Export' }),
          this.exportButtons.csv,
          this.exportButtons.json,
          this.exportButtons.html,
        ]),
      ],
    );

    this.element = panel.element;
    this.cleanups.push(
      listen(panel.close, 'click', () => this.emit('closeRequested', undefined)),
      listen(share, 'click', () => this.model.shareLocal()),
      listen(this.list, 'click', (event) => this.onListClick(event)),
      this.model.on('changed', () => this.render()),
      this.session.on('frameChanged', () => this.onFrame()),
      this.session.on('inOutChanged', () => this.composer.render()),
      () => this.composer.dispose(),
      () => this.scope.dispose(),
      this.session.on('mediaChanged', () => this.render(true)),
    );
    this.render();
  }

  /** Puts the cursor in the composer (the note goes on the frame on screen when added). */
  focusComposer(): void {
    this.composer.focus();
  }

  /** True when the panel lists every shot's notes (the report then covers every shot). */
  get allShots(): boolean {
    return this.scope.all;
  }

  /** Renders again (the playlist changed: the grouped view and the toggle follow it). */
  refresh(): void {
    this.render();
  }

  setStatus(status: NotesPanelStatus): void {
    this.statusInfo = status;
    this.renderStatus();
  }

  /** Shows export progress on a button (null: done). */
  setExportBusy(format: 'csv' | 'json' | 'html', text: string | null): void {
    const button = this.exportButtons[format];
    button.disabled = text !== null;
    button.textContent = text ?? { csv: 'CSV', json: 'JSON', html: 'Report' }[format];
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
    this.removeAllListeners();
  }

  // ── list ────────────────────────────────────────────────────────────────────────────────

  private render(all = false): void {
    // Rebuilt in place (timecodes depend on the media): forgetting the rows instead would leave
    // their elements in the list beside the new ones, one more copy per media opened.
    if (all) for (const row of this.rows.values()) row.signature = '';
    const items = this.model.items;
    const allShots = this.scope.all;
    const listed = this.scope.render(allShots ? this.model.allItems : []);
    this.count.textContent = String(allShots ? listed : items.length);
    this.list.hidden = allShots;
    this.empty.hidden = allShots || items.length > 0;
    const shareable = this.model.shareableCount;
    this.banner.hidden = shareable === 0;
    this.bannerText.textContent = `${shareable} local note${shareable === 1 ? '' : 's'} not shared with the room yet.`;
    this.renderStatus();
    this.composer.render();

    const seen = new Set<string>();
    items.forEach((item, index) => {
      seen.add(item.id);
      const element = this.row(item);
      const at = this.list.children[index];
      if (at !== element) this.list.insertBefore(element, at ?? null);
    });
    const editing = this.editing;
    if (editing && !seen.has(editing.id)) {
      // Deleted by someone else while being edited: the text being written stays.
      if (!editing.gone) {
        editing.gone = true;
        editing.error.textContent =
          'This note was deleted by someone else. Save keeps your text as a new note.';
      }
      seen.add(editing.id);
      this.list.append(editing.element);
    }
    for (const [id, row] of this.rows) {
      if (seen.has(id)) continue;
      row.element.remove();
      this.rows.delete(id);
    }
    if (this.confirming && !seen.has(this.confirming)) this.confirming = null;
    this.onFrame();
  }

  private row(item: NoteItem): HTMLLIElement {
    const signature = JSON.stringify([item, this.confirming === item.id]);
    const existing = this.rows.get(item.id);
    if (this.editing?.id === item.id && existing) return existing.element;
    if (existing && existing.signature === signature) return existing.element;
    const element = existing?.element ?? el('li', { className: 'rs-notes__item' });
    element.replaceChildren(
      ...noteRowContent(item, this.confirming === item.id, (frame) => this.timecode(frame)),
    );
    element.dataset.testid = 'notes-item';
    element.dataset.noteId = item.id;
    element.dataset.frame = String(item.frame);
    element.dataset.endFrame = String(item.endFrame ?? item.frame);
    element.dataset.state = item.state;
    element.classList.toggle('rs-notes__item--pending', item.state === 'pending');
    element.classList.toggle('rs-notes__item--local', item.state === 'local');
    this.rows.set(item.id, { element, signature });
    return element;
  }

  private onListClick(event: MouseEvent): void {
    const target = event.target instanceof Element ? event.target : null;
    const button = target?.closest<HTMLElement>('[data-action]');
    const row = target?.closest<HTMLLIElement>('li');
    const id = row?.dataset.noteId;
    if (!button || !row || !id) return;
    const item = this.model.find(id);
    switch (button.dataset.action) {
      case 'jump':
        if (item) this.jump(item);
        break;
      case 'edit':
        if (item) this.startEdit(item, row);
        break;
      case 'delete':
        if (!item) break;
        // Own notes go at once; someone else's note needs a second click.
        if (item.own) this.remove(item.id);
        else {
          this.confirming = item.id;
          this.render();
        }
        break;
      case 'confirm-delete':
        this.confirming = null;
        this.remove(id);
        break;
      case 'cancel-delete':
        this.confirming = null;
        this.render();
        break;
      case 'save':
        this.saveEdit();
        break;
      case 'cancel-edit':
        this.endEdit();
        break;
    }
  }

  private jump(item: NoteItem): void {
    const { inPoint, outPoint } = this.session;
    // Stop on the frame the note is about (a seek while playing would run past it).
    if (this.session.isPlaying) this.session.pause();
    this.session.seek(item.frame);
    // The session keeps the playhead inside in–out; changing the range is the user's call.
    if (item.frame < inPoint || item.frame > outPoint)
      this.emit(
        'notice',
        `Frame ${item.frame} is outside the in–out range (${inPoint}–${outPoint}); clear it with Shift+I / Shift+O to go there.`,
      );
  }

  private remove(id: string): void {
    const result = this.model.remove(id);
    if (!result.ok) this.composer.showError(result.error);
    this.render();
  }

  private startEdit(item: NoteItem, element: HTMLLIElement): void {
    if (this.editing) this.endEdit();
    const input = noteTextArea('notes-edit-input', 'Edit note');
    input.value = item.text;
    const error = el('p', {
      className: 'rs-notes__error',
      testId: 'notes-edit-error',
      attrs: { role: 'alert' },
    });
    element.replaceChildren(
      ...noteEditContent(item, input, error, (frame) => this.timecode(frame)),
    );
    this.editing = { id: item.id, element, input, error, original: item, gone: false };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.saveEdit();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        this.endEdit();
      }
    });
    input.focus();
    fitToText(input);
    input.setSelectionRange(input.value.length, input.value.length);
  }

  private saveEdit(): void {
    const editing = this.editing;
    if (!editing) return;
    const { original } = editing;
    const draft: NoteDraft = {
      frame: original.frame,
      ...(original.endFrame !== undefined ? { endFrame: original.endFrame } : {}),
      text: editing.input.value,
    };
    const result = editing.gone ? this.model.add(draft) : this.model.update(editing.id, draft);
    if (!result.ok) {
      editing.error.textContent = result.error;
      return;
    }
    this.endEdit();
  }

  private endEdit(): void {
    const editing = this.editing;
    if (!editing) return;
    this.editing = null;
    // render() makes a fresh row for the note in its place.
    editing.element.remove();
    this.rows.delete(editing.id);
    this.render();
  }

  private onFrame(): void {
    const frame = playheadFrame(this.session);
    for (const { element } of this.rows.values()) {
      const here =
        frame >= Number(element.dataset.frame) && frame <= Number(element.dataset.endFrame);
      element.classList.toggle('rs-notes__item--current', here);
      if (here) element.dataset.current = 'true';
      else delete element.dataset.current;
    }
    this.composer.followPlayhead();
  }

  private renderStatus(): void {
    const { roomCode, offline } = this.statusInfo;
    const pending = this.model.pendingCount;
    let text: string;
    if (this.model.mode === 'local')
      text = 'Notes in this browser (join or create a room to share).';
    else if (!this.model.addsToRoom)
      text = `Room ${roomCode ?? ''}: you are a viewer, so new notes stay in this browser.`;
    else if (offline)
      text = `Offline: ${pending} change${pending === 1 ? '' : 's'} will be sent when the connection is back.`;
    else if (pending > 0) text = `Room ${roomCode ?? ''}: sending ${pending}…`;
    else text = `Shared with room ${roomCode ?? ''}.`;
    this.status.textContent = text;
    this.status.dataset.mode = this.model.mode;
    this.status.dataset.offline = String(offline);
  }

  private timecode(frame: number): string {
    return noteTimecode(this.session, frame);
  }
}
