// Scopes' cost in real Chromium (software GL here): the 1920 × 1080 demo clip plays with the plain
// viewer and with scopes on (the default histogram + waveform, and all four), interleaved A/B:
// plain, scopes, plain, scopes … so a shared machine's drifting load hits both sides alike; each
// scope case is divided by the mean of the plain cases on either side of it and the median of
// those ratios is reported with the load average. Per displayed frame we take the renderer's
// main-thread task time (CDP Performance metrics) and count late frames. The probe is checked against the CPU reference on an EXR chart made here
// (source values exact to half precision, displayed values against the sRGB encode).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/browser';
import { exrChart, LINEAR_PATCHES, patchCentre, srgbEncode } from '../../scripts/scopeChart';
import { startServer } from '../../server/index';
import { floatToHalf, halfToFloat } from '../../src/core/media/images/floatImage';
import type { ScopeKind } from '../../src/features/scopes/scopeMath';
import { fmt, percentile } from '../clock/analysis';
import type { BenchContext, BenchResult, Benchmark } from '../lib/types';

const KEEP_NAMES_SHIM = 'globalThis.__name = globalThis.__name || ((target) => target);';

interface CaseSpec {
  label: string;
  /**
   * The scopes on. The panel is open in every case, none on for the plain viewer: the panel
   * narrows the picture, and a smaller canvas is cheaper to draw, so all cases share one layout.
   */
  scopes: ScopeKind[];
}

const PLAIN: CaseSpec = { label: 'plain viewer', scopes: [] };
const SCOPE_CASES: CaseSpec[] = [
  { label: 'scopes: histogram + waveform', scopes: ['histogram', 'waveform'] },
  { label: 'scopes: all four', scopes: ['histogram', 'waveform', 'parade', 'vectorscope'] },
];

/** plain, A, plain, B, plain, A, … plain: every scope case between two plain ones. */
function interleaved(rounds: number): CaseSpec[] {
  const order: CaseSpec[] = [PLAIN];
  for (let round = 0; round < rounds; round++)
    for (const spec of SCOPE_CASES) order.push(spec, PLAIN);
  return order;
}

/** Each scope case's main-thread time over the mean of the plain cases either side of it. */
export function neighbourRatios(results: readonly CaseResult[]): Map<string, number[]> {
  const ratios = new Map<string, number[]>();
  results.forEach((result, i) => {
    const before = results[i - 1];
    const after = results[i + 1];
    if (result.label === PLAIN.label || !before || !after) return;
    const plain = (before.taskMsPerFrame + after.taskMsPerFrame) / 2;
    const list = ratios.get(result.label) ?? [];
    list.push(result.taskMsPerFrame / plain);
    ratios.set(result.label, list);
  });
  return ratios;
}
/** Playback before the first case (JIT, decoder and GPU caches warm up). */
const WARM_UP_MS = 3000;

export interface CaseResult {
  label: string;
  frames: number;
  seconds: number;
  /** Main-thread task ms per displayed frame. */
  taskMsPerFrame: number;
  /** Frames later than 1.5 display intervals after the previous one. */
  lateShare: number;
  updates: number;
  /** Main-thread ms per update (issuing the GPU work, then collecting and painting it). */
  updateMs: number[];
  /** Start to shown per update, the GPU's work included. */
  spanMs: number[];
}

async function measureCase(page: Page, spec: CaseSpec, seconds: number): Promise<CaseResult> {
  await page.evaluate((scopes) => {
    const api = window.reelsync?.scopes;
    if (!api) throw new Error('window.reelsync.scopes is missing');
    api.setPanel(true);
    for (const kind of ['histogram', 'waveform', 'parade', 'vectorscope'] as const)
      api.setScope(kind, scopes.includes(kind));
  }, spec.scopes);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskTime = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  };
  const before = await taskTime();
  const statsBefore = await page.evaluate(() => window.reelsync?.scopes.stats().updates ?? 0);
  const sampled = await page.evaluate(async (ms) => {
    const intervals: number[] = [];
    const updateMs: number[] = [];
    const spanMs: number[] = [];
    let seen = window.reelsync?.scopes.stats().updates ?? 0;
    await new Promise<void>((resolve) => {
      const start = performance.now();
      let last = start;
      const tick = (now: number) => {
        intervals.push(now - last);
        last = now;
        const stats = window.reelsync?.scopes.stats();
        if (stats && stats.updates !== seen) {
          seen = stats.updates;
          updateMs.push(stats.lastMs);
          spanMs.push(stats.lastSpanMs);
        }
        if (now - start < ms) requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    return { intervals: intervals.slice(1), updateMs, spanMs };
  }, seconds * 1000);
  const after = await taskTime();
  const updates =
    (await page.evaluate(() => window.reelsync?.scopes.stats().updates ?? 0)) - statsBefore;
  await cdp.detach();
  const frames = sampled.intervals.length;
  const typical = percentile(sampled.intervals, 50) ?? 16.7;
  const late = sampled.intervals.filter((ms) => ms > typical * 1.5).length;
  return {
    label: spec.label,
    frames,
    seconds,
    taskMsPerFrame: frames > 0 ? ((after - before) * 1000) / frames : Number.NaN,
    lateShare: frames > 0 ? late / frames : 0,
    updates,
    updateMs: sampled.updateMs,
    spanMs: sampled.spanMs,
  };
}

interface ProbeCheck {
  patches: number;
  sourceMaxError: number;
  displayMaxError: number;
}

async function probeCheck(page: Page, file: string): Promise<ProbeCheck> {
  await page.getByTestId('media-input').setInputFiles(file);
  await page.waitForFunction(() => window.reelsync?.scopes.probe(1, 1)?.float === true, undefined, {
    timeout: 60_000,
  });
  let sourceMaxError = 0;
  let displayMaxError = 0;
  for (let index = 0; index < LINEAR_PATCHES.length; index++) {
    const centre = patchCentre(index);
    const reading = await page.evaluate((p) => window.reelsync?.scopes.probe(p.x, p.y), centre);
    if (!reading) throw new Error(`scopes bench: the probe read nothing at patch ${index}`);
    const patch = LINEAR_PATCHES[index] ?? [0, 0, 0];
    for (let c = 0; c < 3; c++) {
      const half = halfToFloat(floatToHalf(patch[c] ?? 0));
      sourceMaxError = Math.max(sourceMaxError, Math.abs((reading.source[c] ?? NaN) - half));
      displayMaxError = Math.max(
        displayMaxError,
        Math.abs((reading.display[c] ?? NaN) - srgbEncode(half)),
      );
    }
  }
  return { patches: LINEAR_PATCHES.length, sourceMaxError, displayMaxError };
}

export const scopesCost: Benchmark = {
  name: 'scopes',
  description: 'per-frame cost of the GPU scopes against the plain viewer; probe vs CPU reference',
  async run(context: BenchContext): Promise<BenchResult> {
    if (!existsSync(path.join(context.distDir, 'index.html')))
      throw new Error(`scopes bench: no built player in ${context.distDir}`);
    const seconds = context.quick ? 4 : 8;
    const rounds = context.quick ? 2 : 5;
    const cases = interleaved(rounds);
    const dir = mkdtempSync(path.join(tmpdir(), 'reelsync-bench-scopes-'));
    const chart = path.join(dir, 'chart.exr');
    writeFileSync(chart, exrChart());
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      staticDir: context.distDir,
      logLevel: 'warn',
      dataDir: path.join(dir, 'data'),
    });
    let browser: Browser | null = null;
    const results: CaseResult[] = [];
    let probe: ProbeCheck;
    const loadBefore = loadavg();
    let loadAfter = loadBefore;
    try {
      browser = await chromium.launch(chromiumLaunchOptions());
      const page = await browser.newPage({
        baseURL: server.url,
        viewport: { width: 1280, height: 800 },
      });
      // tsx compiles with keepNames: functions sent to the page may call esbuild's __name helper.
      await page.addInitScript({ content: KEEP_NAMES_SHIM });
      await page.goto('/');
      await page.waitForFunction(() => window.reelsync?.viewer.displayedFrame === 1, undefined, {
        timeout: 60_000,
      });
      await page.evaluate(() => window.reelsync?.session.play());
      await page.waitForTimeout(WARM_UP_MS);
      for (const [index, spec] of cases.entries()) {
        context.log(`scopes: ${index + 1}/${cases.length} ${spec.label}, ${seconds} s of playback`);
        results.push(await measureCase(page, spec, seconds));
      }
      loadAfter = loadavg();
      await page.evaluate(() => window.reelsync?.session.pause());
      context.log('scopes: the probe on an EXR chart');
      probe = await probeCheck(page, chart);
    } finally {
      await browser?.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const ratios = neighbourRatios(results);
    const load = (values: number[]) => values.map((v) => v.toFixed(1)).join(' / ');
    return {
      name: 'scopes',
      title: 'Scopes and pixel probe',
      tables: [
        {
          caption: `Interleaved A/B: ${rounds} rounds of plain, ${SCOPE_CASES.map((s) => s.label).join(', plain, ')}, plain; ${seconds} s each. Load average (1 / 5 / 15 min) ${load(loadBefore)} before, ${load(loadAfter)} after`,
          columns: ['case', 'ratio to the plain runs beside it: median', 'min', 'max', 'runs'],
          rows: SCOPE_CASES.map((spec) => {
            const list = ratios.get(spec.label) ?? [];
            return [
              spec.label,
              fmt(percentile(list, 50), 2),
              fmt(Math.min(...list), 2),
              fmt(Math.max(...list), 2),
              list.length,
            ];
          }),
        },
        {
          caption: `Every case in order: 1920 × 1080 demo clip playing, ${seconds} s per case (software GL)`,
          columns: [
            'case',
            'frames',
            'main-thread ms / frame',
            'late frames',
            'scope updates / s',
            'main-thread ms / update p50',
            'p95',
            'update span ms p50',
          ],
          rows: results.map((c) => [
            c.label,
            c.frames,
            fmt(c.taskMsPerFrame, 2),
            `${(c.lateShare * 100).toFixed(1)} %`,
            fmt(c.updates / c.seconds, 1),
            c.updateMs.length ? fmt(percentile(c.updateMs, 50), 1) : '–',
            c.updateMs.length ? fmt(percentile(c.updateMs, 95), 1) : '–',
            c.spanMs.length ? fmt(percentile(c.spanMs, 50), 1) : '–',
          ]),
        },
        {
          caption: `Pixel probe on a half-float EXR chart (${probe.patches} patches) against the CPU reference`,
          columns: ['value', 'max abs error'],
          rows: [
            ['source (half-float values)', probe.sourceMaxError],
            ['displayed (sRGB encode, float target)', probe.displayMaxError.toExponential(2)],
          ],
        },
      ],
      targets: [
        {
          target: 'probe source values exact to half-float precision',
          measured: `max error ${probe.sourceMaxError}`,
          met: probe.sourceMaxError === 0,
        },
      ],
      data: {
        results,
        probe,
        rounds,
        ratios: Object.fromEntries(ratios),
        loadBefore,
        loadAfter,
      },
      notes: [
        'Software GL (SwiftShader) on the CPU: the scopes share the two cores with decoding and drawing; the scheduler keeps their updates under 10 % of the time.',
        'Main-thread task time per displayed frame from CDP Performance.getMetrics (TaskDuration), so the GPU readback stall counts.',
      ],
    };
  },
};
