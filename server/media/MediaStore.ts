// The content-addressed media store: originals under their SHA-256, with their derived files
// (thumbnail, proxy, probe info) beside them, and the tus upload area where partial uploads
// live until verified. Two implementations: LocalMediaStore (a folder) and S3MediaStore.
import type { Readable } from 'node:stream';
import type { DataStore } from '@tus/utils';

/** What a stored object is: the original, or one of the files the server derives from it. */
export type MediaVariant = 'original' | 'thumbnail' | 'proxy' | 'info';

export interface MediaKey {
  sha: string;
  variant: MediaVariant;
}

const SUFFIX: Record<MediaVariant, string> = {
  original: '',
  thumbnail: '.thumb.jpg',
  proxy: '.proxy.mp4',
  info: '.info.json',
};

export const SHA_PATTERN = /^[0-9a-f]{64}$/;

/** The object name of a key: `<sha>`, `<sha>.thumb.jpg`, `<sha>.proxy.mp4`, `<sha>.info.json`. */
export function objectName(key: MediaKey): string {
  if (!SHA_PATTERN.test(key.sha)) throw new Error(`not a SHA-256: ${key.sha}`);
  return `${key.sha}${SUFFIX[key.variant]}`;
}

/** The key an object name stands for, or null for anything else (a stray file). */
export function parseObjectName(name: string): MediaKey | null {
  const sha = name.slice(0, 64);
  if (!SHA_PATTERN.test(sha)) return null;
  const suffix = name.slice(64);
  const variant = (Object.keys(SUFFIX) as MediaVariant[]).find((v) => SUFFIX[v] === suffix);
  return variant ? { sha, variant } : null;
}

export interface MediaStat {
  size: number;
  modifiedAt: number;
}

/** Inclusive byte range. */
export interface ByteRange {
  start: number;
  end: number;
}

/** A file on this machine (for ffprobe/ffmpeg); `release` removes it when it was a temp copy. */
export interface LocalCopy {
  path: string;
  release(): Promise<void>;
}

export type ImportResult =
  | { status: 'stored'; size: number }
  | { status: 'mismatch'; actualSha: string }
  | { status: 'missing' };

export interface MediaStore {
  /** For the start banner and logs: "local folder /x/y" or "S3 bucket b at https://…". */
  readonly description: string;
  /** The tus DataStore uploads go to (partial uploads stay there, never in the store). */
  readonly uploads: DataStore;
  /**
   * Hashes a finished tus upload; when its SHA-256 is `sha` it becomes the stored original
   * (atomically: never visible half-written), else it is deleted. The upload is gone after.
   */
  importUpload(uploadId: string, sha: string): Promise<ImportResult>;
  /** Stores a local file (a thumbnail or proxy the server made) under `key`. */
  putFile(key: MediaKey, file: string, contentType: string): Promise<void>;
  putText(key: MediaKey, text: string): Promise<void>;
  getText(key: MediaKey): Promise<string | null>;
  stat(key: MediaKey): Promise<MediaStat | null>;
  createReadStream(key: MediaKey, range?: ByteRange): Promise<Readable>;
  /** The stored object as a local file (S3: downloaded to a temp file). */
  localCopy(key: MediaKey): Promise<LocalCopy>;
  delete(key: MediaKey): Promise<void>;
  /** Every stored object. */
  list(): AsyncIterable<MediaKey & MediaStat>;
  /** Free bytes where uploads land; null when unknown or unlimited (S3). */
  freeBytes(): Promise<number | null>;
  close(): Promise<void>;
}
