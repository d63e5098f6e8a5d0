// The pointer gestures of drawing mode: a stroke or shape (StrokeBuilder, sent live while drawn),
// the eraser sweeping over other annotations, and a click that opens the text box. Each gesture
// ends in one change to the annotation session; the revision tells the overlay to redraw.
import { canModify } from './AnnotationDocument';
import type { PointerSample } from './AnnotationOverlay';
import { sampleSegment } from './geometry';
import { LiveStrokeSender } from './liveStrokes';
import type { AnnotationModel } from './AnnotationModel';
import type { Mark } from './render';
import { StrokeBuilder } from './StrokeBuilder';
import type { TextEntry } from './TextEntry';
import type { LiveStroke } from '../../protocol/index';
import type { Annotation, AnnotationTool, Point } from './types';

/** How close (screen px) the eraser has to come to a line to take it. */
const ERASER_RADIUS_PX = 8;

/** The toolbar's choice the next gesture draws with (`width` in screen px). */
export interface DrawingStyle {
  tool: AnnotationTool;
  color: string;
  width: number;
}

export interface AnnotationGestureDeps {
  annotations: AnnotationModel;
  text: TextEntry;
  style: () => Readonly<DrawingStyle>;
  /** The frame whose picture is on screen (a gesture belongs to it). */
  frame: () => number;
  /** Image pixels per screen pixel at the current zoom. */
  imagePerScreenPx: () => number;
  /** Holds the picture still while drawing. */
  pausePlayback: () => void;
  /** Sends a live stroke to the room (while it is being drawn). */
  sendLiveStroke: (stroke: LiveStroke) => void;
  /** The user tried to erase someone else's work without the right to. */
  refusedOthers: () => void;
  /** Makes an id for a new annotation by `author`. */
  newId: (author: string) => string;
}

export class AnnotationGestures {
  private readonly sender: LiveStrokeSender;
  private draft: StrokeBuilder | null = null;
  private erasing: { ids: Set<string>; last: Point; skipped: boolean } | null = null;
  private changes = 0;

  constructor(private readonly deps: AnnotationGestureDeps) {
    this.sender = new LiveStrokeSender((stroke) => deps.sendLiveStroke(stroke));
  }

  /** Changes whenever what the gestures show changes (the overlay redraws on a new value). */
  get revision(): number {
    return this.changes;
  }

  /** Something the gestures' picture depends on changed elsewhere (tool, color, width…). */
  invalidate(): void {
    this.changes++;
  }

  /** Annotations the eraser is sweeping over (hidden until the gesture ends). */
  get erasingIds(): ReadonlySet<string> | null {
    return this.erasing?.ids ?? null;
  }

  /** The stroke or shape being drawn, as the renderer draws it. */
  draftMark(): Mark | null {
    const draft = this.draft;
    if (!draft) return null;
    const { tool, color, width } = draft.style;
    return { tool, color, width, points: draft.points() } satisfies Mark;
  }

  down(sample: PointerSample): void {
    const { annotations } = this.deps;
    // An annotation belongs to the frame it was drawn on: hold the picture still.
    this.deps.pausePlayback();
    const perPx = this.deps.imagePerScreenPx();
    const { tool, color, width } = this.deps.style();
    if (tool === 'text') {
      this.openText(sample, perPx);
      return;
    }
    if (tool === 'eraser') {
      this.erasing = { ids: new Set(), last: sample.image, skipped: false };
      this.eraseAlong(sample.image, perPx);
      return;
    }
    const actor = annotations.actor();
    this.draft = new StrokeBuilder({
      id: this.deps.newId(actor.userId),
      frame: this.deps.frame(),
      tool,
      color,
      width: width * perPx,
      minDistance: 0.75 * perPx,
    });
    this.draft.start(sample.image, sample.pressure);
    this.changes++;
    const style = this.draft.style;
    this.sender.begin(
      { strokeId: style.id, frame: style.frame, tool, color: style.color, width: style.width },
      this.draft.points(),
    );
  }

  move(samples: PointerSample[]): void {
    if (this.erasing) {
      const perPx = this.deps.imagePerScreenPx();
      for (const sample of samples) this.eraseAlong(sample.image, perPx);
      return;
    }
    const draft = this.draft;
    if (!draft) return;
    let moved = false;
    for (const sample of samples)
      moved = draft.move(sample.image, sample.pressure, sample.shift) || moved;
    if (!moved) return;
    this.changes++;
    this.sender.update(draft.points());
  }

  up(sample: PointerSample): void {
    const { annotations } = this.deps;
    this.move([sample]);
    if (this.erasing) {
      const { ids, skipped } = this.erasing;
      this.erasing = null;
      this.changes++;
      if (skipped) this.deps.refusedOthers();
      annotations.remove([...ids]);
      return;
    }
    const draft = this.draft;
    if (!draft) return;
    this.draft = null;
    this.changes++;
    const annotation = draft.finish(annotations.actor().userId, Date.now());
    this.sender.end();
    if (annotation) annotations.add(annotation);
  }

  /** Drops the gesture in progress (nothing is added or erased). */
  cancel(): void {
    if (this.draft) this.sender.end();
    this.draft = null;
    this.erasing = null;
    this.changes++;
  }

  dispose(): void {
    this.sender.end();
  }

  private eraseAlong(to: Point, perPx: number): void {
    const erasing = this.erasing;
    if (!erasing) return;
    const radius = ERASER_RADIUS_PX * perPx;
    const { doc } = this.deps.annotations;
    const actor = this.deps.annotations.actor();
    const frame = this.deps.frame();
    for (const point of [erasing.last, ...sampleSegment(erasing.last, to, radius / 2)]) {
      for (const id of doc.hitTest(frame, point, radius)) {
        if (erasing.ids.has(id)) continue;
        const item = doc.get(id);
        if (item && canModify(item, actor)) erasing.ids.add(id);
        else erasing.skipped = true;
      }
    }
    erasing.last = to;
    this.changes++;
  }

  private openText(sample: PointerSample, perPx: number): void {
    const { annotations } = this.deps;
    const actor = annotations.actor();
    const frame = this.deps.frame();
    const { color, width } = this.deps.style();
    // Text size follows the width slider: 4 px → 20 px type, as seen at the current zoom.
    const fontPx = Math.max(14, width * 5);
    const anchor = sample.image;
    this.deps.text.open(sample.client, { color, fontPx }, (text) => {
      const annotation: Annotation = {
        id: this.deps.newId(actor.userId),
        frame,
        tool: 'text',
        color,
        width: Math.max(0.1, this.deps.style().width * perPx),
        points: [anchor.x, anchor.y, 0.5],
        text,
        fontSize: Math.min(2000, Math.max(1, fontPx * perPx)),
        author: actor.userId,
        createdAt: Date.now(),
      };
      annotations.add(annotation);
    });
  }
}
