// The playlist side panel (beside the picture, never over it): previous / next, the host's
// settings, "add from library", and one row per item in order — a click moves the room to it,
// drag to reorder, rename in place, remove. Rows say why an item cannot be played.
import { button, el, inputOfType, listen } from '../../ui/components/shared/dom';
import { sidePanelFrame } from '../../ui/components/SidePanel';
import { EventEmitter } from '../../utils/EventEmitter';
import type { PlaylistModel } from './PlaylistModel';
import type { PlaylistRow } from './playlistRows';
import { noteLine, notesByShotView } from './NotesByShotView';
import './playlist.css';

export type PlaylistPanelEvents = {
  closeRequested: void;
  framePngRequested: void;
  /** Local files chosen to add as an item (each member plays their own copy). */
  localFilesChosen: File[];
};

/** The MIME type a dragged row carries (its item id). */
const DRAG_TYPE = 'application/x-reelsync-playlist-item';

function checkbox(testId: string, text: string): [HTMLLabelElement, HTMLInputElement] {
  const box = inputOfType('checkbox', { testId });
  return [el('label', { className: 'rs-playlist__policy' }, [box, el('span', { text })]), box];
}

/** Saves `text` as a file through a temporary link. */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = el('a', { attrs: { href: url, download: name } });
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export class PlaylistPanel extends EventEmitter<PlaylistPanelEvents> {
  readonly element: HTMLElement;
  private readonly count: HTMLElement;
  private readonly status: HTMLElement;
  private readonly prev: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private readonly policies: HTMLElement;
  private readonly appendBox: HTMLInputElement;
  private readonly editBox: HTMLInputElement;
  private readonly playAllBox: HTMLInputElement;
  private readonly addForm: HTMLFormElement;
  private readonly addSelect: HTMLSelectElement;
  private readonly files: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly notes: HTMLElement;
  private readonly empty: HTMLElement;
  /** The row being renamed (its input keeps focus across re-renders). */
  private renaming: string | null = null;
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly model: PlaylistModel) {
    super();
    this.count = el('span', { className: 'rs-playlist__count', testId: 'playlist-count' });
    this.status = el('p', { className: 'rs-side-panel__status', testId: 'playlist-status' });
    this.prev = button({
      className: 'rs-button',
      testId: 'playlist-prev',
      text: '◀ Previous',
      title: 'Previous item (PageUp)',
    });
    this.next = button({
      className: 'rs-button',
      testId: 'playlist-next',
      text: 'Next ▶',
      title: 'Next item (PageDown)',
    });
    const [append, appendBox] = checkbox(
      'playlist-append-library',
      'Add shots added to the library',
    );
    const [edit, editBox] = checkbox('playlist-participants-may-edit', 'Participants may edit');
    const [playAll, playAllBox] = checkbox(
      'playlist-play-all',
      'Play all: playing on moves the room through every item',
    );
    this.appendBox = appendBox;
    this.editBox = editBox;
    this.playAllBox = playAllBox;
    this.policies = el('div', { className: 'rs-playlist__policies' }, [playAll, append, edit]);
    this.addSelect = el('select', {
      className: 'rs-playlist__add-select',
      testId: 'playlist-add-select',
      attrs: { 'aria-label': 'Library shot to add' },
    });
    this.addForm = el('form', { className: 'rs-playlist__add' }, [
      this.addSelect,
      el('button', { className: 'rs-button', testId: 'playlist-add-button', text: 'Add' }),
    ]);
    const importInput = inputOfType('file', {
      testId: 'playlist-import-input',
      attrs: { hidden: '', accept: '.json,.otio,application/json' },
    });
    const importButton = button({
      className: 'rs-button rs-button--small',
      testId: 'playlist-import',
      text: 'Import…',
      title:
        'Import a JSON list or an OpenTimelineIO .otio timeline (clips matched to library shots by file name)',
    });
    const exportButton = button({
      className: 'rs-button rs-button--small',
      testId: 'playlist-export',
      text: 'Export',
      title: 'Download the playlist as JSON',
    });
    const localInput = inputOfType('file', {
      testId: 'playlist-add-local-input',
      attrs: { hidden: '', multiple: '' },
    });
    const localButton = button({
      className: 'rs-button rs-button--small',
      testId: 'playlist-add-local',
      text: 'Add local file…',
      title:
        'Add a file from this computer (it is not uploaded: everyone plays their own copy, matched by its fingerprint)',
    });
    this.files = el('div', { className: 'rs-playlist__files' }, [
      importButton,
      exportButton,
      importInput,
      localButton,
      localInput,
    ]);
    this.cleanups.push(
      listen(localButton, 'click', () => localInput.click()),
      listen(localInput, 'change', () => {
        const files = [...(localInput.files ?? [])];
        localInput.value = '';
        if (files.length > 0) this.emit('localFilesChosen', files);
      }),
    );
    const framePng = button({
      className: 'rs-button rs-button--small',
      testId: 'playlist-frame-png',
      text: 'Frame as PNG',
      title: 'Download the frame on screen with its drawings as a PNG image (full size)',
    });
    this.list = el('ol', { className: 'rs-playlist__list', testId: 'playlist-list' });
    this.notes = el('section', { className: 'rs-playlist__notes', testId: 'playlist-notes' });
    this.empty = el('p', {
      className: 'rs-playlist__empty',
      text: 'No items yet. Shots added to the room’s library join the playlist; or add them here.',
    });
    const panel = sidePanelFrame(
      {
        className: 'rs-playlist',
        testId: 'playlist-panel',
        title: [document.createTextNode('Playlist '), this.count],
        closeLabel: 'Close the playlist',
        closeTestId: 'playlist-close',
      },
      [
        this.status,
        el('div', { className: 'rs-playlist__steps' }, [this.prev, this.next]),
        this.policies,
        this.addForm,
        this.files,
        el('div', { className: 'rs-playlist__files' }, [framePng]),
        this.empty,
        this.list,
        this.notes,
      ],
    );
    this.element = panel.element;
    this.cleanups.push(
      listen(panel.close, 'click', () => this.emit('closeRequested', undefined)),
      listen(this.prev, 'click', () => model.step(-1)),
      listen(this.next, 'click', () => model.step(1)),
      listen(appendBox, 'change', () => model.setAppendLibraryAdditions(appendBox.checked)),
      listen(editBox, 'change', () => model.setParticipantsMayEdit(editBox.checked)),
      listen(playAllBox, 'change', () => model.setPlayAll(playAllBox.checked)),
      listen(this.addForm, 'submit', (event) => {
        event.preventDefault();
        const chosen = this.addSelect.value;
        model.addFromLibrary(chosen === '*' ? model.addable.map((item) => item.id) : [chosen]);
      }),
      listen(importButton, 'click', () => importInput.click()),
      listen(importInput, 'change', () => {
        const file = importInput.files?.[0];
        importInput.value = '';
        if (file)
          void file.text().then(
            (text) => model.importText(text, file.name),
            () => model.importText('', file.name),
          );
      }),
      listen(exportButton, 'click', () => download('playlist.json', model.exportText())),
      listen(framePng, 'click', () => this.emit('framePngRequested', undefined)),
      model.on('changed', () => this.render()),
    );
    this.render();
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.removeAllListeners();
    this.element.remove();
  }

  render(): void {
    if (!this.element.isConnected) return;
    const model = this.model;
    const rows = model.rows;
    this.count.textContent = rows.length > 0 ? `(${rows.length})` : '';
    this.status.textContent = !model.inRoom
      ? 'The playlist belongs to a room: create or join one.'
      : [
          model.canEdit ? '' : 'The host runs the playlist: you follow it.',
          model.playAll ? 'Play all is on: playing moves the room through every item.' : '',
        ]
          .filter(Boolean)
          .join(' ');
    this.status.hidden = this.status.textContent === '';
    const at = rows.findIndex((row) => row.current);
    this.prev.disabled = !model.canEdit || at <= 0;
    this.next.disabled = !model.canEdit || at < 0 || at >= rows.length - 1;
    this.policies.hidden = !model.isHost;
    this.appendBox.checked = model.appendLibraryAdditions;
    this.editBox.checked = model.participantsMayEdit;
    this.playAllBox.checked = model.playAll;
    const addable = model.addable;
    this.addForm.hidden = !model.canEdit || addable.length === 0;
    this.addSelect.replaceChildren(
      ...addable.map((item) => el('option', { text: item.name, attrs: { value: item.id } })),
      ...(addable.length > 1
        ? [el('option', { text: 'All shots not in the playlist', attrs: { value: '*' } })]
        : []),
    );
    this.empty.hidden = rows.length > 0 || !model.inRoom;
    this.files.hidden = !model.inRoom;
    this.list.replaceChildren(...rows.map((row) => this.rowView(row)));
    this.renderNotes();
  }

  /** All the room's notes, grouped by shot and version (a click on a version goes there). */
  private renderNotes(): void {
    const groups = this.model.notesByShot;
    this.notes.hidden = groups.length === 0;
    this.notes.replaceChildren(
      ...(groups.length === 0
        ? []
        : [
            el('h3', { className: 'rs-playlist__notes-title', text: 'Notes by shot' }),
            ...notesByShotView(groups, {
              testIds: {
                shot: 'playlist-notes-shot',
                item: 'playlist-notes-item',
                note: 'playlist-note',
              },
              goTo: (id) => this.model.goTo(id),
              noteText: (note) => noteLine(note),
              currentId: this.model.currentId,
            }),
          ]),
    );
  }

  private rowView(row: PlaylistRow): HTMLLIElement {
    const model = this.model;
    const editable = model.canEdit;
    const name = button({
      className: 'rs-playlist__name',
      testId: 'playlist-item-name',
      text: row.name,
      title: row.current ? 'The room is on this item' : `Go to ${row.name}`,
    });
    name.addEventListener('click', () => model.goTo(row.id));
    const children: Node[] = [
      el('span', { className: 'rs-playlist__index', text: String(row.index + 1) }),
      this.renaming === row.id ? this.renameField(row) : name,
      el('span', {
        className: 'rs-playlist__status',
        testId: 'playlist-item-status',
        text: [
          row.status,
          row.versions,
          row.notes > 0 ? `${row.notes} note${row.notes === 1 ? '' : 's'}` : null,
        ]
          .filter((part) => part !== null)
          .join(' · '),
      }),
    ];
    if (editable) {
      const rename = button({
        className: 'rs-button rs-button--small',
        testId: 'playlist-item-rename',
        text: 'Rename',
      });
      rename.addEventListener('click', () => {
        this.renaming = row.id;
        this.render();
      });
      const remove = button({
        className: 'rs-button rs-button--small',
        testId: 'playlist-item-remove',
        text: 'Remove',
        title: 'Remove from the playlist (the shot stays in the library)',
      });
      remove.addEventListener('click', () => model.remove(row.id));
      children.push(el('span', { className: 'rs-playlist__actions' }, [rename, remove]));
    }
    const item = el(
      'li',
      {
        className: 'rs-playlist__item',
        testId: 'playlist-item',
        attrs: {
          'data-id': row.id,
          'data-current': String(row.current),
          'data-playable': String(row.playable),
        },
      },
      children,
    );
    if (editable) this.draggable(item, row);
    return item;
  }

  private renameField(row: PlaylistRow): HTMLInputElement {
    const input = inputOfType('text', {
      className: 'rs-playlist__rename',
      testId: 'playlist-item-rename-input',
      attrs: { value: row.name, 'aria-label': `New name for ${row.name}` },
    });
    const finish = (save: boolean): void => {
      if (this.renaming !== row.id) return;
      this.renaming = null;
      if (save && input.value.trim() !== row.name) this.model.rename(row.id, input.value);
      this.render();
    };
    input.addEventListener('keydown', (event) => {
      // The player's shortcuts must not fire while typing a name.
      event.stopPropagation();
      if (event.key === 'Enter') finish(true);
      else if (event.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true));
    queueMicrotask(() => {
      input.focus();
      input.select();
    });
    return input;
  }

  /** Drag a row onto another to put it there. */
  private draggable(item: HTMLLIElement, row: PlaylistRow): void {
    item.draggable = true;
    item.addEventListener('dragstart', (event) => {
      event.dataTransfer?.setData(DRAG_TYPE, row.id);
      if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
      item.classList.add('rs-playlist__item--dragged');
    });
    item.addEventListener('dragend', () => item.classList.remove('rs-playlist__item--dragged'));
    item.addEventListener('dragover', (event) => {
      if (!event.dataTransfer?.types.includes(DRAG_TYPE)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      item.classList.add('rs-playlist__item--target');
    });
    item.addEventListener('dragleave', () => item.classList.remove('rs-playlist__item--target'));
    item.addEventListener('drop', (event) => {
      const id = event.dataTransfer?.getData(DRAG_TYPE);
      item.classList.remove('rs-playlist__item--target');
      if (!id || id === row.id) return;
      event.preventDefault();
      this.model.move(id, row.index);
    });
  }
}
