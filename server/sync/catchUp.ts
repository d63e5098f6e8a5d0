// Catch-up: what a client missed since the last version it got. The changes after it while the
// store's bounded log still has them, else a snapshot. Used for sync.requestState and room
// entry (one sync.state reply), after a store outage and to repair a gap (changes one by one).
// Snapshots travel as the store's cached serialization (one per room version, shared by every
// join and request) and are written only once the socket's send buffer has drained.
import {
  createServerMessage,
  serializeMessage,
  type ServerChange,
  type ServerPayload,
} from '../../src/protocol/index';
import type { RoomStore } from '../store/RoomStore';
import type { Connection } from './Connection';

/**
 * The changes after `fromVersion`, or a snapshot: `state` is the room state already serialized
 * (UTF-8 JSON), shared between everyone who gets the same version.
 */
export type CatchUp =
  | Extract<ServerPayload<'sync.state'>, { mode: 'changes' }>
  | { mode: 'snapshot'; version: number; state: Buffer };

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
  const snapshot = await store.getSerializedSnapshot(roomId);
  return snapshot ? { mode: 'snapshot', ...snapshot } : null;
}

const STATE_TAIL = '"state":null}}';

/**
 * One sync.state message as the parts of a fragmented text message: the envelope and payload
 * head are serialized (small), the state goes out as the cached bytes themselves, with no copy
 * per recipient. `payload` is the message's last key and `state` the payload's.
 */
export function encodeCatchUp(
  catchUp: CatchUp,
  envelope: ReturnType<Connection['envelope']>,
): Array<string | Buffer> {
  if (catchUp.mode === 'changes')
    return [serializeMessage(createServerMessage('sync.state', catchUp, envelope))];
  const head = serializeMessage(
    createServerMessage(
      'sync.state',
      { mode: 'snapshot', version: catchUp.version, state: null as never },
      envelope,
    ),
  );
  if (!head.endsWith(STATE_TAIL)) throw new Error('unexpected sync.state layout');
  return [head.slice(0, -'null}}'.length), catchUp.state, '}}'];
}

/**
 * Answers with one sync.state message; returns the version sent (0 when the room is gone, or
 * when the connection could not take a snapshot and was closed as a slow consumer). Waits for
 * the socket's send buffer to drain before reading and writing, so a backed-up client never
 * gets a large message on top of what it has not read.
 */
export async function replyWithCatchUp(
  store: RoomStore,
  session: Connection,
  lastVersion: number | undefined,
  replyTo: string | undefined,
): Promise<number> {
  if (!(await session.drained())) return 0;
  const room = session.room;
  if (!room) return 0;
  const catchUp = await readCatchUp(store, room.roomId, lastVersion);
  if (!catchUp) return 0;
  session.sendEncoded(encodeCatchUp(catchUp, session.envelope(replyTo)), 'sync.state');
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
    session.sendEncoded(encodeCatchUp(catchUp, session.envelope()), 'sync.state');
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
