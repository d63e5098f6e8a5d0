// Sequenced room state in Redis: snapshots, the bounded change log, and the atomic change step.
// Every change runs the shared rules (roomLogic.ts) inside a WATCH/MULTI transaction that
// bumps the version, writes only what changed, appends to the log and publishes on the room's
// channel in the same EXEC, so all instances see one order.
import type { Redis } from 'ioredis';
import type { RoomState, ServerChange } from '../../../src/protocol/index';
import { cloneIndex } from '../../rooms/roomItems';
import {
  SERVER_ACTOR,
  applyChangeRequest,
  isServerRequest,
  type SequencedRoom,
} from '../../rooms/roomLogic';
import type { ApplyOutcome, ChangeContext, ChangeRequest, RoomEvent } from '../RoomStore';
import { serializeRoomState } from '../serializeState';
import { encodeEvent } from './RedisChannels';
import {
  withStoreErrors,
  type RedisKeys,
  type TransactionPool,
  type TxResult,
} from './redisClient';
import {
  STATE_FIELDS,
  decodeRoom,
  writeChange,
  type RoomCacheEntry,
  type StoredMember,
} from './roomCodec';

/** Cached rooms per instance; a room whose version moved on elsewhere is reloaded. */
const MAX_CACHED_ROOMS = 1000;
/** Serialized snapshots kept per instance (the rooms joined most recently). */
const MAX_CACHED_SNAPSHOTS = 16;

interface SerializedEntry {
  epoch: string;
  version: number;
  state: Buffer;
}

export class RedisRoomState {
  private readonly cache = new Map<string, RoomCacheEntry>();
  private readonly serialized = new Map<string, SerializedEntry>();
  /** Snapshot reads in flight, so a join storm reads and serializes a room once. */
  private readonly loading = new Map<string, Promise<SerializedEntry | null>>();

  constructor(
    private readonly redis: Redis,
    private readonly pool: TransactionPool,
    private readonly keys: RedisKeys,
  ) {}

  /** Drops the cached copy (the room was deleted). */
  forget(roomId: string): void {
    this.cache.delete(roomId);
    this.serialized.delete(roomId);
  }

  /**
   * The state serialized once per room version: a cheap HMGET of epoch and version decides
   * whether the cached bytes are current; otherwise the state comes from this instance's room
   * cache when that is current, else from Redis (one read, shared by concurrent callers).
   */
  async getSerializedSnapshot(roomId: string): Promise<{ version: number; state: Buffer } | null> {
    const [epoch, rawVersion] = await withStoreErrors(() =>
      this.redis.hmget(this.keys.room(roomId), 'epoch', 'version'),
    );
    if (!epoch) return null;
    const version = Number(rawVersion);
    const cached = this.serialized.get(roomId);
    if (cached?.epoch === epoch && cached.version === version) return cached;
    let loading = this.loading.get(roomId);
    if (!loading) {
      const room = this.cache.get(roomId);
      // This instance's copy of the room when it is current, else one read from Redis.
      const read =
        room?.epoch === epoch && room.room.version === version
          ? serializeRoomState(room.room.state).then((state) =>
              this.keepSerialized(roomId, { epoch, version, state }),
            )
          : this.readSerialized(roomId);
      loading = read.finally(() => this.loading.delete(roomId));
      this.loading.set(roomId, loading);
    }
    const loaded = await loading;
    return loaded && { version: loaded.version, state: loaded.state };
  }

  private async readSerialized(roomId: string): Promise<SerializedEntry | null> {
    const entry = await this.readRoom(roomId);
    if (!entry) return null;
    return this.keepSerialized(roomId, {
      epoch: entry.epoch,
      version: entry.room.version,
      state: await serializeRoomState(entry.room.state),
    });
  }

  /** The room's state and counters in one round trip (null: no such room). */
  private async readRoom(roomId: string) {
    const k = this.keys;
    const replies = await withStoreErrors(() =>
      this.redis
        .multi()
        .hmget(k.room(roomId), 'epoch', 'version', 'hostPlaybackVersion', ...STATE_FIELDS)
        .hgetall(k.annotations(roomId))
        .hgetall(k.notes(roomId))
        .exec(),
    );
    return decodeRoom(roomId, replies);
  }

  private keepSerialized(roomId: string, entry: SerializedEntry): SerializedEntry {
    this.serialized.delete(roomId);
    this.serialized.set(roomId, entry);
    if (this.serialized.size > MAX_CACHED_SNAPSHOTS) {
      const oldest = this.serialized.keys().next().value;
      if (oldest !== undefined) this.serialized.delete(oldest);
    }
    return entry;
  }

  async getSnapshot(roomId: string): Promise<{ version: number; state: RoomState } | null> {
    const entry = await this.readRoom(roomId);
    return entry ? { version: entry.room.version, state: entry.room.state } : null;
  }

  async getChangesSince(
    roomId: string,
    sinceVersion: number,
  ): Promise<{ version: number; changes: ServerChange[] } | null> {
    const replies = await withStoreErrors(() =>
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
      const serverRequest = isServerRequest(request);
      if (!actorJson && !serverRequest)
        return {
          result: { status: 'refused', code: 'FORBIDDEN', detail: 'not a member' },
          write: check,
        };
      const actor =
        serverRequest || !actorJson ? SERVER_ACTOR : (JSON.parse(actorJson) as StoredMember);
      const base = entry;
      // applyChangeRequest replaces the state object rather than mutating it (the reducer is
      // pure), and the id index is copied, so the cached entry stays intact if the transaction
      // is retried.
      const working: SequencedRoom = { ...base.room, index: cloneIndex(base.room.index) };
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
}
