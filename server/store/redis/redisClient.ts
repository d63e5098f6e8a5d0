// Redis connections for the Redis store: fail-fast clients (no offline queue, so requests
// during an outage fail at once with StoreUnavailableError instead of hanging), a small pool
// of connections for WATCH/MULTI transactions (WATCH is per connection), and the key layout.
import { Redis, type ChainableCommander } from 'ioredis';
import { StoreUnavailableError } from '../RoomStore';

/** Every key the store uses, under one prefix. Room keys share a `{roomId}` hash tag. */
export function redisKeys(prefix: string) {
  const room = (roomId: string) => `${prefix}room:{${roomId}}`;
  return {
    /** Hash: meta, lastActiveAt, epoch, version, hostPlaybackVersion, motion, view, … */
    room,
    /** Hash: userId → member JSON. */
    members: (roomId: string) => `${room(roomId)}:members`,
    /** Hash: annotation id → [order, annotation] JSON. */
    annotations: (roomId: string) => `${room(roomId)}:ann`,
    /** Hash: note id → [order, note] JSON. */
    notes: (roomId: string) => `${room(roomId)}:notes`,
    /** List: the bounded change log, serialized broadcasts, oldest first. */
    log: (roomId: string) => `${room(roomId)}:log`,
    /** Pub/sub channel of one room. */
    channel: (roomId: string) => `${room(roomId)}:events`,
    /** Binary pub/sub channel of a room's live stream (server/store/redis/RedisLiveBus.ts). */
    liveChannel: (roomId: string) => `${room(roomId)}:live`,
    /** The room whose live channel this is, or null. */
    liveRoomOf: (channel: string) => {
      const match = /^(.*)room:\{([^}]+)\}:live$/.exec(channel);
      return match && match[1] === prefix ? (match[2] ?? null) : null;
    },
    /** String with expiry: the instance whose program streams into the room. */
    livePublisher: (roomId: string) => `${room(roomId)}:live-publisher`,
    /** Sorted set: every room, scored by lastActiveAt (counting, idle sweep). */
    rooms: `${prefix}rooms`,
    /** Set: rooms created from one client address. */
    creator: (address: string) => `${prefix}creator:${address}`,
    /** Windowed counter (PIN attempts). */
    counter: (key: string) => `${prefix}counter:${key}`,
    /** String with expiry: the instance is alive while it exists. */
    instance: (instanceId: string) => `${prefix}instance:${instanceId}`,
    /** Set: rooms in which an instance has held members. */
    instanceRooms: (instanceId: string) => `${prefix}instance:${instanceId}:rooms`,
    /** Set: instances that have announced themselves. */
    instances: `${prefix}instances`,
    /** Hash: dead instance → when its members were detached (grace clock). */
    reaped: `${prefix}reaped`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;

export interface RedisConnectOptions {
  url: string;
  /** Per-command timeout; a Redis that does not answer counts as unavailable. */
  commandTimeoutMs?: number;
  name?: string;
}

/** A client that reconnects forever (backoff ≤ 2 s) and fails commands while disconnected. */
export function createRedis(options: RedisConnectOptions): Redis {
  const client = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 3000,
    connectTimeout: 3000,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
    connectionName: options.name ?? 'reelsync',
  });
  // Errors are reported through commands and health(); without a listener ioredis logs them.
  client.on('error', () => undefined);
  return client;
}

/** Waits until the client is ready (first connect), or rejects after timeoutMs. */
export async function waitReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'wait') void client.connect().catch(() => undefined);
  if (client.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new StoreUnavailableError(`Redis not reachable within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', onReady);
  });
}

/**
 * Connection trouble (refused, closed, timed out, offline) becomes StoreUnavailableError;
 * a Redis reply error (a bug: wrong type, bad script) stays as it is.
 */
export function toStoreError(error: unknown): Error {
  if (error instanceof StoreUnavailableError) return error;
  if (error instanceof Error && error.name === 'ReplyError') return error;
  // Programming errors from our own code in a transaction body are not outages.
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError)
    return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(`Redis unavailable: ${message}`);
}

/** Runs one Redis step, turning connection failures into StoreUnavailableError. */
export async function withStoreErrors<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw toStoreError(error);
  }
}

/** What a transaction body decided: its result, and the writes to commit (if any). */
export interface TxResult<T> {
  result: T;
  /** Queues the writes; absent when there is nothing to write. */
  write?: (multi: ChainableCommander) => void;
  /** Runs after a successful EXEC, before the next transaction on this connection. */
  committed?: () => void;
}

/**
 * Optimistic transactions on dedicated connections: WATCH the keys, read, compute in TS,
 * MULTI/EXEC; EXEC returns null when a watched key changed, and the body runs again on
 * fresh data. Work for one room always uses the same connection and runs one at a time
 * there, so an instance never conflicts with itself.
 */
export class TransactionPool {
  private readonly queues: Array<Promise<unknown>>;

  constructor(
    private readonly connections: readonly Redis[],
    private readonly maxAttempts = 50,
  ) {
    this.queues = connections.map(() => Promise.resolve());
  }

  run<T>(
    shard: string,
    watch: readonly string[],
    body: (redis: Redis) => Promise<TxResult<T>>,
  ): Promise<T> {
    const index = hash(shard) % this.connections.length;
    const redis = this.connections[index];
    if (!redis) throw new Error('empty transaction pool');
    const task = (this.queues[index] ?? Promise.resolve()).then(
      () => this.attempt(redis, watch, body),
      () => this.attempt(redis, watch, body),
    );
    this.queues[index] = task.catch(() => undefined);
    return task;
  }

  private async attempt<T>(
    redis: Redis,
    watch: readonly string[],
    body: (redis: Redis) => Promise<TxResult<T>>,
  ): Promise<T> {
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      try {
        await redis.watch(...watch);
        const outcome = await body(redis);
        if (!outcome.write) {
          await redis.unwatch();
          return outcome.result;
        }
        const multi = redis.multi();
        outcome.write(multi);
        const replies = await multi.exec();
        if (replies === null) continue; // a watched key changed: run again on fresh data
        for (const [error] of replies) if (error) throw error;
        outcome.committed?.();
        return outcome.result;
      } catch (error) {
        // A failed step must not leave a WATCH behind on this connection.
        await redis.unwatch().catch(() => undefined);
        throw toStoreError(error);
      }
    }
    throw new StoreUnavailableError('too much contention on one room; try again');
  }
}

function hash(text: string): number {
  let value = 2166136261;
  for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 16777619);
  return value >>> 0;
}
