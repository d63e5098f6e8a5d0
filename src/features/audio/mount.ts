// The audio feature in the App: volume and mute follow the room while the 'audio' sync category
// is on (AudioSyncBinding does the work; it has no elements of its own).
import type { FeatureContext } from '../../feature';
import { AudioSyncBinding } from './audioSync';

export function mountAudio(context: FeatureContext): () => void {
  const binding = new AudioSyncBinding(context.session, context.network);
  return () => binding.dispose();
}
