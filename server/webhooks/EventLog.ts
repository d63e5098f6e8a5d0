// The JSON-lines event log of each room: `<dir>/<ROOM>.jsonl`, one RoomEventRecord per line,
// appended by the instance that applied the change (several instances: give them one shared
// --data-dir). Appends to one room are chained so lines never interleave; the log outlives the
// room (trackers read it after the session).
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { RoomEventRecord } from './events';

/** Room codes as file names: letters, digits and dashes only (anything else is refused). */
const SAFE_ROOM = /^[A-Za-z0-9-]{1,32}$/;

export class EventLog {
  private readonly chains = new Map<string, Promise<void>>();
  private ready: Promise<void> | null = null;

  constructor(
    readonly dir: string,
    private readonly logger: Logger,
  ) {}

  fileOf(roomId: string): string | null {
    return SAFE_ROOM.test(roomId) ? path.join(this.dir, `${roomId}.jsonl`) : null;
  }

  append(record: RoomEventRecord): Promise<void> {
    const file = this.fileOf(record.roomId);
    if (!file) return Promise.resolve();
    const line = `${JSON.stringify(record)}\n`;
    const previous = this.chains.get(record.roomId) ?? Promise.resolve();
    const next = previous
      .then(() => (this.ready ??= mkdir(this.dir, { recursive: true }).then(() => undefined)))
      .then(() => appendFile(file, line, 'utf8'))
      .catch((error: unknown) => {
        this.ready = null;
        this.logger.error({ err: error, roomId: record.roomId, file }, 'event log write failed');
      });
    this.chains.set(record.roomId, next);
    void next.then(() => {
      if (this.chains.get(record.roomId) === next) this.chains.delete(record.roomId);
    });
    return next;
  }

  /** The room's log as written (null: none yet). Waits for appends in progress. */
  async read(roomId: string): Promise<string | null> {
    const file = this.fileOf(roomId);
    if (!file) return null;
    await this.chains.get(roomId);
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Resolves when every append started so far is written. */
  async flushed(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }
}
