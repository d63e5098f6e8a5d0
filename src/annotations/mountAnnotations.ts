// Placeholder during the session's parallel work: replaced by the feature's owner.
import type { FeatureContext } from '../ui/features';

export function mountAnnotations(_context: FeatureContext): () => void {
  return () => undefined;
}
