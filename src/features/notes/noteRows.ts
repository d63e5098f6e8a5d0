// The rows of the notes list: a note (frame, author, state badge, text, Edit / Delete or the
// delete confirmation), a row being edited, and the text box both the composer and edits use.
import { WIRE_LIMITS } from '../../protocol/index';
import { button, el } from '../../ui/components/shared/dom';
import type { NoteItem } from './noteTypes';

/**
 * A note text box (`maxlength` is the wire limit). It grows with its text (wrapped, never cut) up
 * to the CSS max-height, then scrolls; call fitToText after setting `value` from code.
 */
export function noteTextArea(
  testId: string,
  label: string,
  attrs: Record<string, string> = {},
): HTMLTextAreaElement {
  const input = el('textarea', {
    className: 'rs-input rs-notes__input',
    testId,
    attrs: {
      rows: '3',
      ...attrs,
      'aria-label': label,
      maxlength: String(WIRE_LIMITS.maxNoteLength),
    },
  });
  input.addEventListener('input', () => fitToText(input));
  return input;
}

/** Sizes a note text box to its text (the CSS max-height caps it; beyond that it scrolls). */
export function fitToText(input: HTMLTextAreaElement): void {
  input.style.height = 'auto';
  if (input.scrollHeight === 0) return; // not laid out (hidden panel): the CSS height stands
  const borders = input.offsetHeight - input.clientHeight;
  input.style.height = `${input.scrollHeight + borders}px`;
}

/** A row button; the list's click handler dispatches on its `data-action`. */
export function actionButton(
  action: string,
  label: string,
  testId: string,
  danger = false,
): HTMLButtonElement {
  return button({
    className: `rs-notes__action${danger ? ' rs-notes__action--danger' : ''}`,
    testId,
    text: label,
    attrs: { 'data-action': action },
  });
}

/** What a note's row shows; `confirming` swaps Edit / Delete for the delete confirmation. */
export function noteRowContent(
  item: NoteItem,
  confirming: boolean,
  timecode: (frame: number) => string,
): Node[] {
  const where =
    item.endFrame !== undefined
      ? `${item.frame}–${item.endFrame} · ${timecode(item.frame)}`
      : `${item.frame} · ${timecode(item.frame)}`;
  const badge =
    item.state === 'synced'
      ? null
      : el('span', {
          className: `rs-notes__badge rs-notes__badge--${item.state}`,
          testId: 'notes-item-state',
          text: item.state === 'pending' ? 'sending…' : 'local',
          title:
            item.state === 'pending'
              ? 'Waiting for the room (sent when the connection allows)'
              : 'Only in this browser, not shared with a room',
        });
  const author = el('span', { className: 'rs-notes__author', testId: 'notes-item-author' }, [
    el('span', { className: 'rs-notes__dot' }),
    document.createTextNode(
      item.own && item.author !== null ? `${item.authorName} (you)` : item.authorName,
    ),
  ]);
  author.style.setProperty('--rs-note-author', item.authorColor);
  const jump = button(
    {
      className: 'rs-notes__jump',
      testId: 'notes-item-jump',
      title: `Go to frame ${item.frame}`,
      attrs: { 'data-action': 'jump' },
    },
    [
      el('span', { className: 'rs-notes__meta' }, [
        el('span', { className: 'rs-notes__frame', testId: 'notes-item-frame', text: where }),
        author,
        ...(badge ? [badge] : []),
      ]),
      el('span', { className: 'rs-notes__text', testId: 'notes-item-text', text: item.text }),
    ],
  );
  const nodes: Node[] = [jump];
  if (confirming) {
    nodes.push(
      el('div', { className: 'rs-notes__confirm', testId: 'notes-confirm' }, [
        el('span', { text: `Delete ${item.authorName}'s note?` }),
        actionButton('confirm-delete', 'Delete', 'notes-confirm-delete', true),
        actionButton('cancel-delete', 'Cancel', 'notes-cancel-delete'),
      ]),
    );
  } else if (item.editable) {
    nodes.push(
      el('div', { className: 'rs-notes__actions' }, [
        actionButton('edit', 'Edit', 'notes-edit-button'),
        actionButton('delete', 'Delete', 'notes-delete-button'),
      ]),
    );
  }
  return nodes;
}

/** What a row shows while its note is edited: frame, the text box, its error line, Save / Cancel. */
export function noteEditContent(
  item: NoteItem,
  input: HTMLTextAreaElement,
  error: HTMLElement,
  timecode: (frame: number) => string,
): Node[] {
  return [
    el('div', {
      className: 'rs-notes__frame',
      text: `Frame ${item.frame} · ${timecode(item.frame)}`,
    }),
    input,
    error,
    el('div', { className: 'rs-notes__actions' }, [
      actionButton('save', 'Save', 'notes-save-button'),
      actionButton('cancel-edit', 'Cancel', 'notes-cancel-button'),
    ]),
  ];
}
