// Presence across instances: each instance refreshes a heartbeat key with an expiry and
// sweeps for instances whose key expired (SIGKILL, crash, lost network). A dead instance's
// connected members are marked disconnected at once and removed after the grace period,
// with the host role passing on by the shared rule, so crashed users do not linger.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RedisKeys } from './redisClient';

/** What presence needs from the store (kept narrow to avoid a dependency cycle). */
export interface PresenceStore {
  readonly instanceId: string;
  readonly keys: RedisKeys;
  detachInstanceMembers(roomId: string, instanceId: string, now: number): Promise<number>;
  removeInstanceMembers(roomId: string, instanceId: string): Promise<number>;
  reclaimOrphans(roomId: string, instanceId: string): Promise<number>;
}

export interface PresenceOptions {
  /** Heartbeat key lifetime; refreshed every third of it. */
  ttlMs: number;
  graceMs: number;
  logger: Logger | null;
}

export class RedisPresence {
  private timer: NodeJS.Timeout | null = null;
  private beats = 0;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: PresenceStore,
    private readonly redis: Redis,
    private readonly options: PresenceOptions,
  ) {}

  start(): void {
    const interval = Math.max(100, Math.floor(this.options.ttlMs / 3));
    const tick = () => {
      this.running = this.running
        .then(() => this.beat())
        .catch((error: unknown) =>
          this.options.logger?.warn({ err: error }, 'presence sweep failed'),
        );
    };
    tick();
    this.timer = setInterval(tick, interval);
    this.timer.unref();
  }

  /** Removes this instance's heartbeat so the others take over its members without waiting. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    const { keys, instanceId } = this.store;
    if (this.redis.status === 'ready')
      await this.redis.del(keys.instance(instanceId)).catch(() => undefined);
  }

  /** One heartbeat and sweep. */
  private async beat(): Promise<void> {
    const { keys, instanceId } = this.store;
    const { ttlMs } = this.options;
    if (this.redis.status !== 'ready') return;
    const replies = await this.redis
      .multi()
      .set(keys.instance(instanceId), String(Date.now()), 'PX', ttlMs, 'GET')
      .sadd(keys.instances, instanceId)
      .pexpire(keys.instanceRooms(instanceId), ttlMs * 4 + this.options.graceMs)
      .exec();
    // Our key had expired (a stall, or Redis lost it): others may have taken us for dead.
    if (this.beats++ > 0 && replies?.[0]?.[1] === null) await this.reclaim();
    await this.detachDead();
    await this.removeExpired();
  }

  /** Back from being taken for dead: stop the removal and reconnect our detached members. */
  private async reclaim(): Promise<void> {
    const { keys, instanceId } = this.store;
    await this.redis.hdel(keys.reaped, instanceId);
    const rooms = await this.redis.smembers(keys.instanceRooms(instanceId));
    let reclaimed = 0;
    for (const roomId of rooms) reclaimed += await this.store.reclaimOrphans(roomId, instanceId);
    this.options.logger?.warn(
      { rooms: rooms.length, reclaimed },
      'heartbeat had expired; members reclaimed',
    );
  }

  /** Phase 1: instances whose heartbeat expired; exactly one sweeper claims each (SREM). */
  private async detachDead(): Promise<void> {
    const { keys, instanceId } = this.store;
    const others = (await this.redis.smembers(keys.instances)).filter((id) => id !== instanceId);
    for (const dead of others) {
      if ((await this.redis.exists(keys.instance(dead))) === 1) continue;
      if ((await this.redis.srem(keys.instances, dead)) !== 1) continue;
      const now = Date.now();
      await this.redis.hset(keys.reaped, dead, now);
      const rooms = await this.redis.smembers(keys.instanceRooms(dead));
      let detached = 0;
      for (const roomId of rooms)
        detached += await this.store.detachInstanceMembers(roomId, dead, now);
      this.options.logger?.info({ instance: dead, rooms: rooms.length, detached }, 'instance gone');
    }
  }

  /** Phase 2: the grace period of a dead instance's members ran out. */
  private async removeExpired(): Promise<void> {
    const { keys } = this.store;
    const reaped = await this.redis.hgetall(keys.reaped);
    for (const [dead, at] of Object.entries(reaped)) {
      if (Date.now() - Number(at) < this.options.graceMs) continue;
      if ((await this.redis.hdel(keys.reaped, dead)) !== 1) continue;
      const rooms = await this.redis.smembers(keys.instanceRooms(dead));
      let removed = 0;
      for (const roomId of rooms) removed += await this.store.removeInstanceMembers(roomId, dead);
      await this.redis.del(keys.instanceRooms(dead));
      this.options.logger?.info({ instance: dead, removed }, 'dead instance members removed');
    }
  }
}
