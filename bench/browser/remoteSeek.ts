// Remote control against the player: a seek sent by a program (the SDK, as `reelsync seek` does)
// until a participant's page shows that frame, against the same seek made in a browser (the
// host's page), interleaved, p50/p95 and the ratio (issue 19: SDK/CLI ≤ 1.25× browser). The
// origin time is taken where the seek is made (Node, or the host page) and the arrival where the
// frame is drawn (the participant page), all in epoch ms on this one machine's clock.
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/browser';
import { connect, type ReelSyncClient } from '../../sdk/node';
import { startServer, type RunningServer } from '../../server/index';
import { fmt, percentile } from '../clock/analysis';
import type { BenchContext, BenchResult, Benchmark } from '../lib/types';

const shim = 'globalThis.__name = globalThis.__name || ((target) => target);';
/** A seek not shown within this time fails the run (a stuck case must not hang the bench). */
const WAIT_MS = 20_000;
const TARGET_RATIO = 1.25;

async function openPage(browser: Browser, server: RunningServer): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({ baseURL: server.url });
  await context.addInitScript({ content: shim });
  const page = await context.newPage();
  await page.goto('/');
  await page.waitForFunction(() => window.reelsync?.viewer.displayedFrame === 1, undefined, {
    timeout: 60_000,
  });
  return [context, page];
}

/** Starts watching (in the page) for `frame` on screen; `seenAt` reads when it was (epoch ms). */
async function watch(page: Page, frame: number): Promise<() => Promise<number>> {
  await page.evaluate((target) => {
    const slot = window as unknown as { seenAt: number | null };
    slot.seenAt = null;
    const check = (): void => {
      if (window.reelsync?.viewer.displayedFrame === target)
        slot.seenAt = performance.timeOrigin + performance.now();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, frame);
  return () =>
    page
      .waitForFunction(() => (window as unknown as { seenAt: number | null }).seenAt, undefined, {
        timeout: WAIT_MS,
        polling: 10,
      })
      .then((handle) => handle.jsonValue() as Promise<number>);
}

async function measure(
  host: Page,
  observer: Page,
  sdk: ReelSyncClient,
  seeks: number,
): Promise<{ sdk: number[]; browser: number[] }> {
  const result = { sdk: [] as number[], browser: [] as number[] };
  let frame = 1;
  for (let i = 0; i < seeks * 2; i++) {
    // Far from the current frame each time (the demo clip has 1440 frames).
    frame = ((frame + 397 + i * 31) % 1300) + 100;
    const seen = await watch(observer, frame);
    const fromSdk = i % 2 === 0;
    let origin: number;
    if (fromSdk) {
      origin = performance.timeOrigin + performance.now();
      void sdk.seek(frame).catch(() => undefined);
    } else
      origin = await host.evaluate((target) => {
        const at = performance.timeOrigin + performance.now();
        window.reelsync?.session.seek(target);
        return at;
      }, frame);
    const latency = (await seen()) - origin;
    (fromSdk ? result.sdk : result.browser).push(latency);
    // Let the room settle (the SDK's own answer, the host's echo) before the next seek.
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return result;
}

export const remoteSeek: Benchmark = {
  name: 'remote-seek',
  description: 'SDK seek vs browser seek until a participant shows the frame (ratio ≤ 1.25×)',
  async run(context: BenchContext): Promise<BenchResult> {
    const seeks = context.quick ? 12 : 40;
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      staticDir: context.distDir,
      logLevel: 'warn',
    });
    const browser = await chromium.launch(chromiumLaunchOptions());
    const contexts: BrowserContext[] = [];
    let sdk: ReelSyncClient | null = null;
    try {
      const [hostContext, host] = await openPage(browser, server);
      const [observerContext, observer] = await openPage(browser, server);
      contexts.push(hostContext, observerContext);
      const room = await host.evaluate(() =>
        window.reelsync?.network.createRoom({ displayName: 'Host' }),
      );
      if (!room) throw new Error('remote-seek: window.reelsync is missing');
      await observer.evaluate(
        (code) => window.reelsync?.network.joinRoom(code, undefined, { displayName: 'Observer' }),
        room.roomId,
      );
      sdk = await connect(server.url, { clientName: 'bench' });
      await sdk.joinRoom(room.roomId, { name: 'Program', role: 'participant' });
      context.log(`remote-seek: ${seeks} seeks from each origin, interleaved`);
      const samples = await measure(host, observer, sdk, seeks);
      const row = (name: string, values: number[]) => [
        name,
        values.length,
        fmt(percentile(values, 50)),
        fmt(percentile(values, 95)),
        fmt(Math.max(...values)),
      ];
      const sdkP50 = percentile(samples.sdk, 50) ?? NaN;
      const browserP50 = percentile(samples.browser, 50) ?? NaN;
      const ratio = sdkP50 / browserP50;
      return {
        name: 'remote-seek',
        title: 'Remote control: SDK seek vs browser seek → participant frame on screen',
        tables: [
          {
            caption: 'Seek until the participant page shows the frame (ms)',
            columns: ['origin', 'seeks', 'p50', 'p95', 'max'],
            rows: [
              row('SDK (Node, as reelsync seek)', samples.sdk),
              row("browser (host's page)", samples.browser),
            ],
          },
        ],
        targets: [
          {
            target: `SDK/CLI seek ≤ ${TARGET_RATIO}× browser seek (p50)`,
            measured: `${fmt(ratio, 2)}×`,
            met: ratio <= TARGET_RATIO,
          },
        ],
        data: { samples, ratio },
        notes: [
          'One machine: the server, the SDK process and two headless Chromium pages share its CPUs; the arrival is the first animation frame whose drawn frame is the target (a frame interval of resolution, the same for both origins).',
          'A reelsync seek command adds its start-up (Node, tsx, connect and join) before this; the figure is the seek itself once connected, as a pipeline script holding a connection sees it.',
        ],
      };
    } finally {
      await sdk?.close().catch(() => undefined);
      for (const item of contexts) await item.close().catch(() => undefined);
      await browser.close();
      await server.close();
    }
  },
};
