// Leave + dispose leave no timers or sockets behind: a separate Node process running a room
// must exit on its own once it has left and disposed everything.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('clean shutdown', () => {
  it('a process that leaves and disposes exits on its own', async () => {
    const script = path.join(import.meta.dirname, 'fixtures', 'leaveAndExit.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 40_000); // starting tsx alone takes 10 s on a loaded 2-core machine
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(output).toContain('done');
    expect(code).toBe(0);
  }, 45_000);
});
