// Playlist item switch in Chromium: a host and a participant in a room with two 1080p H.264
// shots in the playlist (uploaded through the library, streamed by the participant). Timed on the
// participant: the host moves to the other item (what PageDown does) → the new shot's frame on
// the participant's screen, p50/p99; against a plain seek (the host seeks, the participant's
// screen shows the frame), the yardstick. No preloading of the next item exists yet, so
// only the "without preloading", streamed case is measured.
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
/** One display frame at 60 Hz (the target: a switch within two of a plain seek). */
const DISPLAY_FRAME_MS = 1000 / 60;

async function makeShot(file: string, seconds: number, pattern: string): Promise<void> {
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-nostdin', '-f', 'lavfi'],
    ...['-i', `${pattern}=size=1920x1080:rate=${FPS}`, '-t', String(seconds)],
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

/**
 * In the participant's page: resolves with Date.now() once `fingerprint`'s frame `frame` is on
 * screen (both pages share the machine's wall clock; the host stamps the start with it too).
 */
function shownAt(page: Page, fingerprint: string, frame: number): Promise<number> {
  return page.evaluate(
    ({ fingerprint, frame }) =>
      new Promise<number>((resolve, reject) => {
        const start = Date.now();
        const check = (): void => {
          const api = window.reelsync;
          if (api?.media.info?.fingerprint === fingerprint && api.viewer.displayedFrame === frame)
            resolve(Date.now());
          else if (Date.now() - start > 20_000)
            reject(
              new Error(
                `frame ${frame} of ${fingerprint} never shown (on screen: frame ${api?.viewer.displayedFrame} of ${api?.media.info?.fingerprint}; room motion at ${api?.network.roomMotion?.anchorFrame} on ${api?.network.roomMedia?.fingerprint})`,
              ),
            );
          else requestAnimationFrame(check);
        };
        check();
      }),
    { fingerprint, frame },
  );
}

interface Figures {
  switchMs: number[];
  seekMs: number[];
}

async function measure(
  browser: Browser,
  server: RunningServer,
  files: readonly string[],
  shas: readonly string[],
  rounds: number,
  log: (line: string) => void,
): Promise<Figures> {
  const host = await newPage(browser, server);
  const code = await host.evaluate(
    async () => (await window.reelsync?.network.createRoom())?.roomId,
  );
  if (!code) throw new Error('no room');
  await host.getByTestId('library-button').click();
  for (const [index, file] of files.entries()) {
    await host.getByTestId('library-add-input').setInputFiles(file);
    await host.waitForFunction(
      (sha) =>
        window.reelsync?.library.list().some((item) => item.id === sha && item.state === 'ready'),
      shas[index],
      { timeout: 300_000 },
    );
  }
  await host.waitForFunction(() => window.reelsync?.playlist.items.length === 2);
  const guest = await newPage(browser, server);
  await guest.evaluate((code) => window.reelsync?.network.joinRoom(code), code);
  const [first = '', second = ''] = shas;
  await shownAt(guest, first, 1);
  log('playlist-switch: room ready, the participant streams shot 1');
  const figures: Figures = { switchMs: [], seekMs: [] };
  for (let round = 0; round < rounds; round++) {
    // A plain seek on the current shot: the yardstick.
    const seekFrame = 10 + (round % 30);
    const seekShown = shownAt(guest, round % 2 === 0 ? first : second, seekFrame);
    const seekStart = await host.evaluate(
      (frame) => (window.reelsync?.session.seek(frame), Date.now()),
      seekFrame,
    );
    figures.seekMs.push((await seekShown) - seekStart);
    // The switch: to the other shot, landing on its remembered frame (its first, first time).
    const target = round % 2 === 0 ? second : first;
    const frame = round < 2 ? 1 : 10 + ((round - 1) % 30);
    const switchShown = shownAt(guest, target, frame);
    const switchStart = await host.evaluate(
      async (forward) => {
        const start = Date.now();
        await (forward ? window.reelsync?.playlist.next() : window.reelsync?.playlist.previous());
        return start;
      },
      round % 2 === 0,
    );
    figures.switchMs.push((await switchShown) - switchStart);
    // The host sees the new shot too before it seeks on it.
    await shownAt(host, target, frame);
    log(`playlist-switch: round ${round + 1}/${rounds}`);
  }
  await guest.context().close();
  await host.context().close();
  return figures;
}

export const playlistSwitch: Benchmark = {
  name: 'playlist-switch',
  description:
    'playlist in Chromium: host moves to the next item → the participant’s first frame of the new shot (streamed, no preloading) vs a plain seek, p50/p99',
  async run(context: BenchContext): Promise<BenchResult> {
    if (!existsSync(path.join(context.distDir, 'index.html')))
      throw new Error(`playlist-switch bench: no built player in ${context.distDir}`);
    const seconds = context.quick ? 10 : 60;
    const rounds = context.quick ? 8 : 30;
    const dir = mkdtempSync(path.join(tmpdir(), 'reelsync-bench-playlist-'));
    const files = [path.join(dir, 'sh010_1080p.mp4'), path.join(dir, 'sh020_1080p.mp4')];
    context.log(`playlist-switch: encoding two ${seconds} s 1080p H.264 shots`);
    await makeShot(files[0] ?? '', seconds, 'testsrc2');
    await makeShot(files[1] ?? '', seconds, 'smptehdbars');
    const shas = files.map((file) => createHash('sha256').update(readFileSync(file)).digest('hex'));
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      staticDir: context.distDir,
      logLevel: 'warn',
      dataDir: path.join(dir, 'data'),
      maxRoomsPerAddress: 10_000,
      lookupFailuresPerAddress: 10_000,
      maxConnectionsPerAddress: 10_000,
    });
    let browser: Browser | null = null;
    let figures: Figures;
    try {
      browser = await chromium.launch(chromiumLaunchOptions());
      figures = await measure(browser, server, files, shas, rounds, context.log);
    } finally {
      await browser?.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const switchP50 = percentile(figures.switchMs, 50);
    const seekP50 = percentile(figures.seekMs, 50);
    const over = switchP50 !== null && seekP50 !== null ? switchP50 - seekP50 : null;
    return {
      name: 'playlist-switch',
      title: 'Playlist item switch',
      tables: [
        {
          caption: `Host action → the participant's frame on screen (${rounds} rounds, 1080p H.264 streamed from the room)`,
          columns: ['action', 'p50 ms', 'p99 ms', 'ratio to seek (p50)'],
          rows: [
            [
              'next / previous item, no preloading',
              fmt(switchP50),
              fmt(percentile(figures.switchMs, 99)),
              fmt(switchP50 !== null && seekP50 ? switchP50 / seekP50 : null, 2),
            ],
            [
              'plain seek on the current shot',
              fmt(seekP50),
              fmt(percentile(figures.seekMs, 99)),
              '1.00',
            ],
          ],
        },
      ],
      targets: [
        {
          target: 'switch with preloading within two display frames of a plain seek (p50)',
          measured: `without preloading: +${fmt(over)} ms (${fmt(over !== null ? over / DISPLAY_FRAME_MS : null, 1)} display frames); preloading not built`,
          met: false,
        },
      ],
      data: { seconds, rounds, ...figures },
      notes: [
        'Headless system Chromium (software WebGL), server and both pages on this machine over loopback; the host and participant pages share one browser process.',
        'A switch includes the server’s atomic move, the participant opening the new shot (media token, range requests for the index and first GOP) and its first decode; a seek only the decode.',
        'Preloading the next item and the local-copy case are not built or measured yet.',
      ],
    };
  },
};
