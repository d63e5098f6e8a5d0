// The per-frame cost of looks in Chromium: a 1920×1088 chart drawn full window with the plain
// viewer, then with a CDL, a 33³ look LUT + CDL, that plus a Rec.709 view and a 1D display LUT,
// and false color. Each frame is forced (a tiny pan) and timed in a requestAnimationFrame callback
// right after the app's draw: from the frame's start until a 1-pixel readPixels returns, so the
// GPU's (here software GL's) work is included. Reported as ms per frame and the ratio to plain.
import type { Browser } from '@playwright/test';
import { makeChart, type Rgb8 } from '../../e2e/helpers/chart';
import { formatCube3d } from '../../src/render/look/cube';
import { fmt, percentile } from '../clock/analysis';
import type { BenchContext, BenchResult, Benchmark } from '../lib/types';
import {
  costRow,
  drawSurface,
  FRAME_TIME_NOTE,
  frameTimes,
  openPlayer,
  withPlayerServer,
} from './frameTimes';

function lookLut(n: number): string {
  const data: number[] = [];
  for (let b = 0; b < n; b++)
    for (let g = 0; g < n; g++)
      for (let r = 0; r < n; r++) {
        const [R, G, B] = [r / (n - 1), g / (n - 1), b / (n - 1)];
        data.push(Math.pow(R, 0.9), 0.05 + 0.9 * G, Math.sqrt(B));
      }
  const size = { size: n, data: Float32Array.from(data) };
  return formatCube3d('bench', { ...size, domainMin: [0, 0, 0], domainMax: [1, 1, 1] });
}

const DISPLAY_LUT = `LUT_1D_SIZE 1024\n${Array.from({ length: 1024 }, (_, i) => {
  const v = Math.pow(i / 1023, 1.1).toFixed(6);
  return `${v} ${v} ${v}`;
}).join('\n')}\n`;

interface LutFiles {
  look: string;
  display: string;
}

interface Case {
  label: string;
  /** Runs in the page (serialised by Playwright: it may use only its argument and the page). */
  setup: (files: LutFiles) => Promise<void>;
}

const CASES: Case[] = [
  { label: 'plain viewer', setup: async () => undefined },
  {
    label: 'CDL',
    setup: async () =>
      window.reelsync?.color.setCdl({
        slope: [1.1, 0.95, 0.9],
        offset: [0.01, 0, -0.01],
        power: [1.1, 1, 0.95],
        saturation: 0.9,
      }),
  },
  {
    label: 'CDL + 33³ look LUT',
    setup: async (files) => window.reelsync?.color.loadLookLut(new File([files.look], 'look.cube')),
  },
  {
    label: 'CDL + LUT + Rec.709 + 1D display LUT',
    setup: async (files) => {
      window.reelsync?.color.setDisplayTransform('rec709');
      await window.reelsync?.color.loadDisplayLut(new File([files.display], 'display.cube'));
    },
  },
  { label: '… + false color', setup: async () => window.reelsync?.color.setFalseColor(true) },
];

async function measure(browser: Browser, url: string, frames: number, log: (line: string) => void) {
  const { context, page } = await openPlayer(browser, url);
  const colors: Rgb8[] = Array.from({ length: 30 * 17 }, (_, i) => [
    (i * 37) % 256,
    (i * 91) % 256,
    (i * 53) % 256,
  ]);
  const chart = makeChart(colors, 30, 64);
  await page.getByTestId('media-input').setInputFiles({
    name: 'chart.png',
    mimeType: 'image/png',
    buffer: chart.png,
  });
  await page.waitForFunction(() => window.reelsync?.media.info?.name === 'chart.png');
  await page.waitForFunction(() => Boolean(window.reelsync?.media.info?.fingerprint));
  const files = { look: lookLut(33), display: DISPLAY_LUT };
  const results: Array<{ label: string; times: number[]; bakes: number }> = [];
  const bakes = () => page.evaluate(() => window.reelsync?.viewer.lookBakes ?? 0);
  for (const spec of CASES) {
    await page.evaluate(spec.setup, files);
    const before = await bakes();
    const times = await frameTimes(page, frames);
    // Tables baked while the case's frames ran (1: the look's change, baked on its first frame).
    const baked = (await bakes()) - before;
    log(`look cost: ${spec.label}: median ${fmt(percentile(times, 50))} ms, ${baked} bakes`);
    results.push({ label: spec.label, times, bakes: baked });
  }
  const { canvas, renderer } = await drawSurface(page);
  await context.close();
  return { results, canvas, renderer };
}

export const lookCost: Benchmark = {
  name: 'looks',
  description:
    'Per-frame cost of CDL, 3D LUT, display transform/LUT and false color vs the plain viewer',
  async run(context: BenchContext): Promise<BenchResult> {
    const frames = context.quick ? 12 : 60;
    return withPlayerServer(context.distDir, 'looks', async (browser, url) => {
      const { results, canvas, renderer } = await measure(browser, url, frames, context.log);
      const plain = percentile(results[0]?.times ?? [], 50) ?? 0;
      const rows = results.map(({ label, times, bakes }) => [
        ...costRow(label, times, plain),
        bakes,
      ]);
      return {
        name: 'looks',
        title: 'Per-frame cost of looks',
        tables: [
          {
            caption: `${frames} forced frames per case, canvas ${canvas}, ${renderer}`,
            columns: [
              'Case',
              'median ms/frame',
              'p90 ms/frame',
              'vs plain',
              'chain baked during the frames',
            ],
            rows,
          },
        ],
        targets: [],
        data: { frames, canvas, renderer, results },
        notes: [
          'Each case adds to the one before (the CDL stays on when the LUT comes, and so on).',
          'An 8-bit chart: with a CDL or a LUT the chain is baked into one 3D table when the look changes (docs/color.md), so a case bakes once, in its first (warm-up) frame (1 in the last column); a count near the number of frames would mean a bake per frame.',
          FRAME_TIME_NOTE,
        ],
      };
    });
  },
};
