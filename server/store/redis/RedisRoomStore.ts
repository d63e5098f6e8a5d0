// The Redis RoomStore: several instances share rooms through one Redis. This facade creates
// the connections and hands each part to its module: sequenced room state and the change log
// (RedisRoomState.ts), members (RedisMembers.ts), instance presence (RedisPresence.ts) and
// per-room pub/sub (RedisChannels.ts). Key layout: redisClient.ts.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { randomString, type RoomState, type ServerChange } from '../../../src/protocol/index';
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
} from '../RoomStore';
import type { AttemptPolicy, AttemptReservation, SlotResult } from '../../limits/attempts';
import { RedisAttempts } from './RedisAttempts';
import type { LiveBus } from '../../stream/LiveBus';
import { RedisLiveBus } from './RedisLiveBus';
import { RedisChannels, encodeEvent } from './RedisChannels';
import { RedisMembers } from './RedisMembers';
import { RedisPresence } from './RedisPresence';
import { RedisRoomState } from './RedisRoomState';
import {
  TransactionPool,
  createRedis,
  redisKeys,
  toStoreError,
  waitReady,
  withStoreErrors,
  type RedisKeys,
} from './redisClient';
import { checkNewRoomState } from '../../rooms/roomSeed';
import { encodeNewRoom, type StoredMember } from './roomCodec';

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

export class RedisRoomStore implements RoomStore {
  readonly instanceId = randomString(12);
  readonly keys: RedisKeys;
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly txConnections: Redis[];
  private readonly pool: TransactionPool;
  private readonly channels: RedisChannels;
  private readonly presence: RedisPresence;
  private readonly rooms: RedisRoomState;
  private readonly members: RedisMembers;
  private readonly attempts: RedisAttempts;
  private live: RedisLiveBus | null = null;

  private constructor(private readonly options: RedisRoomStoreOptions) {
    this.keys = redisKeys(options.prefix ?? 'reelsync:');
    this.redis = createRedis({ url: options.url, name: `reelsync:${this.instanceId}` });
    this.subscriber = createRedis({ url: options.url, name: `reelsync-sub:${this.instanceId}` });
    this.txConnections = Array.from({ length: options.poolSize ?? 4 }, () =>
      createRedis({ url: options.url, name: `reelsync-tx:${this.instanceId}` }),
    );
    this.pool = new TransactionPool(this.txConnections);
    this.rooms = new RedisRoomState(this.redis, this.pool, this.keys);
    this.members = new RedisMembers(this.redis, this.pool, this.keys, this.instanceId);
    this.attempts = new RedisAttempts(this.redis, this.keys);
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

  async createRoom(room: NewRoom): Promise<'created' | 'exists'> {
    checkNewRoomState(room.state);
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
    const [meta, lastActiveAt] = await withStoreErrors(() =>
      this.redis.hmget(this.keys.room(roomId), 'meta', 'lastActiveAt'),
    );
    if (!meta) return null;
    return { ...(JSON.parse(meta) as RoomMeta), lastActiveAt: Number(lastActiveAt) };
  }

  async updateSecrets(roomId: string, secrets: RoomSecrets): Promise<boolean> {
    const key = this.keys.room(roomId);
    return this.pool.run(roomId, [key], async (redis) => {
      const meta = await redis.hget(key, 'meta');
      if (!meta) return { result: false };
      const next = { ...(JSON.parse(meta) as RoomMeta), ...secrets };
      return { result: true, write: (multi) => void multi.hset(key, 'meta', JSON.stringify(next)) };
    });
  }

  async deleteRoom(roomId: string, endedMessage: string): Promise<boolean> {
    const key = this.keys.room(roomId);
    this.rooms.forget(roomId);
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
    return withStoreErrors(() => this.redis.zcard(this.keys.rooms));
  }

  listRoomIds(): Promise<string[]> {
    return withStoreErrors(() => this.redis.zrange(this.keys.rooms, '0', '-1'));
  }

  countRoomsByCreator(address: string): Promise<number> {
    return withStoreErrors(() => this.redis.scard(this.keys.creator(address)));
  }

  async listIdleRooms(before: number): Promise<string[]> {
    const candidates = await withStoreErrors(() =>
      this.redis.zrangebyscore(this.keys.rooms, '-inf', `(${before}`),
    );
    const idle: string[] = [];
    for (const roomId of candidates) {
      const members = await this.listMembers(roomId);
      if (!members.some((member) => member.connected)) idle.push(roomId);
    }
    return idle;
  }

  getSnapshot(roomId: string): Promise<{ version: number; state: RoomState } | null> {
    return this.rooms.getSnapshot(roomId);
  }

  getSerializedSnapshot(roomId: string): Promise<{ version: number; state: Buffer } | null> {
    return this.rooms.getSerializedSnapshot(roomId);
  }

  getChangesSince(
    roomId: string,
    sinceVersion: number,
  ): Promise<{ version: number; changes: ServerChange[] } | null> {
    return this.rooms.getChangesSince(roomId, sinceVersion);
  }

  applyChange(
    roomId: string,
    request: ChangeRequest,
    context: ChangeContext,
  ): Promise<ApplyOutcome> {
    return this.rooms.applyChange(roomId, request, context);
  }

  listMembers(roomId: string): Promise<Member[]> {
    return this.members.listMembers(roomId);
  }

  addMember(roomId: string, member: Member): Promise<'added' | 'full' | 'no-room'> {
    return this.members.addMember(roomId, member);
  }

  findMemberBySession(roomId: string, sessionTokenHash: string): Promise<Member | null> {
    return this.members.findMemberBySession(roomId, sessionTokenHash);
  }

  attachMember(roomId: string, userId: string, connectionId: string, now: number) {
    return this.members.attachMember(roomId, userId, connectionId, now);
  }

  detachMember(roomId: string, userId: string, connectionId: string, now: number) {
    return this.members.detachMember(roomId, userId, connectionId, now);
  }

  removeMember(roomId: string, userId: string, options?: { onlyIfDetachedFrom?: string }) {
    return this.members.removeMember(roomId, userId, options);
  }

  updateMember(roomId: string, userId: string, patch: MemberPatch): Promise<Member | null> {
    return this.members.updateMember(roomId, userId, patch);
  }

  setRole(roomId: string, userId: string, role: 'participant' | 'viewer') {
    return this.members.setRole(roomId, userId, role);
  }

  setHost(roomId: string, userId: string): Promise<Member | null> {
    return this.members.setHost(roomId, userId);
  }

  /** Presence cleanup (RedisPresence): a dead instance's members. */
  detachInstanceMembers(roomId: string, instanceId: string, now: number): Promise<number> {
    return this.members.detachInstanceMembers(roomId, instanceId, now);
  }

  removeInstanceMembers(roomId: string, instanceId: string): Promise<number> {
    return this.members.removeInstanceMembers(roomId, instanceId);
  }

  reclaimOrphans(roomId: string, instanceId: string): Promise<number> {
    return this.members.reclaimOrphans(roomId, instanceId);
  }

  subscribe(roomId: string, listener: RoomListener): Promise<() => Promise<void>> {
    return this.channels.subscribe(roomId, listener);
  }

  publish(roomId: string, event: RoomEvent): Promise<void> {
    return this.channels.publish(roomId, event);
  }

  async hitCounter(key: string, windowMs: number): Promise<number> {
    const counter = this.keys.counter(key);
    const replies = await withStoreErrors(() =>
      this.redis.multi().incr(counter).pexpire(counter, windowMs, 'NX').exec(),
    );
    return Number(replies?.[0]?.[1] ?? 0);
  }

  async getCounter(key: string): Promise<number> {
    return Number((await withStoreErrors(() => this.redis.get(this.keys.counter(key)))) ?? 0);
  }

  reserveAttempt(key: string, policy: AttemptPolicy): Promise<AttemptReservation> {
    return this.attempts.reserve(key, policy);
  }

  attemptWait(key: string): Promise<number> {
    return this.attempts.wait(key);
  }

  releaseAttempt(key: string): Promise<void> {
    return this.attempts.release(key);
  }

  takeSlot(key: string, intervalMs: number, maxWaitMs: number, now: number): Promise<SlotResult> {
    return this.attempts.takeSlot(key, intervalMs, maxWaitMs, now);
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
  /** The live-stream bus between instances, opened on first use (its own connections). */
  liveBus(): LiveBus {
    this.live ??= new RedisLiveBus(
      this.options.url,
      this.keys,
      this.instanceId,
      this.options.logger ?? null,
    );
    return this.live;
  }

  async close(): Promise<void> {
    await this.presence.stop();
    await this.live?.close();
    await Promise.all(
      this.connections.map((client) =>
        client.status === 'ready'
          ? client.quit().catch(() => client.disconnect())
          : client.disconnect(),
      ),
    );
  }
}
