// Room membership in Redis: one hash per room (user id → member JSON), every change an
// optimistic WATCH/MULTI step that also publishes the new member list on the room channel.
// Members record which instance holds their connection, for presence cleanup.
import type { Redis } from 'ioredis';
import { membersEvent, pickSuccessor } from '../../rooms/roomLogic';
import type { Member, MemberPatch, RoomEvent, RoomMeta } from '../RoomStore';
import { encodeEvent } from './RedisChannels';
import { withStoreErrors, type RedisKeys, type TransactionPool } from './redisClient';
import { stripMember, type StoredMember } from './roomCodec';

export class RedisMembers {
  constructor(
    private readonly redis: Redis,
    private readonly pool: TransactionPool,
    private readonly keys: RedisKeys,
    private readonly instanceId: string,
  ) {}

  async listMembers(roomId: string): Promise<Member[]> {
    const values = await withStoreErrors(() => this.redis.hvals(this.keys.members(roomId)));
    return values.map((text) => stripMember(JSON.parse(text) as StoredMember));
  }

  async addMember(roomId: string, member: Member): Promise<'added' | 'full' | 'no-room'> {
    return this.mutateMembers(roomId, (members, meta) => {
      if (!meta) return { result: 'no-room' as const };
      if (members.size >= meta.capacity) return { result: 'full' as const };
      const stored: StoredMember = { ...member, instanceId: this.instanceId, detachedAt: null };
      members.set(member.userId, stored);
      return { result: 'added' as const, changed: [stored], touch: member.joinedAt };
    });
  }

  async findMemberBySession(roomId: string, sessionTokenHash: string): Promise<Member | null> {
    const members = await this.listMembers(roomId);
    return members.find((member) => member.sessionTokenHash === sessionTokenHash) ?? null;
  }

  async attachMember(
    roomId: string,
    userId: string,
    connectionId: string,
    now: number,
  ): Promise<Member | null> {
    return this.mutateMembers(roomId, (members) => {
      const member = members.get(userId);
      if (!member) return { result: null };
      const previous = member.connectionId;
      Object.assign(member, { connectionId, connected: true, instanceId: this.instanceId });
      member.detachedAt = null;
      member.orphaned = false;
      const events: RoomEvent[] =
        previous && previous !== connectionId
          ? [{ kind: 'replaced', userId, connectionId: previous }]
          : [];
      return { result: stripMember(member), changed: [member], events, touch: now };
    });
  }

  async detachMember(
    roomId: string,
    userId: string,
    connectionId: string,
    now: number,
  ): Promise<boolean> {
    return this.mutateMembers(roomId, (members) => {
      const member = members.get(userId);
      if (!member || member.connectionId !== connectionId || !member.connected)
        return { result: false };
      member.connected = false;
      member.detachedAt = now;
      member.orphaned = false;
      return { result: true, changed: [member], touch: now };
    });
  }

  async removeMember(
    roomId: string,
    userId: string,
    options: { onlyIfDetachedFrom?: string } = {},
  ): Promise<{ removed: boolean; newHostId: string | null }> {
    return this.mutateMembers(roomId, (members) => {
      const member = members.get(userId);
      const kept = { result: { removed: false, newHostId: null } };
      if (!member) return kept;
      if (
        options.onlyIfDetachedFrom !== undefined &&
        (member.connected || member.connectionId !== options.onlyIfDetachedFrom)
      )
        return kept;
      return this.removeFrom(members, [member]);
    });
  }

  /** Removes members in one step; a departing host's role passes on by the shared rule. */
  private removeFrom(members: Map<string, StoredMember>, leaving: StoredMember[]) {
    let newHostId: string | null = null;
    for (const member of leaving) members.delete(member.userId);
    const changed: StoredMember[] = [];
    if (leaving.some((member) => member.role === 'host')) {
      const successor = pickSuccessor([...members.values()]) as StoredMember | null;
      if (successor) {
        successor.role = 'host';
        newHostId = successor.userId;
        changed.push(successor);
      }
    }
    return {
      result: { removed: true, newHostId },
      changed,
      removed: leaving.map((member) => member.userId),
    };
  }

  async updateMember(roomId: string, userId: string, patch: MemberPatch): Promise<Member | null> {
    return this.mutateMembers(roomId, (members) => {
      const member = members.get(userId);
      if (!member) return { result: null };
      Object.assign(member, patch);
      return { result: stripMember(member), changed: [member] };
    });
  }

  async setRole(
    roomId: string,
    userId: string,
    role: 'participant' | 'viewer',
  ): Promise<Member | null> {
    return this.mutateMembers(roomId, (members) => {
      const member = members.get(userId);
      if (!member) return { result: null };
      member.role = role;
      return { result: stripMember(member), changed: [member] };
    });
  }

  async setHost(roomId: string, userId: string): Promise<Member | null> {
    return this.mutateMembers(roomId, (members) => {
      const member = members.get(userId);
      if (!member) return { result: null };
      const changed = [...members.values()].filter((other) => other.role === 'host');
      for (const other of changed) other.role = 'participant';
      member.role = 'host';
      return { result: stripMember(member), changed: [...changed, member] };
    });
  }

  /** Presence cleanup: members still attached to a dead instance become disconnected. */
  detachInstanceMembers(roomId: string, instanceId: string, now: number): Promise<number> {
    return this.mutateMembers(roomId, (members) => {
      const gone = [...members.values()].filter(
        (member) => member.instanceId === instanceId && member.connected,
      );
      for (const member of gone)
        Object.assign(member, { connected: false, detachedAt: now, orphaned: true });
      return { result: gone.length, changed: gone };
    });
  }

  /**
   * This instance was taken for dead (it stalled past its heartbeat) but is alive: its
   * members that presence cleanup detached are connected again, as their sockets still are.
   */
  reclaimOrphans(roomId: string, instanceId: string): Promise<number> {
    return this.mutateMembers(roomId, (members) => {
      const orphans = [...members.values()].filter(
        (member) => member.instanceId === instanceId && member.orphaned && !member.connected,
      );
      for (const member of orphans)
        Object.assign(member, { connected: true, detachedAt: null, orphaned: false });
      return { result: orphans.length, changed: orphans };
    });
  }

  /** Presence cleanup after the grace period: a dead instance's detached members leave. */
  removeInstanceMembers(roomId: string, instanceId: string): Promise<number> {
    return this.mutateMembers(roomId, (members) => {
      const gone = [...members.values()].filter(
        (member) => member.instanceId === instanceId && !member.connected,
      );
      if (gone.length === 0) return { result: 0 };
      return { ...this.removeFrom(members, gone), result: gone.length };
    });
  }

  /**
   * One atomic step on a room's member list: read it (and the meta), let `body` change the
   * map, write the changed/removed members, publish its events and the new member list.
   */
  private mutateMembers<T>(
    roomId: string,
    body: (
      members: Map<string, StoredMember>,
      meta: RoomMeta | null,
    ) => {
      result: T;
      changed?: StoredMember[];
      removed?: string[];
      events?: RoomEvent[];
      touch?: number;
    },
  ): Promise<T> {
    const k = this.keys;
    const membersKey = k.members(roomId);
    return this.pool.run(roomId, [membersKey, k.room(roomId)], async (redis) => {
      const [all, metaJson] = await Promise.all([
        redis.hgetall(membersKey),
        redis.hget(k.room(roomId), 'meta'),
      ]);
      const members = new Map<string, StoredMember>();
      for (const [userId, text] of Object.entries(all))
        members.set(userId, JSON.parse(text) as StoredMember);
      const meta = metaJson ? (JSON.parse(metaJson) as RoomMeta) : null;
      const step = body(members, meta);
      const changed = step.changed ?? [];
      const removed = step.removed ?? [];
      if (!meta || (changed.length === 0 && removed.length === 0)) return { result: step.result };
      return {
        result: step.result,
        write: (multi) => {
          for (const member of changed)
            multi.hset(membersKey, member.userId, JSON.stringify(member));
          if (removed.length > 0) multi.hdel(membersKey, ...removed);
          if (step.touch !== undefined) {
            multi.hset(k.room(roomId), 'lastActiveAt', step.touch);
            multi.zadd(k.rooms, step.touch, roomId);
          }
          if (changed.some((member) => member.instanceId === this.instanceId))
            multi.sadd(k.instanceRooms(this.instanceId), roomId);
          for (const event of step.events ?? [])
            multi.publish(k.channel(roomId), encodeEvent(event));
          const list = membersEvent(roomId, [...members.values()], step.touch ?? Date.now());
          multi.publish(k.channel(roomId), encodeEvent(list));
        },
      };
    });
  }
}
