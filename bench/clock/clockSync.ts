// Clock sync accuracy: how far the client's server-clock estimate (ClockSync inside the real
// NetworkSyncManager, over `ws`) is from the true server clock, through a proxy with symmetric,
// asymmetric and jittery delays, and how long it takes to get within bounds.
//
// Client and server share this process, so the truth is exact: the server clock is
// server/clock.ts serverNow(), and the client's local clock is performance.now() + K with an
// injected K, so the true offset (server − local) is serverNow() − localNow() at any instant.
//
// Browser rows: the built player in Chromium (clock worker on, the default), idle or with a busy
// main thread, on the same paths. Its readings are put on this process's clock the way the
// playback benchmark does it: both processes' Date.now() − (timeOrigin + performance.now()).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { WebSocket } from 'ws';
import { chromiumLaunchOptions } from '../../e2e/browser';
import { serverNow as trueServerNow } from '../../server/clock';
import { startServer, type RunningServer } from '../../server/index';
import { NetworkSyncManager } from '../../src/network/NetworkSyncManager';
import type { WebSocketFactory, WebSocketLike } from '../../src/network/types';
import type { BenchContext, BenchResult, Benchmark } from '../lib/types';
import { pageWallMinusMachine, traceClock, wallMinusMachine } from '../browser/pageSampler';
import { openPerson, startStress } from '../browser/playerPage';
import {
  asymmetryBias,
  errorBound,
  fmt,
  maxAbsFrom,
  percentile,
  settleTime,
  worst,
  type ErrorPoint,
} from './analysis';
import { describePath, startDelayProxy, type PathDelay } from './delayProxy';

/** The client's local clock is this far from the machine clock (an hour and change). */
const INJECTED_OFFSET_MS = 3_600_000 + 123.456;
const POLL_MS = 5;
/** Reads of the truth around a sample further apart than this mean a preemption: dropped. */
const MAX_READ_SPAN_MS = 0.2;

interface Scenario {
  key: string;
  label: string;
  /** null: straight to the server on loopback. */
  path: PathDelay | null;
}

const SCENARIOS: Scenario[] = [
  { key: 'loopback', label: 'loopback (no proxy)', path: null },
  { key: 'sym', label: 'symmetric', path: { upMs: 40, downMs: 40, jitterMs: 0 } },
  { key: 'sym-jitter', label: 'symmetric, jittery', path: { upMs: 40, downMs: 40, jitterMs: 20 } },
  { key: 'asym', label: 'asymmetric', path: { upMs: 60, downMs: 20, jitterMs: 0 } },
  {
    key: 'asym-jitter',
    label: 'asymmetric, jittery',
    path: { upMs: 60, downMs: 20, jitterMs: 20 },
  },
  // The playback benchmark's proxied participant: 80 ms ± 20 ms each way.
  { key: 'playback-proxy', label: '80 ± 20 ms', path: { upMs: 60, downMs: 60, jitterMs: 40 } },
];
const QUICK_KEYS = new Set(['loopback', 'sym-jitter', 'asym']);
/** The paths of the issue's targets, for the browser rows (quick and full). */
const BROWSER_KEYS = new Set(['loopback', 'sym-jitter', 'playback-proxy']);

const nodeWebSocket: WebSocketFactory = (url) => new WebSocket(url) as unknown as WebSocketLike;

interface ClientRun {
  firstEstimateMs: number | null;
  /** When the served (slewed) clock got within the bound for good. */
  clockSettleMs: number | null;
  /** When the raw estimate got within the bound for good. */
  estimateSettleMs: number | null;
  finalEstimateError: number | null;
  /** Worst served-clock error over the second half of the run (steady state). */
  steadyMaxAbs: number | null;
  rtt: number | null;
  /** Browser rows: where the page's estimate came from at the end (expected: the worker). */
  clockSource?: 'worker' | 'page';
  clockTrace: ErrorPoint[];
}

export interface ScenarioResult {
  key: string;
  label: string;
  /** 'browser': the player in Chromium (clock worker), else NetworkSyncManager in this process. */
  client: 'node' | 'browser';
  /** Browser rows: the page's main thread kept 12 ms busy in every 20 ms from before it connects. */
  busyMainThread: boolean;
  path: PathDelay | null;
  boundMs: number;
  biasMs: number;
  durationMs: number;
  clients: Array<Omit<ClientRun, 'clockTrace'>>;
  /** One client's served-clock error trace, thinned, for plots. */
  exampleTrace: ErrorPoint[];
}

async function runClient(url: string, durationMs: number, bound: number): Promise<ClientRun> {
  const localNow = () => performance.now() + INJECTED_OFFSET_MS;
  const sync = new NetworkSyncManager({
    url,
    createWebSocket: nodeWebSocket,
    onlineEvents: null,
    clockSync: { now: localNow },
  });
  const estimateTrace: ErrorPoint[] = [];
  const clockTrace: ErrorPoint[] = [];
  const startTruth = trueServerNow();
  const timer = setInterval(() => {
    const offset = sync.clockOffset;
    if (offset === null) return;
    // Truth read on both sides: a point where this process was preempted in between is dropped
    // (the machine is shared), otherwise the midpoint is the instant of the reads.
    const before = trueServerNow();
    const served = sync.serverNow();
    const local = localNow();
    const after = trueServerNow();
    if (after - before > MAX_READ_SPAN_MS) return;
    const truth = (before + after) / 2;
    const t = truth - startTruth;
    estimateTrace.push({ t, error: offset - (truth - local) });
    clockTrace.push({ t, error: served - truth });
  }, POLL_MS);
  try {
    await sync.createRoom({ displayName: 'clock bench' });
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, durationMs - (trueServerNow() - startTruth))),
    );
  } finally {
    clearInterval(timer);
  }
  const rtt = sync.rtt;
  sync.dispose();
  return clientRun(estimateTrace, clockTrace, rtt, durationMs, bound);
}

function clientRun(
  estimateTrace: ErrorPoint[],
  clockTrace: ErrorPoint[],
  rtt: number | null,
  durationMs: number,
  bound: number,
): ClientRun {
  return {
    firstEstimateMs: estimateTrace[0]?.t ?? null,
    clockSettleMs: settleTime(clockTrace, bound),
    estimateSettleMs: settleTime(estimateTrace, bound),
    finalEstimateError: estimateTrace.at(-1)?.error ?? null,
    steadyMaxAbs: maxAbsFrom(clockTrace, durationMs / 2),
    rtt,
    clockTrace,
  };
}

function scenarioResult(
  scenario: Scenario,
  runs: ClientRun[],
  durationMs: number,
  browser: { busyMainThread: boolean } | null,
): ScenarioResult {
  const example = runs[0]?.clockTrace ?? [];
  const step = Math.max(1, Math.floor(example.length / 200));
  const label = browser
    ? `browser${browser.busyMainThread ? ', busy main thread' : ''}: ${scenario.label}`
    : scenario.label;
  return {
    key: browser ? `browser-${browser.busyMainThread ? 'busy-' : ''}${scenario.key}` : scenario.key,
    label,
    client: browser ? 'browser' : 'node',
    busyMainThread: browser?.busyMainThread ?? false,
    path: scenario.path,
    boundMs: errorBound(scenario.path),
    biasMs: asymmetryBias(scenario.path),
    durationMs,
    clients: runs.map(({ clockTrace: _trace, ...rest }) => rest),
    exampleTrace: example
      .filter((_, i) => i % step === 0)
      .map((p) => ({ t: +p.t.toFixed(1), error: +p.error.toFixed(3) })),
  };
}

async function runScenario(
  server: RunningServer,
  scenario: Scenario,
  clients: number,
  durationMs: number,
): Promise<ScenarioResult> {
  const proxy = scenario.path ? await startDelayProxy(server.port, scenario.path) : null;
  const url = proxy ? `ws://127.0.0.1:${proxy.port}/sync` : server.syncUrl;
  const bound = errorBound(scenario.path);
  try {
    const runs = await Promise.all(
      Array.from({ length: clients }, () => runClient(url, durationMs, bound)),
    );
    return scenarioResult(scenario, runs, durationMs, null);
  } finally {
    await proxy?.close();
  }
}

/** One page's readings on this process's clock (the true server clock), from its connect. */
async function pageRun(
  page: Page,
  durationMs: number,
  bound: number,
  log: (line: string) => void,
): Promise<ClientRun> {
  const raw = await traceClock(page, { durationMs, pollMs: POLL_MS });
  if (raw.clockSource !== 'worker')
    log(`clock-sync: a page's clock came from the ${raw.clockSource}, not the clock worker`);
  // wall = machine + delta in every process, so a page's machine instant m is m + shift here.
  const shift = (await pageWallMinusMachine(page)) - wallMinusMachine();
  const estimateTrace: ErrorPoint[] = [];
  const clockTrace: ErrorPoint[] = [];
  raw.machine.forEach((m, i) => {
    const truth = m + shift;
    const t = m - raw.connectAt;
    estimateTrace.push({ t, error: (raw.estimate[i] as number) - truth });
    clockTrace.push({ t, error: (raw.served[i] as number) - truth });
  });
  return {
    ...clientRun(estimateTrace, clockTrace, raw.rtt, durationMs, bound),
    clockSource: raw.clockSource,
  };
}

async function runBrowserScenario(
  browser: Browser,
  server: RunningServer,
  scenario: Scenario,
  busyMainThread: boolean,
  pages: number,
  durationMs: number,
  log: (line: string) => void,
): Promise<ScenarioResult> {
  const proxy = scenario.path ? await startDelayProxy(server.port, scenario.path) : null;
  const people: Array<{ context: BrowserContext; page: Page }> = [];
  try {
    for (let i = 0; i < pages; i++)
      people.push(await openPerson(browser, proxy ? proxy.url : server.url, log));
    // The load starts before the pages connect, so every clock sample meets it.
    if (busyMainThread) await Promise.all(people.map((p) => startStress(p.page)));
    const bound = errorBound(scenario.path);
    const runs = await Promise.all(people.map((p) => pageRun(p.page, durationMs, bound, log)));
    return scenarioResult(scenario, runs, durationMs, { busyMainThread });
  } finally {
    await Promise.all(people.map((p) => p.context.close().catch(() => undefined)));
    await proxy?.close();
  }
}

function summarize(results: ScenarioResult[]): Pick<BenchResult, 'tables' | 'targets'> {
  const rows = results.map((r) => {
    const finals = r.clients.map((c) => c.finalEstimateError ?? NaN);
    const settles = r.clients.map((c) => c.clockSettleMs ?? NaN);
    const unsettled = r.clients.filter((c) => c.clockSettleMs === null).length;
    return [
      r.label,
      r.path ? describePath(r.path) : 'direct',
      fmt(r.biasMs),
      fmt(r.boundMs),
      fmt(percentile(finals, 50), 2),
      fmt(worst(finals), 2),
      fmt(worst(finals.map((e) => e - r.biasMs)), 2),
      fmt(worst(r.clients.map((c) => c.steadyMaxAbs ?? NaN)), 2),
      fmt(
        percentile(
          r.clients.map((c) => c.firstEstimateMs ?? NaN),
          50,
        ),
        0,
      ),
      `${fmt(percentile(settles, 50), 0)} / ${fmt(percentile(settles, 100), 0)}${unsettled ? ` (${unsettled} never)` : ''}`,
      fmt(
        percentile(
          r.clients.map((c) => c.rtt ?? NaN),
          50,
        ),
      ),
    ];
  });
  const targets = results.map((r) => {
    const worstFinal = worst(r.clients.map((c) => c.finalEstimateError ?? NaN));
    const worstSteady = worst(r.clients.map((c) => c.steadyMaxAbs ?? NaN));
    const allSettled = r.clients.every((c) => c.clockSettleMs !== null);
    const met =
      allSettled &&
      worstFinal !== null &&
      Math.abs(worstFinal) <= r.boundMs &&
      worstSteady !== null &&
      worstSteady <= r.boundMs;
    return {
      target: r.path
        ? `${r.label} (${describePath(r.path)}): error ≤ half the path asymmetry + 2 ms (${fmt(r.boundMs)} ms)`
        : `${r.client === 'browser' ? r.label : 'loopback'}: error ≤ ${fmt(r.boundMs)} ms`,
      measured: `estimate ${fmt(worstFinal, 2)} ms worst of ${r.clients.length}; served clock ≤ ${fmt(worstSteady, 2)} ms in the 2nd half${allSettled ? '' : '; some never settled'}`,
      met,
    };
  });
  return {
    tables: [
      {
        caption:
          'Clock offset error (estimate − truth, ms) per path; settle = time from connect until the served clock stays within the bound',
        columns: [
          'Path',
          'Delays',
          'NTP bias',
          'Bound',
          'Error p50',
          'Error worst',
          'Error − bias worst',
          'Served clock worst, 2nd half',
          'First estimate ms',
          'Settled ms p50 / max',
          'RTT ms',
        ],
        rows,
      },
    ],
    targets,
  };
}

export const clockSyncAccuracy: Benchmark = {
  name: 'clock-sync',
  description:
    'ClockSync offset error against the true server clock through a delay proxy (symmetric, asymmetric, jittery); time to converge; the same for the player in Chromium, idle and with a busy main thread',
  async run(context: BenchContext): Promise<BenchResult> {
    const scenarios = context.quick ? SCENARIOS.filter((s) => QUICK_KEYS.has(s.key)) : SCENARIOS;
    const clients = context.quick ? 3 : 6;
    const durationMs = context.quick ? 4000 : 15_000;
    const browserScenarios = SCENARIOS.filter((s) => BROWSER_KEYS.has(s.key));
    const pages = context.quick ? 1 : 2;
    const hasPlayer = existsSync(path.join(context.distDir, 'index.html'));
    if (!hasPlayer)
      context.log(
        `clock-sync: no built player in ${context.distDir} (run \`npm run build\`): no browser rows`,
      );
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      staticDir: context.distDir,
      logLevel: 'warn',
      maxRoomsPerAddress: 100_000,
    });
    const results: ScenarioResult[] = [];
    let browser: Browser | null = null;
    try {
      for (const scenario of scenarios) {
        context.log(`clock-sync: ${scenario.label}, ${clients} clients for ${durationMs / 1000} s`);
        results.push(await runScenario(server, scenario, clients, durationMs));
      }
      if (hasPlayer) {
        browser = await chromium.launch(chromiumLaunchOptions());
        for (const scenario of browserScenarios)
          for (const busy of [false, true]) {
            context.log(
              `clock-sync: browser${busy ? ', busy main thread' : ''}, ${scenario.label}, ${pages} page(s) for ${durationMs / 1000} s`,
            );
            results.push(
              await runBrowserScenario(
                browser,
                server,
                scenario,
                busy,
                pages,
                durationMs,
                context.log,
              ),
            );
          }
      }
    } finally {
      await browser?.close();
      await server.close();
    }
    const { tables, targets } = summarize(results);
    return {
      name: 'clock-sync',
      title: 'Clock sync accuracy',
      tables,
      targets,
      data: {
        injectedOffsetMs: INJECTED_OFFSET_MS,
        pollMs: POLL_MS,
        clients,
        browserPages: hasPlayer ? pages : 0,
        durationMs,
        scenarios: results,
      },
      notes: [
        'Client (NetworkSyncManager + ClockSync over ws), proxy and server share one Node process, so the true offset is exact; the client clock is performance.now() + 3 600 123.456 ms.',
        'NTP-style sync cannot see path asymmetry: the estimate is off by (up − down) / 2 by construction. The bound is half the largest asymmetry one exchange can meet (|up − down| + jitter) plus the 2 ms loopback allowance for measurement noise; "Error − bias" is what the implementation adds to the bias it cannot see.',
        'The served clock slews at most 50 ms/s towards a new estimate (steps beyond 100 ms), so it can settle later than the raw estimate.',
        'Proxy delays are setTimeout-based (about 1 ms granularity) and the machine is shared: sub-millisecond figures carry that noise.',
        hasPlayer
          ? `Browser rows: the built player in headless Chromium (clock worker on), ${pages} page(s) per path, each creating a room through the same proxy; "busy main thread" keeps the page's main thread 12 ms busy in every 20 ms from before it connects. The page reads network.serverNow() and performance.now() + network.clockOffset every ${POLL_MS} ms (readings with > 0.5 ms between the machine-clock reads around them dropped); its machine clock is put on this process's (the true server clock) by the two processes' mean Date.now() − (timeOrigin + performance.now()), as the playback benchmark does (that calibration's own error is in these figures).`
          : `No browser rows: no built player in ${context.distDir}.`,
      ],
    };
  },
};
