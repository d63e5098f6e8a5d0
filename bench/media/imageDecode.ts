// OpenEXR and DPX decode throughput: the player's decoders (three.js EXRLoader, our DPX reader) in
// a pool of worker threads, against ffmpeg's native decoders on the same files with the same
// number of threads. Files are made here by ffmpeg (1080p and UHD half-float ZIP/ZIPS EXR, 1080p
// 10-bit DPX), each frame different (testsrc2), so no decoder sees repeated input.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { VfxFormat } from '../../src/core/media/images/decodeVfx';
import type { BenchContext, BenchResult, Benchmark } from '../lib/types';

const FF = ['-hide_banner', '-loglevel', 'error', '-y', '-nostdin'];
/** Issue #17's target: our pool at least half of ffmpeg's rate with the same cores. */
const TARGET_RATIO = 0.5;

interface Case {
  label: string;
  format: VfxFormat;
  size: string;
  pattern: string;
  encode: string[];
}

const CASES: Case[] = [
  {
    label: '1080p half ZIP (16 lines)',
    format: 'exr',
    size: '1920x1080',
    pattern: 'zip.%04d.exr',
    encode: ['-pix_fmt', 'gbrpf32le', '-c:v', 'exr', '-compression', 'zip16', '-format', 'half'],
  },
  {
    label: '1080p half ZIPS (1 line)',
    format: 'exr',
    size: '1920x1080',
    pattern: 'zips.%04d.exr',
    encode: ['-pix_fmt', 'gbrpf32le', '-c:v', 'exr', '-compression', 'zip1', '-format', 'half'],
  },
  {
    label: 'UHD 3840×2160 half ZIP',
    format: 'exr',
    size: '3840x2160',
    pattern: 'uhd.%04d.exr',
    encode: ['-pix_fmt', 'gbrpf32le', '-c:v', 'exr', '-compression', 'zip16', '-format', 'half'],
  },
  {
    label: '1080p DPX 10-bit',
    format: 'dpx',
    size: '1920x1080',
    pattern: 'plate.%04d.dpx',
    encode: ['-pix_fmt', 'gbrp10le', '-c:v', 'dpx'],
  },
];

function makeFiles(dir: string, spec: Case, frames: number): string[] {
  execFileSync('ffmpeg', [
    ...FF,
    ...['-f', 'lavfi', '-i', `testsrc2=size=${spec.size}:rate=24`],
    ...['-frames:v', String(frames), ...spec.encode, '-start_number', '1'],
    path.join(dir, spec.pattern),
  ]);
  return Array.from({ length: frames }, (_, i) =>
    path.join(dir, spec.pattern.replace('%04d', String(i + 1).padStart(4, '0'))),
  );
}

/** Frames/s of a pool of `threads` workers decoding every file once (after one warm-up each). */
async function poolRate(files: string[], format: VfxFormat, threads: number): Promise<number> {
  // tsx's loader is registered inside each worker, then the TypeScript worker module loads.
  const entry = new URL('./decodeWorker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const workers = Array.from({ length: threads }, () => new Worker(bootstrap, { eval: true }));
  const decode = (worker: Worker, file: string): Promise<void> =>
    new Promise((resolve, reject) => {
      worker.once('message', (reply: { ok: boolean; error?: string }) =>
        reply.ok ? resolve() : reject(new Error(reply.error)),
      );
      worker.postMessage({ path: file, format });
    });
  try {
    // Warm-up: load the module and JIT the decoder in every worker.
    await Promise.all(workers.map((worker) => decode(worker, files[0] ?? '')));
    const queue = [...files];
    const started = performance.now();
    await Promise.all(
      workers.map(async (worker) => {
        for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
          await decode(worker, file);
        }
      }),
    );
    return files.length / ((performance.now() - started) / 1000);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** Frames/s of `ffmpeg -threads N -i pattern -f null -` (process start included, one warm run). */
function ffmpegRate(dir: string, spec: Case, frames: number, threads: number): number {
  const args = [
    ...FF,
    ...['-threads', String(threads), '-start_number', '1', '-i', path.join(dir, spec.pattern)],
    ...['-f', 'null', '-'],
  ];
  execFileSync('ffmpeg', args);
  const started = performance.now();
  execFileSync('ffmpeg', args);
  return frames / ((performance.now() - started) / 1000);
}

async function run(context: BenchContext): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'reelsync-decode-bench-'));
  const cores = cpus().length;
  const poolSize = Math.max(1, cores - 1);
  const threadCounts = [...new Set([1, poolSize, cores])];
  const rows: Array<Array<string | number>> = [];
  const targets: BenchResult['targets'] = [];
  const data: unknown[] = [];
  try {
    for (const spec of CASES) {
      const uhd = spec.size.startsWith('3840');
      const frames = context.quick ? (uhd ? 3 : 8) : uhd ? 12 : 48;
      context.log(`${spec.label}: writing ${frames} frames`);
      const files = makeFiles(dir, spec, frames);
      for (const threads of threadCounts) {
        const ours = await poolRate(files, spec.format, threads);
        const theirs = ffmpegRate(dir, spec, frames, threads);
        const ratio = ours / theirs;
        context.log(
          `${spec.label}, ${threads} thread(s): ours ${ours.toFixed(1)} fps, ffmpeg ${theirs.toFixed(1)} fps`,
        );
        rows.push([spec.label, threads, ours.toFixed(1), theirs.toFixed(1), ratio.toFixed(2)]);
        data.push({ case: spec.label, threads, frames, ours, ffmpeg: theirs, ratio });
        if (threads === poolSize) {
          targets.push({
            target: `${spec.label}: ≥ ${TARGET_RATIO}× ffmpeg with ${threads} thread(s)`,
            measured: `${ratio.toFixed(2)}× (${ours.toFixed(1)} vs ${theirs.toFixed(1)} fps)`,
            met: ratio >= TARGET_RATIO,
          });
        }
      }
      for (const file of files) rmSync(file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    name: 'image-decode',
    title: 'OpenEXR / DPX decode throughput: worker pool vs ffmpeg',
    tables: [
      {
        caption: `Frames decoded per second (pool of worker threads running the player's decoders; ffmpeg -threads N … -f null -), ${cores} cores`,
        columns: ['Files', 'Threads', 'ReelSync fps', 'ffmpeg fps', 'Ratio'],
        rows,
      },
    ],
    targets,
    data,
    notes: [
      `The player's pool has hardwareConcurrency − 1 = ${poolSize} worker(s) on this machine; that row is the target row.`,
      'Node worker_threads run the same decode code as the browser worker (V8 both); the browser adds one transfer of the pixels (no copy).',
      'ffmpeg times include its process start; each measurement follows a warm-up run.',
      'PIZ, PXR24, B44 and DWA files are not measured: no writer for them exists on this machine (ffmpeg writes none, RLE, ZIPS and ZIP).',
    ],
  };
}

export const imageDecode: Benchmark = {
  name: 'image-decode',
  description:
    'OpenEXR (1080p/UHD half ZIP, ZIPS) and 10-bit DPX decode fps: worker pool vs ffmpeg',
  run,
};
