// Media in an S3-compatible bucket (--s3-bucket …), shared by every instance: objects under
// media/<object name>. tus uploads are staged on the receiving instance's disk (@tus/file-store
// in <data dir>/uploads) and put into the bucket only after their SHA-256 checked out (a PUT or
// a multipart upload is invisible until complete), so nothing unverified is ever in media/.
// (@tus/s3-store would keep partial uploads in the bucket, but it needs S3's ListParts, which
// the S3-compatible test server s3rver lacks; docs/media-library.md.)
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { FileStore } from '@tus/file-store';
import { hashStream, importStagedUpload } from './hashFile';
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

export interface S3Options {
  bucket: string;
  endpoint?: string | undefined;
  region: string;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  forcePathStyle: boolean;
}

const PREFIX = 'media/';
/** One PUT carries at most 5 GiB; bigger files go up as a multipart upload of these parts. */
const MAX_SINGLE_PUT = 5 * 1024 ** 3;
const PART_BYTES = 256 * 1024 ** 2;

export class S3MediaStore implements MediaStore {
  readonly description: string;
  readonly uploads: FileStore;
  private readonly client: S3Client;
  private readonly bucket: string;

  /**
   * `stagingDir`: where this instance keeps tus uploads until they are verified;
   * `uploadExpiryMs`: an unfinished upload this old is refused and swept (0: never).
   */
  constructor(
    options: S3Options,
    private readonly stagingDir: string,
    uploadExpiryMs = 0,
  ) {
    const config: S3ClientConfig = {
      region: options.region,
      // Checksums only where S3 requires them: the default (aws-chunked streaming bodies with
      // trailing CRCs) is not understood by every S3-compatible server.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      forcePathStyle: options.forcePathStyle,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.accessKeyId && options.secretAccessKey
        ? {
            credentials: {
              accessKeyId: options.accessKeyId,
              secretAccessKey: options.secretAccessKey,
            },
          }
        : {}),
    };
    this.bucket = options.bucket;
    this.client = new S3Client(config);
    this.uploads = new FileStore({
      directory: stagingDir,
      expirationPeriodInMilliseconds: uploadExpiryMs,
    });
    this.description = `S3 bucket ${options.bucket}${options.endpoint ? ` at ${options.endpoint}` : ''}`;
  }

  private objectKey(key: MediaKey): string {
    return PREFIX + objectName(key);
  }

  /** Null for a missing object; other failures (unreachable, denied) throw. */
  private async head(key: string): Promise<MediaStat | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: head.ContentLength ?? 0, modifiedAt: head.LastModified?.getTime() ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  importUpload(uploadId: string, sha: string): Promise<ImportResult> {
    return importStagedUpload(this.uploads, uploadId, sha, (staged, size) =>
      this.putLarge(this.objectKey({ sha, variant: 'original' }), staged, size),
    );
  }

  /** One PUT, or a multipart upload for files over 5 GiB. */
  private async putLarge(Key: string, file: string, size: number): Promise<void> {
    if (size <= MAX_SINGLE_PUT) {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key,
          Body: createReadStream(file),
          ContentLength: size,
        }),
      );
      return;
    }
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key }),
    );
    const parts: Array<{ ETag: string; PartNumber: number }> = [];
    for (let start = 0, PartNumber = 1; start < size; start += PART_BYTES, PartNumber++) {
      const end = Math.min(size, start + PART_BYTES) - 1;
      const part = await this.client.send(
        new UploadPartCommand({
          Bucket: this.bucket,
          Key,
          UploadId,
          PartNumber,
          Body: createReadStream(file, { start, end }),
          ContentLength: end - start + 1,
        }),
      );
      parts.push({ ETag: part.ETag ?? '', PartNumber });
    }
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  }

  async putFile(key: MediaKey, file: string): Promise<void> {
    await this.putLarge(this.objectKey(key), file, (await stat(file)).size);
  }

  async putText(key: MediaKey, text: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: text }),
    );
  }

  async getText(key: MediaKey): Promise<string | null> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      return (await object.Body?.transformToString('utf8')) ?? null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  stat(key: MediaKey): Promise<MediaStat | null> {
    return this.head(this.objectKey(key));
  }

  async createReadStream(key: MediaKey, range?: ByteRange): Promise<Readable> {
    const object = await this.client.send(
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: this.objectKey(key),
        ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
      }),
    );
    return object.Body as Readable;
  }

  async localCopy(key: MediaKey): Promise<LocalCopy> {
    const dir = await mkdtemp(path.join(tmpdir(), 'reelsync-s3-'));
    const file = path.join(dir, objectName(key));
    const release = () => rm(dir, { recursive: true, force: true });
    try {
      await hashStream(await this.createReadStream(key), file);
    } catch (error) {
      await release();
      throw error;
    }
    return { path: file, release };
  }

  async delete(key: MediaKey): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
    );
  }

  async *list(): AsyncIterable<MediaKey & MediaStat> {
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: PREFIX, ContinuationToken }),
      );
      for (const object of page.Contents ?? []) {
        const key = parseObjectName((object.Key ?? '').slice(PREFIX.length));
        if (key)
          yield { ...key, size: object.Size ?? 0, modifiedAt: object.LastModified?.getTime() ?? 0 };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async freeBytes(): Promise<number | null> {
    // The bucket has no free-space figure; the staging disk holds whole uploads meanwhile.
    await mkdir(this.stagingDir, { recursive: true });
    const info = await statfs(this.stagingDir);
    return info.bavail * info.bsize;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

function isNotFound(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as {
    name?: string;
    $metadata?: { httpStatusCode?: number };
  };
  return name === 'NotFound' || name === 'NoSuchKey' || $metadata?.httpStatusCode === 404;
}
