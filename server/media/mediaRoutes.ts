// The media HTTP routes: POST /api/media/token (a media token for a room member), and
// GET/HEAD /api/media/<sha>[/proxy|/thumbnail]?token=… (ranges, ETag = the sha, immutable
// caching, ?download=1). Media is served only to a member of a room whose library holds it,
// and only once stored (verified); nothing lists media. Errors are JSON { code, message }.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { roomLibrary, type LibraryItem } from '../../src/protocol/index';
import { hashToken } from '../auth';
import type { RoomStore } from '../store/RoomStore';
import { MediaHttpError, replyJson } from './httpReply';
import type { ByteRange, MediaStore, MediaVariant } from './MediaStore';
import type { MediaTokens } from './mediaTokens';

export const MEDIA_TOKEN_PATH = '/api/media/token';
const MEDIA_ROUTE = /^\/api\/media\/([0-9a-f]{64})(?:\/(proxy|thumbnail))?$/;
const MAX_TOKEN_BODY = 4096;

const CONTENT_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  mxf: 'application/mxf',
  avi: 'video/x-msvideo',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  exr: 'image/x-exr',
  dpx: 'image/x-dpx',
  // Look files (docs/color.md): served as text, never run by the browser.
  cube: 'text/plain; charset=utf-8',
  '3dl': 'text/plain; charset=utf-8',
  spi1d: 'text/plain; charset=utf-8',
  spi3d: 'text/plain; charset=utf-8',
  cdl: 'application/xml',
  cc: 'application/xml',
  ccc: 'application/xml',
};

export function contentTypeFor(name: string): string {
  const extension = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 one (RFC 6266 / 5987). */
export function attachmentHeader(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The one range of a Range header; 'all' when absent or not a single byte range. */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | 'all' | 'unsatisfiable' {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return 'all';
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Grants and lookups are re-read after this long (a removed member loses access soon). */
const ACCESS_CACHE_MS = 2000;

export class MediaRoutes {
  private readonly access = new Map<string, { until: number; items: Map<string, LibraryItem> }>();

  constructor(
    private readonly media: MediaStore,
    private readonly rooms: RoomStore,
    private readonly tokens: MediaTokens,
    private readonly now: () => number,
  ) {}

  /** True when the path is a media route (answered); false to let others handle it. */
  async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (pathname === MEDIA_TOKEN_PATH) {
      if (req.method !== 'POST')
        throw new MediaHttpError(405, 'INVALID_MESSAGE', 'POST only', { allow: 'POST' });
      await this.issueToken(req, res);
      return true;
    }
    const match = MEDIA_ROUTE.exec(pathname);
    if (!match?.[1]) {
      if (pathname.startsWith('/api/media/')) throw new MediaHttpError(404, 'MEDIA_NOT_FOUND');
      return false;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw new MediaHttpError(405, 'INVALID_MESSAGE', 'GET or HEAD only', { allow: 'GET, HEAD' });
    const variant: MediaVariant =
      match[2] === 'proxy' ? 'proxy' : match[2] === 'thumbnail' ? 'thumbnail' : 'original';
    await this.serve(req, res, match[1], variant);
    return true;
  }

  private async issueToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_TOKEN_BODY);
    let parsed: { room?: unknown; sessionToken?: unknown };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      throw new MediaHttpError(400, 'INVALID_JSON');
    }
    const { room, sessionToken } = parsed ?? {};
    if (
      typeof room !== 'string' ||
      typeof sessionToken !== 'string' ||
      room.length > 16 ||
      sessionToken.length > 128
    )
      throw new MediaHttpError(400, 'INVALID_MESSAGE', 'expected { room, sessionToken }');
    const member = await this.rooms.findMemberBySession(room, hashToken(sessionToken));
    if (!member) throw new MediaHttpError(403, 'INVALID_SESSION', 'not a member of that room');
    replyJson(res, 200, this.tokens.issue(room, member.userId));
  }

  /** The room's item for `sha` when the token's holder may read it. */
  private async item(token: string | null, sha: string): Promise<LibraryItem> {
    const check = this.tokens.check(token);
    if (!check.ok) throw new MediaHttpError(401, 'MEDIA_TOKEN_INVALID', check.reason);
    const { roomId, userId } = check.grant;
    const cacheKey = `${roomId}|${userId}`;
    const now = this.now();
    const cached = this.access.get(cacheKey);
    let item = cached && cached.until > now ? cached.items.get(sha) : undefined;
    // Only a servable answer is reused: an item still uploading is looked up again.
    if (!item || item.state === 'uploading') {
      const [snapshot, members] = await Promise.all([
        this.rooms.getSnapshot(roomId),
        this.rooms.listMembers(roomId),
      ]);
      if (!snapshot || !members.some((member) => member.userId === userId))
        throw new MediaHttpError(
          403,
          'MEDIA_TOKEN_INVALID',
          'the token’s room is gone or you are no longer in it',
        );
      const items = new Map(roomLibrary(snapshot.state).items.map((entry) => [entry.id, entry]));
      this.access.set(cacheKey, { until: now + ACCESS_CACHE_MS, items });
      if (this.access.size > 10_000) this.access.delete(this.access.keys().next().value ?? '');
      item = items.get(sha);
    }
    // Another room's media is as unknown as media that does not exist.
    if (!item || item.kind !== 'upload' || item.state === 'uploading')
      throw new MediaHttpError(404, 'MEDIA_NOT_FOUND', 'this room holds no such media (yet)');
    return item;
  }

  private async serve(
    req: IncomingMessage,
    res: ServerResponse,
    sha: string,
    variant: MediaVariant,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const item = await this.item(url.searchParams.get('token'), sha);
    const key = { sha, variant };
    const stat = await this.media.stat(key);
    if (!stat) throw new MediaHttpError(404, 'MEDIA_NOT_FOUND', `no ${variant} for this media`);
    const etag = `"${sha}${variant === 'original' ? '' : `-${variant}`}"`;
    const headers: Record<string, string> = {
      'content-type':
        variant === 'original'
          ? contentTypeFor(item.name)
          : variant === 'proxy'
            ? 'video/mp4'
            : 'image/jpeg',
      'accept-ranges': 'bytes',
      etag,
      'cache-control': 'private, max-age=31536000, immutable',
    };
    if (url.searchParams.get('download') === '1') {
      const name = variant === 'proxy' ? item.name.replace(/(\.[^.]*)?$/, '.proxy.mp4') : item.name;
      headers['content-disposition'] = attachmentHeader(name);
    }
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const range = parseRange(req.headers.range, stat.size);
    if (range === 'unsatisfiable')
      throw new MediaHttpError(
        416,
        'INVALID_MESSAGE',
        `range beyond the end (${stat.size} bytes)`,
        {
          'content-range': `bytes */${stat.size}`,
        },
      );
    const partial =
      range !== 'all' && req.headers['if-range'] === undefined
        ? range
        : range !== 'all' && req.headers['if-range'] === etag
          ? range
          : null;
    const length = partial ? partial.end - partial.start + 1 : stat.size;
    headers['content-length'] = String(length);
    if (partial) headers['content-range'] = `bytes ${partial.start}-${partial.end}/${stat.size}`;
    res.writeHead(partial ? 206 : 200, headers);
    if (req.method === 'HEAD' || length === 0) {
      res.end();
      return;
    }
    const stream = await this.media.createReadStream(key, partial ?? undefined);
    await pipeline(stream, res).catch(() => {
      // The player dropped the request (a seek); nothing to report.
      stream.destroy();
    });
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new MediaHttpError(413, 'PAYLOAD_TOO_LARGE');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
