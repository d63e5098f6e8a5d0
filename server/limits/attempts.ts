// Attempt accounting shared by both stores (the rules; MemoryRoomStore keeps them in a Map,
// RedisRoomStore runs the same steps in one Lua script, see store/redis/RedisAttempts.ts).
//
// reserveAttempt: one atomic step BEFORE the slow check (a PIN hash, a room lookup), so
// parallel attempts cannot all pass a read-then-increment check:
//   locked (an earlier attempt started a back-off)  → refused with the time left;
//   otherwise count += 1 (window starts at the first), and when the count reaches the limit a
//   back-off lock starts: base·2^(count−limit), capped. The attempt itself is allowed.
// So within a window at most `limit` attempts run back to back; after that one attempt per
// back-off period, each period twice the last. A successful attempt gives its reservation
// back (releaseAttempt), so only failures count.
//
// takeSlot: a per-key schedule (GCRA): each caller gets the next free slot `intervalMs` after
// the previous one and waits for it; a slot further than `maxWaitMs` away is refused. Used to
// slow down (not lock) PIN checks for a room under attack.

export interface AttemptPolicy {
  /** Attempts allowed back to back within one window. */
  limit: number;
  windowMs: number;
  /** First back-off after the limit is reached; doubles with every further attempt. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export interface AttemptReservation {
  allowed: boolean;
  /** Attempts counted in the window, this one included (when allowed). */
  count: number;
  /** When refused: how long until the next attempt may run. */
  retryAfterMs: number;
}

export interface SlotResult {
  /** Wait this long, then go ahead (allowed), or retry after this long (refused). */
  allowed: boolean;
  waitMs: number;
}

/** The back-off lock a reservation starts (0: none yet). */
export function backoffMs(count: number, policy: AttemptPolicy): number {
  if (count < policy.limit) return 0;
  const doublings = Math.min(30, count - policy.limit);
  return Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** doublings);
}

interface Entry {
  count: number;
  resetAt: number;
  lockedUntil: number;
}

/** The in-memory implementation (one process; MemoryRoomStore). */
export class MemoryAttempts {
  private readonly entries = new Map<string, Entry>();
  private readonly slots = new Map<string, number>();

  reserve(key: string, policy: AttemptPolicy, now: number): AttemptReservation {
    let entry = this.entries.get(key);
    if (entry && entry.lockedUntil > now)
      return {
        allowed: false,
        count: entry.count,
        retryAfterMs: Math.ceil(entry.lockedUntil - now),
      };
    if (!entry || entry.resetAt <= now) {
      this.prune(now);
      entry = { count: 0, resetAt: now + policy.windowMs, lockedUntil: 0 };
      this.entries.set(key, entry);
    }
    entry.count += 1;
    const lock = backoffMs(entry.count, policy);
    if (lock > 0) {
      entry.lockedUntil = now + lock;
      entry.resetAt = Math.max(entry.resetAt, now + lock + policy.windowMs);
    }
    return { allowed: true, count: entry.count, retryAfterMs: 0 };
  }

  /** Windowed count without a lock (hitCounter). */
  hit(key: string, windowMs: number, now: number): number {
    let entry = this.entries.get(key);
    if (!entry || entry.resetAt <= now) {
      this.prune(now);
      entry = { count: 0, resetAt: now + windowMs, lockedUntil: 0 };
      this.entries.set(key, entry);
    }
    entry.count += 1;
    return entry.count;
  }

  count(key: string, now: number): number {
    const entry = this.entries.get(key);
    return entry && entry.resetAt > now ? entry.count : 0;
  }

  wait(key: string, now: number): number {
    const entry = this.entries.get(key);
    return entry && entry.lockedUntil > now ? Math.ceil(entry.lockedUntil - now) : 0;
  }

  release(key: string): void {
    const entry = this.entries.get(key);
    if (entry && entry.count > 0) entry.count -= 1;
  }

  takeSlot(key: string, intervalMs: number, maxWaitMs: number, now: number): SlotResult {
    const next = Math.max(now, this.slots.get(key) ?? 0);
    const waitMs = next - now;
    if (waitMs > maxWaitMs) return { allowed: false, waitMs: Math.ceil(waitMs - maxWaitMs) };
    if (this.slots.size >= 10_000)
      for (const [slotKey, at] of this.slots) if (at <= now) this.slots.delete(slotKey);
    this.slots.set(key, next + intervalMs);
    return { allowed: true, waitMs };
  }

  /** Keeps the table bounded: drop finished windows once it grows. */
  private prune(now: number): void {
    if (this.entries.size < 10_000) return;
    for (const [key, entry] of this.entries)
      if (entry.resetAt <= now && entry.lockedUntil <= now) this.entries.delete(key);
  }
}
