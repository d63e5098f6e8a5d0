// The media library's server side, assembled: the store (a folder, or S3 when --s3-bucket is
// set), media tokens, tus uploads, the media routes, the processing pipeline (ffmpeg module) and
// the retention sweep and the recovery of stalled items. server/index.ts creates one per process; the HTTP handler routes to it
// and the room service asks it before and after a library.add (free disk, already stored).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { LibraryItem } from '../../src/protocol/index';
import type { ServerConfig } from '../config';
import { addressGroup, remoteAddress } from '../limits/address';
import type { RoomStore } from '../store/RoomStore';
import {
  checkMediaTools,
  describeMissingTools,
  MediaJobQueue,
  type MediaToolsStatus,
} from './ffmpeg/index';
import { MediaHttpError, replyError } from './httpReply';
import { LocalMediaStore } from './LocalMediaStore';
import { MediaPipeline } from './MediaPipeline';
import { MediaRoutes } from './mediaRoutes';
import type { MediaStore } from './MediaStore';
import { MediaTokens } from './mediaTokens';
import { MediaRecovery } from './recovery';
import { MediaRetention } from './retention';
import { S3MediaStore } from './S3MediaStore';
import { diskRefusal, UploadService, UPLOADS_PATH } from './uploads';

/** What the room service asks the media side around a library.add. */
export interface LibraryHooks {
  /**
   * Before the item is registered: a refusal (DISK_FULL), or whether the bytes are stored
   * already (another room uploaded them), so the item starts `processing` with no upload.
   */
  beforeAdd(item: {
    id: string;
    kind: LibraryItem['kind'];
    size: number;
  }): Promise<{ refusal: { code: 'DISK_FULL'; detail: string } } | { stored: boolean }>;
  /** The item was registered: process its stored bytes when it starts `processing`. */
  added(roomId: string, item: LibraryItem): void;
  /** A media token for a member entering the room (sent with room.joined). */
  mediaToken(roomId: string, userId: string): { token: string; expiresAt: number };
}

/** An item `processing` without any progress this long is processed again (MediaRecovery). */
const STALLED_PROCESSING_MS = 10 * 60_000;

/** Unfinished uploads expire after the retention period, but never in less than a week. */
function uploadExpiryMs(config: ServerConfig): number {
  return Math.max(config.mediaRetentionHours * 3_600_000, 7 * 24 * 3_600_000);
}

export interface MediaServiceOptions {
  config: ServerConfig;
  rooms: RoomStore;
  logger: Logger;
  /** The room secret (media tokens are signed with it, so every instance accepts them). */
  secret: string;
  /** A ready store (tests); default from the config. */
  store?: MediaStore;
  now?: () => number;
}

export class MediaService implements LibraryHooks {
  readonly tokens: MediaTokens;
  readonly pipeline: MediaPipeline;
  readonly retention: MediaRetention;
  readonly recovery: MediaRecovery;
  private readonly routes: MediaRoutes;
  private readonly uploads: UploadService;

  private constructor(
    readonly store: MediaStore,
    readonly tools: MediaToolsStatus,
    private readonly options: MediaServiceOptions,
  ) {
    const { config, rooms, logger } = options;
    const now = options.now ?? Date.now;
    this.tokens = new MediaTokens(options.secret, config.mediaTokenTtlMs, now);
    this.pipeline = new MediaPipeline({
      media: store,
      rooms,
      queue: new MediaJobQueue(),
      logger,
      now,
      limits: {
        maxAnnotations: config.maxAnnotations,
        maxNotes: config.maxNotes,
        changeLogSize: config.changeLogSize,
      },
    });
    this.routes = new MediaRoutes(store, rooms, this.tokens, now);
    this.uploads = new UploadService({
      media: store,
      rooms,
      tokens: this.tokens,
      pipeline: this.pipeline,
      logger,
      now,
      limits: {
        maxFileBytes: config.maxFileBytes,
        minFreeDiskBytes: config.minFreeDiskBytes,
        uploadsPerMinute: config.uploadsPerMinute,
      },
    });
    this.retention = new MediaRetention({
      media: store,
      rooms,
      logger,
      now,
      retentionMs: config.mediaRetentionHours * 3_600_000,
    });
    this.recovery = new MediaRecovery({
      rooms,
      pipeline: this.pipeline,
      logger,
      now,
      stallMs: STALLED_PROCESSING_MS,
      abandonMs: uploadExpiryMs(config),
    });
  }

  static async create(options: MediaServiceOptions): Promise<MediaService> {
    const { config } = options;
    const store =
      options.store ??
      (config.s3Bucket
        ? new S3MediaStore(
            {
              bucket: config.s3Bucket,
              endpoint: config.s3Endpoint,
              region: config.s3Region,
              accessKeyId: config.s3AccessKeyId,
              secretAccessKey: config.s3SecretAccessKey,
              forcePathStyle: config.s3ForcePathStyle,
            },
            uploadExpiryMs(config),
          )
        : await LocalMediaStore.open(config.dataDir, uploadExpiryMs(config)));
    const service = new MediaService(store, await checkMediaTools(), options);
    service.retention.start();
    service.recovery.start();
    return service;
  }

  /** One line for the start banner: where media is kept, and what ffmpeg's absence costs. */
  bannerLines(): string[] {
    const missing = describeMissingTools(this.tools);
    return [
      `Media library: ${this.store.description}.`,
      missing ??
        `ffmpeg ${this.tools.ffmpeg ?? '?'} / ffprobe ${this.tools.ffprobe ?? '?'}: uploads are probed and get browser proxies when needed.`,
    ];
  }

  /** Routes /api/media/* and /api/uploads*; false for other paths. */
  async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    try {
      if (pathname === UPLOADS_PATH || pathname.startsWith(`${UPLOADS_PATH}/`)) {
        // GET is not part of tus: uploads are never served (only verified media, by its sha).
        if (req.method === 'GET')
          throw new MediaHttpError(405, 'INVALID_MESSAGE', 'uploads are not readable');
        const { trustProxyHops, trustProxy } = this.options.config;
        const hops = Math.max(trustProxyHops, trustProxy ? 1 : 0);
        const address = addressGroup(remoteAddress(req, hops));
        await this.uploads.handle(req, res, address);
        return true;
      }
      return await this.routes.handle(req, res, pathname);
    } catch (error) {
      if (!(error instanceof MediaHttpError)) throw error;
      replyError(res, error);
      return true;
    }
  }

  async beforeAdd(item: { id: string; kind: LibraryItem['kind']; size: number }) {
    if (item.kind !== 'upload') return { stored: false };
    if (await this.store.stat({ sha: item.id, variant: 'original' })) return { stored: true };
    const full = await diskRefusal(this.store, item.size, this.options.config.minFreeDiskBytes);
    return full
      ? { refusal: { code: 'DISK_FULL' as const, detail: full.detail ?? '' } }
      : { stored: false };
  }

  mediaToken(roomId: string, userId: string): { token: string; expiresAt: number } {
    return this.tokens.issue(roomId, userId);
  }

  added(roomId: string, item: LibraryItem): void {
    if (item.kind !== 'upload' || item.state !== 'processing') return;
    void this.pipeline
      .registered(roomId, item.id)
      .catch((error: unknown) =>
        this.options.logger.error({ err: error, roomId }, 'processing stored media failed'),
      );
  }

  async close(): Promise<void> {
    this.retention.stop();
    this.recovery.stop();
    this.pipeline.close();
    await this.store.close();
  }
}
