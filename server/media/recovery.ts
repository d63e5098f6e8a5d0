// Library items that would otherwise wait forever: an item left `processing` by a restart (or a
// crashed instance) is processed again once it has shown no progress for `stallMs`, and an
// item left `uploading` that nobody has advanced for `abandonMs` (the partial upload's own
// expiry) fails with UPLOAD_ABANDONED, which frees its share of the room's quota. Progress is
// judged per instance from what successive sweeps saw (a restart only ever waits longer). With
// several instances an item queued longer than `stallMs` on another instance may be processed
// twice; both write the same result.
import type { Logger } from 'pino';
import { roomLibrary, type LibraryItem } from '../../src/protocol/index';
import type { RoomStore } from '../store/RoomStore';
import type { MediaPipeline } from './MediaPipeline';

export interface RecoveryDeps {
  rooms: RoomStore;
  pipeline: MediaPipeline;
  logger: Logger;
  now: () => number;
  /** A `processing` item unchanged this long is processed again. */
  stallMs: number;
  /** An `uploading` item unchanged this long has been abandoned. */
  abandonMs: number;
}

export interface RecoverySweep {
  resumed: string[];
  abandoned: string[];
}

export class MediaRecovery {
  /** `room|item|state` → the progress last seen and since when it has not changed. */
  private readonly seen = new Map<string, { progress: number; since: number }>();
  private timer: NodeJS.Timeout | null = null;
  private first: NodeJS.Timeout | null = null;

  constructor(private readonly deps: RecoveryDeps) {}

  /** Sweeps soon after start (a restart's leftovers), then every `intervalMs`. */
  start(intervalMs = 60_000, firstMs = 15_000): void {
    this.first = setTimeout(() => void this.sweep(), firstMs);
    this.timer = setInterval(() => void this.sweep(), intervalMs);
    this.first.unref();
    this.timer.unref();
  }

  stop(): void {
    if (this.first) clearTimeout(this.first);
    if (this.timer) clearInterval(this.timer);
    this.first = this.timer = null;
  }

  async sweep(): Promise<RecoverySweep> {
    const { rooms, pipeline, now, stallMs, abandonMs, logger } = this.deps;
    const result: RecoverySweep = { resumed: [], abandoned: [] };
    const at = now();
    const current = new Set<string>();
    try {
      for (const roomId of await rooms.listRoomIds()) {
        const snapshot = await rooms.getSnapshot(roomId);
        for (const item of snapshot ? roomLibrary(snapshot.state).items : []) {
          if (item.kind !== 'upload' || (item.state !== 'processing' && item.state !== 'uploading'))
            continue;
          const key = `${roomId}|${item.id}|${item.state}`;
          current.add(key);
          const unchangedMs = this.unchangedFor(key, item, at);
          if (item.state === 'processing' && unchangedMs >= stallMs) {
            if (pipeline.isProcessing(item.id)) continue;
            this.seen.delete(key);
            result.resumed.push(item.id);
            void pipeline.resume(roomId, item.id);
          } else if (item.state === 'uploading' && unchangedMs >= abandonMs) {
            this.seen.delete(key);
            result.abandoned.push(item.id);
            await pipeline.update(roomId, item.id, {
              state: 'failed',
              error: {
                code: 'UPLOAD_ABANDONED',
                message: `Nobody finished uploading this file in ${formatHours(abandonMs)}. Add it again.`,
              },
              clear: ['progress'],
            });
          }
        }
      }
    } catch (error) {
      logger.warn({ err: error }, 'library recovery sweep failed');
    }
    for (const key of this.seen.keys()) if (!current.has(key)) this.seen.delete(key);
    if (result.resumed.length > 0 || result.abandoned.length > 0)
      logger.info(result, 'library items recovered');
    return result;
  }

  /** How long the item has shown the same progress in this state (0 the first time seen). */
  private unchangedFor(key: string, item: LibraryItem, at: number): number {
    const progress = item.progress ?? -1;
    const seen = this.seen.get(key);
    if (!seen || seen.progress !== progress) {
      this.seen.set(key, { progress, since: at });
      return 0;
    }
    return at - seen.since;
  }
}

function formatHours(ms: number): string {
  const hours = Math.round(ms / 3_600_000);
  return hours >= 48 ? `${Math.round(hours / 24)} days` : `${hours} hours`;
}
