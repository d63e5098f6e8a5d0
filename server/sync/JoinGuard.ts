// The guarded steps of admission: looking a room code up (per-address limit on unknown
// codes, against enumeration), checking a PIN (per-address attempts with a doubling back-off,
// a per-room slow-down instead of a lock, the bounded hash queue) and hashing a new room's
// PIN. Every count is reserved in the store BEFORE the slow step, so parallel attempts from
// many connections or instances cannot all pass; a success gives its reservation back.
// The policy is described in docs/security.md.
import type { Logger } from 'pino';
import { HashBusyError, HashQueue } from '../auth';
import { serverNow } from '../clock';
import type { ServerConfig } from '../config';
import type { AttemptPolicy } from '../limits/attempts';
import type { ServerMetrics } from '../metrics';
import type { RoomMeta, RoomStore } from '../store/RoomStore';
import type { Connection } from './Connection';

export class JoinGuard {
  private readonly hashes: HashQueue;
  private readonly pinPolicy: AttemptPolicy;
  private readonly lookupPolicy: AttemptPolicy;

  constructor(
    private readonly store: RoomStore,
    private readonly config: ServerConfig,
    private readonly metrics: ServerMetrics,
    private readonly logger: Logger,
    /** A kept review under this code, re-created in the store (durable reviews), or null. */
    private readonly reopen: (roomId: string) => Promise<RoomMeta | null> = async () => null,
  ) {
    this.hashes = new HashQueue(config.hashConcurrency, config.hashQueueSize);
    this.pinPolicy = {
      limit: config.pinAttemptsPerAddress,
      windowMs: config.pinWindowMs,
      backoffBaseMs: config.pinBackoffBaseMs,
      backoffMaxMs: config.pinWindowMs,
    };
    this.lookupPolicy = {
      limit: config.lookupFailuresPerAddress,
      windowMs: config.lookupWindowMs,
      backoffBaseMs: 1000,
      backoffMaxMs: config.lookupWindowMs,
    };
  }

  /**
   * The room's meta, or null after replying (ROOM_NOT_FOUND, or TOO_MANY_ATTEMPTS while the
   * address waits out its back-off: then known codes are refused too, or the answers would
   * still tell valid codes apart). Each unknown code is counted in one atomic step, so
   * parallel probes get at most the limit of ROOM_NOT_FOUND answers.
   */
  async lookUp(session: Connection, roomId: string, replyTo: string): Promise<RoomMeta | null> {
    const key = `lookup:${session.address}`;
    const now = serverNow();
    const meta = await this.store.getRoomMeta(roomId);
    const waitMs = meta
      ? await this.store.attemptWait(key, now)
      : await this.store
          .reserveAttempt(key, this.lookupPolicy, now)
          .then((reservation) => reservation.retryAfterMs);
    if (waitMs > 0) {
      this.metrics.rejections.inc({ reason: 'TOO_MANY_ATTEMPTS' });
      session.replyError('TOO_MANY_ATTEMPTS', {
        replyTo,
        retryAfterMs: waitMs,
        detail: 'too many unknown room codes from your address; check the code, then retry later',
      });
      return null;
    }
    if (meta) return meta;
    // Not live: a kept review reopens (its lookup gives the counted attempt back).
    const reopened = await this.reopen(roomId);
    if (reopened) {
      await this.store.releaseAttempt(key);
      return reopened;
    }
    this.metrics.rejections.inc({ reason: 'ROOM_NOT_FOUND' });
    this.logger.debug({ conn: session.id, address: session.address }, 'unknown room code');
    session.replyError('ROOM_NOT_FOUND', { replyTo });
    return null;
  }

  /** True when the PIN is right; otherwise it has replied (and maybe closed). */
  async checkPin(
    session: Connection,
    roomId: string,
    pinHash: string,
    pin: string | undefined,
    replyTo: string,
  ): Promise<boolean> {
    if (!pin) {
      session.replyError('PIN_REQUIRED', { replyTo });
      return false;
    }
    const now = serverNow();
    // Per address AND room: a neighbour behind the same NAT guessing elsewhere locks no one out.
    const addressKey = `pin:addr:${roomId}:${session.address}`;
    const byAddress = await this.store.reserveAttempt(addressKey, this.pinPolicy, now);
    if (!byAddress.allowed) {
      this.metrics.rejections.inc({ reason: 'TOO_MANY_ATTEMPTS' });
      session.replyError('TOO_MANY_ATTEMPTS', {
        replyTo,
        retryAfterMs: byAddress.retryAfterMs,
        detail: `too many wrong PINs from your address; wait ${Math.ceil(byAddress.retryAfterMs / 1000)} s and try again`,
      });
      session.closeWith('TOO_MANY_ATTEMPTS');
      return false;
    }
    const roomKey = `pin:room:${roomId}`;
    const byRoom = await this.store.hitCounter(roomKey, this.config.pinWindowMs, now);
    const release = () =>
      Promise.all([this.store.releaseAttempt(addressKey), this.store.releaseAttempt(roomKey)]);
    if (byRoom > this.config.pinAttemptsPerRoom) {
      // A room under attack is slowed, not locked: one check per interval, in turn.
      const slot = await this.store.takeSlot(
        roomKey,
        this.config.pinRoomIntervalMs,
        this.config.pinRoomMaxWaitMs,
        now,
      );
      if (!slot.allowed) {
        await release();
        this.metrics.rejections.inc({ reason: 'RATE_LIMITED' });
        session.replyError('RATE_LIMITED', {
          replyTo,
          retryAfterMs: slot.waitMs,
          detail: 'this room had many wrong PINs, so PIN checks are slowed down; try again',
        });
        return false;
      }
      if (slot.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, slot.waitMs));
    }
    let right: boolean;
    try {
      right = await this.hashes.verify(pin, pinHash);
    } catch (error) {
      await release();
      if (this.busy(session, error, replyTo)) return false;
      throw error;
    }
    if (right) {
      await release();
      return true;
    }
    this.metrics.rejections.inc({ reason: 'BAD_PIN' });
    this.logger.warn(
      { conn: session.id, address: session.address, byAddress: byAddress.count, byRoom },
      'wrong PIN',
    );
    session.replyError('BAD_PIN', { replyTo });
    return false;
  }

  /** The new room's PIN hash (null: no PIN), or undefined after replying SERVER_BUSY. */
  async hashNewPin(
    session: Connection,
    pin: string | undefined,
    replyTo: string,
  ): Promise<string | null | undefined> {
    if (!pin) return null;
    try {
      return await this.hashes.hash(pin);
    } catch (error) {
      if (this.busy(session, error, replyTo)) return undefined;
      throw error;
    }
  }

  private busy(session: Connection, error: unknown, replyTo: string): boolean {
    if (!(error instanceof HashBusyError)) return false;
    this.metrics.rejections.inc({ reason: 'SERVER_BUSY' });
    session.replyError('SERVER_BUSY', {
      replyTo,
      retryAfterMs: error.retryAfterMs,
      detail: 'too many PIN checks at once; try again shortly',
    });
    return true;
  }
}
