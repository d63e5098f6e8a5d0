// Media in an S3-compatible bucket (--s3-bucket …), shared by every instance: objects under
// media/<object name>. tus uploads go straight into the bucket through @tus/s3-store (a
// multipart upload per tus upload, plus <id>.info and <id>.part objects at the bucket's root),
// so a resumed upload may land on any instance. A finished upload is hashed from the bucket
// and copied into media/ (server-side) only when its SHA-256 checked out, then deleted: nothing
// unverified is ever in media/. docs/media-library.md.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { S3Store } from '@tus/s3-store';
import { hashStream } from './hashFile';
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
/**
 * One PUT (or CopyObject) carries at most 5 GiB; bigger files go up (or are copied) as a
 * multipart upload of these parts.
 */
const MAX_SINGLE_PUT = 5 * 1024 ** 3;
const PART_BYTES = 256 * 1024 ** 2;

/**
 * @tus/s3-store (2.0.7) leaves an unfinished upload's incomplete part (`<id>.part`) in the bucket
 * when the upload is terminated (a cancel); this removes it too.
 */
class TusUploads extends S3Store {
  override async remove(id: string): Promise<void> {
    await super.remove(id);
    await this.client.deleteObject({ Bucket: this.bucket, Key: this.partKey(id, true) });
  }
}

export class S3MediaStore implements MediaStore {
  readonly description: string;
  readonly uploads: S3Store;
  private readonly client: S3Client;
  private readonly bucket: string;

  /** `uploadExpiryMs`: an unfinished upload this old is refused and swept (0: never). */
  constructor(options: S3Options, uploadExpiryMs = 0) {
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
    this.uploads = new TusUploads({
      s3ClientConfig: { ...config, bucket: options.bucket },
      expirationPeriodInMilliseconds: uploadExpiryMs,
      // Expiry is swept by deleteExpired (retention.ts), not by bucket lifecycle rules on
      // object tags, which not every S3-compatible server supports.
      useTags: false,
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

  async importUpload(uploadId: string, sha: string): Promise<ImportResult> {
    let body: Readable;
    let size: number;
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: uploadId }),
      );
      body = object.Body as Readable;
      size = object.ContentLength ?? 0;
    } catch (error) {
      if (isNotFound(error)) return { status: 'missing' };
      throw error;
    }
    const actualSha = await hashStream(body);
    if (actualSha === sha)
      await this.copyLarge(uploadId, this.objectKey({ sha, variant: 'original' }), size);
    await this.deleteUpload(uploadId);
    return actualSha === sha ? { status: 'stored', size } : { status: 'mismatch', actualSha };
  }

  /** Removes a finished upload's objects (@tus/s3-store's remove only handles unfinished ones). */
  private async deleteUpload(uploadId: string): Promise<void> {
    await Promise.all(
      [uploadId, `${uploadId}.info`, `${uploadId}.part`].map((Key) =>
        this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key })),
      ),
    );
  }

  /** A server-side copy: CopyObject, or UploadPartCopy parts for objects over 5 GiB. */
  private async copyLarge(source: string, Key: string, size: number): Promise<void> {
    const CopySource = `${this.bucket}/${encodeURIComponent(source)}`;
    if (size <= MAX_SINGLE_PUT) {
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key, CopySource }));
      return;
    }
    await this.multipart(Key, size, async (UploadId, PartNumber, start, end) => {
      const part = await this.client.send(
        new UploadPartCopyCommand({
          Bucket: this.bucket,
          Key,
          UploadId,
          PartNumber,
          CopySource,
          CopySourceRange: `bytes=${start}-${end}`,
        }),
      );
      return part.CopyPartResult?.ETag ?? '';
    });
  }

  /** A multipart upload of `size` bytes in PART_BYTES parts; `part` sends one, returns its ETag. */
  private async multipart(
    Key: string,
    size: number,
    part: (uploadId: string, number: number, start: number, end: number) => Promise<string>,
  ): Promise<void> {
    const { UploadId = '' } = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key }),
    );
    const parts: Array<{ ETag: string; PartNumber: number }> = [];
    for (let start = 0, PartNumber = 1; start < size; start += PART_BYTES, PartNumber++) {
      const end = Math.min(size, start + PART_BYTES) - 1;
      parts.push({ ETag: await part(UploadId, PartNumber, start, end), PartNumber });
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
    await this.multipart(Key, size, async (UploadId, PartNumber, start, end) => {
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
      return part.ETag ?? '';
    });
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
    // The bucket has no free-space figure and uploads go straight into it, but processing
    // copies each upload whole into the temp folder for ffprobe/ffmpeg (localCopy).
    const info = await statfs(tmpdir());
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
