// Player pages for the sync benchmarks (playback agreement, clock sync): a page of the built player
// in a browser context of its own (like another person), and a CPU-heavy load on its main thread.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { NAME_SHIM } from './frameTimes';

const firstFrameShown = (page: Page, timeout: number) =>
  page
    .waitForFunction(() => window.reelsync?.viewer.displayedFrame === 1, undefined, { timeout })
    .then(
      () => true,
      () => false,
    );

/**
 * Opens the player at `url` in a new context (`config` becomes window.REELSYNC_CONFIG) and waits
 * for its demo clip's first frame; reloads once if it does not come (said on `log`).
 */
export async function openPerson(
  browser: Browser,
  url: string,
  log: (line: string) => void,
  config: Record<string, unknown> = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  // tsx compiles with keepNames: functions sent to the page may call esbuild's __name helper.
  await context.addInitScript({ content: NAME_SHIM });
  await context.addInitScript((pageConfig) => {
    (window as { REELSYNC_CONFIG?: unknown }).REELSYNC_CONFIG = pageConfig;
  }, config);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(url, { timeout: 60_000 });
  if (await firstFrameShown(page, 30_000)) return { context, page };
  // Seen now and then on the loaded shared machine through the delay proxy: one reload, said.
  log(`the player at ${url} showed no first frame in 30 s; reloading once`);
  await page.reload({ timeout: 60_000 });
  if (await firstFrameShown(page, 30_000)) return { context, page };
  const state = await page
    .evaluate(() => ({
      api: Boolean(window.reelsync),
      displayed: window.reelsync?.viewer.displayedFrame ?? null,
      frame: window.reelsync?.session.currentFrame ?? null,
    }))
    .catch(() => null);
  await context.close();
  throw new Error(
    `the player at ${url} showed no first frame (state ${JSON.stringify(state)}; page errors: ${pageErrors.join(' | ') || 'none'})`,
  );
}

/** Keeps the page's main thread 12 ms busy in every 20 ms until the page closes. */
export function startStress(page: Page): Promise<void> {
  return page.evaluate(() => {
    const slice = () => {
      const until = performance.now() + 12;
      let x = 0;
      while (performance.now() < until) x += Math.sqrt(x + 1);
      (window as { __stressSink?: number }).__stressSink = x;
    };
    setInterval(slice, 20);
  });
}
