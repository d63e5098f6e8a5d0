// The library side panel (docked beside the picture, never over it): who may add (the host's
// switch), add files (picker or drop) or a URL, refusals that say why and what to do, uploads an
// earlier page left unfinished, and one row per item with its thumbnail, details, state and
// progress; a click on a playable row opens it for the room.
import { button, el, inputOfType, listen } from '../../ui/components/shared/dom';
import { sidePanelFrame } from '../../ui/components/SidePanel';
import { EventEmitter } from '../../utils/EventEmitter';
import type { LibraryModel } from './LibraryModel';
import type { LibraryRow } from './libraryRows';
import { formatBytes } from './transferRate';
import './library.css';

export type LibraryPanelEvents = {
  closeRequested: void;
};

export interface LibraryPanelLinks {
  /** A URL of the item's thumbnail (with a token), or null when there is none. */
  thumbnail(id: string): Promise<string | null>;
  /** Downloads the item's original (a link with a token). */
  download(id: string): void;
}

interface RowView {
  element: HTMLLIElement;
  thumb: HTMLImageElement;
  name: HTMLButtonElement;
  detail: HTMLElement;
  state: HTMLElement;
  progress: HTMLProgressElement;
  cancel: HTMLButtonElement;
  remove: HTMLButtonElement;
  download: HTMLButtonElement;
  keep: HTMLButtonElement;
  thumbFor: string | null;
}

export class LibraryPanel extends EventEmitter<LibraryPanelEvents> {
  readonly element: HTMLElement;
  private readonly status: HTMLElement;
  private readonly policy: HTMLLabelElement;
  private readonly policyBox: HTMLInputElement;
  private readonly addButton: HTMLButtonElement;
  private readonly input: HTMLInputElement;
  private readonly urlForm: HTMLFormElement;
  private readonly urlInput: HTMLInputElement;
  private readonly refusals: HTMLUListElement;
  private readonly unfinished: HTMLUListElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private readonly rows = new Map<string, RowView>();
  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly model: LibraryModel,
    private readonly links: LibraryPanelLinks,
  ) {
    super();
    this.status = el('p', {
      className: 'rs-side-panel__status rs-library__status',
      testId: 'library-status',
    });
    this.policyBox = inputOfType('checkbox', { testId: 'library-participants-may-add' });
    this.policy = el('label', { className: 'rs-library__policy' }, [
      this.policyBox,
      el('span', { text: 'Participants may add' }),
    ]);
    this.input = inputOfType('file', { testId: 'library-add-input', attrs: { hidden: '' } });
    this.input.multiple = true;
    this.addButton = button({
      className: 'rs-button rs-button--primary',
      testId: 'library-add-button',
      text: 'Add files…',
    });
    this.urlInput = inputOfType('url', {
      className: 'rs-library__url',
      testId: 'library-url-input',
      attrs: { placeholder: 'https://… media URL', 'aria-label': 'Media URL' },
    });
    this.urlForm = el('form', { className: 'rs-library__url-form' }, [
      this.urlInput,
      el('button', { className: 'rs-button', testId: 'library-url-add', text: 'Add URL' }),
    ]);
    this.refusals = el('ul', { className: 'rs-library__refusals', testId: 'library-refusals' });
    this.unfinished = el('ul', { className: 'rs-library__unfinished' });
    this.list = el('ul', { className: 'rs-library__list', testId: 'library-list' });
    this.empty = el('p', {
      className: 'rs-library__empty',
      text: 'No shots yet. Add files (or drop them here): everyone in the room can play them.',
    });
    const panel = sidePanelFrame(
      {
        className: 'rs-library',
        testId: 'library-panel',
        title: 'Room library',
        closeLabel: 'Close the library',
        closeTestId: 'library-close',
      },
      [
        this.status,
        this.policy,
        el('div', { className: 'rs-library__add' }, [
          this.addButton,
          el('span', { className: 'rs-library__hint', text: 'or drop files here' }),
          this.input,
        ]),
        this.urlForm,
        this.refusals,
        this.unfinished,
        this.empty,
        this.list,
      ],
    );
    this.element = panel.element;
    this.cleanups.push(
      listen(panel.close, 'click', () => this.emit('closeRequested', undefined)),
      listen(this.addButton, 'click', () => this.input.click()),
      listen(this.input, 'change', () => {
        const files = [...(this.input.files ?? [])];
        // Reset so choosing the same file again still fires 'change'.
        this.input.value = '';
        if (files.length > 0) model.addFiles(files);
      }),
      listen(this.urlForm, 'submit', (event) => {
        event.preventDefault();
        void model.addUrl(this.urlInput.value).then((added) => {
          if (added) this.urlInput.value = '';
        });
      }),
      listen(
        this.policyBox,
        'change',
        () => void model.setParticipantsMayAdd(this.policyBox.checked),
      ),
      listen(this.element, 'dragover', (event) => {
        if (!event.dataTransfer?.types.includes('Files')) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }),
      listen(this.element, 'drop', (event) => {
        const files = [...(event.dataTransfer?.files ?? [])];
        if (files.length === 0) return;
        event.preventDefault();
        model.addFiles(files);
      }),
      model.on('changed', () => this.render()),
    );
    this.render();
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.removeAllListeners();
    this.element.remove();
  }

  /** Re-renders when shown (a closed panel renders nothing: no thumbnails are fetched). */
  render(): void {
    if (!this.element.isConnected) return;
    const model = this.model;
    const blocked = model.addBlockedReason;
    this.status.textContent = blocked ?? '';
    this.status.hidden = blocked === null;
    this.policy.hidden = !model.inRoom;
    this.policyBox.checked = model.participantsMayAdd;
    this.policyBox.disabled = !model.isHost;
    this.policy.title = model.isHost
      ? 'Let participants add shots to the room’s library'
      : 'Only the host changes this';
    this.addButton.disabled = false; // a refusal row explains a click when adding is not allowed
    this.urlForm.hidden = !model.inRoom;
    this.refusals.replaceChildren(
      ...model.refusals.map((entry) => {
        const dismiss = button({ className: 'rs-button rs-button--small', text: 'Dismiss' });
        dismiss.addEventListener('click', () => model.dismiss(entry.key));
        return el(
          'li',
          {
            className: 'rs-library__refusal',
            testId: 'library-refusal',
            attrs: { 'data-code': entry.code, role: 'alert' },
          },
          [
            el('div', {}, [
              el('strong', { text: `${entry.subject}: ` }),
              el('span', { text: entry.message }),
              el('div', { className: 'rs-library__advice', text: entry.advice }),
            ]),
            dismiss,
          ],
        );
      }),
    );
    this.unfinished.replaceChildren(
      ...model.unfinished.map((entry) => {
        const forget = button({ className: 'rs-button rs-button--small', text: 'Forget' });
        forget.addEventListener('click', () => void model.forgetUnfinished(entry.id));
        return el('li', { className: 'rs-library__unfinished-row', testId: 'library-unfinished' }, [
          el('span', {
            text: `${entry.name} (${formatBytes(entry.size)}) did not finish uploading before the page was closed or reloaded. Pick or drop the same file to resume where it stopped.`,
          }),
          forget,
        ]);
      }),
    );
    const rows = model.rows;
    this.empty.hidden = rows.length > 0 || !model.inRoom;
    const keep = new Set(rows.map((row) => row.key));
    for (const [key, view] of this.rows)
      if (!keep.has(key)) {
        view.element.remove();
        this.rows.delete(key);
      }
    for (const [index, row] of rows.entries()) {
      const view = this.rows.get(row.key) ?? this.createRow(row.key);
      this.updateRow(view, row);
      if (this.list.children[index] !== view.element)
        this.list.insertBefore(view.element, this.list.children[index] ?? null);
    }
  }

  private createRow(key: string): RowView {
    const thumb = el('img', { className: 'rs-library__thumb', attrs: { alt: '' } });
    const name = button({ className: 'rs-library__name', testId: 'library-item-name' });
    const detail = el('div', { className: 'rs-library__detail', testId: 'library-item-detail' });
    const state = el('div', { className: 'rs-library__state', testId: 'library-item-state' });
    const progress = el('progress', {
      className: 'rs-library__progress',
      testId: 'upload-progress',
      attrs: { max: '1' },
    });
    const cancel = button({
      className: 'rs-button rs-button--small',
      testId: 'library-cancel',
      text: 'Cancel',
    });
    const remove = button({
      className: 'rs-button rs-button--small',
      testId: 'library-remove',
      text: 'Remove',
    });
    const download = button({
      className: 'rs-button rs-button--small',
      testId: 'library-download',
      text: 'Download',
      title: 'Download the original file',
    });
    const keep = button({ className: 'rs-button rs-button--small', testId: 'library-keep' });
    const element = el('li', { className: 'rs-library__item', testId: 'library-item' }, [
      thumb,
      el('div', { className: 'rs-library__body' }, [name, detail, state, progress]),
      el('div', { className: 'rs-library__actions' }, [cancel, keep, download, remove]),
    ]);
    const view: RowView = {
      element,
      thumb,
      name,
      detail,
      state,
      progress,
      cancel,
      remove,
      download,
      keep,
      thumbFor: null,
    };
    name.addEventListener('click', () => {
      const id = element.dataset.id;
      if (id) void this.model.open(id);
    });
    cancel.addEventListener('click', () => {
      const upload = element.dataset.uploadKey;
      if (upload) void this.model.cancel(upload);
    });
    remove.addEventListener('click', () => {
      const id = element.dataset.id;
      if (id) void this.model.remove(id);
    });
    keep.addEventListener('click', () => {
      const id = element.dataset.id;
      if (id) void this.model.toggleCopy(id);
    });
    download.addEventListener('click', () => {
      const id = element.dataset.id;
      if (id) this.links.download(id);
    });
    this.rows.set(key, view);
    return view;
  }

  private updateKeep(keep: HTMLButtonElement, row: LibraryRow): void {
    keep.hidden = !this.model.canKeepCopies || !row.playable || row.item?.kind !== 'upload';
    keep.dataset.copy = row.copy.kind;
    if (row.copy.kind === 'kept') {
      keep.textContent = 'Remove copy';
      keep.title = 'A copy is kept in this browser: it plays without the network';
    } else if (row.copy.kind === 'keeping') {
      const progress = row.copy.progress;
      keep.textContent = `Keeping ${progress === null ? '…' : `${Math.floor(progress * 100)} %`} (stop)`;
      keep.title = 'Downloading a copy into this browser';
    } else {
      keep.textContent = 'Keep a copy';
      keep.title = 'Download it into this browser, for scrubbing without the network';
    }
  }

  private updateRow(view: RowView, row: LibraryRow): void {
    const { element } = view;
    element.dataset.state = row.state;
    element.dataset.current = String(row.current);
    element.dataset.playable = String(row.playable);
    if (row.id) element.dataset.id = row.id;
    if (row.upload) element.dataset.uploadKey = row.upload.key;
    else delete element.dataset.uploadKey;
    view.name.textContent = row.name;
    view.name.disabled = !row.playable;
    view.name.title = row.playable ? 'Open for the room' : row.stateText;
    view.detail.textContent = row.detail;
    view.state.textContent = row.current
      ? `${row.stateText} · on screen in the room`
      : row.stateText;
    view.progress.hidden = row.progress === null;
    if (row.progress !== null) view.progress.value = Math.min(1, Math.max(0, row.progress));
    view.cancel.hidden = row.upload === null;
    const item = row.item;
    view.remove.hidden = item === null || row.upload !== null || !this.model.canRemove(item);
    view.download.hidden = item === null || item.kind !== 'upload' || item.state !== 'ready';
    this.updateKeep(view.keep, row);
    if (item?.thumbnail && row.id && view.thumbFor !== row.id) {
      view.thumbFor = row.id;
      void this.links.thumbnail(row.id).then((url) => {
        if (url && view.thumbFor === row.id) view.thumb.src = url;
      });
    }
    view.thumb.hidden = !item?.thumbnail;
  }
}
