// Entry point of the annotation feature (docs/annotations.md): drawing over the viewer, shared
// live with the room when annotation sync is on.
import type { FeatureContext } from '../../feature';
import { AnnotationController } from './AnnotationController';
import { drawMark } from './render';
import './annotations.css';

export function mountAnnotations(context: FeatureContext): () => void {
  const controller = new AnnotationController({
    stage: context.stage,
    slot: context.header.annotateSlot,
    strip: context.toolStrip,
    session: context.session,
    displayedFrame: () => context.displayedFrame(),
    viewer: context.viewer,
    network: context.network,
    keyBindings: context.keyBindings,
    toasts: context.toasts,
  });
  // Other features' pictures of a frame (the notes report's thumbnails) carry its drawings.
  context.markup.painter = (frame, media) => {
    const marks =
      media === undefined
        ? controller.annotations.doc.forFrame(frame)
        : controller.annotations.doc.forMediaFrame(media, frame);
    if (marks.length === 0) return null;
    return (canvas, scale) => {
      for (const mark of marks) drawMark(canvas, mark, { scale, offsetX: 0, offsetY: 0 });
    };
  };
  return () => {
    context.markup.painter = null;
    controller.dispose();
  };
}
