// Durable reviews: every room is written to the reviews database shortly after each change
// (debounced), when it ends and when the server shuts down; a link to a room the server no
// longer has reopens it from there — after the room ended, or after a restart of a server
// without Redis (docs/reviews.md). startServer listens once the database is open; a failing
// database costs the reviews (logged), never the live rooms.
import path from 'node:path';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config';
import { DEFAULT_DATA_DIR } from '../media/LocalMediaStore';
import { checkNewRoomState, InvalidRoomStateError } from '../rooms/roomSeed';
import type { Member, RoomMeta, RoomStore } from '../store/RoomStore';
import { ReviewArchive, type ArchivedMember, type ReviewRecord } from './ReviewArchive';
import { openReviewDb } from './ReviewDb';

/** A change is written this long after the last one of a burst (a scrub writes once). */
export const SAVE_DEBOUNCE_MS = 500;
/** How long the people of a reopened review have to come back before their places are freed. */
export const REOPEN_GRACE_MS = 2 * 60_000;
const SWEEP_INTERVAL_MS = 60 * 60_000;

/** Removes a placeholder member after `ms` unless its user came back (RoomAdmission). */
export type ExpireUnlessBack = (
  roomId: string,
  userId: string,
  placeholderId: string,
  ms: number,
) => void;

export class ReviewKeeper {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Per live room: the epoch it is written under and everyone seen in it. */
  private readonly rooms = new Map<
    string,
    Promise<{ epoch: number; members: Map<string, ArchivedMember> }>
  >();
  private readonly saving = new Set<Promise<void>>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private closed = false;

  private constructor(
    /** Where the reviews go, for the start banner ("PostgreSQL at db:5432/reviews", …). */
    readonly where: string,
    private readonly archive: Promise<ReviewArchive | null>,
    private readonly store: RoomStore,
    private readonly logger: Logger,
  ) {}

  /** Starts opening the database; null when reviews are off (--no-reviews). */
  static start(config: ServerConfig, store: RoomStore, logger: Logger): ReviewKeeper | null {
    if (!config.reviews) return null;
    const embeddedDir = path.join(config.dataDir ?? DEFAULT_DATA_DIR, 'reviews');
    const where = config.databaseUrl
      ? `PostgreSQL at ${databaseHost(config.databaseUrl)}`
      : `an embedded PostgreSQL (PGlite) in ${embeddedDir}`;
    const archive = openReviewDb({ databaseUrl: config.databaseUrl, embeddedDir }).then(
      (db) => {
        logger.info({ reviews: db.description }, 'reviews database ready');
        return new ReviewArchive(db);
      },
      (error: unknown) => {
        logger.error(
          { err: error },
          'reviews database unavailable: rooms are not kept after they end',
        );
        return null;
      },
    );
    const keeper = new ReviewKeeper(where, archive, store, logger);
    if (config.reviewRetentionDays > 0) {
      keeper.sweepTimer = setInterval(() => {
        void keeper.sweep(config.reviewRetentionDays);
      }, SWEEP_INTERVAL_MS);
      keeper.sweepTimer.unref();
    }
    return keeper;
  }

  /** The database, once open (null when it failed). */
  ready(): Promise<ReviewArchive | null> {
    return this.archive;
  }

  /** Something changed in the room (state or members): write it soon. */
  touch(roomId: string): void {
    if (this.closed) return;
    clearTimeout(this.timers.get(roomId));
    const timer = setTimeout(() => {
      this.timers.delete(roomId);
      this.track(this.save(roomId, null));
    }, SAVE_DEBOUNCE_MS);
    timer.unref();
    this.timers.set(roomId, timer);
  }

  /** Writes the room now (before it is deleted: `ended` marks the review as ended). */
  async flush(roomId: string, ended = false): Promise<void> {
    clearTimeout(this.timers.get(roomId));
    this.timers.delete(roomId);
    await this.save(roomId, ended ? Date.now() : null);
    if (ended) this.rooms.delete(roomId);
  }

  /** True when a review is kept under this code (a new room must not take it). */
  async isKept(roomId: string): Promise<boolean> {
    const archive = await this.archive;
    return archive ? archive.exists(roomId).catch(() => true) : false;
  }

  /**
   * Re-creates a kept room the store does not have: its state, PIN and host token as they were,
   * and everyone who was in it as disconnected members (they come back with their session
   * tokens, or their places are freed after REOPEN_GRACE_MS). Null when nothing is kept.
   */
  async reopen(roomId: string, expire: ExpireUnlessBack): Promise<RoomMeta | null> {
    const archive = await this.archive;
    if (!archive || this.closed) return null;
    const record = await archive.load(roomId).catch((error: unknown) => {
      this.logger.warn({ err: error, roomId }, 'reading a kept review failed');
      return null;
    });
    if (!record) return null;
    const members = placeholders(record, roomId);
    const host = members.find((member) => member.role === 'host');
    if (!host) return null;
    try {
      checkNewRoomState(record.state);
    } catch (error) {
      if (!(error instanceof InvalidRoomStateError)) throw error;
      this.logger.warn({ roomId, detail: error.message }, 'kept review no longer readable');
      return null;
    }
    const now = Date.now();
    const meta: RoomMeta = { ...record.meta, roomId, lastActiveAt: now };
    const created = await this.store.createRoom({ meta, state: record.state, host });
    if (created === 'created') {
      const epoch = await archive.bumpEpoch(roomId);
      this.rooms.set(
        roomId,
        Promise.resolve({ epoch, members: new Map(record.members.map((m) => [m.userId, m])) }),
      );
      for (const member of members) {
        if (member !== host && (await this.store.addMember(roomId, member)) !== 'added') break;
        expire(roomId, member.userId, placeholderId(roomId), REOPEN_GRACE_MS);
      }
      this.logger.info(
        { roomId, members: members.length, savedAt: new Date(record.savedAt).toISOString() },
        'review reopened',
      );
    }
    // Created here or by someone else a moment ago: the store has it now.
    return this.store.getRoomMeta(roomId);
  }

  /** Writes every room with a pending change and every live room, then closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    const roomIds = await this.store.listRoomIds().catch(() => []);
    await Promise.allSettled([...this.saving]);
    await Promise.allSettled(roomIds.map((roomId) => this.save(roomId, null)));
    this.closed = true;
    const archive = await this.archive;
    await archive?.close().catch(() => undefined);
  }

  private track(work: Promise<void>): void {
    this.saving.add(work);
    void work.finally(() => this.saving.delete(work));
  }

  private async save(roomId: string, endedAt: number | null): Promise<void> {
    if (this.closed) return;
    try {
      const archive = await this.archive;
      if (!archive) return;
      const [snapshot, meta, members] = await Promise.all([
        this.store.getSnapshot(roomId),
        this.store.getRoomMeta(roomId),
        this.store.listMembers(roomId),
      ]);
      if (!snapshot || !meta) return;
      const known = await this.known(archive, roomId);
      for (const member of members) {
        const { userId, displayName, color, role } = member;
        known.members.set(userId, { userId, displayName, color, role });
      }
      // Who is host now; anyone the archive remembers as host from before is a participant.
      const hostId = members.find((member) => member.role === 'host')?.userId;
      const everyone = [...known.members.values()].map((member) =>
        hostId && member.role === 'host' && member.userId !== hostId
          ? { ...member, role: 'participant' as const }
          : member,
      );
      await archive.save({
        roomId,
        epoch: known.epoch,
        version: snapshot.version,
        state: snapshot.state,
        meta: {
          createdAt: meta.createdAt,
          pinHash: meta.pinHash,
          hostTokenHash: meta.hostTokenHash,
          capacity: meta.capacity,
          creatorAddress: meta.creatorAddress,
        },
        members: everyone,
        endedAt,
      });
    } catch (error) {
      this.logger.warn({ err: error, roomId }, 'saving the review failed (next change retries)');
    }
  }

  private known(
    archive: ReviewArchive,
    roomId: string,
  ): Promise<{ epoch: number; members: Map<string, ArchivedMember> }> {
    let entry = this.rooms.get(roomId);
    if (!entry) {
      entry = archive.head(roomId).then((head) => ({
        epoch: head?.epoch ?? 0,
        members: new Map((head?.members ?? []).map((member) => [member.userId, member])),
      }));
      this.rooms.set(roomId, entry);
      entry.catch(() => this.rooms.delete(roomId));
    }
    return entry;
  }

  private async sweep(days: number): Promise<void> {
    const archive = await this.archive;
    const removed = await archive?.sweep(days).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'review retention sweep failed');
      return 0;
    });
    if (removed) this.logger.info({ removed, days }, 'old reviews deleted');
  }
}

/** host:port of a postgres:// URL; anything else stops the start with what to give instead. */
function databaseHost(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || !/^postgres(ql)?:$/.test(parsed.protocol))
    throw new Error(
      `--database-url: expected postgres://user:password@host:5432/database, got ${JSON.stringify(url)}`,
    );
  return parsed.host;
}

function placeholderId(roomId: string): string {
  return `reopen:${roomId}`;
}

/** The kept members as disconnected room members (the first kept host is the host). */
function placeholders(record: ReviewRecord, roomId: string): Member[] {
  const now = Date.now();
  let hostSeen = false;
  const members = record.members.map((kept, index): Member => {
    const isHost = kept.role === 'host' && !hostSeen;
    hostSeen ||= isHost;
    return {
      userId: kept.userId,
      sessionTokenHash: '',
      displayName: kept.displayName,
      color: kept.color,
      role: isHost ? 'host' : kept.role === 'host' ? 'participant' : kept.role,
      joinedAt: now + index,
      connected: false,
      connectionId: placeholderId(roomId),
      status: 'active',
      mediaStatus: 'none',
    };
  });
  // A review whose host was never written hands the host's place to its first member.
  const first = members[0];
  if (!hostSeen && first) first.role = 'host';
  return members;
}
