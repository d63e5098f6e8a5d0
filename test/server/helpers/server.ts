// Starts a real ReelSync server on an ephemeral port for a test, with quiet logs by default.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../../../server/index';

let staticDir: string | null = null;

function testStaticDir(): string {
  if (!staticDir) {
    staticDir = mkdtempSync(path.join(tmpdir(), 'reelsync-static-'));
    writeFileSync(
      path.join(staticDir, 'index.html'),
      '<!doctype html><title>ReelSync test</title>',
    );
  }
  return staticDir;
}

export function startTestServer(overrides: Partial<ServerOptions> = {}): Promise<RunningServer> {
  return startServer({
    port: 0,
    host: '127.0.0.1',
    staticDir: testStaticDir(),
    logLevel: 'silent',
    ...overrides,
  });
}
