// The setup the Redis restart tests share: a key prefix of their own (deleted after the file),
// and instances and clients closed after each test, last started first.
import { afterAll, afterEach } from 'vitest';
import { deletePrefix, uniquePrefix } from '../../server/helpers/server';
import type { Instance } from './instances';

export interface RestartScope {
  prefix: string;
  /** Runs after the test (errors ignored), in reverse order of registration. */
  cleanups: Array<() => Promise<unknown>>;
  /** Registers an instance to be killed after the test; returns it. */
  started(instance: Instance): Instance;
}

/** Call at the top of a test file: registers its afterEach and afterAll. */
export function restartScope(name: string): RestartScope {
  const prefix = uniquePrefix(name);
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });
  afterAll(() => deletePrefix(prefix));
  return {
    prefix,
    cleanups,
    started(instance) {
      cleanups.push(() => instance.kill('SIGKILL'));
      return instance;
    },
  };
}
