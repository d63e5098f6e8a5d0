// The room feature in the App: the header's network button and status light, its panel docked in
// the side column, presence avatars over the stage, the room's toasts and shortcuts, and share
// links opened at startup (see roomUi.ts).
import type { FeatureContext } from '../../feature';
import { mountRoomUi } from './roomUi';

export function mountRoom(context: FeatureContext): () => void {
  const ui = mountRoomUi({
    network: context.network,
    slot: context.header.networkSlot,
    stage: context.stage,
    side: context.side,
    toasts: context.toasts,
    keyBindings: context.keyBindings,
    resumed: context.roomResumed,
    shareBase: context.shareBase,
  });
  return () => ui.dispose();
}
