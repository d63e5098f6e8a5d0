// The two sync-engine hooks media identity needs beyond the published API: a persistent media
// conflict (sync status `conflict` while the media differs) and the server's play hold (wait for
// everyone). Requested from the network module's owner; reached through feature checks so the
// feature works, minus these, with an engine that does not have them yet.
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';

export interface PlayHold {
  requestedBy: string;
  userIds: string[];
}

interface Extras {
  setMediaConflict?: (on: boolean) => void;
  playHold?: PlayHold | null;
  on?: (event: 'playHoldChanged', listener: (hold: PlayHold | null) => void) => () => void;
}

export function setMediaConflict(network: NetworkSyncManager, on: boolean): boolean {
  const extras = network as unknown as Extras;
  if (typeof extras.setMediaConflict !== 'function') return false;
  extras.setMediaConflict.call(network, on);
  return true;
}

export function playHold(network: NetworkSyncManager): PlayHold | null {
  return (network as unknown as Extras).playHold ?? null;
}

/** Subscribes to hold changes (a no-op where the engine does not report them). */
export function onPlayHold(
  network: NetworkSyncManager,
  listener: (hold: PlayHold | null) => void,
): () => void {
  const on = network.on.bind(network) as unknown as (
    event: string,
    listener: (hold: PlayHold | null) => void,
  ) => () => void;
  return on('playHoldChanged', listener);
}
