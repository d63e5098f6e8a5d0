// Shared types of the annotation feature (DOM-free): the wire shapes re-exported, and the
// operations the document records for per-user undo/redo.
import type { Annotation, AnnotationInput } from '../../protocol/index';

export type { Annotation, AnnotationInput };
export type AnnotationTool = Annotation['tool'];
/** Tools that leave an annotation (the eraser removes annotations instead). */
export type DrawTool = Exclude<AnnotationTool, 'eraser'>;

export interface Point {
  x: number;
  y: number;
}

/** A change as the room applies it: set semantics by id, so changes to different ids commute. */
export type AnnotationChange =
  { op: 'add'; annotation: Annotation } | { op: 'remove'; ids: readonly string[] };

/**
 * One user action as recorded for undo: what it added and what it removed (full copies, so
 * undo can put removed annotations back). A stroke adds one; an erase or a clear removes some.
 */
export interface AnnotationOperation {
  added: readonly Annotation[];
  removed: readonly Annotation[];
}

/** Who acts and what the room lets them do. */
export interface Actor {
  userId: string;
  /** Host, or a room whose othersCanEdit is on, or local-only mode. */
  canEditOthers: boolean;
}

/** Pressure recorded when the device reports none (the wire protocol's convention). */
export const DEFAULT_PRESSURE = 0.5;
