// What happens to media after its bytes arrive: the SHA-256 check (importUpload), ffprobe,
// a thumbnail, and a frame-accurate proxy when browsers cannot decode the original (in the
// bounded MediaJobQueue), each step reported to every room holding the media as a
// server-originated library update. What processing found is stored beside the original
// (<sha>.info.json), so another room adding the same shot gets it without redoing the work.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import {
  createMessageId,
  type LibraryMediaInfo,
  type LookFileKind,
} from '../../src/protocol/index';
import type { ChangeContext, LibraryItemPatch, RoomStore } from '../store/RoomStore';
import {
  browserPlayable,
  isMediaToolError,
  makeProxy,
  makeThumbnail,
  probeMedia,
  type MediaJobQueue,
  type ProbeResult,
} from './ffmpeg/index';
import { sniffLookFile } from './lookFiles';
import type { MediaKey, MediaStore } from './MediaStore';

/** Progress upserts per item at most this often (each is a sequenced change to the room). */
const PROGRESS_INTERVAL_MS = 1000;

/** What processing found, stored as <sha>.info.json. */
interface MediaInfoRecord {
  media?: LibraryMediaInfo;
  /** A look file (LUT, CDL): kept and served as it is, never probed. */
  look?: LookFileKind;
  browserPlayable: boolean;
  thumbnail: boolean;
  proxy?: 'ready' | 'failed';
  error?: { code: string; message: string };
}

export interface PipelineDeps {
  media: MediaStore;
  rooms: RoomStore;
  queue: MediaJobQueue;
  logger: Logger;
  limits: ChangeContext['limits'];
  now: () => number;
}

const key = (sha: string, variant: MediaKey['variant']): MediaKey => ({ sha, variant });

const UPLOAD_LOST = {
  code: 'UPLOAD_LOST',
  message: 'The upload could not be stored. Add the file again.',
};

/** Playlist entries of one library item removed after processing at most (each is one change). */
const MAX_PRUNES = 20;

export class MediaPipeline {
  /** Rooms waiting for a sha's processing (several rooms may add the same shot at once). */
  private readonly watchers = new Map<string, Set<string>>();
  private readonly processing = new Map<string, Promise<MediaInfoRecord>>();
  private readonly lastProgress = new Map<string, number>();

  constructor(private readonly deps: PipelineDeps) {}

  /** Stops running and queued proxy jobs (their ffmpeg is killed): the server is closing. */
  close(): void {
    for (const sha of this.processing.keys()) this.deps.queue.cancel(`proxy:${sha}`);
  }

  /** A server-originated update of one room's item (ignored when the item is gone). */
  async update(roomId: string, id: string, patch: LibraryItemPatch): Promise<void> {
    const context: ChangeContext = {
      userId: 'server',
      replyTo: createMessageId(),
      now: this.deps.now(),
      limits: this.deps.limits,
    };
    try {
      await this.deps.rooms.applyChange(roomId, { kind: 'library.update', id, patch }, context);
      // A look file or a soundtrack is no shot: it leaves the playlist it was appended to.
      if (patch.state === 'ready' || patch.look !== undefined)
        for (let left = MAX_PRUNES; left > 0; left--) {
          const outcome = await this.deps.rooms.applyChange(
            roomId,
            { kind: 'playlist.pruneLibrary', libraryId: id },
            context,
          );
          if (outcome.status !== 'applied') break;
        }
    } catch (error) {
      this.deps.logger.warn({ err: error, roomId, id }, 'library update failed');
    }
  }

  /** Upload progress: at most one upsert per PROGRESS_INTERVAL_MS per item. */
  progress(roomId: string, id: string, fraction: number): void {
    const at = `${roomId}|${id}`;
    const now = this.deps.now();
    if (fraction < 1 && now - (this.lastProgress.get(at) ?? 0) < PROGRESS_INTERVAL_MS) return;
    this.lastProgress.set(at, now);
    void this.update(roomId, id, { progress: Math.min(1, Math.max(0, fraction)) });
  }

  /** A tus upload finished: verify its hash, then process it for the room. */
  async uploadFinished(roomId: string, sha: string, uploadId: string): Promise<void> {
    this.lastProgress.delete(`${roomId}|${sha}`);
    await this.update(roomId, sha, { state: 'processing', progress: 0 });
    const result = await this.deps.media.importUpload(uploadId, sha).catch((error: unknown) => {
      this.deps.logger.error({ err: error, sha }, 'storing an upload failed');
      return { status: 'missing' as const };
    });
    if (result.status !== 'stored') {
      const error =
        result.status === 'mismatch'
          ? {
              code: 'HASH_MISMATCH',
              message:
                "The uploaded bytes do not match the file's fingerprint (did the file change during the upload?). Add it again.",
            }
          : UPLOAD_LOST;
      await this.update(roomId, sha, { state: 'failed', error, clear: ['progress'] });
      return;
    }
    await this.process(roomId, sha);
  }

  /** Whether this instance is processing (or has queued) the media `sha`. */
  isProcessing(sha: string): boolean {
    return this.processing.has(sha);
  }

  /**
   * An item left `processing` (a restart, a crashed instance): process it again when its
   * original is stored, else it fails as a lost upload.
   */
  async resume(roomId: string, sha: string): Promise<void> {
    const stored = await this.deps.media.stat(key(sha, 'original')).catch(() => null);
    if (stored) return this.process(roomId, sha);
    await this.update(roomId, sha, { state: 'failed', error: UPLOAD_LOST, clear: ['progress'] });
  }

  /** An item was registered whose original is stored already (another room): process it. */
  async registered(roomId: string, sha: string): Promise<void> {
    await this.process(roomId, sha);
  }

  private async process(roomId: string, sha: string): Promise<void> {
    let watchers = this.watchers.get(sha);
    if (!watchers) this.watchers.set(sha, (watchers = new Set()));
    watchers.add(roomId);
    let running = this.processing.get(sha);
    if (!running) {
      running = this.describe(sha).finally(() => {
        this.processing.delete(sha);
        this.watchers.delete(sha);
      });
      this.processing.set(sha, running);
    }
    let record: MediaInfoRecord;
    try {
      record = await running;
    } catch (error) {
      // The store or a tool failed outside the expected errors: the item says so, not stuck.
      this.deps.logger.error({ err: error, sha }, 'media processing failed');
      record = failure(error, 'PROCESSING_FAILED');
    }
    await this.update(roomId, sha, recordPatch(record));
  }

  private async toWatchers(sha: string, patch: LibraryItemPatch): Promise<void> {
    await Promise.all(
      [...(this.watchers.get(sha) ?? [])].map((roomId) => this.update(roomId, sha, patch)),
    );
  }

  /** The stored record, or probe → thumbnail → proxy (when needed) and store one. */
  private async describe(sha: string): Promise<MediaInfoRecord> {
    const stored = await this.deps.media.getText(key(sha, 'info'));
    if (stored) return JSON.parse(stored) as MediaInfoRecord;
    const { media, logger } = this.deps;
    const original = await media.localCopy(key(sha, 'original'));
    const work = await mkdtemp(path.join(tmpdir(), 'reelsync-media-'));
    try {
      const look = await sniffLookFile(original.path);
      if (look) {
        const record: MediaInfoRecord = { look, browserPlayable: false, thumbnail: false };
        await media.putText(key(sha, 'info'), JSON.stringify(record));
        return record;
      }
      let probe: ProbeResult;
      try {
        probe = await probeMedia(original.path);
      } catch (error) {
        const record = failure(error, 'PROBE_FAILED');
        // Bytes that are not media are never served: only the record of why stays.
        if (record.error?.code === 'NOT_MEDIA') await media.delete(key(sha, 'original'));
        if (record.error?.code !== 'TOOL_MISSING')
          await media.putText(key(sha, 'info'), JSON.stringify(record));
        return record;
      }
      const record: MediaInfoRecord = {
        media: mediaInfo(probe),
        browserPlayable: browserPlayable(probe),
        thumbnail: false,
      };
      // A sound file (a soundtrack) has no picture to show.
      if (probe.kind !== 'audio')
        try {
          const thumbnail = path.join(work, 'thumb.jpg');
          await makeThumbnail(original.path, thumbnail, probe);
          await media.putFile(key(sha, 'thumbnail'), thumbnail, 'image/jpeg');
          record.thumbnail = true;
        } catch (error) {
          logger.warn({ err: error, sha }, 'thumbnail failed');
        }
      if (!record.browserPlayable && probe.kind === 'video') {
        await this.toWatchers(sha, {
          ...recordPatch(record),
          state: 'processing',
          proxy: { state: 'pending' },
        });
        try {
          const output = path.join(work, 'proxy.mp4');
          await this.deps.queue.add(`proxy:${sha}`, async ({ signal, progress }) => {
            void this.toWatchers(sha, { proxy: { state: 'running', progress: 0 } });
            await makeProxy(original.path, output, probe, {
              signal,
              onProgress: (fraction) => {
                progress(fraction);
                this.proxyProgress(sha, fraction);
              },
            });
          });
          await media.putFile(key(sha, 'proxy'), output, 'video/mp4');
          record.proxy = 'ready';
        } catch (error) {
          // Cancelled because the server is closing: record nothing, so it is made again later.
          if (isMediaToolError(error) && error.code === 'ABORTED') throw error;
          logger.warn({ err: error, sha }, 'proxy failed');
          record.proxy = 'failed';
          record.error = failure(error, 'TRANSCODE_FAILED').error ?? {
            code: 'TRANSCODE_FAILED',
            message: 'The browser proxy could not be made',
          };
        }
      }
      await media.putText(key(sha, 'info'), JSON.stringify(record));
      return record;
    } finally {
      await original.release();
      await rm(work, { recursive: true, force: true });
    }
  }

  private proxyProgress(sha: string, fraction: number): void {
    const at = `proxy|${sha}`;
    const now = this.deps.now();
    if (fraction < 1 && now - (this.lastProgress.get(at) ?? 0) < PROGRESS_INTERVAL_MS) return;
    this.lastProgress.set(at, now);
    void this.toWatchers(sha, {
      progress: fraction,
      proxy: { state: 'running', progress: fraction },
    });
  }
}

function mediaInfo(probe: ProbeResult): LibraryMediaInfo {
  return {
    codec: probe.codec.slice(0, 64),
    width: probe.width,
    height: probe.height,
    fps: probe.fps,
    frames: probe.frames,
    durationS: probe.durationS,
    startFrame: probe.startFrame,
    ...(probe.startTimecode ? { startTimecode: probe.startTimecode } : {}),
    hasAudio: probe.hasAudio,
  };
}

function failure(error: unknown, fallback: string): MediaInfoRecord {
  const code = isMediaToolError(error) ? error.code : fallback;
  const message = isMediaToolError(error)
    ? error.message
    : 'The server could not read this file; try again or add another copy';
  return {
    browserPlayable: false,
    thumbnail: false,
    error: { code, message: message.slice(0, 500) },
  };
}

/** The item fields a processing record sets: ready, or failed with the reason. */
function recordPatch(record: MediaInfoRecord): LibraryItemPatch {
  const failed = record.error !== undefined;
  return {
    state: failed ? 'failed' : 'ready',
    browserPlayable: record.browserPlayable,
    thumbnail: record.thumbnail,
    ...(record.media ? { media: record.media } : {}),
    ...(record.look ? { look: record.look } : {}),
    ...(record.proxy
      ? {
          proxy:
            record.proxy === 'ready'
              ? { state: 'ready' }
              : { state: 'failed', error: record.error?.message ?? 'proxy failed' },
        }
      : {}),
    ...(failed && record.error ? { error: record.error } : {}),
    clear: failed ? ['progress'] : ['progress', 'error'],
  };
}
