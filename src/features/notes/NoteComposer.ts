// The notes panel's composer: a text box for a note on the frame on screen when it is added (or
// the in–out range when ticked), the anchor label that follows the playhead, Add note and the
// error line.
import type { Playback } from '../../core/playback/Playback';
import { button, el, inputOfType, listen } from '../../ui/components/shared/dom';
import type { NotesModel } from './NotesModel';
import type { NoteDraft } from './noteTypes';
import { hasInOutRange, noteTimecode, playheadFrame } from './noteFrames';
import { fitToText, noteTextArea } from './noteRows';

export class NoteComposer {
  readonly element: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly anchorLabel: HTMLElement;
  private readonly rangeToggle: HTMLInputElement;
  private readonly rangeLabel: HTMLElement;
  private readonly error: HTMLElement;
  private readonly cleanups: Array<() => void>;

  constructor(
    private readonly model: NotesModel,
    private readonly session: Playback,
  ) {
    this.input = noteTextArea('notes-input', 'New note', {
      placeholder: 'Write a note… (Enter adds it, Shift+Enter for a new line)',
    });
    this.anchorLabel = el('span', { className: 'rs-notes__anchor', testId: 'notes-anchor' });
    this.rangeToggle = inputOfType('checkbox', { testId: 'notes-range-toggle' });
    this.rangeLabel = el('span');
    const rangeField = el('label', { className: 'rs-notes__range' }, [
      this.rangeToggle,
      this.rangeLabel,
    ]);
    const add = button({
      className: 'rs-button rs-notes__add',
      testId: 'notes-add-button',
      text: 'Add note',
    });
    this.error = el('p', {
      className: 'rs-notes__error',
      testId: 'notes-composer-error',
      attrs: { role: 'alert' },
    });
    this.element = el('div', { className: 'rs-notes__composer', testId: 'notes-composer' }, [
      this.input,
      el('div', { className: 'rs-notes__composer-row' }, [this.anchorLabel, rangeField, add]),
      this.error,
    ]);
    this.cleanups = [
      listen(add, 'click', () => this.submit()),
      listen(this.input, 'input', () => {
        this.error.textContent = '';
      }),
      listen(this.input, 'keydown', (event) => {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          this.submit();
        } else if (event.key === 'Escape') {
          event.preventDefault();
          this.input.blur();
        }
      }),
      listen(this.rangeToggle, 'change', () => this.render()),
    ];
  }

  /** Puts the cursor in the composer. */
  focus(): void {
    this.render();
    this.input.focus();
    fitToText(this.input);
  }

  /**
   * The playhead moved (our seek, someone else's in the room, the scripting API): the label
   * follows it, since the note goes on the frame on screen when it is added.
   */
  followPlayhead(): void {
    this.render();
  }

  showError(message: string): void {
    this.error.textContent = message;
  }

  render(): void {
    const range = hasInOutRange(this.session);
    this.rangeToggle.disabled = !range;
    if (!range) this.rangeToggle.checked = false;
    this.rangeLabel.textContent = range
      ? `In–out ${this.session.inPoint}–${this.session.outPoint}`
      : 'In–out range (set I / O)';
    const draft = this.draft('');
    this.anchorLabel.textContent =
      draft.endFrame !== undefined
        ? `Frames ${draft.frame}–${draft.endFrame}`
        : `Frame ${draft.frame} · ${noteTimecode(this.session, draft.frame)}`;
    this.anchorLabel.dataset.frame = String(draft.frame);
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private draft(text: string): NoteDraft {
    if (this.rangeToggle.checked && hasInOutRange(this.session))
      return { frame: this.session.inPoint, endFrame: this.session.outPoint, text };
    return { frame: playheadFrame(this.session), text };
  }

  private submit(): void {
    const result = this.model.add(this.draft(this.input.value));
    if (!result.ok) {
      this.error.textContent = result.error;
      return;
    }
    this.input.value = '';
    fitToText(this.input);
    this.error.textContent = '';
    this.render();
  }
}
