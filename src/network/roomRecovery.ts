// Recovery after a reconnect, the parts RoomResume (and RoomChannel) use: the room.resume
// payload, the room.create payload with which a host restores a room the server lost (same code,
// its copy of the state, its members), the wait of everyone else until the host has done so.
import type { ClientPayload, RoomState, RoomStateSeed, User } from '../protocol/index';
import type { StoredRoom } from './RejoinStore';

/** How long a member waits for the host to restore a room the server lost. */
export const ROOM_RESTORE_WAIT_MS = 3 * 60_000;

export function resumePayload(
  saved: StoredRoom,
  lastVersion: number,
): ClientPayload<'room.resume'> {
  const payload: ClientPayload<'room.resume'> = {
    roomId: saved.roomId,
    sessionToken: saved.sessionToken,
    lastVersion,
  };
  if (saved.hostToken) payload.hostToken = saved.hostToken;
  return payload;
}

/**
 * The host's room.create that restores a lost room: what the player shows (`seed`), plus the
 * room's media, settings, drawings and notes as its mirror last had them (`copy`), and the
 * others on its user list, who may come back as the same users.
 */
export function restorePayload(
  saved: Omit<StoredRoom, 'hostToken'> & { hostToken: string },
  users: readonly User[],
  seed: RoomStateSeed,
  copy: RoomState | null,
  extra: { pin?: string; displayName?: string },
): ClientPayload<'room.create'> {
  const members = users
    .filter((user) => user.userId !== saved.userId)
    .map((user) => ({
      userId: user.userId,
      displayName: user.displayName,
      role: user.role === 'viewer' ? ('viewer' as const) : ('participant' as const),
    }));
  return {
    state: { ...(copy ? { media: copy.media } : {}), ...seed },
    ...(copy ? { settings: copy.settings } : {}),
    ...extra,
    restore: {
      roomId: saved.roomId,
      hostToken: saved.hostToken,
      sessionToken: saved.sessionToken,
      members,
      ...(copy ? { annotations: copy.annotations, notes: copy.notes } : {}),
    },
  };
}

/** Waiting for the host to restore the room: asks again, backing off, for a bounded time. */
export class RestoreWait {
  private since: number | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly limitMs: number = ROOM_RESTORE_WAIT_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get active(): boolean {
    return this.since !== null;
  }

  /** Schedules the next ask (0.5 s doubling to 5 s); false once the wait is over. */
  next(ask: () => void): boolean {
    const now = this.now();
    this.since ??= now;
    if (now - this.since > this.limitMs) return false;
    this.attempt++;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(ask, Math.min(5000, 250 * 2 ** Math.min(this.attempt, 5)));
    return true;
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.since = null;
    this.attempt = 0;
  }
}

/** Everyone on the list but `selfId` (those who may come back into a restored room). */
export function othersThan(users: readonly User[], selfId: string): Set<string> {
  return new Set(users.map((user) => user.userId).filter((id) => id !== selfId));
}

/**
 * Who joined and who left between two user lists (never oneself). People in `returning` (back
 * after the server lost the room) are neither: they are taken off it as they reappear.
 */
export function comingsAndGoings(
  before: readonly User[],
  after: readonly User[],
  selfId: string | undefined,
  returning: Set<string>,
): { joined: User[]; left: User[] } {
  const known = (list: readonly User[], id: string) => list.some((user) => user.userId === id);
  const joined = after.filter(
    (user) =>
      !returning.delete(user.userId) && user.userId !== selfId && !known(before, user.userId),
  );
  const left = before.filter(
    (user) => !returning.has(user.userId) && user.userId !== selfId && !known(after, user.userId),
  );
  return { joined, left };
}
