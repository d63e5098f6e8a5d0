// The per-frame cost of each A/B compare mode (and two stereo displays) in Chromium against the
// plain viewer showing A alone: a 1920×1088 chart as A and another as B (a local file), drawn full
// window. Each frame is forced (a tiny pan) and timed in a requestAnimationFrame callback right
// after the app's draw: from the frame's start until a 1-pixel readPixels returns, so the GPU's
// (here software GL's) work is included. Reported as ms per frame and the ratio to A alone.
import type { Browser } from '@playwright/test';
import { makeChart, type Rgb8 } from '../../e2e/helpers/chart';
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

interface Case {
  label: string;
  /** Runs in the page (serialised by Playwright: it may use only the page). */
  setup: () => void;
}

const CASES: Case[] = [
  { label: 'A alone (plain viewer)', setup: () => window.reelsync?.compare.setMode('off') },
  { label: 'wipe', setup: () => window.reelsync?.compare.setMode('wipe') },
  { label: 'split', setup: () => window.reelsync?.compare.setMode('split') },
  { label: 'side by side', setup: () => window.reelsync?.compare.setMode('sideBySide') },
  { label: 'over/under', setup: () => window.reelsync?.compare.setMode('overUnder') },
  { label: 'difference', setup: () => window.reelsync?.compare.setMode('difference') },
  { label: 'blend', setup: () => window.reelsync?.compare.setMode('blend') },
  {
    label: 'A/B toggle on B',
    setup: () => {
      window.reelsync?.compare.setMode('toggle');
      window.reelsync?.compare.toggleAB();
    },
  },
  {
    label: 'stereo anaglyph (packed)',
    setup: () => {
      window.reelsync?.compare.setMode('off');
      window.reelsync?.compare.setStereo({ input: 'sideBySide', display: 'anaglyph' });
    },
  },
  {
    label: 'stereo side by side (packed)',
    setup: () => window.reelsync?.compare.setStereo({ display: 'sideBySide' }),
  },
];

const chart = (seed: number) =>
  makeChart(
    Array.from({ length: 30 * 17 }, (_, i): Rgb8 => [
      (i * 37 + seed) % 256,
      (i * 91 + seed) % 256,
      (i * 53) % 256,
    ]),
    30,
    64,
  );

async function measure(browser: Browser, url: string, frames: number, log: (line: string) => void) {
  const { context, page } = await openPlayer(browser, url);
  await page.getByTestId('media-input').setInputFiles({
    name: 'a.png',
    mimeType: 'image/png',
    buffer: chart(0).png,
  });
  await page.waitForFunction(() => window.reelsync?.media.info?.name === 'a.png');
  await page.getByTestId('compare-button').click();
  await page.getByTestId('compare-file').setInputFiles({
    name: 'b.png',
    mimeType: 'image/png',
    buffer: chart(40).png,
  });
  await page.waitForFunction(() => window.reelsync?.compare.status().b === 'b.png');
  // The panel docks beside the picture: closed, A and B are drawn over the whole window.
  await page.getByTestId('compare-close').click();
  const results: Array<{ label: string; times: number[]; composed: number }> = [];
  for (const spec of CASES) {
    await page.evaluate(spec.setup);
    const before = await page.evaluate(() => window.reelsync?.compare.composedCount() ?? 0);
    const times = await frameTimes(page, frames);
    const after = await page.evaluate(() => window.reelsync?.compare.composedCount() ?? 0);
    log(`compare cost: ${spec.label}: median ${fmt(percentile(times, 50))} ms`);
    results.push({ label: spec.label, times, composed: after - before });
  }
  const { canvas, renderer } = await drawSurface(page);
  await context.close();
  return { results, canvas, renderer };
}

export const compareCost: Benchmark = {
  name: 'compare',
  description: 'Per-frame cost of each A/B compare mode and stereo display vs A alone',
  async run(context: BenchContext): Promise<BenchResult> {
    const frames = context.quick ? 12 : 60;
    return withPlayerServer(context.distDir, 'compare', async (browser, url) => {
      const { results, canvas, renderer } = await measure(browser, url, frames, context.log);
      const plain = percentile(results[0]?.times ?? [], 50) ?? 0;
      const rows = results.map(({ label, times, composed }) => [
        ...costRow(label, times, plain),
        composed > 0 ? 'yes' : 'no',
      ]);
      return {
        name: 'compare',
        title: 'Per-frame cost of A/B compare and stereo',
        tables: [
          {
            caption: `${frames} forced frames per case, canvas ${canvas}, ${renderer}`,
            columns: ['Case', 'median ms/frame', 'p90 ms/frame', 'vs A alone', 'composed'],
            rows,
          },
        ],
        targets: [],
        data: { frames, canvas, renderer, results },
        notes: [
          'A and B: 1920×1088 PNG charts (B a local file); both decoded once, so this is the draw cost only.',
          'Composed modes draw each layer through the color pipeline into a texture the size of its cell, then one pass places and combines them; "composed" says the frames went through the compositor.',
          FRAME_TIME_NOTE,
        ],
      };
    });
  },
};
