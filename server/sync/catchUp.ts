// Catch-up: what a client missed since the last version it got. The changes after it while the
// store's bounded log still has them, else a snapshot. Used for sync.requestState and room
// entry (one sync.state reply), after a store outage and to repair a gap (changes one by one).
import {
  createServerMessage,
  type ServerChange,
  type ServerPayload,
} from '../../src/protocol/index';
import type { RoomStore } from '../store/RoomStore';
import type { Connection } from './Connection';

/** A sync.state payload: `changes` after `fromVersion`, or a `snapshot`. */
export type CatchUp = ServerPayload<'sync.state'>;

/**
 * The changes after `sinceVersion` when the log has them all, else a snapshot (also when no
 * version is known); null when the room no longer exists.
 */
export async function readCatchUp(
  store: RoomStore,
  roomId: string,
  sinceVersion: number | undefined,
): Promise<CatchUp | null> {
  if (sinceVersion !== undefined) {
    const missed = await store.getChangesSince(roomId, sinceVersion);
    if (missed)
      return {
        mode: 'changes',
        fromVersion: sinceVersion,
        version: missed.version,
        changes: missed.changes,
      };
  }
  const snapshot = await store.getSnapshot(roomId);
  return snapshot ? { mode: 'snapshot', ...snapshot } : null;
}

/** Answers with one sync.state message; returns the version sent (0 when the room is gone). */
export async function replyWithCatchUp(
  store: RoomStore,
  session: Connection,
  lastVersion: number | undefined,
  replyTo: string | undefined,
): Promise<number> {
  const room = session.room;
  if (!room) return 0;
  const catchUp = await readCatchUp(store, room.roomId, lastVersion);
  if (!catchUp) return 0;
  session.send(createServerMessage('sync.state', catchUp, session.envelope(replyTo)));
  return catchUp.version;
}

/**
 * Sends a catch-up into a live session as the broadcasts it missed: each change through
 * `sendChange` (as the channel would have delivered it), or a sync.state snapshot. Returns the
 * version the session has been brought to.
 */
export function streamCatchUp(
  session: Connection,
  catchUp: CatchUp,
  sendChange: (change: ServerChange, data: string) => void,
): number {
  if (catchUp.mode === 'snapshot') {
    session.send(createServerMessage('sync.state', catchUp, session.envelope()));
    return catchUp.version;
  }
  let version = catchUp.fromVersion;
  for (const change of catchUp.changes) {
    if ((change.version ?? 0) <= version) continue;
    sendChange(change, JSON.stringify(change));
    version = change.version ?? version;
  }
  return version;
}
