import { describe, expect, it, vi } from 'vitest';
import { AnnotationDocument, canModify } from './AnnotationDocument';
import type { Actor, Annotation } from './types';

const alice: Actor = { userId: 'alice', canEditOthers: false };
const bob: Actor = { userId: 'bob', canEditOthers: false };
const host: Actor = { userId: 'hana', canEditOthers: true };

let createdAt = 0;
function stroke(id: string, author: string, frame = 1, x = 0): Annotation {
  return {
    id,
    frame,
    tool: 'line',
    color: '#ff0000',
    width: 2,
    points: [x, 0, 0.5, x + 100, 0, 0.5],
    author,
    createdAt: ++createdAt,
  };
}

describe('AnnotationDocument', () => {
  it('keeps annotations by frame in drawing order and reports changes', () => {
    const doc = new AnnotationDocument();
    const changed = vi.fn();
    doc.on('changed', changed);
    const changes = doc.add(stroke('a1', 'alice'), alice);
    doc.add(stroke('a2', 'alice', 2), alice);
    doc.add(stroke('a3', 'alice'), alice);
    expect(changes).toEqual([{ op: 'add', annotation: doc.get('a1') }]);
    expect(doc.forFrame(1).map((a) => a.id)).toEqual(['a1', 'a3']);
    expect(doc.forFrame(2).map((a) => a.id)).toEqual(['a2']);
    expect(changed).toHaveBeenCalledTimes(3);
    expect(doc.revision).toBe(3);
  });

  it('shows only the drawings of the media in scope (each playlist item keeps its own)', () => {
    const doc = new AnnotationDocument();
    doc.add({ ...stroke('s1', 'alice', 30), media: 'shot-1' }, alice);
    doc.add({ ...stroke('s2', 'alice', 30), media: 'shot-2' }, alice);
    doc.add(stroke('old', 'alice', 30), alice); // an older player's: no media, shown everywhere
    const ids = () => doc.forFrame(30).map((item) => item.id);
    expect(ids()).toEqual(['s1', 's2', 'old']);
    const revision = doc.revision;
    doc.setScope('shot-1');
    expect(doc.revision).toBeGreaterThan(revision);
    expect(ids()).toEqual(['s1', 'old']);
    doc.setScope('shot-2');
    expect(ids()).toEqual(['s2', 'old']);
    // Clearing the frame clears only what is shown.
    doc.clearFrame(30, host);
    doc.setScope('shot-1');
    expect(ids()).toEqual(['s1']);
  });

  it('lists the drawings of a frame of any media, whatever is in scope (the report of every shot)', () => {
    const doc = new AnnotationDocument();
    doc.add({ ...stroke('s1', 'alice', 30), media: 'shot-1' }, alice);
    doc.add({ ...stroke('s2', 'alice', 30), media: 'shot-2' }, alice);
    doc.add({ ...stroke('s2-other-frame', 'alice', 31), media: 'shot-2' }, alice);
    doc.add(stroke('old', 'alice', 30), alice);
    doc.setScope('shot-1');
    expect(doc.forMediaFrame('shot-2', 30).map((item) => item.id)).toEqual(['s2', 'old']);
    expect(doc.forMediaFrame('shot-1', 30).map((item) => item.id)).toEqual(['s1', 'old']);
    expect(doc.forMediaFrame('shot-3', 31)).toEqual([]);
  });

  it('undo and redo are per user and only touch that user’s operations', () => {
    const doc = new AnnotationDocument();
    doc.add(stroke('a1', 'alice'), alice);
    doc.add(stroke('b1', 'bob'), bob);
    expect(doc.undo(alice)).toEqual([{ op: 'remove', ids: ['a1'] }]);
    expect(doc.get('b1')).toBeDefined();
    expect(doc.canUndo('alice')).toBe(false);
    expect(doc.canRedo('alice')).toBe(true);
    expect(doc.redo(alice)).toEqual([{ op: 'add', annotation: doc.get('a1') }]);
    expect(doc.get('a1')).toBeDefined();
    // Bob's undo takes Bob's stroke, never Alice's.
    doc.undo(bob);
    expect(doc.get('b1')).toBeUndefined();
    expect(doc.get('a1')).toBeDefined();
  });

  it('a new action clears the redo stack', () => {
    const doc = new AnnotationDocument();
    doc.add(stroke('a1', 'alice'), alice);
    doc.undo(alice);
    doc.add(stroke('a2', 'alice'), alice);
    expect(doc.canRedo('alice')).toBe(false);
    expect(doc.redo(alice)).toEqual([]);
  });

  it('erase and clear skip others’ work unless the actor may edit others', () => {
    const doc = new AnnotationDocument();
    doc.add(stroke('a1', 'alice'), alice);
    doc.add(stroke('b1', 'bob'), bob);
    expect(doc.remove(['a1', 'b1'], bob)).toEqual([{ op: 'remove', ids: ['b1'] }]);
    expect(doc.get('a1')).toBeDefined();
    expect(doc.clearFrame(1, bob)).toEqual([]);
    expect(doc.clearFrame(1, host)).toEqual([{ op: 'remove', ids: ['a1'] }]);
    expect(doc.size).toBe(0);
    // The host's clear is one undo step that puts Alice's stroke back.
    expect(doc.undo(host)).toEqual([{ op: 'add', annotation: doc.get('a1') }]);
    expect(doc.get('a1')?.author).toBe('alice');
  });

  it('replacing another user’s annotation needs permission', () => {
    const doc = new AnnotationDocument();
    doc.add(stroke('a1', 'alice'), alice);
    expect(doc.add({ ...stroke('a1', 'bob'), color: '#00ff00' }, bob)).toEqual([]);
    expect(doc.get('a1')?.color).toBe('#ff0000');
    expect(canModify({ author: 'alice' }, bob)).toBe(false);
    expect(canModify({ author: 'alice' }, host)).toBe(true);
  });

  it('undo skips operations that others have made void (merge with remote changes)', () => {
    const doc = new AnnotationDocument();
    doc.add(stroke('a1', 'alice'), alice);
    doc.add(stroke('a2', 'alice'), alice);
    // The host erased a2 remotely: Alice's undo of a2 has nothing left to do, so it undoes a1.
    doc.apply([{ op: 'remove', ids: ['a2'] }]);
    expect(doc.undo(alice)).toEqual([{ op: 'remove', ids: ['a1'] }]);
    expect(doc.size).toBe(0);
    expect(doc.undo(alice)).toEqual([]);
  });

  it('remote changes merge by id with local ones', () => {
    const doc = new AnnotationDocument();
    doc.add(stroke('a1', 'alice'), alice);
    doc.apply([
      { op: 'add', annotation: stroke('b1', 'bob') },
      { op: 'add', annotation: stroke('b2', 'bob') },
      { op: 'remove', ids: ['b1'] },
    ]);
    expect(
      doc
        .all()
        .map((a) => a.id)
        .sort(),
    ).toEqual(['a1', 'b2']);
    const revision = doc.revision;
    doc.setAll(doc.all());
    expect(doc.revision).toBe(revision);
    doc.setAll([stroke('c1', 'carol')]);
    expect(doc.all().map((a) => a.id)).toEqual(['c1']);
  });

  it('hit-tests the newest first and filters by permission', () => {
    const doc = new AnnotationDocument();
    doc.add(stroke('a1', 'alice'), alice);
    doc.add(stroke('b1', 'bob'), bob);
    expect(doc.hitTest(1, { x: 50, y: 1 }, 2)).toEqual(['b1', 'a1']);
    expect(doc.hitTest(1, { x: 50, y: 1 }, 2, bob)).toEqual(['b1']);
    expect(doc.hitTest(1, { x: 50, y: 30 }, 2)).toEqual([]);
    expect(doc.hitTest(2, { x: 50, y: 1 }, 2)).toEqual([]);
  });
});
