// Waiting on a condition instead of the wall clock: polls a predicate (sync or async) until it
// holds, and fails naming what it waited for, so a slow machine waits longer and a broken one
// says what never happened.

export interface WaitOptions {
  /** What the test waits for, named in the timeout error. */
  what: string;
  /** How long before failing (default 5000 ms). */
  timeoutMs?: number;
  /** Polling interval (default 10 ms). */
  intervalMs?: number;
}

/** Resolves once `predicate` returns true; throws `timed out waiting for <what>` otherwise. */
export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  options: WaitOptions,
): Promise<void> {
  const { what, timeoutMs = 5000, intervalMs = 10 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
