// The annotation model (DOM-free): annotations by id and by frame, per-user undo/redo stacks of
// operations, the ownership rule, hit-testing for the eraser, and whole-list replacement when the
// room's state (merged with this user's pending changes) arrives. Every local action returns the
// changes to send, so the same model serves local-only drawing and a shared room.
import { EventEmitter } from '../../utils/EventEmitter';
import { hitTest } from './geometry';
import type { Actor, Annotation, AnnotationChange, AnnotationOperation, Point } from './types';

export type AnnotationDocumentEvents = {
  /** Anything visible changed (the overlay redraws). */
  changed: void;
};

interface History {
  undo: AnnotationOperation[];
  redo: AnnotationOperation[];
}

/** Undo depth per user: old steps fall off so a long session cannot grow without bound. */
const MAX_HISTORY = 200;

/** True when `actor` may remove or replace `annotation` (own work, or the room allows it). */
export function canModify(annotation: Pick<Annotation, 'author'>, actor: Actor): boolean {
  return actor.canEditOthers || annotation.author === actor.userId;
}

export class AnnotationDocument extends EventEmitter<AnnotationDocumentEvents> {
  private readonly items = new Map<string, Annotation>();
  private readonly histories = new Map<string, History>();
  private revisionValue = 0;
  /** Per-frame lists in drawing order, rebuilt lazily after a change (redraws happen per frame). */
  private byFrame: Map<number, Annotation[]> | null = null;
  private scope: string | null = null;

  /** Grows on every visible change (the renderer compares it to know when to redraw). */
  get revision(): number {
    return this.revisionValue;
  }

  get size(): number {
    return this.items.size;
  }

  get(id: string): Annotation | undefined {
    return this.items.get(id);
  }

  all(): Annotation[] {
    return [...this.items.values()];
  }

  /**
   * Which media's drawings are shown (a fingerprint; null: all). Drawings made on other media
   * (their `media`) stay in the document but are not listed by forFrame.
   */
  setScope(media: string | null): void {
    if (media === this.scope) return;
    this.scope = media;
    this.touch();
  }

  get scopeMedia(): string | null {
    return this.scope;
  }

  /** Annotations of one frame of the media in scope, oldest first (the order they are drawn in). */
  forFrame(frame: number): Annotation[] {
    if (!this.byFrame) {
      this.byFrame = new Map();
      for (const item of this.items.values()) {
        if (item.media && this.scope !== null && item.media !== this.scope) continue;
        const list = this.byFrame.get(item.frame);
        if (list) list.push(item);
        else this.byFrame.set(item.frame, [item]);
      }
      for (const list of this.byFrame.values()) list.sort((a, b) => a.createdAt - b.createdAt);
    }
    return [...(this.byFrame.get(frame) ?? [])];
  }

  /**
   * Annotations of one frame of `media` (a fingerprint), whatever is in scope, oldest first;
   * drawings that name no media (older players) count for every media, as forFrame shows them.
   */
  forMediaFrame(media: string, frame: number): Annotation[] {
    return [...this.items.values()]
      .filter((item) => item.frame === frame && (!item.media || item.media === media))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Replaces everything (the room's list, or a saved local set); history is kept. */
  setAll(list: readonly Annotation[]): void {
    const same =
      list.length === this.items.size && list.every((item) => this.items.get(item.id) === item);
    if (same) return;
    this.items.clear();
    for (const item of list) this.items.set(item.id, item);
    this.touch();
  }

  /** Applies changes without recording history (remote ones, or a replay). */
  apply(changes: readonly AnnotationChange[]): void {
    if (changes.length === 0) return;
    for (const change of changes) {
      if (change.op === 'add') this.items.set(change.annotation.id, change.annotation);
      else for (const id of change.ids) this.items.delete(id);
    }
    this.touch();
  }

  /** Adds a new annotation by `actor`; returns the change to send. */
  add(annotation: Annotation, actor: Actor): AnnotationChange[] {
    const existing = this.items.get(annotation.id);
    if (existing && !canModify(existing, actor)) return [];
    return this.record(actor.userId, { added: [annotation], removed: existing ? [existing] : [] });
  }

  /**
   * Removes the given annotations, skipping those `actor` may not touch; returns the changes to
   * send (none when nothing was allowed).
   */
  remove(ids: readonly string[], actor: Actor): AnnotationChange[] {
    const removed = ids
      .map((id) => this.items.get(id))
      .filter((item): item is Annotation => item !== undefined && canModify(item, actor));
    if (removed.length === 0) return [];
    return this.record(actor.userId, { added: [], removed });
  }

  /** Removes what `actor` may remove on `frame` (others' work stays unless the room allows). */
  clearFrame(frame: number, actor: Actor): AnnotationChange[] {
    return this.remove(
      this.forFrame(frame).map((item) => item.id),
      actor,
    );
  }

  /**
   * Ids on `frame` that the eraser at `p` touches and `actor` may remove; `tolerance` is in image
   * px. Newest first, so the visible top one is the first.
   */
  hitTest(frame: number, p: Point, tolerance: number, actor?: Actor): string[] {
    return this.forFrame(frame)
      .reverse()
      .filter((item) => (!actor || canModify(item, actor)) && hitTest(item, p, tolerance))
      .map((item) => item.id);
  }

  canUndo(userId: string): boolean {
    return (this.histories.get(userId)?.undo.length ?? 0) > 0;
  }

  canRedo(userId: string): boolean {
    return (this.histories.get(userId)?.redo.length ?? 0) > 0;
  }

  /**
   * Undoes `actor`'s newest operation that still has an effect: what it added is removed (if
   * still there), what it removed is put back (if not back already). Operations that others have
   * since made void are skipped. Returns the changes to send.
   */
  undo(actor: Actor): AnnotationChange[] {
    return this.step(actor, 'undo');
  }

  redo(actor: Actor): AnnotationChange[] {
    return this.step(actor, 'redo');
  }

  /** Forgets one user's history (e.g. on leaving a room, where ids belonged to the room). */
  clearHistory(userId: string): void {
    this.histories.delete(userId);
    this.emit('changed', undefined);
  }

  private step(actor: Actor, direction: 'undo' | 'redo'): AnnotationChange[] {
    const history = this.histories.get(actor.userId);
    if (!history) return [];
    const from = direction === 'undo' ? history.undo : history.redo;
    const to = direction === 'undo' ? history.redo : history.undo;
    for (let operation = from.pop(); operation; operation = from.pop()) {
      const inverse =
        direction === 'undo'
          ? { added: operation.removed, removed: operation.added }
          : { added: operation.added, removed: operation.removed };
      const effective = this.effective(inverse, actor);
      if (effective.added.length === 0 && effective.removed.length === 0) continue;
      to.push(operation);
      const changes = this.changesOf(effective);
      this.apply(changes);
      return changes;
    }
    this.emit('changed', undefined);
    return [];
  }

  /** The part of an operation that still applies and that `actor` may do now. */
  private effective(operation: AnnotationOperation, actor: Actor): AnnotationOperation {
    const removed = operation.removed.filter((item) => {
      const current = this.items.get(item.id);
      return current !== undefined && canModify(current, actor);
    });
    const added = operation.added.filter((item) => {
      const current = this.items.get(item.id);
      return current === undefined || canModify(current, actor);
    });
    return { added, removed };
  }

  private record(userId: string, operation: AnnotationOperation): AnnotationChange[] {
    let history = this.histories.get(userId);
    if (!history) {
      history = { undo: [], redo: [] };
      this.histories.set(userId, history);
    }
    history.undo.push(operation);
    if (history.undo.length > MAX_HISTORY) history.undo.shift();
    history.redo = [];
    const changes = this.changesOf(operation);
    this.apply(changes);
    return changes;
  }

  private changesOf(operation: AnnotationOperation): AnnotationChange[] {
    const addedIds = new Set(operation.added.map((item) => item.id));
    const removeIds = operation.removed.map((item) => item.id).filter((id) => !addedIds.has(id));
    const changes: AnnotationChange[] = [];
    if (removeIds.length > 0) changes.push({ op: 'remove', ids: removeIds });
    for (const annotation of operation.added) changes.push({ op: 'add', annotation });
    return changes;
  }

  private touch(): void {
    this.revisionValue++;
    this.byFrame = null;
    this.emit('changed', undefined);
  }
}
