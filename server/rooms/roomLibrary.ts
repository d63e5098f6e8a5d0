// Media library rules of the room logic: who may add and remove, name sanitising, the
// per-file limit, the room quota, the item cap and the room-state budget; and the media
// pipeline's server-side updates of an item (processing, ready, failed, proxy progress).
import { createHash } from 'node:crypto';
import {
  WIRE_LIMITS,
  roomLibrary,
  sanitizeMediaName,
  type LibraryItem,
  type LibraryItemInput,
  type MediaDescriptor,
  type Role,
} from '../../src/protocol/index';
import type { ChangeContext, LibraryItemPatch } from '../store/RoomStore';
import { byteSize, roomBytes, roomIndex, type Sequence } from './roomItems';
import type { LogicOutcome, SequencedRoom } from './roomLogic';

export interface LibraryActor {
  userId: string;
  role: Role;
  displayName?: string;
}

/** Human byte counts for refusals ("1.5 GiB"). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** The library id of a URL item: `url-` + SHA-256 (hex) of the URL. */
export function urlItemId(url: string): string {
  return `url-${createHash('sha256').update(url).digest('hex')}`;
}

const invalid = (detail: string): LogicOutcome => ({
  status: 'refused',
  code: 'INVALID_MESSAGE',
  detail,
});

/** Null when the id, kind and URL of an item agree; otherwise why not. */
function checkIdentity(input: LibraryItemInput): string | null {
  if (input.kind === 'upload') {
    if (input.url !== undefined) return 'upload items carry no url';
    if (input.id.startsWith('url-')) return 'an upload item id is the SHA-256 of the file';
    if (input.size === 0) return 'the file is empty';
    return null;
  }
  if (input.url === undefined) return 'url items need a url';
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return 'the url is not a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http(s) URLs';
  if (url.username || url.password) return 'URLs with credentials are not shared with the room';
  if (input.id !== urlItemId(input.url)) return 'a url item id is "url-" + the SHA-256 of the url';
  return null;
}

export function applyLibraryAdd(
  room: SequencedRoom,
  input: LibraryItemInput,
  actor: LibraryActor,
  context: ChangeContext,
  sequence: Sequence,
  /** The bytes are stored already (another room uploaded them): processing, not uploading. */
  stored = false,
): LogicOutcome {
  const library = roomLibrary(room.state);
  if (actor.role !== 'host' && !library.participantsMayAdd)
    return {
      status: 'refused',
      code: 'FORBIDDEN',
      detail: 'only the host may add media to this room (the host can allow participants)',
    };
  const problem = checkIdentity(input);
  if (problem) return invalid(problem);
  const limits = context.limits.library;
  const existing = library.items.find((item) => item.id === input.id);
  // Registering an item the room has (a reload resuming its upload) answers with it as it is.
  if (existing && existing.state !== 'failed')
    return sequence('sync.library', { op: 'upsert', item: existing });
  const isUpload = input.kind === 'upload';
  if (isUpload && limits && input.size > limits.maxFileBytes)
    return {
      status: 'refused',
      code: 'FILE_TOO_LARGE',
      detail: `${formatBytes(input.size)} is over this server's limit of ${formatBytes(limits.maxFileBytes)} per file`,
    };
  const maxItems = Math.min(limits?.maxItems ?? Infinity, WIRE_LIMITS.maxLibraryItems);
  if (!existing && library.items.length >= maxItems)
    return {
      status: 'refused',
      code: 'LIMIT_EXCEEDED',
      detail: `at most ${maxItems} items in a room's library; remove some first`,
    };
  if (isUpload && limits) {
    const used = library.items
      // A failed item holds no bytes (removed, refused or abandoned): it takes no quota.
      .filter((item) => item.kind === 'upload' && item.id !== input.id && item.state !== 'failed')
      .reduce((sum, item) => sum + item.size, 0);
    if (used + input.size > limits.roomQuotaBytes)
      return {
        status: 'refused',
        code: 'ROOM_QUOTA_EXCEEDED',
        detail: `${formatBytes(used)} of the room's ${formatBytes(limits.roomQuotaBytes)} are used; this file needs ${formatBytes(input.size)}`,
      };
  }
  const item: LibraryItem = {
    id: input.id,
    kind: input.kind,
    name: sanitizeMediaName(input.name),
    size: input.size,
    addedBy: actor.userId,
    addedByName: actor.displayName ?? '',
    addedAt: context.now,
    // The server never fetches URLs: each browser streams a URL item itself.
    state: isUpload ? (stored ? 'processing' : 'uploading') : 'ready',
    ...(isUpload ? { progress: 0 } : { url: input.url }),
    thumbnail: false,
    browserPlayable: !isUpload,
  };
  const budget = context.limits.budget;
  const growth = byteSize(item) - (existing ? byteSize(existing) : 0);
  if (budget && roomBytes(roomIndex(room)) + growth > budget.roomBytes)
    return {
      status: 'refused',
      code: 'ROOM_BUDGET_FULL',
      detail: 'room storage budget full — remove library items, drawings or notes',
    };
  return sequence('sync.library', { op: 'upsert', item });
}

export function applyLibraryRemove(
  room: SequencedRoom,
  id: string,
  actor: LibraryActor,
  sequence: Sequence,
): LogicOutcome {
  const item = roomLibrary(room.state).items.find((entry) => entry.id === id);
  if (!item) return { status: 'refused', code: 'MEDIA_NOT_FOUND', detail: id };
  if (actor.role !== 'host' && item.addedBy !== actor.userId)
    return {
      status: 'refused',
      code: 'FORBIDDEN',
      detail: 'only the host or whoever added it may remove a library item',
    };
  return sequence('sync.library', { op: 'remove', id });
}

/**
 * Makes a ready item the room's current shot (rvpush): the room's media descriptor, written from
 * what the server probed, names the item's id as its fingerprint, so every player streams it (or
 * plays its own matching copy). The host, or anyone who may add media.
 */
export function applyLibraryOpen(
  room: SequencedRoom,
  id: string,
  actor: LibraryActor,
  sequence: Sequence,
): LogicOutcome {
  const library = roomLibrary(room.state);
  const item = library.items.find((entry) => entry.id === id);
  if (!item) return { status: 'refused', code: 'MEDIA_NOT_FOUND', detail: id };
  if (actor.role !== 'host' && !library.participantsMayAdd)
    return {
      status: 'refused',
      code: 'FORBIDDEN',
      detail: 'the host has not let participants add or open media',
    };
  if (item.look)
    return {
      status: 'refused',
      code: 'INVALID_MESSAGE',
      detail: `${item.name} is a look file (LUT or CDL), not a shot: apply it in the color panel`,
    };
  const media = libraryDescriptor(item);
  if (!media)
    return {
      status: 'refused',
      code: 'INVALID_MESSAGE',
      detail: `${item.name} is not ready to play (${item.state})`,
    };
  return sequence('sync.media', { media });
}

/**
 * The room media descriptor of a ready library item, written from what the server probed (its id
 * is the fingerprint); null while it cannot be played (uploading, processing, failed).
 */
export function libraryDescriptor(item: LibraryItem): MediaDescriptor | null {
  const media = item.media;
  if (item.state !== 'ready' || !media || media.frames < 1) return null;
  return {
    name: item.name,
    frameStart: media.startFrame,
    frameEnd: media.startFrame + media.frames - 1,
    fps: media.fps,
    width: media.width,
    height: media.height,
    fingerprint: item.id,
    hasAudio: media.hasAudio,
  };
}

/** The pipeline's update of an item; a no-op when the item left the library meanwhile. */
export function applyLibraryUpdate(
  room: SequencedRoom,
  id: string,
  patch: LibraryItemPatch,
  sequence: Sequence,
): LogicOutcome {
  const item = roomLibrary(room.state).items.find((entry) => entry.id === id);
  if (!item) return { status: 'noop', version: 0 };
  const { clear, ...fields } = patch;
  const next: LibraryItem = { ...item, ...fields };
  for (const field of clear ?? []) delete next[field];
  return sequence('sync.library', { op: 'upsert', item: next });
}
