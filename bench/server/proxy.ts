// ProRes 1080p proxy: how fast the server's proxy job (server/media/ffmpeg makeProxy) turns a
// ProRes 422 HQ 1080p clip into the browser proxy (realtime factor), against ffmpeg only
// decoding the same clip in the same run (the floor no proxy can beat), and how soon the first
// frame can play: when the proxy is ready (it is published only whole and checked), plus how
// many bytes of it a player must fetch before it can decode frame 1 (+faststart index + first GOP).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { makeProxy, probeMedia } from '../../server/media/ffmpeg/index';
import { HD_CLIP, makeClip, PRORES_HQ } from '../../scripts/make-exotic-media';
import type { BenchContext, BenchResult, Benchmark } from '../lib/types';

const run = promisify(execFile);
/** Clip length: 10 s at 24 fps (2 s in quick mode). */
const FULL_FRAMES = HD_CLIP.frames;
const QUICK_FRAMES = 48;

interface ProxyRun {
  clipS: number;
  frames: number;
  generateS: number;
  decodeOnlyS: number;
  proxyS: number;
  progressFirstS: number | null;
  originalBytes: number;
  proxyBytes: number;
  bytesBeforeFirstFrame: number;
  firstFrameDecodeMs: number;
  loadBefore: number;
  loadAfter: number;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

/** End of the first keyframe packet: the bytes a range-reading player needs for frame 1. */
async function bytesBeforeFirstFrame(mp4: string): Promise<number> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-read_intervals',
    '%+#1',
    '-show_entries',
    'packet=pos,size',
    '-of',
    'csv=p=0',
    mp4,
  ]);
  const [pos, size] = (stdout.trim().split('\n')[0] ?? '').split(',').map(Number);
  return (pos ?? 0) + (size ?? 0);
}

async function measure(context: BenchContext): Promise<ProxyRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'reelsync-bench-proxy-'));
  try {
    const frames = context.quick ? QUICK_FRAMES : FULL_FRAMES;
    context.log(`making a ${frames}-frame ProRes 422 HQ 1080p clip`);
    const input = path.join(dir, 'prores-1080p.mov');
    const generated = await timed(() => makeClip(input, PRORES_HQ, { ...HD_CLIP, frames }));
    const probe = await probeMedia(input);
    const loadBefore = loadavg()[0] ?? 0;

    context.log('decoding it only (ffmpeg -f null)');
    const decodeOnly = await timed(() =>
      run('ffmpeg', ['-hide_banner', '-nostdin', '-i', input, '-map', '0', '-f', 'null', '-']),
    );

    context.log('making its proxy');
    const output = path.join(dir, 'proxy.mp4');
    let firstProgressAt: number | null = null;
    const started = performance.now();
    const proxy = await timed(() =>
      makeProxy(input, output, probe, {
        onProgress: () => {
          firstProgressAt ??= (performance.now() - started) / 1000;
        },
      }),
    );
    const firstFrame = await timed(() =>
      run('ffmpeg', [
        '-hide_banner',
        '-nostdin',
        '-i',
        output,
        '-frames:v',
        '1',
        '-f',
        'null',
        '-',
      ]),
    );
    return {
      clipS: probe.durationS,
      frames: probe.frames,
      generateS: generated.seconds,
      decodeOnlyS: decodeOnly.seconds,
      proxyS: proxy.seconds,
      progressFirstS: firstProgressAt,
      originalBytes: (await stat(input)).size,
      proxyBytes: (await stat(output)).size,
      bytesBeforeFirstFrame: await bytesBeforeFirstFrame(output),
      firstFrameDecodeMs: firstFrame.seconds * 1000,
      loadBefore,
      loadAfter: loadavg()[0] ?? 0,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export const proxyTranscode: Benchmark = {
  name: 'proxy',
  description: 'ProRes 1080p → browser proxy: realtime factor, time until the first frame plays',
  async run(context: BenchContext): Promise<BenchResult> {
    const r = await measure(context);
    const realtime = r.clipS / r.proxyS;
    const decodeRealtime = r.clipS / r.decodeOnlyS;
    return {
      name: 'proxy',
      title: 'ProRes 1080p proxy',
      tables: [
        {
          caption: `ProRes 422 HQ 1920×1080, ${r.frames} frames (${r.clipS.toFixed(1)} s at 24 fps), one job`,
          columns: ['step', 'wall time', 'realtime factor', 'frames/s'],
          rows: [
            [
              'decode only (ffmpeg -f null), baseline',
              `${r.decodeOnlyS.toFixed(2)} s`,
              `${decodeRealtime.toFixed(2)}×`,
              (r.frames / r.decodeOnlyS).toFixed(1),
            ],
            [
              'makeProxy (transcode + check + rename)',
              `${r.proxyS.toFixed(2)} s`,
              `${realtime.toFixed(2)}×`,
              (r.frames / r.proxyS).toFixed(1),
            ],
          ],
        },
        {
          caption: 'Until the first frame can play from the proxy',
          columns: ['measure', 'value'],
          rows: [
            [
              'first progress report',
              r.progressFirstS === null ? 'none' : `${r.progressFirstS.toFixed(2)} s`,
            ],
            ['proxy ready (published whole)', `${r.proxyS.toFixed(2)} s`],
            [
              'bytes a player fetches before frame 1 (index + first GOP)',
              `${(r.bytesBeforeFirstFrame / 1024).toFixed(0)} KiB`,
            ],
            [
              'decode frame 1 of the proxy (ffmpeg, local file)',
              `${r.firstFrameDecodeMs.toFixed(0)} ms`,
            ],
            ['original → proxy size', `${mib(r.originalBytes)} → ${mib(r.proxyBytes)}`],
          ],
        },
      ],
      targets: [
        {
          target: 'proxy transcode realtime factor (reported; ≥ 1× = faster than playback)',
          measured: `${realtime.toFixed(2)}× (decode alone ${decodeRealtime.toFixed(2)}×)`,
          met: realtime >= 1,
        },
      ],
      data: r,
      notes: [
        `Load average ${r.loadBefore.toFixed(1)} before, ${r.loadAfter.toFixed(1)} after (the machine is shared; ffmpeg uses every core).`,
        `The test clip took ${r.generateS.toFixed(1)} s to generate (not counted).`,
        'The proxy is published only when whole and checked, so the first frame plays when it is ready; the index is at the front, so playback then needs only the first bytes.',
      ],
    };
  },
};
