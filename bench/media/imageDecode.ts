// OpenEXR and DPX decode throughput: the player's decoders (its EXR fast path, three.js's EXRLoader
// alone for comparison, our DPX reader) in a pool of worker threads, against ffmpeg's native
// decoders on the same files with the same number of threads. Files are made here by ffmpeg
// (1080p and UHD half-float ZIP/ZIPS EXR, 1080p 10-bit DPX) and OpenImageIO's oiiotool (PIZ and
// PXR24, from ffmpeg's ZIP frames: ffmpeg writes neither), each frame different (testsrc2), so no
// decoder sees repeated input.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { VfxFormat } from '../../src/core/media/images/decodeVfx';
import { browserDecodeRates, type BrowserRate } from '../browser/exrDecodeBrowser';
import { sequenceToScreen } from '../browser/sequenceToScreen';
import type { BenchContext, BenchResult, Benchmark } from '../lib/types';
import type { WorkerDecoder } from './decodeWorker';

const FF = ['-hide_banner', '-loglevel', 'error', '-y', '-nostdin'];
/** Issue #17's target: our pool at least half of ffmpeg's rate with the same cores. */
const TARGET_RATIO = 0.5;

interface Case {
  label: string;
  format: VfxFormat;
  size: string;
  pattern: string;
  encode: string[];
  /** oiiotool arguments rewriting each file ffmpeg wrote (its compression). */
  rewrite?: string[];
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
    label: '1080p half PIZ',
    format: 'exr',
    size: '1920x1080',
    pattern: 'piz.%04d.exr',
    encode: ['-pix_fmt', 'gbrpf32le', '-c:v', 'exr', '-compression', 'zip16', '-format', 'half'],
    rewrite: ['--compression', 'piz'],
  },
  {
    label: '1080p half PXR24',
    format: 'exr',
    size: '1920x1080',
    pattern: 'pxr24.%04d.exr',
    encode: ['-pix_fmt', 'gbrpf32le', '-c:v', 'exr', '-compression', 'zip16', '-format', 'half'],
    rewrite: ['--compression', 'pxr24'],
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
  const files = Array.from({ length: frames }, (_, i) =>
    path.join(dir, spec.pattern.replace('%04d', String(i + 1).padStart(4, '0'))),
  );
  if (spec.rewrite) {
    for (const file of files) execFileSync('oiiotool', [file, ...spec.rewrite, '-o', file]);
  }
  return files;
}

interface Rate {
  /** Frames per second of wall-clock time. */
  fps: number;
  /** CPU time (user + system, every thread) per frame: independent of other load on the machine. */
  cpuMsPerFrame: number;
}

/** A pool of `threads` workers decoding every file once (after one warm-up each). */
async function poolRate(
  files: string[],
  format: VfxFormat,
  threads: number,
  decoder: WorkerDecoder = 'ours',
): Promise<Rate> {
  // tsx's loader is registered inside each worker, then the TypeScript worker module loads.
  const entry = new URL('./decodeWorker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const workers = Array.from({ length: threads }, () => new Worker(bootstrap, { eval: true }));
  const decode = (worker: Worker, file: string): Promise<void> =>
    new Promise((resolve, reject) => {
      worker.once('message', (reply: { ok: boolean; error?: string }) =>
        reply.ok ? resolve() : reject(new Error(reply.error)),
      );
      worker.postMessage({ path: file, format, decoder });
    });
  try {
    // Warm-up: load the module and JIT the decoder in every worker.
    await Promise.all(workers.map((worker) => decode(worker, files[0] ?? '')));
    const queue = [...files];
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      workers.map(async (worker) => {
        for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
          await decode(worker, file);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return {
      fps: files.length / seconds,
      cpuMsPerFrame: (used.user + used.system) / 1000 / files.length,
    };
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** `ffmpeg -benchmark -threads N -i pattern -f null -` after one warm run: its own timings. */
function ffmpegRate(dir: string, spec: Case, frames: number, threads: number): Rate {
  const args = [
    ...['-hide_banner', '-loglevel', 'info', '-nostdin', '-benchmark'],
    ...['-threads', String(threads), '-start_number', '1', '-i', path.join(dir, spec.pattern)],
    ...['-f', 'null', '-'],
  ];
  spawnSync('ffmpeg', args);
  const { stderr } = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  const match = /utime=([\d.]+)s stime=([\d.]+)s rtime=([\d.]+)s/.exec(stderr);
  if (!match) throw new Error(`ffmpeg -benchmark printed no timings: ${stderr.slice(-300)}`);
  const [utime, stime, rtime] = match.slice(1).map(Number) as [number, number, number];
  return { fps: frames / rtime, cpuMsPerFrame: ((utime + stime) * 1000) / frames };
}

async function run(context: BenchContext): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'reelsync-decode-bench-'));
  const cores = cpus().length;
  const poolSize = Math.max(1, cores - 1);
  const threadCounts = [...new Set([1, poolSize, cores])];
  const rows: Array<Array<string | number>> = [];
  const targets: BenchResult['targets'] = [];
  const data: unknown[] = [];
  const browserRows: Array<Array<string | number>> = [];
  const wordRows: Array<Array<string | number>> = [];
  const screenRows: Array<Array<string | number>> = [];
  try {
    for (const spec of CASES) {
      const uhd = spec.size.startsWith('3840');
      const frames = context.quick ? (uhd ? 3 : 8) : uhd ? 12 : 48;
      context.log(`${spec.label}: writing ${frames} frames`);
      const files = makeFiles(dir, spec, frames);
      for (const threads of threadCounts) {
        const ours = await poolRate(files, spec.format, threads);
        const theirs = ffmpegRate(dir, spec, frames, threads);
        const exr = spec.format === 'exr';
        const native = exr ? await poolRate(files, spec.format, threads, 'native') : null;
        const loaderAlone = exr ? await poolRate(files, spec.format, threads, 'loader') : null;
        const ratio = ours.fps / theirs.fps;
        const cpuRatio = theirs.cpuMsPerFrame / ours.cpuMsPerFrame;
        const nativeRatio = native ? theirs.cpuMsPerFrame / native.cpuMsPerFrame : null;
        context.log(
          `${spec.label}, ${threads} thread(s): ours ${ours.fps.toFixed(1)} fps, ffmpeg ${theirs.fps.toFixed(1)} fps`,
        );
        const or = (rate: Rate | null, pick: (rate: Rate) => string) => (rate ? pick(rate) : '–');
        rows.push([
          spec.label,
          threads,
          ours.fps.toFixed(1),
          or(native, (r) => r.fps.toFixed(1)),
          or(loaderAlone, (r) => r.fps.toFixed(1)),
          theirs.fps.toFixed(1),
          ratio.toFixed(2),
          ours.cpuMsPerFrame.toFixed(0),
          or(native, (r) => r.cpuMsPerFrame.toFixed(0)),
          or(loaderAlone, (r) => r.cpuMsPerFrame.toFixed(0)),
          theirs.cpuMsPerFrame.toFixed(0),
          cpuRatio.toFixed(2),
          nativeRatio === null ? '–' : nativeRatio.toFixed(2),
        ]);
        data.push({ case: spec.label, threads, frames, ours, native, loaderAlone, ffmpeg: theirs });
        if (threads === poolSize) {
          targets.push({
            target: `${spec.label}${spec.format === 'dpx' ? ' unpacked by the workers (software GPU)' : ''}: ≥ ${TARGET_RATIO}× ffmpeg with ${threads} thread(s)`,
            measured: `${ratio.toFixed(2)}× wall (${ours.fps.toFixed(1)} vs ${theirs.fps.toFixed(1)} fps), ${cpuRatio.toFixed(2)}× per CPU-second`,
            met: ratio >= TARGET_RATIO,
          });
          const browser = await browserRow(context, spec, files, poolSize, theirs);
          if (browser) browserRows.push(browser);
          if (spec.format === 'dpx') {
            // 10-bit RGB handed over as words: what the workers do for a viewer with a hardware GPU.
            const words = await poolRate(files, spec.format, threads, 'words');
            wordRows.push([
              spec.label,
              threads,
              words.fps.toFixed(1),
              theirs.fps.toFixed(1),
              (words.fps / theirs.fps).toFixed(2),
              words.cpuMsPerFrame.toFixed(1),
              theirs.cpuMsPerFrame.toFixed(0),
              (theirs.cpuMsPerFrame / words.cpuMsPerFrame).toFixed(2),
            ]);
            data.push({ case: spec.label, threads, frames, words });
            targets.push({
              target: `${spec.label} handed over as words (a viewer with a hardware GPU unpacks them): ≥ ${TARGET_RATIO}× ffmpeg with ${threads} thread(s)`,
              measured: `${(words.fps / theirs.fps).toFixed(2)}× wall (${words.fps.toFixed(1)} vs ${theirs.fps.toFixed(1)} fps), ${(theirs.cpuMsPerFrame / words.cpuMsPerFrame).toFixed(2)}× per CPU-second`,
              met: words.fps / theirs.fps >= TARGET_RATIO,
            });
          }
          if (spec.format === 'dpx' || spec.pattern.startsWith('zip.')) {
            screenRows.push(...(await screenRowsOf(context, spec, files, theirs)));
          }
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
        columns: [
          'Files',
          'Threads',
          'ReelSync fps',
          'ReelSync + node:zlib fps',
          'EXRLoader alone fps',
          'ffmpeg fps',
          'Ratio (wall)',
          'ReelSync CPU ms/frame',
          'ReelSync + node:zlib CPU ms/frame',
          'EXRLoader CPU ms/frame',
          'ffmpeg CPU ms/frame',
          'Ratio (CPU)',
          'Ratio with node:zlib (CPU)',
        ],
        rows,
      },
      {
        caption: `Chromium: the built decode worker (dist/), ${poolSize} worker(s) as the player's pool, ms per frame; CPU of every Chromium process`,
        columns: [
          'Files',
          'in-thread (WebAssembly) ms/frame',
          'DecompressionStream ms/frame',
          'in-thread CPU ms/frame',
          'DecompressionStream CPU ms/frame',
          'ffmpeg CPU ms/frame',
          'Ratio (CPU), in-thread',
          'Ratio (CPU), DecompressionStream',
        ],
        rows: browserRows,
      },
      {
        caption: `10-bit DPX handed over as its words (the viewer unpacks them on a hardware GPU): worker pool vs ffmpeg`,
        columns: [
          'Files',
          'Threads',
          'words fps',
          'ffmpeg fps',
          'Ratio (wall)',
          'words CPU ms/frame',
          'ffmpeg CPU ms/frame',
          'Ratio (CPU)',
        ],
        rows: wordRows,
      },
      {
        caption: `To the screen: the built player in Chromium (software GL: SwiftShader) stepped through the sequence, each step waiting until the frame is shown; CPU of every Chromium process`,
        columns: [
          'Files',
          'Who unpacks DPX',
          'ms/frame',
          'CPU ms/frame',
          'GPU unpacks',
          'ffmpeg decode CPU ms/frame',
        ],
        rows: screenRows,
      },
    ],
    targets,
    data,
    notes: [
      `The player's pool has hardwareConcurrency − 1 = ${poolSize} worker(s) on this machine; that row is the target row.`,
      'Node worker_threads run the same decode code as the browser worker (V8 both); the browser adds one transfer of the pixels (no copy).',
      'ffmpeg figures are its own -benchmark timings (rtime, utime + stime); each measurement follows a warm-up run.',
      'CPU ms per frame counts every thread and does not depend on other load on the machine; wall-clock fps does (see the load average).',
      `Load average at the end: ${loadavg()[0]?.toFixed(1) ?? '?'} on ${cores} cores.`,
      "ReelSync + node:zlib: the asynchronous EXR path (decodeExrAsync) on node:zlib inflateSync, the stand-in for a native inflate; the browser's native inflate (DecompressionStream) is measured in the Chromium table.",
      "10-bit DPX: the main table's ReelSync columns have the decode workers unpack the words into half floats (what the player does on a software GPU, as here); the words table is what they do for a viewer with a hardware GPU, which unpacks them in one draw while it uploads the picture (src/render/Packed10Converter.ts). Here that draw runs in SwiftShader on the CPU: the to-the-screen table shows what it costs.",
      "PIZ and PXR24 files are written by oiiotool (OpenImageIO) from ffmpeg's ZIP frames; B44 and DWA (EXRLoader's decoders in the player) are not measured here.",
    ],
  };
}

/** The "to the screen" rows of one case: DPX with the workers and with the GPU unpacking. */
async function screenRowsOf(
  context: BenchContext,
  spec: Case,
  files: string[],
  ffmpeg: Rate,
): Promise<Array<Array<string | number>>> {
  const modes = spec.format === 'dpx' ? (['worker', 'gpu'] as const) : (['auto'] as const);
  const rows: Array<Array<string | number>> = [];
  for (const mode of modes) {
    try {
      const rate = await sequenceToScreen(files, 1, context.distDir, mode);
      context.log(
        `${spec.label}, to the screen (${mode}): ${rate.msPerFrame.toFixed(0)} ms per frame`,
      );
      rows.push([
        spec.label,
        spec.format === 'dpx' ? (mode === 'gpu' ? 'the GPU' : 'the workers') : '–',
        rate.msPerFrame.toFixed(0),
        rate.cpuMsPerFrame.toFixed(0),
        rate.gpuUnpacks,
        ffmpeg.cpuMsPerFrame.toFixed(0),
      ]);
    } catch (error) {
      context.log(`${spec.label}: to-the-screen case skipped (${String(error)})`);
    }
  }
  return rows;
}

/** The Chromium row of one case: the player's decode workers, both inflate modes for EXR. */
async function browserRow(
  context: BenchContext,
  spec: Case,
  files: string[],
  workers: number,
  ffmpeg: Rate,
): Promise<Array<string | number> | null> {
  // The inflate mode applies to EXR's ZIP blocks only: DPX is measured once.
  const exr = spec.format === 'exr';
  let rates: BrowserRate[];
  try {
    rates = await browserDecodeRates(
      files,
      spec.format,
      workers,
      context.distDir,
      exr ? ['js', 'native'] : ['js'],
    );
  } catch (error) {
    context.log(`${spec.label}: browser case skipped (${String(error)})`);
    return null;
  }
  const [js, native = null] = rates;
  if (!js || (exr && !native)) return null;
  context.log(
    `${spec.label}, Chromium: in-thread ${js.msPerFrame.toFixed(0)} ms${native ? `, DecompressionStream ${native.msPerFrame.toFixed(0)} ms` : ''} per frame`,
  );
  const or = (rate: BrowserRate | null, pick: (rate: BrowserRate) => string) =>
    rate ? pick(rate) : '–';
  return [
    spec.label,
    js.msPerFrame.toFixed(0),
    or(native, (r) => r.msPerFrame.toFixed(0)),
    js.cpuMsPerFrame.toFixed(0),
    or(native, (r) => r.cpuMsPerFrame.toFixed(0)),
    ffmpeg.cpuMsPerFrame.toFixed(0),
    (ffmpeg.cpuMsPerFrame / js.cpuMsPerFrame).toFixed(2),
    or(native, (r) => (ffmpeg.cpuMsPerFrame / r.cpuMsPerFrame).toFixed(2)),
  ];
}

export const imageDecode: Benchmark = {
  name: 'image-decode',
  description:
    'OpenEXR (1080p/UHD half ZIP, ZIPS, 1080p PIZ, PXR24) and 10-bit DPX decode fps: worker pool vs ffmpeg',
  run,
};
