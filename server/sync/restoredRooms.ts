// Rooms re-created by their host after the server lost them (see RoomCredentials): who may come
// back into each, under which name and role, for a while after the restore. Members prove who
// they are with their session token from the lost room; only people on the host's list return
// (someone removed before the restart stays out). Kept in this process (a store that keeps its
// rooms, like Redis, never needs it).
import type { AssignableRole } from '../../src/protocol/index';

export interface ReturningMember {
  displayName: string;
  role: AssignableRole;
}

/** How long the members of a restored room may come back with their old session token. */
export const RESTORE_WINDOW_MS = 10 * 60_000;

export class RestoredRooms {
  private readonly rooms = new Map<
    string,
    { members: Map<string, ReturningMember>; timer: NodeJS.Timeout }
  >();

  constructor(private readonly windowMs: number = RESTORE_WINDOW_MS) {}

  /** Records who may come back into `roomId` (replaces an earlier list). */
  set(
    roomId: string,
    members: ReadonlyArray<{ userId: string } & ReturningMember>,
    hostId: string,
  ): void {
    this.forget(roomId);
    const list = new Map<string, ReturningMember>();
    for (const { userId, displayName, role } of members)
      if (userId !== hostId) list.set(userId, { displayName, role });
    if (list.size === 0) return;
    const timer = setTimeout(() => this.rooms.delete(roomId), this.windowMs);
    timer.unref();
    this.rooms.set(roomId, { members: list, timer });
  }

  /** Takes `userId` off the list of `roomId`: they are back (once). */
  take(roomId: string, userId: string): ReturningMember | null {
    const room = this.rooms.get(roomId);
    const member = room?.members.get(userId);
    if (!room || !member) return null;
    room.members.delete(userId);
    if (room.members.size === 0) this.forget(roomId);
    return member;
  }

  /** Puts a member back on the list (their entry into the room failed). */
  restore(roomId: string, userId: string, member: ReturningMember): void {
    const room = this.rooms.get(roomId);
    if (room) room.members.set(userId, member);
    else this.set(roomId, [{ userId, ...member }], '');
  }

  forget(roomId: string): void {
    const room = this.rooms.get(roomId);
    if (room) clearTimeout(room.timer);
    this.rooms.delete(roomId);
  }

  dispose(): void {
    for (const room of this.rooms.values()) clearTimeout(room.timer);
    this.rooms.clear();
  }
}
