// Placeholder during the session's parallel work: replaced by the feature's owner.
import type { FeatureContext } from '../features';

export function mountMediaIdentity(_context: FeatureContext): () => void {
  return () => undefined;
}
