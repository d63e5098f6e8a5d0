// Helpers for the media library tests: a room with a media token, library items, raw tus
// requests (to cut an upload halfway) and a tus-js-client upload, waits on item states.
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { Upload } from 'tus-js-client';
import type { LibraryItem } from '../../../src/protocol/index';
import type { RunningServer } from '../../../server/index';
import { createRoom, joinRoom } from './rooms';
import type { TestClient } from './TestClient';

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

export interface MediaMember {
  client: TestClient;
  roomId: string;
  token: string;
}

export async function mediaToken(baseUrl: string, room: string, sessionToken: string) {
  const response = await fetch(`${baseUrl}/api/media/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ room, sessionToken }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Creates a room (or joins `roomId`) and fetches a media token for it. */
export async function mediaMember(server: RunningServer, roomId?: string): Promise<MediaMember> {
  const joined = roomId
    ? await joinRoom(server.syncUrl, roomId)
    : await createRoom(server.syncUrl, { displayName: 'Hana' });
  const room = joined.joined.payload.roomId;
  const { body } = await mediaToken(server.url, room, joined.joined.payload.sessionToken);
  return { client: joined.client, roomId: room, token: String(body.token) };
}

/** library.add for `bytes` (id = its sha unless given); resolves to the registered item. */
export async function register(
  client: TestClient,
  bytes: Buffer,
  name: string,
  id = sha256(bytes),
): Promise<LibraryItem> {
  const reply = await client.request(
    'library.add',
    { item: { id, kind: 'upload', name, size: bytes.length } },
    'sync.library',
  );
  if (reply.payload.op !== 'upsert') throw new Error('expected an upsert');
  return reply.payload.item;
}

/** Waits for a library upsert of `id` that satisfies `done`. */
export async function itemWhere(
  client: TestClient,
  id: string,
  done: (item: LibraryItem) => boolean,
  timeoutMs = 20_000,
): Promise<LibraryItem> {
  const message = await client.next(
    'sync.library',
    (m) => m.payload.op === 'upsert' && m.payload.item.id === id && done(m.payload.item),
    timeoutMs,
  );
  if (message.payload.op !== 'upsert') throw new Error('unreachable');
  return message.payload.item;
}

export function uploadMetadata(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
}

/** Raw tus creation; resolves to the status, the upload URL and the body. */
export async function tusCreate(
  baseUrl: string,
  length: number,
  metadata: Record<string, string>,
): Promise<{ status: number; location: string | null; body: string }> {
  const response = await fetch(`${baseUrl}/api/uploads`, {
    method: 'POST',
    headers: {
      'tus-resumable': '1.0.0',
      'upload-length': String(length),
      'upload-metadata': uploadMetadata(metadata),
    },
  });
  const location = response.headers.get('location');
  return {
    status: response.status,
    location: location && new URL(location, baseUrl).toString(),
    body: await response.text(),
  };
}

export async function tusOffset(uploadUrl: string): Promise<number> {
  const response = await fetch(uploadUrl, {
    method: 'HEAD',
    headers: { 'tus-resumable': '1.0.0' },
  });
  return Number(response.headers.get('upload-offset'));
}

export async function tusPatch(uploadUrl: string, offset: number, bytes: Buffer): Promise<number> {
  const response = await fetch(uploadUrl, {
    method: 'PATCH',
    headers: {
      'tus-resumable': '1.0.0',
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    },
    body: new Uint8Array(bytes),
  });
  return response.status;
}

/**
 * A PATCH that sends `bytes` and then loses its connection (the socket is destroyed before the
 * request ends), as a dropped network does mid-upload.
 */
export async function tusPatchCut(uploadUrl: string, bytes: Buffer): Promise<void> {
  const url = new URL(uploadUrl);
  await new Promise<void>((resolve) => {
    const req = request(url, {
      method: 'PATCH',
      headers: {
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
        'content-length': String(bytes.length * 2),
      },
    });
    req.on('error', () => resolve());
    req.on('close', () => resolve());
    req.write(bytes, () => setTimeout(() => req.destroy(), 200));
  });
}

/** A whole upload through tus-js-client (what the player uses), resolved when it finished. */
export function tusUpload(
  baseUrl: string,
  bytes: Buffer,
  metadata: Record<string, string>,
  chunkSize?: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const upload = new Upload(bytes, {
      endpoint: `${baseUrl}/api/uploads`,
      metadata,
      retryDelays: [],
      ...(chunkSize ? { chunkSize } : {}),
      onSuccess: () => resolve(),
      onError: (error) => reject(error),
    });
    upload.start();
  });
}
