// Starts s3rver, an S3-compatible server process, for the S3 media tests and local runs:
// `npx tsx scripts/s3rver.ts [--port 4568] [--dir <folder>]` (default folder: a new temp dir).
// Does nothing when something already answers on the port. Credentials: S3RVER / S3RVER.
// s3rver lacks ListParts, AbortMultipartUpload and ListMultipartUploads, which @tus/s3-store
// needs: scripts/s3rverMultipart.ts answers those in front of its router (harness only).
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { multipartExtras, type KoaMiddleware } from './s3rverMultipart';

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  /** Koa's middleware list; the last one is s3rver's router. */
  middleware: KoaMiddleware[];
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

const { values } = parseArgs({
  options: { port: { type: 'string', default: '4568' }, dir: { type: 'string' } },
});
const port = Number(values.port);
const address = '127.0.0.1';

async function answering(): Promise<boolean> {
  try {
    await fetch(`http://${address}:${port}/`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

if (await answering()) {
  console.log(
    `s3rver: something already answers at http://${address}:${port}; not starting another`,
  );
  process.exit(0);
}
const directory = values.dir ?? mkdtempSync(path.join(tmpdir(), 's3rver-'));
// s3rver ships no type declarations; its constructor is typed above.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;
const server = new S3rver({ address, port, directory, silent: true });
server.middleware.splice(server.middleware.length - 1, 0, multipartExtras(directory));
await server.run();
console.log(`s3rver listening at http://${address}:${port} (data in ${directory})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void server.close().then(() => process.exit(0)));
