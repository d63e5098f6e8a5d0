// The page's server clock is measured in a worker with its own clock-only connection, so a busy
// main thread cannot bias it. Server and page run on one machine here, so the true offset is
// known: the server clock is this machine's wall clock.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { api, closeAll, createRoom, openPerson } from './helpers/network';

/** Server-clock estimate minus the page's wall clock, ms (0 when the estimate is exact). */
const clockError = (page: Page) => api<number>(page, '(r) => r.network.serverNow() - Date.now()');

test.describe('Clock worker', () => {
  test('the estimate comes from the worker and stays exact while the page is busy', async ({
    browser,
    baseURL,
  }) => {
    const host = await openPerson(browser, baseURL ?? '', { name: 'Host' });
    await createRoom(host.page);
    await expect.poll(() => api<string>(host.page, '(r) => r.network.clockSource')).toBe('worker');
    // Let the worker's fast burst finish (8 samples, 100 ms apart) and the slew settle.
    await expect
      .poll(async () => Math.abs(await clockError(host.page)), { timeout: 15_000 })
      .toBeLessThan(3);

    // Keep the main thread busy for 4 s in 150 ms slices (a page decoding and drawing): every
    // pong reaching the page would wait up to 150 ms for its handler.
    await host.page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const end = performance.now() + 4000;
          const slice = () => {
            const until = performance.now() + 150;
            while (performance.now() < until) {
              /* busy */
            }
            if (performance.now() < end) setTimeout(slice, 0);
            else resolve();
          };
          slice();
        }),
    );
    expect(await api<string>(host.page, '(r) => r.network.clockSource')).toBe('worker');
    expect(Math.abs(await clockError(host.page))).toBeLessThan(5);
    await closeAll(host);
  });

  test('without the worker (REELSYNC_CONFIG clockWorker: false) the page measures it itself', async ({
    browser,
    baseURL,
  }) => {
    const host = await openPerson(browser, baseURL ?? '', {
      name: 'Host',
      config: { clockWorker: false },
    });
    await createRoom(host.page);
    await expect
      .poll(async () => Math.abs(await clockError(host.page)), { timeout: 15_000 })
      .toBeLessThan(3);
    expect(await api<string>(host.page, '(r) => r.network.clockSource')).toBe('page');
    await closeAll(host);
  });
});
