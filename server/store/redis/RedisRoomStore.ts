// The Redis RoomStore: several instances share rooms through one Redis. Every change runs
// the shared rules (roomLogic.ts) inside a WATCH/MULTI transaction that bumps the version,
// writes only what changed, appends to the bounded log and publishes on the room's channel
// in the same EXEC, so all instances see one order. Key layout: redisClient.ts.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { randomString, type RoomState, type ServerChange } from '../../../src/protocol/index';
import {
  applyChangeRequest,
  membersEvent,
  pickSuccessor,
  type ChangeRequest,
  type SequencedRoom,
} from '../../rooms/roomLogic';
import type {
  ApplyOutcome,
  ChangeContext,
  Member,
  MemberPatch,
  NewRoom,
  RoomEvent,
  RoomListener,
  RoomMeta,
  RoomStore,
  StoreHealth,
} from '../RoomStore';
import { RedisChannels, encodeEvent } from './RedisChannels';
import { RedisPresence } from './RedisPresence';
import {
  TransactionPool,
  createRedis,
  redisKeys,
  toStoreError,
  waitReady,
  type RedisKeys,
  type TxResult,
} from './redisClient';
import {
  STATE_FIELDS,
  decodeRoom,
  encodeNewRoom,
  stripMember,
  writeChange,
  type RoomCacheEntry,
  type StoredMember,
} from './roomCodec';

export interface RedisRoomStoreOptions {
  url: string;
  /** Prepended to every key and channel (several deployments or tests share one Redis). */
  prefix?: string;
  /** Heartbeat key lifetime; a SIGKILLed instance's members are detached after it. */
  instanceTtlMs?: number;
  /** How long detached members of a dead instance stay before they are removed. */
  presenceGraceMs?: number;
  /** How long the first connection may take before starting without Redis (it keeps retrying). */
  connectTimeoutMs?: number;
  poolSize?: number;
  logger?: Logger;
}

/** Cached rooms per instance; a room whose version moved on elsewhere is reloaded. */
const MAX_CACHED_ROOMS = 1000;

export class RedisRoomStore implements RoomStore {
  readonly instanceId = randomString(12);
  readonly keys: RedisKeys;
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly txConnections: Redis[];
  private readonly pool: TransactionPool;
  private readonly channels: RedisChannels;
  private readonly presence: RedisPresence;
  private readonly cache = new Map<string, RoomCacheEntry>();

  private constructor(private readonly options: RedisRoomStoreOptions) {
    this.keys = redisKeys(options.prefix ?? 'reelsync:');
    this.redis = createRedis({ url: options.url, name: `reelsync:${this.instanceId}` });
    this.subscriber = createRedis({ url: options.url, name: `reelsync-sub:${this.instanceId}` });
    this.txConnections = Array.from({ length: options.poolSize ?? 4 }, () =>
      createRedis({ url: options.url, name: `reelsync-tx:${this.instanceId}` }),
    );
    this.pool = new TransactionPool(this.txConnections);
    this.channels = new RedisChannels(
      this.subscriber,
      this.redis,
      this.keys,
      options.logger ?? null,
    );
    this.presence = new RedisPresence(this, this.redis, {
      ttlMs: options.instanceTtlMs ?? 15_000,
      graceMs: options.presenceGraceMs ?? 30_000,
      logger: options.logger ?? null,
    });
  }

  /**
   * Connects and starts the instance heartbeat. If Redis is not reachable in time the store
   * still starts (unhealthy, requests get STORE_UNAVAILABLE) and keeps reconnecting.
   */
  static async connect(options: RedisRoomStoreOptions): Promise<RedisRoomStore> {
    const store = new RedisRoomStore(options);
    const timeout = options.connectTimeoutMs ?? 5000;
    try {
      await Promise.all(store.connections.map((client) => waitReady(client, timeout)));
    } catch (error) {
      options.logger?.warn({ err: error }, 'Redis not reachable yet; retrying in the background');
    }
    store.presence.start();
    return store;
  }

  private get connections(): Redis[] {
    return [this.redis, this.subscriber, ...this.txConnections];
  }

  private async call<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async createRoom(room: NewRoom): Promise<'created' | 'exists'> {
    const { roomId } = room.meta;
    const key = this.keys.room(roomId);
    return this.pool.run(roomId, [key], async (redis) => {
      // The code is claimed only if no instance holds it: EXISTS under WATCH, then MULTI.
      if ((await redis.exists(key)) === 1) return { result: 'exists' as const };
      const host: StoredMember = { ...room.host, instanceId: this.instanceId, detachedAt: null };
      return {
        result: 'created' as const,
        write: (multi) => {
          encodeNewRoom(multi, this.keys, room, randomString(12));
          multi.hset(this.keys.members(roomId), host.userId, JSON.stringify(host));
          multi.zadd(this.keys.rooms, room.meta.lastActiveAt, roomId);
          multi.sadd(this.keys.creator(room.meta.creatorAddress), roomId);
          multi.sadd(this.keys.instanceRooms(this.instanceId), roomId);
        },
      };
    });
  }

  async getRoomMeta(roomId: string): Promise<RoomMeta | null> {
    const [meta, lastActiveAt] = await this.call(() =>
      this.redis.hmget(this.keys.room(roomId), 'meta', 'lastActiveAt'),
    );
    if (!meta) return null;
    return { ...(JSON.parse(meta) as RoomMeta), lastActiveAt: Number(lastActiveAt) };
  }

  async deleteRoom(roomId: string, endedMessage: string): Promise<boolean> {
    const key = this.keys.room(roomId);
    this.cache.delete(roomId);
    return this.pool.run(roomId, [key], async (redis) => {
      const meta = await redis.hget(key, 'meta');
      if (!meta) return { result: false };
      const { creatorAddress } = JSON.parse(meta) as RoomMeta;
      return {
        result: true,
        write: (multi) => {
          const k = this.keys;
          multi.del(key, k.members(roomId), k.annotations(roomId), k.notes(roomId), k.log(roomId));
          multi.zrem(k.rooms, roomId);
          multi.srem(k.creator(creatorAddress), roomId);
          multi.publish(k.channel(roomId), encodeEvent({ kind: 'ended', data: endedMessage }));
        },
      };
    });
  }

  countRooms(): Promise<number> {
    return this.call(() => this.redis.zcard(this.keys.rooms));
  }

  countRoomsByCreator(address: string): Promise<number> {
    return this.call(() => this.redis.scard(this.keys.creator(address)));
  }

  async listIdleRooms(before: number): Promise<string[]> {
    const candidates = await this.call(() =>
      this.redis.zrangebyscore(this.keys.rooms, '-inf', `(${before}`),
    );
    const idle: string[] = [];
    for (const roomId of candidates) {
      const members = await this.listMembers(roomId);
      if (!members.some((member) => member.connected)) idle.push(roomId);
    }
    return idle;
  }

  async getSnapshot(roomId: string): Promise<{ version: number; state: RoomState } | null> {
    const k = this.keys;
    const replies = await this.call(() =>
      this.redis
        .multi()
        .hmget(k.room(roomId), 'epoch', 'version', 'hostPlaybackVersion', ...STATE_FIELDS)
        .hgetall(k.annotations(roomId))
        .hgetall(k.notes(roomId))
        .exec(),
    );
    const entry = decodeRoom(roomId, replies);
    return entry ? { version: entry.room.version, state: entry.room.state } : null;
  }

  async getChangesSince(
    roomId: string,
    sinceVersion: number,
  ): Promise<{ version: number; changes: ServerChange[] } | null> {
    const replies = await this.call(() =>
      this.redis
        .multi()
        .hget(this.keys.room(roomId), 'version')
        .lrange(this.keys.log(roomId), 0, -1)
        .exec(),
    );
    const rawVersion = replies?.[0]?.[1];
    if (typeof rawVersion !== 'string') return null;
    const version = Number(rawVersion);
    if (sinceVersion > version) return null;
    const log = ((replies?.[1]?.[1] ?? []) as string[]).map(
      (text) => JSON.parse(text) as ServerChange,
    );
    const oldest = log[0]?.version ?? version + 1;
    // Same rule as the memory store: the log must hold every change after sinceVersion.
    if (sinceVersion + 1 < oldest && sinceVersion < version) return null;
    return { version, changes: log.filter((change) => (change.version ?? 0) > sinceVersion) };
  }

  async applyChange(
    roomId: string,
    request: ChangeRequest,
    context: ChangeContext,
  ): Promise<ApplyOutcome> {
    const k = this.keys;
    return this.pool.run(roomId, [k.room(roomId), k.members(roomId)], async (redis) => {
      const [[epoch, version], actorJson] = await Promise.all([
        redis.hmget(k.room(roomId), 'epoch', 'version'),
        redis.hget(k.members(roomId), context.userId),
      ]);
      if (!epoch) return { result: { status: 'no-room' } };
      let entry = this.cache.get(roomId);
      if (!entry || entry.epoch !== epoch || entry.room.version !== Number(version)) {
        entry = (await this.loadRoom(redis, roomId)) ?? undefined;
        if (!entry) return { result: { status: 'no-room' } };
      }
      // Refusals are decided on what was read, so they too must commit (an empty EXEC
      // fails when a watched key moved, and the step runs again on fresh data).
      const check = () => undefined;
      if (!actorJson)
        return {
          result: { status: 'refused', code: 'FORBIDDEN', detail: 'not a member' },
          write: check,
        };
      const actor = JSON.parse(actorJson) as StoredMember;
      const base = entry;
      const working: SequencedRoom = {
        ...base.room,
        state: {
          ...base.room.state,
          annotations: [...base.room.state.annotations],
          notes: [...base.room.state.notes],
        },
      };
      const outcome = applyChangeRequest(working, request, actor, context);
      if (outcome.status !== 'applied') {
        const result: ApplyOutcome =
          outcome.status === 'noop' ? { status: 'noop', version: working.version } : outcome;
        return { result, write: check };
      }
      const data = JSON.stringify(outcome.message);
      const next: RoomCacheEntry = {
        epoch,
        room: working,
        annOrder: new Map(base.annOrder),
        noteOrder: new Map(base.noteOrder),
      };
      const tx: TxResult<ApplyOutcome> = {
        result: { status: 'applied', message: outcome.message, data },
        write: (multi) => {
          writeChange(multi, k, next, outcome.message, context.now);
          multi.rpush(k.log(roomId), data);
          multi.ltrim(k.log(roomId), -context.limits.changeLogSize, -1);
          multi.zadd(k.rooms, context.now, roomId);
          const event: RoomEvent = {
            kind: 'message',
            type: outcome.message.type,
            data,
            ephemeral: false,
            version: working.version,
          };
          multi.publish(k.channel(roomId), encodeEvent(event));
        },
        committed: () => this.remember(roomId, next),
      };
      return tx;
    });
  }

  private async loadRoom(redis: Redis, roomId: string): Promise<RoomCacheEntry | null> {
    const k = this.keys;
    const [fields, annotations, notes] = await Promise.all([
      redis.hmget(k.room(roomId), 'epoch', 'version', 'hostPlaybackVersion', ...STATE_FIELDS),
      redis.hgetall(k.annotations(roomId)),
      redis.hgetall(k.notes(roomId)),
    ]);
    return decodeRoom(roomId, [
      [null, fields],
      [null, annotations],
      [null, notes],
    ]);
  }

  private remember(roomId: string, entry: RoomCacheEntry): void {
    this.cache.delete(roomId);
    this.cache.set(roomId, entry);
    if (this.cache.size > MAX_CACHED_ROOMS) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }

  async listMembers(roomId: string): Promise<Member[]> {
    const values = await this.call(() => this.redis.hvals(this.keys.members(roomId)));
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
      for (const member of gone) Object.assign(member, { connected: false, detachedAt: now });
      return { result: gone.length, changed: gone };
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

  subscribe(roomId: string, listener: RoomListener): Promise<() => Promise<void>> {
    return this.channels.subscribe(roomId, listener);
  }

  publish(roomId: string, event: RoomEvent): Promise<void> {
    return this.channels.publish(roomId, event);
  }

  async hitCounter(key: string, windowMs: number): Promise<number> {
    const counter = this.keys.counter(key);
    const replies = await this.call(() =>
      this.redis.multi().incr(counter).pexpire(counter, windowMs, 'NX').exec(),
    );
    return Number(replies?.[0]?.[1] ?? 0);
  }

  async getCounter(key: string): Promise<number> {
    return Number((await this.call(() => this.redis.get(this.keys.counter(key)))) ?? 0);
  }

  async health(): Promise<StoreHealth> {
    const down = this.connections.find((client) => client.status !== 'ready');
    if (down) return { ok: false, store: 'redis', detail: `Redis connection ${down.status}` };
    try {
      await this.redis.ping();
      return { ok: true, store: 'redis' };
    } catch (error) {
      return { ok: false, store: 'redis', detail: toStoreError(error).message };
    }
  }

  /** Stops the heartbeat and says goodbye, so other instances take over this one's members now. */
  async close(): Promise<void> {
    await this.presence.stop();
    await Promise.all(
      this.connections.map((client) =>
        client.status === 'ready'
          ? client.quit().catch(() => client.disconnect())
          : client.disconnect(),
      ),
    );
  }
}
