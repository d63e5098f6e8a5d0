// Attempt accounting in Redis: the steps of server/limits/attempts.ts, each one Lua script, so
// a reservation is one atomic step however many instances and connections race for it.
import type { Redis } from 'ioredis';
import type { AttemptPolicy, AttemptReservation, SlotResult } from '../../limits/attempts';
import { withStoreErrors, type RedisKeys } from './redisClient';

// KEYS: counter, lock. ARGV: limit, windowMs, backoffBaseMs, backoffMaxMs.
const RESERVE = `
local lockTtl = redis.call('PTTL', KEYS[2])
if lockTtl > 0 then return {0, tonumber(redis.call('GET', KEYS[1]) or '0'), lockTtl} end
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], window) end
if count >= limit then
  local lock = math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ math.min(30, count - limit))
  lock = math.max(1, math.floor(lock))
  redis.call('SET', KEYS[2], '1', 'PX', string.format('%d', lock))
  if redis.call('PTTL', KEYS[1]) < lock + window then
    redis.call('PEXPIRE', KEYS[1], string.format('%d', lock + window))
  end
end
return {1, count, 0}
`;

const RELEASE = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

// KEYS: slot. ARGV: now, intervalMs, maxWaitMs.
const TAKE_SLOT = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if nextAt < now then nextAt = now end
local wait = nextAt - now
if wait > maxWait then return {0, wait - maxWait} end
redis.call('SET', KEYS[1], string.format('%d', nextAt + interval), 'PX', string.format('%d', wait + interval + 1000))
return {1, wait}
`;

export class RedisAttempts {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async reserve(key: string, policy: AttemptPolicy): Promise<AttemptReservation> {
    const counter = this.keys.counter(key);
    const [allowed, count, retryAfterMs] = (await withStoreErrors(() =>
      this.redis.eval(
        RESERVE,
        2,
        counter,
        `${counter}:lock`,
        policy.limit,
        policy.windowMs,
        policy.backoffBaseMs,
        policy.backoffMaxMs,
      ),
    )) as [number, number, number];
    return { allowed: allowed === 1, count, retryAfterMs };
  }

  async wait(key: string): Promise<number> {
    const ttl = await withStoreErrors(() => this.redis.pttl(`${this.keys.counter(key)}:lock`));
    return Math.max(0, ttl);
  }

  async release(key: string): Promise<void> {
    await withStoreErrors(() => this.redis.eval(RELEASE, 1, this.keys.counter(key)));
  }

  async takeSlot(
    key: string,
    intervalMs: number,
    maxWaitMs: number,
    now: number,
  ): Promise<SlotResult> {
    const [allowed, waitMs] = (await withStoreErrors(() =>
      this.redis.eval(
        TAKE_SLOT,
        1,
        `${this.keys.counter(key)}:slot`,
        Math.floor(now),
        intervalMs,
        maxWaitMs,
      ),
    )) as [number, number];
    return { allowed: allowed === 1, waitMs };
  }
}
