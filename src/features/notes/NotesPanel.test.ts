// @vitest-environment happy-dom
// The notes panel on a real Playback and the model (fake network): composing at the current frame
// or the in–out range, the list sorted by frame, jump on click, inline edit, delete with a
// confirmation for someone else's note, and the current-note highlight.
import { afterEach, describe, expect, it } from 'vitest';
import { Playback } from '../../core/playback/Playback';
import { NotesModel } from './NotesModel';
import { NotesPanel } from './NotesPanel';
import { fakeMedia, FakeNetwork, MemoryStorage } from './testSupport';
import type { ShotsSource } from './NotesScope';
import { mediaKeysOf } from './mediaKeys';
import { notesByShot } from '../playlist/notesByShot';
import type { PlaylistItem } from '../playlist/types';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function setup(shots: ShotsSource | null = null) {
  const session = new Playback();
  const network = new FakeNetwork();
  const model = new NotesModel(network, { storage: new MemoryStorage() });
  const panel = new NotesPanel(model, session, shots);
  document.body.append(panel.element);
  cleanups.push(
    () => session.dispose(),
    () => model.dispose(),
    () => panel.dispose(),
  );
  const q = <T extends HTMLElement>(id: string, root: ParentNode = panel.element) =>
    root.querySelector<T>(`[data-testid="${id}"]`)!;
  const rows = () => [...panel.element.querySelectorAll<HTMLElement>('[data-testid="notes-item"]')];
  const type = (text: string) => {
    const input = q<HTMLTextAreaElement>('notes-input');
    input.value = text;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', cancelable: true }));
  };
  return { session, network, model, panel, q, rows, type };
}

describe('NotesPanel', () => {
  it('adds notes on the frame on screen when they are added, listed by frame', () => {
    const { session, q, rows, type } = setup();
    session.seek(200);
    type('later');
    session.seek(50);
    const input = q<HTMLTextAreaElement>('notes-input');
    input.value = 'seen at 90';
    input.dispatchEvent(new Event('input'));
    expect(q('notes-anchor').dataset.frame).toBe('50');
    // The playhead moves while typing (someone else seeks, or the scripting API): the label
    // follows it and the note goes on the frame shown when Enter is pressed.
    session.seek(90);
    expect(q('notes-anchor').dataset.frame).toBe('90');
    expect(q('notes-anchor').textContent).toBe('Frame 90 · 00:00:03:17');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', cancelable: true }));
    expect(rows().map((row) => [row.dataset.frame, q('notes-item-text', row).textContent])).toEqual(
      [
        ['90', 'seen at 90'],
        ['200', 'later'],
      ],
    );
    expect(q('notes-count').textContent).toBe('2');
    expect(input.value).toBe('');
    expect(q('notes-item-frame', rows()[0]).textContent).toBe('90 · 00:00:03:17');
  });

  it('keeps one row per note however often media is opened', () => {
    const { session, rows, type } = setup();
    // The same clip opened again and again (a new source each time, as opening a file makes).
    for (let i = 0; i < 3; i += 1) {
      session.setMedia(fakeMedia('shot_v001.mov'));
      if (i === 0) type('one note');
    }
    expect(rows()).toHaveLength(1);
  });

  it('shows an error for empty text and keeps what was typed otherwise', () => {
    const { q, rows, type } = setup();
    type('   ');
    expect(q('notes-composer-error').textContent).toMatch(/Write some text/);
    expect(rows()).toHaveLength(0);
  });

  it('anchors to the in–out range when asked', () => {
    const { session, q, rows, type } = setup();
    const toggle = q<HTMLInputElement>('notes-range-toggle');
    expect(toggle.disabled).toBe(true);
    session.setInPoint(10);
    session.setOutPoint(40);
    expect(toggle.disabled).toBe(false);
    toggle.checked = true;
    toggle.dispatchEvent(new Event('change'));
    expect(q('notes-anchor').textContent).toBe('Frames 10–40');
    type('range note');
    expect(rows()[0]?.dataset.frame).toBe('10');
    expect(q('notes-item-frame', rows()[0]).textContent).toMatch(/^10–40/);
  });

  it('jumps to the note’s frame on click and highlights the note under the playhead', () => {
    const { session, q, rows, type } = setup();
    session.seek(120);
    type('here');
    session.seek(500);
    session.play();
    const row = rows()[0]!;
    expect(row.dataset.current).toBeUndefined();
    q<HTMLButtonElement>('notes-item-jump', row).click();
    expect(session.isPlaying).toBe(false);
    expect(session.currentFrame).toBe(120);
    expect(row.dataset.current).toBe('true');
  });

  it('says so when a note lies outside the in–out range (the playhead stays inside)', () => {
    const { session, q, rows, type, panel } = setup();
    session.seek(300);
    type('outside later');
    session.setInPoint(100);
    session.setOutPoint(200);
    const notices: string[] = [];
    panel.on('notice', (message) => notices.push(message));
    q<HTMLButtonElement>('notes-item-jump', rows()[0]).click();
    expect(session.currentFrame).toBe(200);
    expect(notices).toEqual([expect.stringMatching(/outside the in–out range \(100–200\)/)]);
  });

  it('edits in place (Escape cancels) and deletes own notes at once', () => {
    const { q, rows, type, model } = setup();
    type('first');
    q<HTMLButtonElement>('notes-edit-button', rows()[0]).click();
    const edit = q<HTMLTextAreaElement>('notes-edit-input');
    expect(edit.value).toBe('first');
    edit.value = 'changed';
    edit.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', cancelable: true }));
    expect(q('notes-item-text', rows()[0]).textContent).toBe('first');
    q<HTMLButtonElement>('notes-edit-button', rows()[0]).click();
    q<HTMLTextAreaElement>('notes-edit-input').value = 'second';
    q<HTMLButtonElement>('notes-save-button').click();
    expect(q('notes-item-text', rows()[0]).textContent).toBe('second');
    expect(model.items[0]?.text).toBe('second');
    q<HTMLButtonElement>('notes-delete-button', rows()[0]).click();
    expect(rows()).toHaveLength(0);
  });

  it("asks before deleting someone else's note; others' notes are read-only for participants", () => {
    const { network, q, rows } = setup();
    network.enter('ABCD-EFGH', 'host', [
      { id: 'a1', frame: 3, text: "Alice's", author: 'alice', createdAt: 1, updatedAt: 1 },
    ]);
    const row = rows()[0]!;
    expect(q('notes-item-author', row).textContent).toBe('Alice');
    q<HTMLButtonElement>('notes-delete-button', row).click();
    expect(q('notes-confirm').textContent).toMatch(/Delete Alice's note\?/);
    q<HTMLButtonElement>('notes-confirm-delete').click();
    expect(network.notes).toEqual([]);
    expect(rows()).toHaveLength(0);

    network.role = 'participant';
    network.notes = [
      { id: 'a2', frame: 4, text: 'theirs', author: 'alice', createdAt: 2, updatedAt: 2 },
    ];
    network.emit('notesChanged', network.notes);
    expect(rows()[0]?.querySelector('[data-testid="notes-edit-button"]')).toBeNull();
    expect(rows()[0]?.querySelector('[data-testid="notes-delete-button"]')).toBeNull();
  });

  it('keeps an edit open when the note is deleted meanwhile, and saves it as a new note', () => {
    const { network, q, rows, model } = setup();
    network.enter('ABCD-EFGH', 'participant', [
      { id: 'mine', frame: 8, text: 'draft', author: 'me', createdAt: 1, updatedAt: 1 },
    ]);
    q<HTMLButtonElement>('notes-edit-button', rows()[0]).click();
    q<HTMLTextAreaElement>('notes-edit-input').value = 'my careful rewrite';
    network.notes = [];
    network.emit('notesChanged', network.notes);
    expect(q('notes-edit-error').textContent).toMatch(/deleted by someone else/);
    expect(q<HTMLTextAreaElement>('notes-edit-input').value).toBe('my careful rewrite');
    q<HTMLButtonElement>('notes-save-button').click();
    expect(model.items.map((item) => [item.frame, item.text])).toEqual([[8, 'my careful rewrite']]);
  });

  it('lists the shot on screen, or with "All shots" every shot’s notes grouped by shot and version', () => {
    const item = (id: string, name: string, media: string): PlaylistItem => ({
      id,
      name,
      addedBy: 'me',
      source: { kind: 'library', id: media },
    });
    const playlist = [
      item('i1', 'sh010_comp_v001.mov', 'fp-a'),
      item('i2', 'sh020_comp_v001.mov', 'fp-b'),
      item('i3', 'sh020_comp_v002.mov', 'fp-c'),
    ];
    let available = false;
    const moves: string[] = [];
    const { session, network, model, panel, q, rows } = setup({
      available: () => available,
      groups: (notes) => notesByShot(playlist, notes),
      currentId: () => 'i1',
      goTo: (id) => moves.push(id),
    });
    const toggle = q<HTMLButtonElement>('notes-scope-toggle');
    expect(toggle.hidden).toBe(true); // no playlist: nothing to group by
    network.enter('ABCD-EFGH', 'host', [
      {
        id: 'a',
        frame: 12,
        text: 'on shot 1',
        author: 'me',
        createdAt: 1,
        updatedAt: 1,
        media: 'fp-a',
      },
      {
        id: 'b',
        frame: 10,
        text: 'edge flickers',
        author: 'alice',
        createdAt: 2,
        updatedAt: 2,
        media: 'fp-b',
      },
      {
        id: 'c',
        frame: 3,
        text: 'fixed in v2',
        author: 'alice',
        createdAt: 3,
        updatedAt: 3,
        media: 'fp-c',
      },
    ]);
    session.setMedia(fakeMedia('sh010_comp_v001.mov', 'fp-a'));
    model.setMedia(mediaKeysOf(session.media?.info ?? null));
    available = true;
    panel.refresh();
    expect(toggle.hidden).toBe(false);
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(rows().map((row) => row.dataset.noteId)).toEqual(['a']);
    expect(q('notes-by-shot').hidden).toBe(true);

    toggle.click();
    expect(panel.allShots).toBe(true);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(q('notes-list').hidden).toBe(true);
    expect(q('notes-count').textContent).toBe('3');
    const shots = [...panel.element.querySelectorAll<HTMLElement>('[data-testid="notes-shot"]')];
    expect(shots.map((shot) => shot.querySelector('h4')?.textContent)).toEqual([
      'sh010_comp',
      'sh020_comp',
    ]);
    const sh020 = [...(shots[1]?.querySelectorAll('[data-testid="notes-shot-note"]') ?? [])];
    expect(sh020.map((line) => line.textContent)).toEqual([
      '10  edge flickers — Alice',
      '3  fixed in v2 — Alice',
    ]);
    expect(shots[0]?.textContent).not.toContain('edge flickers');
    // A note of another item moves the room there; one of the item on screen goes to its frame.
    (sh020[0] as HTMLElement).click();
    expect(moves).toEqual(['i2']);
    (shots[0]?.querySelector('[data-testid="notes-shot-note"]') as HTMLElement).click();
    expect(session.currentFrame).toBe(12);
    q<HTMLButtonElement>('notes-shot-item', shots[1]).click();
    expect(moves).toEqual(['i2', 'i2']);

    toggle.click();
    expect(panel.allShots).toBe(false);
    expect(q('notes-list').hidden).toBe(false);
    expect(q('notes-count').textContent).toBe('1');
  });
});
