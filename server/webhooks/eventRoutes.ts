// GET /api/rooms/<ROOM>/events: the room's JSON-lines event log (EventLog.ts) for its host, who
// presents the host token or a session token of the current host as
// "Authorization: Bearer <token>". Ended rooms' logs stay in <data-dir>/events/ on the server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOM_CODE_PATTERN } from '../../src/protocol/index';
import { hashToken, tokenMatches } from '../auth';
import { MediaHttpError, replyError } from '../media/httpReply';
import type { RoomStore } from '../store/RoomStore';
import type { EventLog } from './EventLog';

export const EVENTS_ROUTE = /^\/api\/rooms\/([^/]+)\/events$/;

export async function serveEventLog(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  deps: { store: RoomStore; log: EventLog | null },
): Promise<void> {
  const roomId = decodeURIComponent(EVENTS_ROUTE.exec(pathname)?.[1] ?? '').toUpperCase();
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return replyError(res, new MediaHttpError(405, 'INVALID_MESSAGE', 'use GET', { allow: 'GET' }));
  if (!deps.log)
    return replyError(
      res,
      new MediaHttpError(404, 'ROOM_NOT_FOUND', 'this server keeps no event log (--no-event-log)'),
    );
  if (!new RegExp(ROOM_CODE_PATTERN).test(roomId))
    return replyError(res, new MediaHttpError(404, 'ROOM_NOT_FOUND', 'not a room code'));
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token)
    return replyError(
      res,
      new MediaHttpError(401, 'FORBIDDEN', 'send "Authorization: Bearer <host token>"', {
        'www-authenticate': 'Bearer',
      }),
    );
  const meta = await deps.store.getRoomMeta(roomId);
  if (!meta) return replyError(res, new MediaHttpError(404, 'ROOM_NOT_FOUND'));
  if (!(await isHost(deps.store, roomId, meta.hostTokenHash, token)))
    return replyError(
      res,
      new MediaHttpError(403, 'FORBIDDEN', "only the room's host may read its event log"),
    );
  const text = (await deps.log.read(roomId)) ?? '';
  res
    .writeHead(200, {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'cache-control': 'no-store',
      'content-disposition': `inline; filename="${roomId}-events.jsonl"`,
    })
    .end(req.method === 'HEAD' ? undefined : text);
}

async function isHost(
  store: RoomStore,
  roomId: string,
  hostTokenHash: string,
  token: string,
): Promise<boolean> {
  if (tokenMatches(token, hostTokenHash)) return true;
  const member = await store.findMemberBySession(roomId, hashToken(token));
  return member?.role === 'host';
}
