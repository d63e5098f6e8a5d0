// Media retention: stored media that no live room's library references is deleted once it has
// been unreferenced for the retention period (--media-retention-hours). Each sweep lists the
// store and the live rooms' libraries; "unreferenced since" is remembered per instance from the
// first sweep that found it so (a restart starts the count again: it only ever keeps media
// longer). A sweep timer runs unref'd; tests call sweep() with an injected clock.
import type { Logger } from 'pino';
import { roomLibrary } from '../../src/protocol/index';
import type { RoomStore } from '../store/RoomStore';
import type { MediaStore } from './MediaStore';

export interface RetentionDeps {
  media: MediaStore;
  rooms: RoomStore;
  retentionMs: number;
  now: () => number;
  logger: Logger;
}

export class MediaRetention {
  private readonly unreferencedSince = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<string[]> | null = null;

  constructor(private readonly deps: RetentionDeps) {}

  /** Sweeps every `intervalMs` (default: a tenth of the retention, 1 min to 1 h). */
  start(intervalMs = Math.min(3_600_000, Math.max(60_000, this.deps.retentionMs / 10))): void {
    this.timer = setInterval(() => void this.sweep(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One sweep (concurrent calls share it); resolves to the shas whose files were deleted. */
  sweep(): Promise<string[]> {
    this.running ??= this.run()
      .catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, 'media retention sweep failed');
        return [];
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async run(): Promise<string[]> {
    const { media, rooms, now, retentionMs, logger } = this.deps;
    const referenced = new Set<string>();
    for (const roomId of await rooms.listRoomIds()) {
      const snapshot = await rooms.getSnapshot(roomId);
      for (const item of snapshot ? roomLibrary(snapshot.state).items : []) referenced.add(item.id);
    }
    const stored = new Map<string, Array<Parameters<MediaStore['delete']>[0]>>();
    for await (const object of media.list()) {
      const keys = stored.get(object.sha) ?? [];
      keys.push({ sha: object.sha, variant: object.variant });
      stored.set(object.sha, keys);
    }
    const at = now();
    const deleted: string[] = [];
    for (const [sha, keys] of stored) {
      if (referenced.has(sha)) {
        this.unreferencedSince.delete(sha);
        continue;
      }
      const since = this.unreferencedSince.get(sha) ?? at;
      this.unreferencedSince.set(sha, since);
      if (at - since < retentionMs) continue;
      for (const key of keys) await media.delete(key);
      this.unreferencedSince.delete(sha);
      deleted.push(sha);
    }
    for (const sha of this.unreferencedSince.keys())
      if (!stored.has(sha)) this.unreferencedSince.delete(sha);
    if (deleted.length > 0) logger.info({ count: deleted.length }, 'unreferenced media deleted');
    return deleted;
  }
}
