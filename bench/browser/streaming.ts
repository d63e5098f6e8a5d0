// Streaming from the room library in Chromium: a 1080p H.264 shot (two minutes; 20 s with
// --quick) is uploaded to a room through the library panel, then timed in fresh pages:
// join-to-first-frame of a participant streaming it (HTTP range requests), opening the same file
// locally, and downloading it whole before opening it; then seek-to-frame latency (seek until the
// frame is on screen) streamed against local, p50/p99.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/browser';
import { startServer, type RunningServer } from '../../server/index';
import { fmt, percentile } from '../clock/analysis';
import type { BenchContext, BenchResult, Benchmark } from '../lib/types';

const run = promisify(execFile);
const shim = 'globalThis.__name = globalThis.__name || ((target) => target);';
const FPS = 24;

/** A 1080p H.264 shot like a daily's browser proxy (GOP 12, yuv420p, faststart). */
async function makeShot(file: string, seconds: number): Promise<void> {
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-nostdin', '-f', 'lavfi'],
    ...['-i', `testsrc2=size=1920x1080:rate=${FPS}`, '-t', String(seconds)],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '12', '-pix_fmt', 'yuv420p'],
    ...['-movflags', '+faststart', file],
  ]);
}

async function newPage(browser: Browser, server: RunningServer): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url });
  await context.addInitScript({ content: shim });
  const page = await context.newPage();
  await page.goto('/');
  await page.waitForFunction(() => window.reelsync?.viewer.displayedFrame === 1, undefined, {
    timeout: 60_000,
  });
  return page;
}

/** Longest wait for a frame before the run fails (a stuck case must not hang the bench). */
const WAIT_MS = 120_000;

/** Resolves (in the page) once `fingerprint`'s frame `frame` is on screen; ms since `start`. */
function untilShown(
  page: Page,
  fingerprint: string | null,
  name: string | null,
  frame: number,
  start: number,
) {
  return page.evaluate(
    ({ fingerprint, name, frame, start, waitMs }) =>
      new Promise<number>((resolve, reject) => {
        const check = (): void => {
          if (performance.now() - start > waitMs) {
            const info = window.reelsync?.media.info;
            reject(
              new Error(
                `frame ${frame} of ${name ?? fingerprint} not shown (showing ${info?.name})`,
              ),
            );
            return;
          }
          const api = window.reelsync;
          const info = api?.media.info;
          const right =
            info &&
            (fingerprint === null || info.fingerprint === fingerprint) &&
            (name === null || info.name === name);
          if (right && api?.viewer.displayedFrame === frame) resolve(performance.now() - start);
          else requestAnimationFrame(check);
        };
        check();
      }),
    { fingerprint, name, frame, start, waitMs: WAIT_MS },
  );
}

const pageNow = (page: Page) => page.evaluate(() => performance.now());

/** Seeks to each frame and times until it is on screen (ms). */
async function seekLatencies(page: Page, frames: readonly number[]): Promise<number[]> {
  return page.evaluate(
    async (frames) => {
      const api = window.reelsync;
      if (!api) throw new Error('no reelsync');
      const times: number[] = [];
      for (const frame of frames) {
        const start = performance.now();
        api.session.seek(frame);
        await new Promise<void>((resolve, reject) => {
          const check = (): void => {
            if (api.viewer.displayedFrame === frame) resolve();
            else if (performance.now() - start > 60_000)
              reject(
                new Error(`seek to ${frame} not shown (on screen: ${api.viewer.displayedFrame})`),
              );
            else requestAnimationFrame(check);
          };
          check();
        });
        times.push(performance.now() - start);
      }
      return times;
    },
    [...frames],
  );
}

/** Frames spread over the shot in a fixed pseudo-random order (the same for every case). */
function seekFrames(count: number, total: number): number[] {
  let seed = 12345;
  return Array.from({ length: count }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 1 + (seed % total);
  });
}

interface Figures {
  /** joinRoom() until it resolved (in the room, state applied). */
  joinMs: number[];
  /** joinRoom() until the first request for the shot's bytes left the page (resource timing). */
  firstRequestMs: number[];
  streamedJoinMs: number[];
  /** A fresh page outside the room opening the media URL (no join, no token request). */
  streamedOpenMs: number[];
  localOpenMs: number[];
  downloadOpenMs: number[];
  /** Seeks of the participant in the room (the host's page follows each, on the same cores). */
  seekStreamedMs: number[];
  /** The same seeks in the fresh page streaming the media URL outside any room. */
  seekStreamedAloneMs: number[];
  seekLocalMs: number[];
}

async function measure(
  browser: Browser,
  server: RunningServer,
  file: string,
  sha: string,
  frames: number,
  rounds: number,
  log: (line: string) => void,
): Promise<Figures> {
  const host = await newPage(browser, server);
  const code = await host.evaluate(
    async () => (await window.reelsync?.network.createRoom())?.roomId,
  );
  if (!code) throw new Error('no room');
  await host.getByTestId('library-button').click();
  await host.getByTestId('library-add-input').setInputFiles(file);
  await host.waitForFunction(
    (sha) =>
      window.reelsync?.library.list().some((item) => item.id === sha && item.state === 'ready'),
    sha,
    { timeout: 300_000 },
  );
  log('streaming: shot uploaded and ready');
  const name = path.basename(file);
  const figures: Figures = {
    joinMs: [],
    firstRequestMs: [],
    streamedJoinMs: [],
    streamedOpenMs: [],
    localOpenMs: [],
    downloadOpenMs: [],
    seekStreamedMs: [],
    seekStreamedAloneMs: [],
    seekLocalMs: [],
  };
  const seeks = seekFrames(rounds * 10, frames);
  for (let round = 0; round < rounds; round++) {
    // The URL (and token) of this round's participant: tokens are served to members only.
    let mediaUrl: string | null = null;
    // The room back on frame 1 (the last round's seeks moved it): a joiner goes straight to the
    // room's frame, and this case times frame 1.
    await host.evaluate(() => window.reelsync?.session.seek(1));
    await host.waitForFunction(() => window.reelsync?.network.roomMotion?.anchorFrame === 1);
    // A participant joins and plays the room's shot from the library by itself.
    const guest = await newPage(browser, server);
    guest.on('request', (request) => {
      if (request.url().includes(`/api/media/${sha}?`)) mediaUrl ??= request.url();
    });
    const start = await pageNow(guest);
    const joined = guest.evaluate(
      async ({ code, start }) => {
        await window.reelsync?.network.joinRoom(code);
        return performance.now() - start;
      },
      { code, start },
    );
    figures.streamedJoinMs.push(await untilShown(guest, sha, null, 1, start));
    figures.joinMs.push(await joined);
    const firstRequest = await guest.evaluate(
      ({ start, path }) =>
        performance
          .getEntriesByType('resource')
          .filter((entry) => entry.startTime >= start && entry.name.includes(path))
          .reduce((first, entry) => Math.min(first, entry.startTime - start), Infinity),
      { start, path: `/api/media/${sha}` },
    );
    if (Number.isFinite(firstRequest)) figures.firstRequestMs.push(firstRequest);
    figures.seekStreamedMs.push(
      ...(await seekLatencies(guest, seeks.slice(round * 10, round * 10 + 10))),
    );

    const local = await newPage(browser, server);
    const localStart = await pageNow(local);
    await local.getByTestId('media-input').setInputFiles(file);
    figures.localOpenMs.push(await untilShown(local, null, name, 1, localStart));
    figures.seekLocalMs.push(
      ...(await seekLatencies(local, seeks.slice(round * 10, round * 10 + 10))),
    );

    if (mediaUrl) {
      const direct = await newPage(browser, server);
      const directStart = await pageNow(direct);
      void direct.evaluate(({ url, name }) => window.reelsync?.media.openUrl(url, { name }), {
        url: mediaUrl,
        name,
      });
      figures.streamedOpenMs.push(await untilShown(direct, null, name, 1, directStart));
      figures.seekStreamedAloneMs.push(
        ...(await seekLatencies(direct, seeks.slice(round * 10, round * 10 + 10))),
      );
      await direct.context().close();
    }
    if (mediaUrl) {
      // The whole file first, then opened as a local file (what a page without streaming does).
      const downloadStart = await pageNow(local);
      await local.evaluate(
        async ({ url, name }) => {
          const blob = await (await fetch(url)).blob();
          await window.reelsync?.media.open([new File([blob], `copy-${name}`)]);
        },
        { url: mediaUrl, name },
      );
      figures.downloadOpenMs.push(await untilShown(local, null, `copy-${name}`, 1, downloadStart));
    }
    await local.context().close();
    await guest.context().close();
    log(`streaming: round ${round + 1}/${rounds} done`);
  }
  await host.context().close();
  return figures;
}

const median = (values: readonly number[]) => percentile(values, 50);

export const streamingLatency: Benchmark = {
  name: 'streaming',
  description:
    'room library in Chromium: join-to-first-frame of a 1080p H.264 shot streamed vs opened locally vs downloaded whole; seek-to-frame streamed vs local (p50/p99)',
  async run(context: BenchContext): Promise<BenchResult> {
    if (!existsSync(path.join(context.distDir, 'index.html')))
      throw new Error(`streaming bench: no built player in ${context.distDir}`);
    const seconds = context.quick ? 20 : 120;
    const rounds = context.quick ? 2 : 5;
    const dir = mkdtempSync(path.join(tmpdir(), 'reelsync-bench-stream-'));
    const file = path.join(dir, `shot_1080p_${seconds}s.mp4`);
    context.log(`streaming: encoding a ${seconds} s 1080p H.264 shot`);
    await makeShot(file, seconds);
    const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      staticDir: context.distDir,
      logLevel: 'warn',
      dataDir: path.join(dir, 'data'),
      // Every page comes from 127.0.0.1: per-address limits would count the whole run.
      maxRoomsPerAddress: 10_000,
      lookupFailuresPerAddress: 10_000,
      maxConnectionsPerAddress: 10_000,
    });
    let browser: Browser | null = null;
    let figures: Figures;
    try {
      browser = await chromium.launch(chromiumLaunchOptions());
      figures = await measure(browser, server, file, sha, seconds * FPS, rounds, context.log);
    } finally {
      await browser?.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const streamed = median(figures.streamedJoinMs);
    const streamedOpen = median(figures.streamedOpenMs);
    const local = median(figures.localOpenMs);
    const download = median(figures.downloadOpenMs);
    const seekStreamed = median(figures.seekStreamedMs);
    const seekStreamedAlone = median(figures.seekStreamedAloneMs);
    const seekLocal = median(figures.seekLocalMs);
    const ratio = (a: number | null, b: number | null) => (a !== null && b ? a / b : null);
    const joinRatio = ratio(streamed, local);
    const seekRatio = ratio(seekStreamedAlone, seekLocal);
    return {
      name: 'streaming',
      title: 'Streaming from the room library',
      tables: [
        {
          caption: `First frame of a ${seconds} s 1080p H.264 shot (${rounds} rounds, median ms)`,
          columns: ['how', 'median ms', 'ratio to local'],
          rows: [
            ['participant joins, streams from the room', fmt(streamed), fmt(joinRatio, 2)],
            ['(of which joining the room)', fmt(median(figures.joinMs)), ''],
            [
              '(first request for the shot’s bytes sent, since joinRoom())',
              fmt(median(figures.firstRequestMs)),
              '',
            ],
            [
              'streamed open alone (fresh page, media URL)',
              fmt(streamedOpen),
              fmt(ratio(streamedOpen, local), 2),
            ],
            ['same file opened locally', fmt(local), '1.00'],
            ['downloaded whole, then opened', fmt(download), fmt(ratio(download, local), 2)],
          ],
        },
        {
          caption: `Seek to a frame until it is on screen (${figures.seekLocalMs.length} seeks each)`,
          columns: ['source', 'p50 ms', 'p99 ms', 'p50 ratio to local'],
          rows: [
            [
              'streamed, one page (media URL, no room)',
              fmt(seekStreamedAlone),
              fmt(percentile(figures.seekStreamedAloneMs, 99)),
              fmt(seekRatio, 2),
            ],
            [
              'streamed, participant in the room (the host’s page follows each seek)',
              fmt(seekStreamed),
              fmt(percentile(figures.seekStreamedMs, 99)),
              fmt(ratio(seekStreamed, seekLocal), 2),
            ],
            ['local, one page', fmt(seekLocal), fmt(percentile(figures.seekLocalMs, 99)), '1.00'],
          ],
        },
      ],
      targets: [
        {
          target: 'join-to-first-frame streamed ≤ 1.5× local',
          measured: `${fmt(joinRatio, 2)}×`,
          met: joinRatio !== null && joinRatio <= 1.5,
        },
        {
          target: 'seek p50 streamed ≤ 1.5× local (one page each)',
          measured: `${fmt(seekRatio, 2)}×`,
          met: seekRatio !== null && seekRatio <= 1.5,
        },
      ],
      data: { seconds, rounds, sha, ...figures },
      notes: [
        'Headless system Chromium (software WebGL), the server and the pages on this machine over loopback: the network costs only the range requests’ round trips.',
        'Seeks: the same frames in three pages in turn. The like-for-like pair (the target) is one page streaming the media URL against one page with the local file, neither in a room. The participant’s seeks also move the room, so the host’s page decodes the same frame on the same two cores at the same time: on separate machines that costs the participant nothing, here it doubles the decode work.',
        'Join-to-first-frame starts at joinRoom() in a fresh page and ends when frame 1 of the room’s shot is on the canvas; it includes the join, the media token, the index read and the first decode. Local starts at the file input.',
      ],
    };
  },
};
