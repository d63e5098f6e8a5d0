// The reviews table (migrations/): one row per room with its state as the server last had it,
// the hashed facts that let the same people back in, and everyone who was there. A save never
// replaces a newer one: rows are ordered by (epoch, version), the epoch counting reopenings.
import type { RoomState, Role } from '../../src/protocol/index';
import type { RoomMeta } from '../store/RoomStore';
import type { SqlClient } from './ReviewDb';

export interface ArchivedMember {
  userId: string;
  displayName: string;
  color: string;
  role: Role;
}

export type ArchivedMeta = Pick<
  RoomMeta,
  'createdAt' | 'pinHash' | 'hostTokenHash' | 'capacity' | 'creatorAddress'
>;

export interface ReviewRecord {
  roomId: string;
  epoch: number;
  version: number;
  state: RoomState;
  meta: ArchivedMeta;
  members: ArchivedMember[];
  savedAt: number;
  endedAt: number | null;
}

interface ReviewRow {
  room_id: string;
  epoch: number;
  version: number;
  state: unknown;
  meta: unknown;
  members: unknown;
  saved_at: Date;
  ended_at: Date | null;
}

export class ReviewArchive {
  constructor(private readonly db: SqlClient) {}

  get description(): string {
    return this.db.description;
  }

  /** Writes the record unless the row already holds a later (epoch, version); true if written. */
  async save(record: Omit<ReviewRecord, 'savedAt'>): Promise<boolean> {
    const rows = await this.db.query<{ room_id: string }>(
      `INSERT INTO reviews (room_id, epoch, version, state, meta, members, saved_at, ended_at)
       VALUES ($1, $2, $3, $4, $5, $6, now(), $7)
       ON CONFLICT (room_id) DO UPDATE SET
         epoch = excluded.epoch, version = excluded.version, state = excluded.state,
         meta = excluded.meta, members = excluded.members, saved_at = now(),
         ended_at = excluded.ended_at
       WHERE (reviews.epoch, reviews.version) <= (excluded.epoch, excluded.version)
       RETURNING room_id`,
      [
        record.roomId,
        record.epoch,
        record.version,
        JSON.stringify(record.state),
        JSON.stringify(record.meta),
        JSON.stringify(record.members),
        record.endedAt === null ? null : new Date(record.endedAt),
      ],
    );
    return rows.length > 0;
  }

  async load(roomId: string): Promise<ReviewRecord | null> {
    const rows = await this.db.query<ReviewRow>(
      'SELECT room_id, epoch, version, state, meta, members, saved_at, ended_at FROM reviews WHERE room_id = $1',
      [roomId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      roomId: row.room_id,
      epoch: row.epoch,
      version: row.version,
      state: row.state as RoomState,
      meta: row.meta as ArchivedMeta,
      members: Array.isArray(row.members) ? (row.members as ArchivedMember[]) : [],
      savedAt: row.saved_at.getTime(),
      endedAt: row.ended_at?.getTime() ?? null,
    };
  }

  /** The epoch and members a row holds (what the next save of a live room builds on). */
  async head(roomId: string): Promise<{ epoch: number; members: ArchivedMember[] } | null> {
    const rows = await this.db.query<{ epoch: number; members: unknown }>(
      'SELECT epoch, members FROM reviews WHERE room_id = $1',
      [roomId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      epoch: row.epoch,
      members: Array.isArray(row.members) ? (row.members as ArchivedMember[]) : [],
    };
  }

  async exists(roomId: string): Promise<boolean> {
    const rows = await this.db.query<{ one: number }>(
      'SELECT 1 AS one FROM reviews WHERE room_id = $1',
      [roomId],
    );
    return rows.length > 0;
  }

  /** Starts a new epoch for a reopened review (its room's versions start again). */
  async bumpEpoch(roomId: string): Promise<number> {
    const rows = await this.db.query<{ epoch: number }>(
      'UPDATE reviews SET epoch = epoch + 1, version = 0, ended_at = NULL, saved_at = now() WHERE room_id = $1 RETURNING epoch',
      [roomId],
    );
    return rows[0]?.epoch ?? 0;
  }

  /** Deletes reviews not saved or opened for `days` days; returns how many. */
  async sweep(days: number): Promise<number> {
    const rows = await this.db.query<{ room_id: string }>(
      `DELETE FROM reviews WHERE saved_at < now() - make_interval(days => $1::int) RETURNING room_id`,
      [days],
    );
    return rows.length;
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
