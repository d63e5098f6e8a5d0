// tus 1.0 resumable uploads at /api/uploads (@tus/server over the media store's DataStore).
// A new upload must name a room, a media token for it and the SHA-256 of its file, which the
// room's library must hold as an item still `uploading` with the same size (library.add comes
// first). Per-address rate limit, per-file limit and free-disk guard answer before any byte
// is written. Progress and the finish go to the MediaPipeline (hash check, probe, proxy).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EVENTS, Server as TusServer, type Upload } from '@tus/server';
import type { Logger } from 'pino';
import { roomLibrary } from '../../src/protocol/index';
import { formatBytes } from '../rooms/roomLibrary';
import { TokenBucket } from '../limits/TokenBucket';
import type { RoomStore } from '../store/RoomStore';
import { MediaHttpError } from './httpReply';
import type { MediaPipeline } from './MediaPipeline';
import type { MediaStore } from './MediaStore';
import type { MediaTokens } from './mediaTokens';

export const UPLOADS_PATH = '/api/uploads';

export interface UploadLimits {
  maxFileBytes: number;
  minFreeDiskBytes: number;
  uploadsPerMinute: number;
}

export interface UploadDeps {
  media: MediaStore;
  rooms: RoomStore;
  tokens: MediaTokens;
  pipeline: MediaPipeline;
  limits: UploadLimits;
  logger: Logger;
  now: () => number;
}

/** A tus hook refusal: @tus/server sends `status_code` and `body` as the response. */
function refusal(error: MediaHttpError): { status_code: number; body: string } {
  return { status_code: error.status, body: error.body };
}

/** Null when `bytes` more fit on the media disk with the reserve left; otherwise DISK_FULL. */
export async function diskRefusal(
  media: MediaStore,
  bytes: number,
  reserve: number,
): Promise<MediaHttpError | null> {
  const free = await media.freeBytes();
  if (free === null || free - bytes >= reserve) return null;
  return new MediaHttpError(
    507,
    'DISK_FULL',
    `${formatBytes(Math.max(0, free))} free, this file needs ${formatBytes(bytes)} and the server keeps ${formatBytes(reserve)} in reserve`,
  );
}

export class UploadService {
  private readonly tus: TusServer;
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly deps: UploadDeps) {
    this.tus = new TusServer({
      path: UPLOADS_PATH,
      datastore: deps.media.uploads,
      maxSize: deps.limits.maxFileBytes,
      relativeLocation: true,
      postReceiveInterval: 1000,
      // Upload ids are capabilities (whoever knows one may resume it): 128 random bits.
      namingFunction: () => randomBytes(16).toString('hex'),
      onUploadCreate: async (_req, upload) => {
        await this.admit(upload);
        return {};
      },
      onUploadFinish: async (_req, upload) => {
        const { room, sha256 } = upload.metadata ?? {};
        if (room && sha256)
          void this.deps.pipeline
            .uploadFinished(room, sha256, upload.id)
            .catch((error: unknown) =>
              deps.logger.error({ err: error }, 'media processing failed'),
            );
        return {};
      },
      onResponseError: (_req, error) => {
        if (error instanceof MediaHttpError) return refusal(error);
        if ('status_code' in error && error.status_code === 413)
          return refusal(
            new MediaHttpError(
              413,
              'FILE_TOO_LARGE',
              `over ${formatBytes(deps.limits.maxFileBytes)}`,
            ),
          );
        return undefined;
      },
    });
    this.tus.on(EVENTS.POST_RECEIVE, (_req, upload) => {
      const { room, sha256 } = upload.metadata ?? {};
      if (room && sha256 && upload.size)
        deps.pipeline.progress(room, sha256, upload.offset / upload.size);
    });
  }

  /** Rate limit by client address, then the tus protocol. */
  async handle(req: IncomingMessage, res: ServerResponse, address: string): Promise<void> {
    if (req.method === 'POST' || req.method === 'PATCH') {
      const now = this.deps.now();
      let bucket = this.buckets.get(address);
      if (!bucket) {
        const perMinute = Math.max(1, this.deps.limits.uploadsPerMinute);
        bucket = new TokenBucket(perMinute / 60, perMinute, now);
        this.buckets.set(address, bucket);
        if (this.buckets.size > 10_000) this.buckets.delete(this.buckets.keys().next().value ?? '');
      }
      if (!bucket.take(now)) {
        const wait = bucket.retryAfterMs(now);
        const error = new MediaHttpError(
          429,
          'RATE_LIMITED',
          `too many upload requests from your address; retry in ${Math.ceil(wait / 1000)} s`,
          {
            'retry-after': String(Math.ceil(wait / 1000)),
          },
        );
        res
          .writeHead(error.status, { 'content-type': 'application/json', ...error.headers })
          .end(JSON.stringify({ code: error.code, message: error.message, retryAfterMs: wait }));
        return;
      }
    }
    await this.tus.handle(req, res);
  }

  /** Checks a new upload before tus creates it; throws a MediaHttpError. */
  private async admit(upload: Upload): Promise<void> {
    const { room, token, sha256 } = upload.metadata ?? {};
    if (!room || !token || !sha256)
      throw new MediaHttpError(
        400,
        'INVALID_MESSAGE',
        'Upload-Metadata needs room, token, sha256 and filename',
      );
    const check = this.deps.tokens.check(token);
    if (!check.ok) throw new MediaHttpError(401, 'MEDIA_TOKEN_INVALID', check.reason);
    if (check.grant.roomId !== room)
      throw new MediaHttpError(403, 'MEDIA_TOKEN_INVALID', 'the media token is for another room');
    const snapshot = await this.deps.rooms.getSnapshot(room);
    if (!snapshot) throw new MediaHttpError(404, 'ROOM_NOT_FOUND');
    const item = roomLibrary(snapshot.state).items.find((entry) => entry.id === sha256);
    if (!item || item.kind !== 'upload')
      throw new MediaHttpError(
        404,
        'MEDIA_NOT_FOUND',
        'add the item to the room library (library.add) before uploading it',
      );
    if (item.state !== 'uploading')
      throw new MediaHttpError(
        409,
        'INVALID_MESSAGE',
        `the item is ${item.state}, not waiting for an upload`,
      );
    if (upload.size !== undefined && upload.size !== item.size)
      throw new MediaHttpError(
        400,
        'INVALID_MESSAGE',
        `Upload-Length ${upload.size} is not the registered size ${item.size}`,
      );
    if (item.size > this.deps.limits.maxFileBytes)
      throw new MediaHttpError(
        413,
        'FILE_TOO_LARGE',
        `over ${formatBytes(this.deps.limits.maxFileBytes)}`,
      );
    const full = await diskRefusal(this.deps.media, item.size, this.deps.limits.minFreeDiskBytes);
    if (full) throw full;
  }
}
