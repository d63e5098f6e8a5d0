// What one library row says (pure): an item of the room's library merged with this page's upload
// of it, as a state, a progress fraction, a one-line state text and a detail line.
import { formatRate } from '../../core/media/timecode';
import { formatBytes, formatDuration } from './transferRate';
import type { CopyState } from './MediaCopies';
import type { UploadStatus } from './UploadManager';
import type { LibraryItem } from './types';

export type RowState =
  | 'hashing'
  | 'registering'
  | 'uploading'
  | 'retrying'
  | 'processing'
  | 'proxy'
  | 'ready'
  | 'failed';

export interface LibraryRow {
  /** The item id, or the upload's local key while the file is being hashed. */
  key: string;
  id: string | null;
  name: string;
  item: LibraryItem | null;
  upload: UploadStatus | null;
  state: RowState;
  /** 0..1 of the current state (null: no figure). */
  progress: number | null;
  stateText: string;
  /** Duration, resolution, rate, codec, size, who added it. */
  detail: string;
  /** It can be opened (streamed) now. */
  playable: boolean;
  /** It is the room's current shot. */
  current: boolean;
  /** This browser's kept copy of it ("Keep a copy"). */
  copy: CopyState;
}

const percent = (fraction: number): string => `${Math.floor(fraction * 100)} %`;

/** "42 % · 3.1 MB/s · 12 s left" for an upload in progress. */
export function uploadText(upload: UploadStatus): string {
  const fraction = upload.size > 0 ? upload.bytesSent / upload.size : 0;
  const parts = [`Uploading ${percent(fraction)}`];
  if (upload.bytesPerSecond !== null) parts.push(`${formatBytes(upload.bytesPerSecond)}/s`);
  if (upload.secondsLeft !== null) parts.push(`${formatDuration(upload.secondsLeft)} left`);
  return parts.join(' · ');
}

/** The detail line of an item: 0:05 · 1920×1080 · 24 fps · h264 · 12.4 MB · added by Ana. */
export function itemDetail(item: LibraryItem): string {
  const parts: string[] = [];
  const media = item.media;
  if (media) {
    parts.push(formatDuration(media.durationS));
    // A sound file (a soundtrack, docs/audio.md) has no picture size or rate.
    if (media.width > 0 && media.height > 0) {
      parts.push(`${media.width}×${media.height}`);
      parts.push(`${formatRate(media.fps)} fps`);
    } else parts.push('sound');
    parts.push(media.codec);
  }
  if (item.look)
    parts.push(
      item.look === 'cube'
        ? 'LUT (apply it in the color panel)'
        : 'CDL (apply it in the color panel)',
    );
  if (item.kind === 'url') parts.push('by URL');
  else parts.push(formatBytes(item.size));
  parts.push(`added by ${item.addedByName}`);
  return parts.join(' · ');
}

function itemState(item: LibraryItem): Pick<LibraryRow, 'state' | 'progress' | 'stateText'> {
  const progress = item.progress ?? null;
  switch (item.state) {
    case 'uploading':
      // Sent by another page (another member, or this user before a reload).
      return {
        state: 'uploading',
        progress,
        stateText: `Uploading ${percent(progress ?? 0)} (from ${item.addedByName})`,
      };
    case 'processing':
      if (item.proxy && (item.proxy.state === 'running' || item.proxy.state === 'pending')) {
        const fraction = item.proxy.progress ?? 0;
        return {
          state: 'proxy',
          progress: fraction,
          stateText: `Making proxy ${percent(fraction)}`,
        };
      }
      return { state: 'processing', progress: null, stateText: 'Checking the file…' };
    case 'failed':
      return {
        state: 'failed',
        progress: null,
        stateText: `Failed: ${item.error?.message ?? 'the server could not process it'}`,
      };
    case 'ready':
      if (item.proxy?.state === 'failed')
        return {
          state: 'failed',
          progress: null,
          stateText: `No browser proxy: ${item.proxy.error ?? 'the transcode failed'} (the original can be downloaded)`,
        };
      return { state: 'ready', progress: null, stateText: 'Ready' };
  }
}

/** One row from a room item and/or this page's upload of it. */
export function libraryRow(
  item: LibraryItem | null,
  upload: UploadStatus | null,
  options: {
    currentId: string | null;
    playable: (item: LibraryItem) => boolean;
    copy?: (id: string) => CopyState;
  },
): LibraryRow {
  const id = item?.id ?? upload?.id ?? null;
  const key = id ?? upload?.key ?? 'unknown';
  const name = item?.name ?? upload?.name ?? '';
  const current = id !== null && id === options.currentId;
  const playable = item !== null && options.playable(item);
  const detail = item ? itemDetail(item) : formatBytes(upload?.size ?? 0);
  const copy: CopyState = (id !== null ? options.copy?.(id) : undefined) ?? { kind: 'none' };
  // This page's upload speaks for the bytes until the server has them all.
  if (upload && (!item || item.state === 'uploading')) {
    const size = upload.size > 0 ? upload.size : 1;
    const state: RowState = upload.phase === 'done' ? 'processing' : (upload.phase as RowState);
    const stateText =
      upload.phase === 'hashing'
        ? `Checking the file (SHA-256) ${percent(upload.hashed)}…`
        : upload.phase === 'registering'
          ? 'Adding to the room…'
          : upload.phase === 'retrying'
            ? `Connection lost at ${percent(upload.bytesSent / size)}, resuming…`
            : uploadText(upload);
    return {
      key,
      id,
      name,
      item,
      upload,
      state,
      progress: upload.phase === 'hashing' ? upload.hashed : upload.bytesSent / size,
      stateText,
      detail,
      playable,
      current,
      copy,
    };
  }
  if (!item) throw new Error('a library row needs an item or an upload');
  return { key, id, name, item, upload, ...itemState(item), detail, playable, current, copy };
}
