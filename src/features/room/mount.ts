// The room feature in the App: the header's network button and status light, its panel docked in
// the side column, presence avatars over the stage, the room's toasts and shortcuts, and share
// links opened at startup (see roomUi.ts); the signed-in name as the default display name.
import type { FeatureContext } from '../../feature';
import { DISPLAY_NAME_KEY } from './RoomEntryForm';
import { prepareValidatorsWhenIdle } from './idleValidators';
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
  // Signed in (server/oidc/): the account's name is the default display name, in the panel, in
  // a link's question open now, and remembered for one asked later (a name typed before wins).
  const useAccountName = (name: string | null): void => {
    if (!name) return;
    if (!ui.panel.displayName) ui.panel.displayName = name;
    const asking = ui.linkDialog?.nameInput;
    if (asking && !asking.value.trim()) asking.value = name;
    try {
      if (!localStorage.getItem(DISPLAY_NAME_KEY)) localStorage.setItem(DISPLAY_NAME_KEY, name);
    } catch {
      // Storage may be blocked; the name then only fills this visit's fields.
    }
  };
  useAccountName(context.signedIn.name);
  const offAccount = context.signedIn.on('changed', useAccountName);
  // A join's first answers are checked without waiting for their validators to be built.
  const stopPreparing = prepareValidatorsWhenIdle();
  return () => {
    stopPreparing();
    offAccount();
    ui.dispose();
  };
}
