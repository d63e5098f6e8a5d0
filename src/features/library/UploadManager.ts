// Uploads to the room library over tus (tus-js-client): per file, hash it (its SHA-256 is the
// item's id), register it (library.add), upload it resumably with progress, rate and time left;
// cancel; automatic retries after a dropped connection; after a page reload the unfinished
// uploads are listed and resume when the same file is added again (the tus fingerprint is the
// room and the file's SHA-256, so any copy of the same bytes resumes).
import { Upload, defaultOptions, type DetailedError, type PreviousUpload } from 'tus-js-client';
import { computeFingerprint } from '../../core/media/fingerprint';
import { EventEmitter } from '../../utils/EventEmitter';
import type { MediaTokens } from './mediaAccess';
import { refusal, type LibraryRefusal } from './refusals';
import { TransferRate } from './transferRate';
import type { LibraryNetwork } from './types';

export const UPLOAD_ENDPOINT = '/api/uploads';
/**
 * One PATCH carries at most this much: under the 100 MB request limit of common proxies, with
 * an eighth of the round trips, locks and offset writes of the 8 MiB chunks used before (the
 * upload bench in docs/performance.md compares both). A drop loses nothing the server wrote:
 * tus resumes from the server's offset.
 */
export const DEFAULT_CHUNK_BYTES = 64 * 1024 * 1024;
/** After a dropped connection tus-js-client retries after these delays (ms), then gives up. */
const RETRY_DELAYS_MS = [0, 1000, 2000, 4000, 8000, 15_000, 30_000, 30_000, 60_000, 60_000];

export type UploadPhase = 'hashing' | 'registering' | 'uploading' | 'retrying' | 'done' | 'failed';

export interface UploadStatus {
  /** Local key (before the hash is known there is no id). */
  key: string;
  /** The item id (SHA-256 hex) once hashed. */
  id: string | null;
  name: string;
  size: number;
  phase: UploadPhase;
  /** Share of the file read for its SHA-256 (0..1) while `hashing`. */
  hashed: number;
  bytesSent: number;
  bytesPerSecond: number | null;
  secondsLeft: number | null;
}

/** An upload a previous page of this browser left unfinished in this room. */
export interface UnfinishedUpload {
  id: string;
  name: string;
  size: number;
}

export type UploadEvents = {
  changed: void;
  refused: LibraryRefusal;
  /** The bytes of `id` all reached the server (it now checks and processes them). */
  uploaded: { id: string; file: File };
  /** The file is already in the room's library: nothing was uploaded. */
  alreadyThere: { id: string; name: string };
};

interface Task {
  status: UploadStatus;
  file: File;
  upload: Upload | null;
  rate: TransferRate;
  cancelled: boolean;
}

export interface UploadManagerOptions {
  chunkBytes?: number;
  /** The SHA-256 of a file (default: the player's fingerprint worker), reporting progress 0..1. */
  hash?: (file: File, onProgress: (fraction: number) => void) => Promise<string>;
}

let nextKey = 1;

function fingerprintOf(room: string, id: string): string {
  return `reelsync-${room}-${id}`;
}

export class UploadManager extends EventEmitter<UploadEvents> {
  private readonly tasks = new Map<string, Task>();
  private unfinished: UnfinishedUpload[] = [];
  private readonly chunkBytes: number;
  private readonly hash: NonNullable<UploadManagerOptions['hash']>;
  private disposed = false;

  constructor(
    private readonly network: LibraryNetwork,
    private readonly tokens: MediaTokens,
    options: UploadManagerOptions = {},
  ) {
    super();
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.hash = options.hash ?? ((file, onProgress) => computeFingerprint([file], onProgress));
  }

  /** This page's uploads, oldest first. */
  get uploads(): UploadStatus[] {
    return [...this.tasks.values()].map((task) => ({ ...task.status }));
  }

  /** Uploads an earlier page left unfinished in the current room (refreshed by `refresh`). */
  get unfinishedUploads(): readonly UnfinishedUpload[] {
    const active = new Set([...this.tasks.values()].map((task) => task.status.id));
    return this.unfinished.filter((entry) => !active.has(entry.id));
  }

  /** Re-reads the unfinished uploads of the current room from the browser's storage. */
  async refresh(): Promise<void> {
    const room = this.network.roomCode;
    const stored: PreviousUpload[] = room
      ? await defaultOptions.urlStorage.findAllUploads().catch(() => [])
      : [];
    const seen = new Set<string>();
    this.unfinished = stored.flatMap((entry) => {
      const { sha256, filename, room: uploadRoom } = entry.metadata;
      if (uploadRoom !== room || !sha256 || seen.has(sha256)) return [];
      seen.add(sha256);
      return [{ id: sha256, name: filename ?? sha256.slice(0, 12), size: entry.size ?? 0 }];
    });
    if (!this.disposed) this.emit('changed', undefined);
  }

  /** Adds a file to the room's library: hash, register, upload. Refusals come as events. */
  async add(file: File): Promise<void> {
    const room = this.network.roomCode;
    if (!room) {
      this.emit('refused', refusal(file.name, 'NOT_IN_ROOM', 'Not in a room.'));
      return;
    }
    const task: Task = {
      status: {
        key: `upload-${nextKey++}`,
        id: null,
        name: file.name,
        size: file.size,
        phase: 'hashing',
        hashed: 0,
        bytesSent: 0,
        bytesPerSecond: null,
        secondsLeft: null,
      },
      file,
      upload: null,
      rate: new TransferRate(),
      cancelled: false,
    };
    this.tasks.set(task.status.key, task);
    this.changed();
    try {
      task.status.id = await this.hash(file, (fraction) => {
        if (task.cancelled || task.status.phase !== 'hashing') return;
        task.status.hashed = fraction;
        this.changed();
      });
    } catch (error) {
      this.fail(task, 'HASH_FAILED', `${file.name} could not be read: ${String(error)}`);
      return;
    }
    const id = task.status.id;
    if (task.cancelled) return;
    const twin = [...this.tasks.values()].find((other) => other !== task && other.status.id === id);
    if (twin) {
      // The same bytes are already on their way from this page.
      this.tasks.delete(task.status.key);
      this.changed();
      return;
    }
    const existing = this.network.library.items.find((item) => item.id === id);
    if (existing && existing.state !== 'uploading' && existing.state !== 'failed') {
      this.tasks.delete(task.status.key);
      this.changed();
      this.emit('alreadyThere', { id, name: existing.name });
      return;
    }
    if (!existing || existing.state === 'failed') {
      task.status.phase = 'registering';
      this.changed();
      try {
        await this.network.addLibraryItem({ id, kind: 'upload', name: file.name, size: file.size });
      } catch (error) {
        const { code, message } = errorParts(error);
        this.fail(task, code, message);
        return;
      }
    }
    if (task.cancelled) return;
    await this.startUpload(task, room, id);
  }

  /**
   * The room's library changed: an item this page is still uploading that the server now
   * processes (it already had the bytes, e.g. from another room) needs no more bytes: the upload
   * stops. Not terminated: when the last chunk is what finished it, the server must keep it.
   */
  libraryChanged(): void {
    for (const task of [...this.tasks.values()]) {
      const id = task.status.id;
      const item = id ? this.network.library.items.find((entry) => entry.id === id) : undefined;
      if (!id || !item || item.state === 'uploading' || item.state === 'failed') continue;
      if (task.status.phase !== 'uploading' && task.status.phase !== 'retrying') continue;
      if (task.status.bytesSent >= task.status.size) continue; // finishing: onSuccess follows
      task.cancelled = true;
      this.tasks.delete(task.status.key);
      void task.upload?.abort(false).catch(() => undefined);
      void this.forget(id);
      this.changed();
    }
  }

  /** Stops an upload, deletes its partial bytes on the server and removes its library item. */
  async cancel(key: string): Promise<void> {
    const task = this.tasks.get(key);
    if (!task) return;
    task.cancelled = true;
    this.tasks.delete(key);
    this.changed();
    await task.upload?.abort(true).catch(() => undefined);
    const id = task.status.id;
    if (id && task.status.phase !== 'failed')
      await this.network.removeLibraryItem(id).catch(() => undefined);
  }

  /** Forgets an upload left unfinished by an earlier page (and its stored resume point). */
  async forget(id: string): Promise<void> {
    const room = this.network.roomCode;
    if (room) {
      const stored = await defaultOptions.urlStorage
        .findUploadsByFingerprint(fingerprintOf(room, id))
        .catch(() => []);
      for (const entry of stored)
        await defaultOptions.urlStorage.removeUpload(entry.urlStorageKey).catch(() => undefined);
    }
    this.unfinished = this.unfinished.filter((entry) => entry.id !== id);
    this.changed();
  }

  dispose(): void {
    this.disposed = true;
    // Not terminated: the resume point stays stored, so a reload can pick the upload up again.
    for (const task of this.tasks.values()) void task.upload?.abort(false);
    this.tasks.clear();
    this.removeAllListeners();
  }

  private async startUpload(task: Task, room: string, id: string): Promise<void> {
    let token: string;
    try {
      token = await this.tokens.token();
    } catch (error) {
      const { code, message } = errorParts(error);
      this.fail(task, code, message);
      return;
    }
    task.status.phase = 'uploading';
    this.changed();
    const upload = new Upload(task.file, {
      endpoint: UPLOAD_ENDPOINT,
      chunkSize: this.chunkBytes,
      retryDelays: RETRY_DELAYS_MS,
      metadata: { filename: task.file.name, sha256: id, room, token },
      fingerprint: () => Promise.resolve(fingerprintOf(room, id)),
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onShouldRetry: (error, attempt) => {
        if (task.cancelled || this.disposed) return false;
        const status = error.originalResponse?.getStatus() ?? 0;
        // Network failures, server hiccups, locks and rate limits pass; refusals do not.
        const retry = status === 0 || status >= 500 || [409, 423, 429].includes(status);
        if (status === 507) return false;
        if (retry) {
          task.status.phase = 'retrying';
          this.changed();
        }
        return retry && attempt < RETRY_DELAYS_MS.length;
      },
      onProgress: (sent, total) => {
        task.status.phase = 'uploading';
        task.status.bytesSent = sent;
        task.rate.sample(sent, performance.now());
        task.status.bytesPerSecond = task.rate.bytesPerSecond;
        task.status.secondsLeft = task.rate.secondsLeft(total);
        this.changed();
      },
      onSuccess: () => {
        task.status.phase = 'done';
        task.status.bytesSent = task.status.size;
        this.tasks.delete(task.status.key);
        this.unfinished = this.unfinished.filter((entry) => entry.id !== id);
        this.changed();
        this.emit('uploaded', { id, file: task.file });
      },
      onError: (error) => {
        if (task.cancelled) return;
        const { code, message } = uploadErrorParts(error, task.file.name);
        this.fail(task, code, message);
      },
    });
    task.upload = upload;
    // A copy of the same bytes this browser began uploading before (e.g. before a reload).
    const previous = await upload.findPreviousUploads().catch(() => []);
    const resumable = previous.find((entry) => entry.uploadUrl !== null);
    if (resumable) upload.resumeFromPreviousUpload(resumable);
    if (!task.cancelled) upload.start();
  }

  private fail(task: Task, code: string, message: string): void {
    task.status.phase = 'failed';
    this.tasks.delete(task.status.key);
    this.changed();
    this.emit('refused', refusal(task.file.name, code, message));
  }

  private changed(): void {
    if (!this.disposed) this.emit('changed', undefined);
  }
}

/** Code and message of a NetworkError / MediaAccessError / anything else. */
function errorParts(error: unknown): { code: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'UPLOAD_FAILED', message: error.message };
  }
  return { code: 'UPLOAD_FAILED', message: String(error) };
}

/** A tus failure as the server's `{ code, message }` when it sent one. */
function uploadErrorParts(
  error: Error | DetailedError,
  name: string,
): { code: string; message: string } {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  const status = response?.getStatus() ?? 0;
  try {
    const body = JSON.parse(response?.getBody() ?? '') as { code?: unknown; message?: unknown };
    if (typeof body.code === 'string' && typeof body.message === 'string')
      return { code: body.code, message: body.message };
  } catch {
    // Not JSON: fall back on the status.
  }
  const byStatus: Record<number, string> = {
    401: 'MEDIA_TOKEN_INVALID',
    403: 'FORBIDDEN',
    413: 'FILE_TOO_LARGE',
    429: 'RATE_LIMITED',
    507: 'DISK_FULL',
  };
  const code = byStatus[status] ?? (status === 0 ? 'CONNECTION_LOST' : 'UPLOAD_FAILED');
  const message =
    status === 0
      ? `The upload of ${name} lost its connection and could not resume.`
      : `The server refused the upload of ${name} (${status}).`;
  return { code, message };
}
