// Entry point of the annotation feature (docs/annotations.md): drawing over the viewer, shared
// live with the room when annotation sync is on.
import type { FeatureContext } from '../../feature';
import { AnnotationController } from './AnnotationController';
import './annotations.css';

export function mountAnnotations(context: FeatureContext): () => void {
  const controller = new AnnotationController({
    stage: context.stage,
    slot: context.header.annotateSlot,
    session: context.session,
    displayedFrame: () => context.displayedFrame(),
    viewer: context.viewer,
    network: context.network,
    keyBindings: context.keyBindings,
    toasts: context.toasts,
  });
  return () => controller.dispose();
}
