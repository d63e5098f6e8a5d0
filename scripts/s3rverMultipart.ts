// Test harness only: the three multipart calls s3rver 3.7 lacks and @tus/s3-store needs
// (ListParts to find where a resumed upload stands, AbortMultipartUpload for a cancelled one,
// ListMultipartUploads for the sweep of abandoned ones), answered from s3rver's own upload
// folder (<dir>/<bucket>/._S3rver_uploads/<upload id>/{key,<part>,<part>.md5}) by a Koa
// middleware put in front of s3rver's router. No npm S3 server implements ListParts (s3rver,
// its fork @20minutes/s3rver and fauxqs were checked); real S3, MinIO, R2 ... have them all.
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** What the middleware uses of Koa's context (s3rver's XML middleware renders `body`). */
export interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
}
export type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

const UPLOAD_ID = /^[0-9a-f]{32}$/;

function noSuchUpload(ctx: KoaContext, uploadId: string): void {
  ctx.status = 404;
  ctx.body = {
    Error: {
      Code: 'NoSuchUpload',
      Message: 'The specified multipart upload does not exist.',
      UploadId: uploadId,
    },
  };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** ListParts, AbortMultipartUpload and ListMultipartUploads over s3rver's folder `directory`. */
export function multipartExtras(directory: string): KoaMiddleware {
  const uploadsOf = (bucket: string) => path.join(directory, bucket, '._S3rver_uploads');

  async function listParts(ctx: KoaContext, bucket: string, key: string, uploadId: string) {
    const dir = path.join(uploadsOf(bucket), uploadId);
    if (!(await exists(path.join(dir, 'key')))) return noSuchUpload(ctx, uploadId);
    const marker = Number(ctx.query['part-number-marker'] ?? 0);
    const numbers = (await readdir(dir))
      .filter((name) => /^\d+\.md5$/.test(name))
      .map((name) => Number.parseInt(name, 10))
      .filter((number) => number > marker)
      .sort((a, b) => a - b);
    const Part = await Promise.all(
      numbers.map(async (number) => {
        const info = await stat(path.join(dir, String(number)));
        const md5 = await readFile(path.join(dir, `${number}.md5`), 'utf8');
        return {
          PartNumber: number,
          LastModified: info.mtime.toISOString(),
          ETag: JSON.stringify(md5),
          Size: info.size,
        };
      }),
    );
    ctx.body = {
      ListPartsResult: {
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        PartNumberMarker: marker,
        MaxParts: 10_000,
        IsTruncated: false,
        ...(Part.length > 0 ? { Part } : {}),
      },
    };
  }

  async function abort(ctx: KoaContext, uploadId: string, bucket: string) {
    const dir = path.join(uploadsOf(bucket), uploadId);
    if (!(await exists(path.join(dir, 'key')))) return noSuchUpload(ctx, uploadId);
    await rm(dir, { recursive: true, force: true });
    ctx.status = 204;
    ctx.body = '';
  }

  async function listUploads(ctx: KoaContext, bucket: string) {
    const root = uploadsOf(bucket);
    const ids = (await exists(root)) ? await readdir(root) : [];
    const Upload = [];
    for (const UploadId of ids.filter((id) => UPLOAD_ID.test(id))) {
      const keyFile = path.join(root, UploadId, 'key');
      if (!(await exists(keyFile))) continue;
      const Initiated = (await stat(keyFile)).mtime.toISOString();
      Upload.push({ Key: await readFile(keyFile, 'utf8'), UploadId, Initiated });
    }
    ctx.body = {
      ListMultipartUploadsResult: {
        Bucket: bucket,
        IsTruncated: false,
        ...(Upload.length > 0 ? { Upload } : {}),
      },
    };
  }

  return async (ctx, next) => {
    const [bucket = '', ...rest] = ctx.path.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const uploadId = ctx.query.uploadId;
    if (bucket && key && typeof uploadId === 'string' && ctx.query.partNumber === undefined) {
      if (!UPLOAD_ID.test(uploadId)) return noSuchUpload(ctx, uploadId);
      if (ctx.method === 'GET') return listParts(ctx, bucket, key, uploadId);
      if (ctx.method === 'DELETE') return abort(ctx, uploadId, bucket);
    }
    if (bucket && !key && ctx.method === 'GET' && ctx.query.uploads !== undefined)
      return listUploads(ctx, bucket);
    return next();
  };
}
