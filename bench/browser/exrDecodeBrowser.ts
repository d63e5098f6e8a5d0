// The image-decode benchmark's browser case: the player's own decode workers (the built
// decode.worker from dist/) in headless Chromium, as many as the player's pool, decoding every
// file once per inflate mode ('js': in the worker's thread, libdeflate in WebAssembly; 'native': DecompressionStream in parallel batches).
// Reports wall ms per frame and Chromium's CPU ms per frame (every Chromium process, from /proc).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/browser';
import type { InflateMode, VfxFormat } from '../../src/core/media/images/decodeVfx';
import { startServer } from '../../server/index';
import { NAME_SHIM } from './frameTimes';

export interface BrowserRate {
  mode: InflateMode;
  msPerFrame: number;
  cpuMsPerFrame: number;
}

/** CPU time (user + system, ms) of `pid` and every process below it. */
export function treeCpuMs(root: number): number {
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command's closing parenthesis: state, ppid, … utime (14), stime (15).
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(name), {
        parent: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // The process ended while we read.
    }
  }
  const below = (pid: number): boolean => {
    for (let at = stats.get(pid); at; at = stats.get(at.parent))
      if (at.parent === root) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, stat] of stats) if (below(pid)) ticks += stat.ticks;
  return ticks * 10; // USER_HZ is 100 on Linux.
}

/** The built decode worker's URL path in `distDir` (Vite names it decode.worker-<hash>.js). */
function workerAsset(distDir: string): string {
  const name = readdirSync(path.join(distDir, 'assets')).find((file) =>
    /^decode\.worker-.*\.js$/.test(file),
  );
  if (!name) throw new Error(`no decode worker in ${distDir}/assets: run npx vite build first`);
  return `/assets/${name}`;
}

interface PageBench {
  decodeAll(mode: InflateMode): Promise<number>;
}
declare global {
  interface Window {
    exrBench?: PageBench;
  }
}

/** Each mode's rate on `files` with `threads` decode workers in one Chromium page. */
export async function browserDecodeRates(
  files: string[],
  format: VfxFormat,
  threads: number,
  distDir: string,
  modes: InflateMode[],
): Promise<BrowserRate[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'reelsync-bench-decode-'));
  const server = await startServer({
    ...{ port: 0, host: '127.0.0.1', staticDir: distDir, logLevel: 'warn', dataDir },
  });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    await page.addInitScript({ content: NAME_SHIM });
    await page.route('**/bench-files/*', (route) =>
      route.fulfill({ path: files[Number(route.request().url().split('/').pop())] ?? '' }),
    );
    await page.goto(`${server.url}/`);
    // The files as Blobs in the page, and the decode workers, loaded and warmed up.
    await page.evaluate(
      async ({ worker, count, threads, format }) => {
        const blobs = await Promise.all(
          Array.from({ length: count }, (_, i) =>
            fetch(`/bench-files/${i}`).then((response) => response.blob()),
          ),
        );
        const pool = Array.from({ length: threads }, () => new Worker(worker, { type: 'module' }));
        const decode = (target: Worker, i: number, mode: string) =>
          new Promise<void>((resolve, reject) => {
            target.onmessage = (event: MessageEvent<{ error?: { reason: string } }>) =>
              event.data.error ? reject(new Error(event.data.error.reason)) : resolve();
            const file = new File([blobs[i] as Blob], `f${i}.${format}`);
            const options = { layer: null, window: 'display' };
            target.postMessage({ id: i + 1, file, format, options, inflate: mode });
          });
        for (const mode of ['js', 'native'])
          await Promise.all(pool.map((target) => decode(target, 0, mode)));
        window.exrBench = {
          async decodeAll(mode) {
            const started = performance.now();
            let next = 0;
            await Promise.all(
              pool.map(async (target) => {
                for (let i = next++; i < count; i = next++) await decode(target, i, mode);
              }),
            );
            return (performance.now() - started) / count;
          },
        };
      },
      { worker: workerAsset(distDir), count: files.length, threads, format },
    );
    const rates: BrowserRate[] = [];
    for (const mode of modes) {
      const cpu = treeCpuMs(process.pid);
      const msPerFrame = await page.evaluate(
        (mode) => window.exrBench?.decodeAll(mode) ?? NaN,
        mode,
      );
      const cpuMsPerFrame = (treeCpuMs(process.pid) - cpu) / files.length;
      rates.push({ mode, msPerFrame, cpuMsPerFrame });
    }
    return rates;
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
