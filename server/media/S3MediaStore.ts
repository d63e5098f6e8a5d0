// Media in an S3-compatible bucket (--s3-bucket …), shared by every instance: objects under
// media/<object name>; tus uploads through @tus/s3-store at the bucket's top level (<upload id>,
// .info, .part), copied under media/ only after their SHA-256 checked out (a multipart upload
// is invisible until completed, and the copy is atomic), so nothing unverified is served.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
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
/** CopyObject copies at most 5 GiB; bigger objects are copied in parts of this size. */
const MAX_SINGLE_COPY = 5 * 1024 ** 3;
const COPY_PART = 1024 ** 3;

export class S3MediaStore implements MediaStore {
  readonly description: string;
  readonly uploads: S3Store;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: S3Options) {
    const config: S3ClientConfig = {
      region: options.region,
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
    this.uploads = new S3Store({ s3ClientConfig: { ...config, bucket: options.bucket } });
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
    const uploaded = await this.head(uploadId);
    if (!uploaded) return { status: 'missing' };
    const body = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: uploadId }),
    );
    const actualSha = await hashStream(body.Body as Readable);
    if (actualSha === sha)
      await this.copy(uploadId, this.objectKey({ sha, variant: 'original' }), uploaded.size);
    await Promise.all(
      [uploadId, `${uploadId}.info`].map((Key) =>
        this.client
          .send(new DeleteObjectCommand({ Bucket: this.bucket, Key }))
          .catch(() => undefined),
      ),
    );
    return actualSha === sha
      ? { status: 'stored', size: uploaded.size }
      : { status: 'mismatch', actualSha };
  }

  private async copy(from: string, to: string, size: number): Promise<void> {
    const CopySource = `${this.bucket}/${encodeURIComponent(from)}`;
    if (size <= MAX_SINGLE_COPY) {
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource }));
      return;
    }
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: to }),
    );
    const parts: Array<{ ETag: string; PartNumber: number }> = [];
    for (let start = 0, PartNumber = 1; start < size; start += COPY_PART, PartNumber++) {
      const end = Math.min(size, start + COPY_PART) - 1;
      const part = await this.client.send(
        new UploadPartCopyCommand({
          Bucket: this.bucket,
          Key: to,
          UploadId,
          PartNumber,
          CopySource,
          CopySourceRange: `bytes=${start}-${end}`,
        }),
      );
      parts.push({ ETag: part.CopyPartResult?.ETag ?? '', PartNumber });
    }
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: to,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  }

  async putFile(key: MediaKey, file: string, contentType: string): Promise<void> {
    const { size } = await stat(file);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.objectKey(key),
        Body: createReadStream(file),
        ContentLength: size,
        ContentType: contentType,
      }),
    );
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
    return null;
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
