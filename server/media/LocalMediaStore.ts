// The embedded media store: a folder (--data-dir). Originals and derived files under
// media/<first two hex digits>/<object name>; tus uploads in uploads/ (@tus/file-store, with a larger write buffer), moved
// into media/ by a rename only after their SHA-256 checked out, so nothing half-written or
// unverified is ever in media/.
import { createReadStream } from 'node:fs';
import {
  copyFile,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  statfs,
  writeFile,
} from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { randomString } from '../../src/protocol/index';
import { importStagedUpload } from './hashFile';
import { BufferedFileStore } from './uploadFileStore';
import {
  objectName,
  parseObjectName,
  type ByteRange,
  type ImportResult,
  type LocalCopy,
  type MediaKey,
  type MediaStat,
  type MediaStore,
} from './MediaStore';

export const DEFAULT_DATA_DIR = path.join(homedir(), '.reelsync', 'data');

export class LocalMediaStore implements MediaStore {
  readonly description: string;
  readonly uploads: BufferedFileStore;
  private readonly mediaDir: string;
  private readonly tmpDir: string;

  private constructor(
    private readonly dataDir: string,
    uploadExpiryMs: number,
  ) {
    this.description = `local folder ${dataDir}`;
    this.mediaDir = path.join(dataDir, 'media');
    this.tmpDir = path.join(dataDir, 'tmp');
    this.uploads = new BufferedFileStore({
      directory: path.join(dataDir, 'uploads'),
      expirationPeriodInMilliseconds: uploadExpiryMs,
    });
  }

  /** `uploadExpiryMs`: an unfinished upload this old is refused and swept (0: never). */
  static async open(
    dataDir: string = DEFAULT_DATA_DIR,
    uploadExpiryMs = 0,
  ): Promise<LocalMediaStore> {
    const store = new LocalMediaStore(path.resolve(dataDir), uploadExpiryMs);
    await mkdir(store.mediaDir, { recursive: true, mode: 0o700 });
    await mkdir(store.tmpDir, { recursive: true, mode: 0o700 });
    return store;
  }

  private file(key: MediaKey): string {
    const name = objectName(key);
    return path.join(this.mediaDir, name.slice(0, 2), name);
  }

  private tempName(): string {
    return path.join(this.tmpDir, `${Date.now()}-${randomString(12)}`);
  }

  /** Writes through a temp file and a rename: readers see the whole object or none. */
  private async place(key: MediaKey, write: (temp: string) => Promise<void>): Promise<void> {
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = this.tempName();
    try {
      await write(temp);
      await rename(temp, target);
    } finally {
      await rm(temp, { force: true });
    }
  }

  importUpload(uploadId: string, sha: string): Promise<ImportResult> {
    return importStagedUpload(this.uploads, uploadId, sha, async (staged) => {
      const target = this.file({ sha, variant: 'original' });
      await mkdir(path.dirname(target), { recursive: true });
      await rename(staged, target);
    });
  }

  putFile(key: MediaKey, file: string): Promise<void> {
    return this.place(key, (temp) => copyFile(file, temp));
  }

  putText(key: MediaKey, text: string): Promise<void> {
    return this.place(key, (temp) => writeFile(temp, text));
  }

  async getText(key: MediaKey): Promise<string | null> {
    return readFile(this.file(key), 'utf8').catch(() => null);
  }

  async stat(key: MediaKey): Promise<MediaStat | null> {
    try {
      const info = await stat(this.file(key));
      return { size: info.size, modifiedAt: info.mtimeMs };
    } catch {
      return null;
    }
  }

  async createReadStream(key: MediaKey, range?: ByteRange): Promise<Readable> {
    return createReadStream(this.file(key), range ?? {});
  }

  async localCopy(key: MediaKey): Promise<LocalCopy> {
    return { path: this.file(key), release: async () => undefined };
  }

  async delete(key: MediaKey): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  async *list(): AsyncIterable<MediaKey & MediaStat> {
    const shards = await readdir(this.mediaDir).catch(() => [] as string[]);
    for (const shard of shards) {
      const names = await readdir(path.join(this.mediaDir, shard)).catch(() => [] as string[]);
      for (const name of names) {
        const key = parseObjectName(name);
        const info = key && (await this.stat(key));
        if (key && info) yield { ...key, ...info };
      }
    }
  }

  async freeBytes(): Promise<number | null> {
    const info = await statfs(this.dataDir);
    return info.bavail * info.bsize;
  }

  async close(): Promise<void> {
    // Nothing to release: every write is a temp file renamed (or removed) before it returns.
  }
}
