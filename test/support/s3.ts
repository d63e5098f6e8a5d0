// The S3-compatible server the S3 tests run against: s3rver, a separate process on
// 127.0.0.1:4568 (REELSYNC_TEST_S3_ENDPOINT) that .ci/run starts. Under CI=true a missing one
// fails the test; elsewhere the tests start scripts/s3rver.ts themselves (and stop it after).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { randomString } from '../../src/protocol/index';
import type { S3Options } from '../../server/media/S3MediaStore';
import { waitFor } from './waitFor';

export const TEST_S3_ENDPOINT = process.env.REELSYNC_TEST_S3_ENDPOINT ?? 'http://127.0.0.1:4568';
/** s3rver's fixed credentials. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

async function answering(): Promise<boolean> {
  try {
    await fetch(TEST_S3_ENDPOINT, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

/** Makes sure s3rver answers; resolves to a function stopping the process it started, if any. */
export async function ensureS3(): Promise<() => Promise<void>> {
  if (await answering()) return async () => undefined;
  if (process.env.CI === 'true')
    throw new Error(
      `No S3-compatible server at ${TEST_S3_ENDPOINT}: .ci/run starts s3rver (npx tsx scripts/s3rver.ts)`,
    );
  const port = new URL(TEST_S3_ENDPOINT).port || '80';
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.resolve(import.meta.dirname, '../../scripts/s3rver.ts'),
      '--port',
      port,
    ],
    { stdio: 'ignore' },
  );
  await waitFor(answering, { what: `s3rver at ${TEST_S3_ENDPOINT}`, timeoutMs: 20_000 });
  return async () => {
    child.kill('SIGTERM');
  };
}

/** A new bucket on the test S3 server and the server options to use it. */
export async function createTestBucket(): Promise<S3Options & { endpoint: string }> {
  const bucket = `reelsync-test-${randomString(10).toLowerCase()}`;
  const client = new S3Client({
    endpoint: TEST_S3_ENDPOINT,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return {
    bucket,
    endpoint: TEST_S3_ENDPOINT,
    region: 'us-east-1',
    forcePathStyle: true,
    ...CREDENTIALS,
  };
}

/** Every object key in a test bucket, sorted. */
export async function testBucketKeys(s3: { bucket: string; endpoint: string }): Promise<string[]> {
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  try {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    return (listed.Contents ?? []).map((object) => object.Key ?? '').sort();
  } finally {
    client.destroy();
  }
}

/** The server options that put its media in `bucket`. */
export function s3ServerOptions(s3: Awaited<ReturnType<typeof createTestBucket>>) {
  return {
    s3Bucket: s3.bucket,
    s3Endpoint: s3.endpoint,
    s3Region: s3.region,
    s3AccessKeyId: CREDENTIALS.accessKeyId,
    s3SecretAccessKey: CREDENTIALS.secretAccessKey,
    s3ForcePathStyle: true,
  };
}
