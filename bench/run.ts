// `npm run bench` entry point: runs the registered benchmarks in order, prints each table,
// writes bench/results/<run-id>/<name>.json and summary.md, and copies the summary to
// bench/results/latest.md (bench/results/ is ignored by git: docs/performance.md is the curated
// record). Timings are reported here, never asserted anywhere.
import { cpus } from 'node:os';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { playbackAgreement } from './browser/playback';
import { playlistSwitch } from './browser/playlistSwitch';
import { remoteSeek } from './browser/remoteSeek';
import { liveStreamBench } from './browser/liveStream';
import { scopesCost } from './browser/scopes';
import { streamingLatency } from './browser/streaming';
import { clockSyncAccuracy } from './clock/clockSync';
import { imageDecode } from './media/imageDecode';
import { lookCost } from './browser/lookCost';
import { compareCost } from './browser/compareCost';
import { resultMarkdown, summaryMarkdown } from './lib/report';
import type { BenchResult, Benchmark } from './lib/types';
import { memoryPerConnection, cursorCapacity } from './server/capacity';
import { changeLatency } from './server/latency';
import { proxyTranscode } from './server/proxy';
import { throughput } from './server/throughput';
import { uploadThroughput } from './server/upload';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const BENCHMARKS: Benchmark[] = [
  changeLatency,
  throughput,
  playbackAgreement,
  streamingLatency,
  clockSyncAccuracy,
  memoryPerConnection,
  cursorCapacity,
  uploadThroughput,
  imageDecode,
  proxyTranscode,
  remoteSeek,
  liveStreamBench,
  lookCost,
  scopesCost,
  playlistSwitch,
  compareCost,
];

const HELP = `Usage: npm run bench -- [options]

Runs the ReelSync benchmarks (docs/performance.md) and writes
bench/results/<run-id>/<name>.json, summary.md and bench/results/latest.md.

Options:
  --quick           short pass (whole run under 2 minutes) for a developer before a commit
  --only <names>    comma-separated benchmark names (see --list)
  --list            list the benchmarks and exit
  --dist <dir>      built player for the browser benchmarks (default: dist/, or REELSYNC_DIST_DIR)
  --out <dir>       results directory (default: bench/results)
  -h, --help        this text
`;

function listing(): string {
  const width = Math.max(...BENCHMARKS.map((b) => b.name.length));
  return BENCHMARKS.map((b) => `  ${b.name.padEnd(width)}  ${b.description}`).join('\n');
}

function machineLine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}`;
}

function parseOptions() {
  return parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      list: { type: 'boolean', default: false },
      dist: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
}

async function main(): Promise<number> {
  let values: ReturnType<typeof parseOptions>['values'];
  try {
    values = parseOptions().values;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\nBenchmarks:\n${listing()}\n`);
    return 0;
  }
  if (values.list) {
    process.stdout.write(`${listing()}\n`);
    return 0;
  }
  let selected = BENCHMARKS;
  if (values.only !== undefined) {
    const names = values.only
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    const unknown = names.filter((name) => !BENCHMARKS.some((b) => b.name === name));
    if (unknown.length > 0 || names.length === 0) {
      process.stderr.write(
        `Unknown benchmark ${unknown.map((n) => JSON.stringify(n)).join(', ') || '(none given)'}; known:\n${listing()}\n`,
      );
      return 2;
    }
    selected = BENCHMARKS.filter((b) => names.includes(b.name));
  }
  const quick = values.quick ?? false;
  const started = new Date();
  const runId = started.toISOString().replace(/[:.]/g, '-');
  const resultsDir = path.resolve(values.out ?? path.join(root, 'bench/results'));
  const outDir = path.join(resultsDir, runId);
  await mkdir(outDir, { recursive: true });
  const distDir = path.resolve(
    values.dist ?? process.env.REELSYNC_DIST_DIR ?? path.join(root, 'dist'),
  );
  const log = (line: string) => process.stderr.write(`  · ${line}\n`);
  const results: Array<{ result: BenchResult; command: string }> = [];
  const failures: Array<{ name: string; error: string }> = [];
  const t0 = performance.now();
  for (const benchmark of selected) {
    process.stderr.write(`▶ ${benchmark.name}: ${benchmark.description}\n`);
    const command = `npm run bench --${quick ? ' --quick' : ''} --only ${benchmark.name}`;
    const began = performance.now();
    try {
      const result = await benchmark.run({ quick, outDir, distDir, log });
      await writeFile(
        path.join(outDir, `${result.name}.json`),
        `${JSON.stringify({ ...result, quick, command, startedAt: started.toISOString() }, null, 2)}\n`,
      );
      results.push({ result, command });
      process.stdout.write(`\n${resultMarkdown(result, command)}\n`);
      log(`${benchmark.name} took ${((performance.now() - began) / 1000).toFixed(1)} s`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      failures.push({ name: benchmark.name, error: message });
      process.stderr.write(`✗ ${benchmark.name} failed: ${message}\n`);
    }
  }
  const summary = summaryMarkdown(results, {
    startedAt: started.toISOString(),
    mode: quick ? 'quick' : 'full',
    machine: machineLine(),
    durationS: (performance.now() - t0) / 1000,
    failures,
  });
  await writeFile(path.join(outDir, 'summary.md'), summary);
  await copyFile(path.join(outDir, 'summary.md'), path.join(resultsDir, 'latest.md'));
  process.stderr.write(
    `\nWrote ${path.relative(process.cwd(), outDir)}/ and ${path.relative(process.cwd(), path.join(resultsDir, 'latest.md'))} in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`,
  );
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
