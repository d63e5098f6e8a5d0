// Playlist item switch in Chromium: a host and a participant in a room with two 1080p H.264
// shots in the playlist (uploaded through the library). Timed on the participant: the host moves
// to the other item (what PageDown does) → the new shot's frame on the participant's screen,
// p50/p99; against a plain seek (the host seeks, the participant's screen shows the frame), the
// issue's yardstick. Three cases: streamed from the room with the playlist's preloading of the
// next and previous items (the default), streamed without it (REELSYNC_CONFIG.preload = false),
// and each page playing its own local copy of both shots ("Keep a copy"), preloading on.
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

/** How the participant gets the shots: streamed (with or without preloading) or a local copy. */
type Case = 'preloaded' | 'not preloaded' | 'local copy';

async function newPage(browser: Browser, server: RunningServer, preload: boolean): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url });
  await context.addInitScript({ content: shim });
  if (!preload)
    await context.addInitScript({ content: 'window.REELSYNC_CONFIG = { preload: false };' });
  const page = await context.newPage();
  await page.goto('/');
  await page.waitForFunction(() => window.reelsync?.viewer.displayedFrame === 1, undefined, {
    timeout: 60_000,
  });
  return page;
}

/**
 * The page keeps a local copy of every shot ("Keep a copy" in the library panel) and reloads:
 * it rejoins the room and from then on opens (and preloads) the shots from its copies.
 */
const noFigures = (): Figures => ({
  switchMs: [],
  seekMs: [],
  toPageMs: [],
  onPageMs: [],
  preloaded: 0,
  streamed: 0,
});

async function keepCopies(page: Page, count: number): Promise<void> {
  const keep = page.getByTestId('library-keep');
  for (let index = 0; index < count; index++) await keep.nth(index).click();
  await page.waitForFunction(
    (count) =>
      [...document.querySelectorAll('[data-testid="library-keep"]')].filter(
        (button) => (button as HTMLElement).dataset.copy === 'kept',
      ).length === count,
    count,
    { timeout: 120_000 },
  );
  await page.reload();
  // The room's shot opened from the kept copy (a local open has no `streamed` flag at all).
  await page.waitForFunction(
    () => {
      const api = window.reelsync;
      const info = api?.media.info;
      const shot = api?.network.roomMedia?.fingerprint;
      return !!info && !!shot && info.fingerprint === shot && info.streamed !== true;
    },
    undefined,
    { timeout: 180_000 },
  );
}

/**
 * In the participant's page: resolves with Date.now() once `fingerprint`'s frame `frame` is on
 * screen (both pages share the machine's wall clock; the host stamps the start with it too).
 */
function shownAt(page: Page, fingerprint: string, frame: number | null): Promise<number> {
  return page.evaluate(
    ({ fingerprint, frame }) =>
      new Promise<number>((resolve, reject) => {
        const start = Date.now();
        const check = (): void => {
          const api = window.reelsync;
          if (
            api?.media.info?.fingerprint === fingerprint &&
            (frame === null || api.viewer.displayedFrame === frame)
          )
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
  /** Per switch: host action → the move reached the participant's page. */
  toPageMs: number[];
  /** Per switch: the move reached the page → the new shot's first frame on its screen. */
  onPageMs: number[];
  /** Switches that took a preloaded source / showed a streamed shot. */
  preloaded: number;
  streamed: number;
}

async function measure(
  browser: Browser,
  server: RunningServer,
  files: readonly string[],
  shas: readonly string[],
  rounds: number,
  which: Case,
  log: (line: string) => void,
): Promise<Figures> {
  const preload = which !== 'not preloaded';
  const host = await newPage(browser, server, preload);
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
  const guest = await newPage(browser, server, preload);
  await guest.evaluate((code) => window.reelsync?.network.joinRoom(code), code);
  const [first = '', second = ''] = shas;
  await shownAt(guest, first, 1);
  if (which === 'local copy') {
    await guest.getByTestId('library-button').click();
    await keepCopies(guest, shas.length);
    await keepCopies(host, shas.length);
    await shownAt(guest, first, 1);
  }
  log(`playlist-switch (${which}): room ready, the participant shows shot 1`);
  const figures = noFigures();
  /** The frame the room left each shot on (where a move back lands). */
  const remembered = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    // A plain seek on the current shot: the yardstick.
    const seekFrame = 10 + (round % 30);
    const seekShown = shownAt(guest, round % 2 === 0 ? first : second, seekFrame);
    const seekStart = await host.evaluate(
      (frame) => (window.reelsync?.session.seek(frame), Date.now()),
      seekFrame,
    );
    figures.seekMs.push((await seekShown) - seekStart);
    remembered.set(round % 2 === 0 ? first : second, seekFrame);
    // The switch: to the other shot, landing on its remembered frame (its first, first time).
    const target = round % 2 === 0 ? second : first;
    const frame = remembered.get(target) ?? 1;
    // Preloading runs while the room is on an item: give the participant's its time (a reviewer
    // looks at a shot for seconds before moving on).
    if (preload)
      await guest.waitForFunction(
        (sha) => window.reelsync?.playlist.preloaded.includes(sha),
        target,
        { timeout: 120_000 },
      );
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
    const page = await guest.evaluate(() => ({
      last: window.reelsync?.playlist.lastSwitch ?? null,
      streamed: window.reelsync?.media.info?.streamed === true,
    }));
    if (page.last?.fingerprint === target && page.last.shownAt !== null) {
      figures.toPageMs.push(page.last.receivedAt - switchStart);
      figures.onPageMs.push(page.last.shownAt - page.last.receivedAt);
    }
    if (page.last?.preloaded) figures.preloaded++;
    if (page.streamed) figures.streamed++;
    // The host shows the new shot too before it seeks on it (any frame: the host's page has been
    // seen to keep its own last seek on the new shot under heavy load, a race not yet understood;
    // the room's motion, which the participant follows, is right).
    await shownAt(host, target, null);
    log(
      `playlist-switch (${which}): round ${round + 1}/${rounds}: ${figures.switchMs.at(-1)} ms (to the page ${figures.toPageMs.at(-1)}, on it ${figures.onPageMs.at(-1)}; preloaded ${page.last?.preloaded}, streamed ${page.streamed})`,
    );
  }
  await guest.context().close();
  await host.context().close();
  return figures;
}

export const playlistSwitch: Benchmark = {
  name: 'playlist-switch',
  description:
    'playlist in Chromium: host moves to the next item → the participant’s first frame of the new shot (streamed, with and without preloading) vs a plain seek, p50/p99',
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
    const figures = new Map<Case, Figures>();
    /** A case that could not run is reported as such; the others' figures stay. */
    const failed = new Map<Case, string>();
    try {
      browser = await chromium.launch(chromiumLaunchOptions());
      for (const which of ['preloaded', 'not preloaded', 'local copy'] as const) {
        try {
          figures.set(
            which,
            await measure(browser, server, files, shas, rounds, which, context.log),
          );
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const reason = message.split('\n')[0]?.replace(/\.$/, '');
          failed.set(which, reason ?? 'failed');
          context.log(`playlist-switch (${which}): not measured: ${reason}`);
        }
      }
    } finally {
      await browser?.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const of = (which: Case): Figures => figures.get(which) ?? noFigures();
    const measured = (['preloaded', 'not preloaded', 'local copy'] as const).filter((which) =>
      figures.has(which),
    );
    const ratio = (a: number | null, b: number | null): string =>
      fmt(a !== null && b ? a / b : null, 2);
    const rows = measured.flatMap((which) => {
      const { switchMs, seekMs, toPageMs, onPageMs } = of(which);
      const label = which === 'local copy' ? 'local copies, preloaded' : `streamed, ${which}`;
      return [
        [
          `next / previous item (${label})`,
          fmt(percentile(switchMs, 50)),
          fmt(percentile(switchMs, 99)),
          ratio(percentile(switchMs, 50), percentile(seekMs, 50)),
          fmt(percentile(toPageMs, 50)),
          fmt(percentile(onPageMs, 50)),
        ],
        [
          `plain seek on the current shot (same run)`,
          fmt(percentile(seekMs, 50)),
          fmt(percentile(seekMs, 99)),
          '1.00',
          '',
          '',
        ],
      ];
    });
    const target = (which: Case) => {
      const switchP50 = percentile(of(which).switchMs, 50);
      const seekP50 = percentile(of(which).seekMs, 50);
      const over = switchP50 !== null && seekP50 !== null ? switchP50 - seekP50 : null;
      const reason = failed.get(which);
      return {
        target: `switch (${which === 'local copy' ? 'local copies, preloaded' : 'streamed, preloaded'}) within two display frames of a plain seek (p50)`,
        measured: reason
          ? `not measured: ${reason}`
          : `${over !== null && over < 0 ? '' : '+'}${fmt(over)} ms (${fmt(over !== null ? over / DISPLAY_FRAME_MS : null, 1)} display frames)`,
        met: over !== null && over <= 2 * DISPLAY_FRAME_MS,
      };
    };
    return {
      name: 'playlist-switch',
      title: 'Playlist item switch',
      tables: [
        {
          caption: `Host action → the participant's frame on screen (${rounds} rounds per case, two 1080p H.264 shots); the switch split into the way to the participant's page and the page's own part (reelsync.playlist.lastSwitch)`,
          columns: [
            'action',
            'p50 ms',
            'p99 ms',
            'ratio to seek (p50)',
            'to the page p50 ms',
            'on the page p50 ms',
          ],
          rows,
        },
      ],
      targets: [target('preloaded'), target('local copy')],
      data: { seconds, rounds, cases: Object.fromEntries(figures) },
      notes: [
        'Headless system Chromium (software WebGL), server and both pages on this machine over loopback; the host and participant pages share one browser process.',
        'A switch includes the server’s atomic move and, without preloading, the participant opening the new shot (media token, range requests for the index and first GOP) and its first decode; a seek a decode.',
        'Preloaded: the participant’s page had opened the target item and decoded its landing frame before the host moved (the bench waits until the page lists it as preloaded); it puts that source on screen in the task that receives the move.',
        'Local copies: each page kept a copy of both shots (“Keep a copy”, the browser’s Cache API) and reloaded, so it opens and preloads them from the copy, not the network.',
        `Switches that took a preloaded source: ${measured.map((which) => `${which} ${of(which).preloaded}/${rounds}`).join(', ')}; showing a streamed shot: ${measured.map((which) => `${which} ${of(which).streamed}/${rounds}`).join(', ')}.`,
        ...[...failed].map(([which, reason]) => `Not measured, ${which}: ${reason}.`),
      ],
    };
  },
};
