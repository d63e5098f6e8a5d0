// Restoring a room the server lost (a restart without a persistent store): its host re-creates
// it under the old code with its copy of the state. The host's tokens from the lost room are
// signed for that code (RoomCredentials), so nobody else can claim it; the people on the host's
// list are put back as disconnected members under the same names and roles, and come back with
// their own session tokens (RoomAdmission.resume) or leave after the restore grace period.
import type { Logger } from 'pino';
import type { ClientPayload } from '../../src/protocol/index';
import { hashToken } from '../auth';
import type { ServerConfig } from '../config';
import type { RoomCredentials } from '../roomCredentials';
import { assignColor } from '../rooms/roomLogic';
import type { Member, NewRoom, RoomStore } from '../store/RoomStore';
import type { Connection } from './Connection';

export type RestoreRequest = NonNullable<ClientPayload<'room.create'>['restore']>;

/** How long the members of a restored room have to come back (at least the presence grace). */
export const RESTORE_GRACE_MS = 2 * 60_000;

export interface RestoreDeps {
  store: RoomStore;
  credentials: RoomCredentials;
  config: ServerConfig;
  logger: Logger;
  /** Removes the member after `ms` unless it attached meanwhile (connectionId changed). */
  expireUnlessBack(roomId: string, userId: string, placeholderId: string, ms: number): void;
}

/**
 * Creates the room under `restore.roomId` when the tokens prove the requester held it; returns
 * the host member to enter with, or null after replying with the refusal.
 */
export async function restoreRoom(
  deps: RestoreDeps,
  session: Connection,
  replyTo: string,
  restore: RestoreRequest,
  room: { meta: Omit<NewRoom['meta'], 'roomId' | 'hostTokenHash'>; state: NewRoom['state'] },
  host: Member,
): Promise<Member | null> {
  const { roomId, hostToken, sessionToken, members, annotations, notes } = restore;
  const hostId = deps.credentials.sessionUser(roomId, sessionToken);
  if (!hostId || !deps.credentials.isHostToken(roomId, hostToken)) {
    deps.logger.warn({ roomId, conn: session.id, address: session.address }, 'restore refused');
    session.replyError('BAD_HOST_TOKEN', {
      replyTo,
      detail: 'only the host who held this room can restore it',
    });
    return null;
  }
  const restoredHost: Member = {
    ...host,
    userId: hostId,
    sessionTokenHash: hashToken(sessionToken),
  };
  const state: NewRoom['state'] = {
    ...room.state,
    annotations: (annotations ?? []).slice(0, deps.config.maxAnnotations),
    notes: (notes ?? []).slice(0, deps.config.maxNotes),
  };
  const meta = { ...room.meta, roomId, hostTokenHash: hashToken(hostToken) };
  if ((await deps.store.createRoom({ meta, state, host: restoredHost })) !== 'created') {
    session.replyError('BAD_HOST_TOKEN', {
      replyTo,
      detail: 'this room code is in use again; resume it instead',
    });
    return null;
  }
  // The others, disconnected until they resume with their session token from the lost room.
  const placeholderId = `restore:${roomId}`;
  const added: Member[] = [restoredHost];
  const graceMs = Math.max(deps.config.presenceGraceMs, RESTORE_GRACE_MS);
  for (const { userId, displayName, role } of members.slice(0, meta.capacity - 1)) {
    if (added.some((member) => member.userId === userId)) continue;
    const member: Member = {
      userId,
      sessionTokenHash: '',
      displayName,
      color: assignColor(added),
      role,
      joinedAt: restoredHost.joinedAt + added.length,
      connected: false,
      connectionId: placeholderId,
      status: 'active',
      mediaStatus: 'none',
    };
    if ((await deps.store.addMember(roomId, member)) !== 'added') break;
    added.push(member);
    deps.expireUnlessBack(roomId, userId, placeholderId, graceMs);
  }
  deps.logger.info({ roomId, conn: session.id, members: added.length }, 'room restored');
  return restoredHost;
}
