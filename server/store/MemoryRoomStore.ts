// The embedded RoomStore: everything in this process's memory. Each method runs to
// completion before the next (one event loop), which makes every method atomic.
import {
  MemoryAttempts,
  type AttemptPolicy,
  type AttemptReservation,
  type SlotResult,
} from '../limits/attempts';
import type { RoomState, ServerChange } from '../../src/protocol/index';
import { serverNow } from '../clock';
import {
  applyChangeRequest,
  isServerRequest,
  SERVER_ACTOR,
  membersEvent,
  pickSuccessor,
  type SequencedRoom,
} from '../rooms/roomLogic';
import { checkNewRoomState } from '../rooms/roomSeed';
import { serializeRoomState } from './serializeState';
import type {
  ApplyOutcome,
  ChangeContext,
  ChangeRequest,
  Member,
  MemberPatch,
  NewRoom,
  RoomEvent,
  RoomListener,
  RoomMeta,
  RoomSecrets,
  RoomStore,
  StoreHealth,
} from './RoomStore';

interface StoredRoom extends SequencedRoom {
  meta: RoomMeta;
  members: Map<string, Member>;
  /** Bounded change log, oldest first. */
  log: ServerChange[];
  /** The state serialized at `version` (made on the first snapshot read of that version). */
  serialized?: Promise<{ version: number; state: Buffer }>;
  serializedVersion?: number;
}

export class MemoryRoomStore implements RoomStore {
  private readonly rooms = new Map<string, StoredRoom>();
  private readonly listeners = new Map<string, Set<RoomListener>>();
  /** Attempt counters, back-off locks and slot schedules (server/limits/attempts.ts). */
  private readonly attempts = new MemoryAttempts();

  async createRoom(room: NewRoom): Promise<'created' | 'exists'> {
    checkNewRoomState(room.state);
    if (this.rooms.has(room.meta.roomId)) return 'exists';
    this.rooms.set(room.meta.roomId, {
      roomId: room.meta.roomId,
      meta: { ...room.meta },
      version: 0,
      hostPlaybackVersion: 0,
      state: structuredClone(room.state),
      members: new Map([[room.host.userId, { ...room.host }]]),
      log: [],
    });
    return 'created';
  }

  async getRoomMeta(roomId: string): Promise<RoomMeta | null> {
    const room = this.rooms.get(roomId);
    return room ? { ...room.meta } : null;
  }

  async updateSecrets(roomId: string, secrets: RoomSecrets): Promise<boolean> {
    const room = this.rooms.get(roomId);
    if (!room) return false;
    Object.assign(room.meta, secrets);
    return true;
  }

  async deleteRoom(roomId: string, endedMessage: string): Promise<boolean> {
    if (!this.rooms.delete(roomId)) return false;
    this.emit(roomId, { kind: 'ended', data: endedMessage });
    return true;
  }

  async countRooms(): Promise<number> {
    return this.rooms.size;
  }

  async listRoomIds(): Promise<string[]> {
    return [...this.rooms.keys()];
  }

  async countRoomsByCreator(address: string): Promise<number> {
    let count = 0;
    for (const room of this.rooms.values()) if (room.meta.creatorAddress === address) count++;
    return count;
  }

  async listIdleRooms(before: number): Promise<string[]> {
    const idle: string[] = [];
    for (const room of this.rooms.values()) {
      const anyoneConnected = [...room.members.values()].some((member) => member.connected);
      if (!anyoneConnected && room.meta.lastActiveAt < before) idle.push(room.roomId);
    }
    return idle;
  }

  async getSnapshot(roomId: string): Promise<{ version: number; state: RoomState } | null> {
    const room = this.rooms.get(roomId);
    return room ? { version: room.version, state: structuredClone(room.state) } : null;
  }

  async getSerializedSnapshot(roomId: string): Promise<{ version: number; state: Buffer } | null> {
    const room = this.rooms.get(roomId);
    if (!room) return null;
    // Concurrent joins of one version share one serialization (made in slices, see
    // serializeState.ts); the state object of a version is never mutated, only replaced.
    if (!room.serialized || room.serializedVersion !== room.version) {
      const version = room.version;
      room.serializedVersion = version;
      room.serialized = serializeRoomState(room.state).then((state) => ({ version, state }));
    }
    return room.serialized;
  }

  async getChangesSince(roomId: string, sinceVersion: number) {
    const room = this.rooms.get(roomId);
    if (!room || sinceVersion > room.version) return null;
    const oldest = room.log[0]?.version ?? room.version + 1;
    // The log must hold every change after sinceVersion.
    if (sinceVersion + 1 < oldest && sinceVersion < room.version) return null;
    return {
      version: room.version,
      changes: room.log.filter((change) => (change.version ?? 0) > sinceVersion),
    };
  }

  async applyChange(
    roomId: string,
    request: ChangeRequest,
    context: ChangeContext,
  ): Promise<ApplyOutcome> {
    const room = this.rooms.get(roomId);
    if (!room) return { status: 'no-room' };
    const actor = isServerRequest(request) ? SERVER_ACTOR : room.members.get(context.userId);
    if (!actor) return { status: 'refused', code: 'FORBIDDEN', detail: 'not a member' };
    const outcome = applyChangeRequest(room, request, actor, context);
    if (outcome.status !== 'applied')
      return outcome.status === 'noop' ? { status: 'noop', version: room.version } : outcome;
    room.log.push(outcome.message);
    if (room.log.length > context.limits.changeLogSize)
      room.log.splice(0, room.log.length - context.limits.changeLogSize);
    room.meta.lastActiveAt = context.now;
    const data = JSON.stringify(outcome.message);
    this.emit(roomId, {
      kind: 'message',
      type: outcome.message.type,
      data,
      ephemeral: false,
      version: outcome.message.version,
    });
    return { status: 'applied', message: outcome.message, data };
  }

  async listMembers(roomId: string): Promise<Member[]> {
    const room = this.rooms.get(roomId);
    return room ? [...room.members.values()].map((member) => ({ ...member })) : [];
  }

  async addMember(roomId: string, member: Member): Promise<'added' | 'full' | 'no-room'> {
    const room = this.rooms.get(roomId);
    if (!room) return 'no-room';
    if (room.members.size >= room.meta.capacity) return 'full';
    room.members.set(member.userId, { ...member });
    room.meta.lastActiveAt = member.joinedAt;
    this.emitMembers(room, member.joinedAt);
    return 'added';
  }

  async findMemberBySession(roomId: string, sessionTokenHash: string): Promise<Member | null> {
    const room = this.rooms.get(roomId);
    if (!room) return null;
    for (const member of room.members.values()) {
      if (member.sessionTokenHash === sessionTokenHash) return { ...member };
    }
    return null;
  }

  async attachMember(
    roomId: string,
    userId: string,
    connectionId: string,
    now: number,
  ): Promise<Member | null> {
    const room = this.rooms.get(roomId);
    const member = room?.members.get(userId);
    if (!room || !member) return null;
    const previous = member.connectionId;
    member.connectionId = connectionId;
    member.connected = true;
    room.meta.lastActiveAt = now;
    if (previous && previous !== connectionId)
      this.emit(roomId, { kind: 'replaced', userId, connectionId: previous });
    this.emitMembers(room, now);
    return { ...member };
  }

  async detachMember(
    roomId: string,
    userId: string,
    connectionId: string,
    now: number,
  ): Promise<boolean> {
    const room = this.rooms.get(roomId);
    const member = room?.members.get(userId);
    if (!room || !member || member.connectionId !== connectionId || !member.connected) return false;
    member.connected = false;
    room.meta.lastActiveAt = now;
    this.emitMembers(room, now);
    return true;
  }

  async removeMember(
    roomId: string,
    userId: string,
    options: { onlyIfDetachedFrom?: string } = {},
  ) {
    const room = this.rooms.get(roomId);
    const member = room?.members.get(userId);
    if (!room || !member) return { removed: false, newHostId: null };
    if (
      options.onlyIfDetachedFrom !== undefined &&
      (member.connected || member.connectionId !== options.onlyIfDetachedFrom)
    ) {
      return { removed: false, newHostId: null };
    }
    room.members.delete(userId);
    let newHostId: string | null = null;
    if (member.role === 'host') {
      const successor = pickSuccessor([...room.members.values()]);
      if (successor) {
        successor.role = 'host';
        newHostId = successor.userId;
      }
    }
    this.emitMembers(room, serverNow());
    return { removed: true, newHostId };
  }

  async updateMember(roomId: string, userId: string, patch: MemberPatch): Promise<Member | null> {
    const room = this.rooms.get(roomId);
    const member = room?.members.get(userId);
    if (!room || !member) return null;
    Object.assign(member, patch);
    this.emitMembers(room, serverNow());
    return { ...member };
  }

  async setRole(
    roomId: string,
    userId: string,
    role: 'participant' | 'viewer',
  ): Promise<Member | null> {
    const room = this.rooms.get(roomId);
    const member = room?.members.get(userId);
    if (!room || !member) return null;
    member.role = role;
    this.emitMembers(room, serverNow());
    return { ...member };
  }

  async setHost(roomId: string, userId: string): Promise<Member | null> {
    const room = this.rooms.get(roomId);
    const member = room?.members.get(userId);
    if (!room || !member) return null;
    for (const other of room.members.values())
      if (other.role === 'host') other.role = 'participant';
    member.role = 'host';
    this.emitMembers(room, serverNow());
    return { ...member };
  }

  async subscribe(roomId: string, listener: RoomListener): Promise<() => Promise<void>> {
    let set = this.listeners.get(roomId);
    if (!set) this.listeners.set(roomId, (set = new Set()));
    set.add(listener);
    return async () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(roomId) === set) this.listeners.delete(roomId);
    };
  }

  async publish(roomId: string, event: RoomEvent): Promise<void> {
    this.emit(roomId, event);
  }

  async hitCounter(key: string, windowMs: number, now: number): Promise<number> {
    return this.attempts.hit(key, windowMs, now);
  }

  async getCounter(key: string, now: number): Promise<number> {
    return this.attempts.count(key, now);
  }

  async reserveAttempt(
    key: string,
    policy: AttemptPolicy,
    now: number,
  ): Promise<AttemptReservation> {
    return this.attempts.reserve(key, policy, now);
  }

  async attemptWait(key: string, now: number): Promise<number> {
    return this.attempts.wait(key, now);
  }

  async releaseAttempt(key: string): Promise<void> {
    this.attempts.release(key);
  }

  async takeSlot(
    key: string,
    intervalMs: number,
    maxWaitMs: number,
    now: number,
  ): Promise<SlotResult> {
    return this.attempts.takeSlot(key, intervalMs, maxWaitMs, now);
  }

  async health(): Promise<StoreHealth> {
    return { ok: true, store: 'memory' };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private emitMembers(room: StoredRoom, now: number): void {
    this.emit(room.roomId, membersEvent(room.roomId, [...room.members.values()], now));
  }

  private emit(roomId: string, event: RoomEvent): void {
    const set = this.listeners.get(roomId);
    if (!set) return;
    for (const listener of [...set]) listener(event);
  }
}
