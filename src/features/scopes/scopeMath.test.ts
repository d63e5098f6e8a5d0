import { describe, expect, it } from 'vitest';
import { CHART_PATCHES, CHART_SIZE, chartRgba } from '../../../scripts/scopeChart';
import {
  chroma,
  computeScopes,
  histogramChannel,
  levelBin,
  luma,
  sampleSize,
  traceIntensity,
  WAVE_COLUMNS,
  waveColumn,
} from './scopeMath';

const PATCH_AREA = CHART_SIZE.patch * CHART_SIZE.patch;
const chart = { width: CHART_SIZE.width, height: CHART_SIZE.height, data: chartRgba() };
const scopes = computeScopes(chart);

/** How many pixels of the chart have channel value `code` (from the patch list). */
function expectedCount(channel: number, code: number): number {
  return CHART_PATCHES.filter((patch) => patch[channel] === code).length * PATCH_AREA;
}

describe('the scopes CPU reference on the test chart', () => {
  it('puts every 8-bit value k in histogram bin k, counted per channel', () => {
    for (let c = 0; c < 3; c++) {
      const bins = histogramChannel(scopes.histogram, c as 0 | 1 | 2);
      for (const patch of CHART_PATCHES) {
        const code = patch[c] ?? 0;
        expect(bins[code]).toBe(expectedCount(c, code));
      }
      expect(bins.reduce((a, b) => a + b, 0)).toBe(chart.width * chart.height);
    }
  });

  it('counts luma once per pixel at the Rec.709 luma of each patch', () => {
    const bins = histogramChannel(scopes.histogram, 3);
    for (const [r, g, b] of CHART_PATCHES) {
      const bin = levelBin(luma(r / 255, g / 255, b / 255));
      expect(bins[bin]).toBeGreaterThanOrEqual(PATCH_AREA);
    }
    // mid-grey 128 stays 128 in luma (the weights sum to 1)
    expect(levelBin(luma(128 / 255, 128 / 255, 128 / 255))).toBe(128);
    expect(bins.reduce((a, b) => a + b, 0)).toBe(chart.width * chart.height);
  });

  it('draws each patch column as one waveform trace at its luma, one count per row', () => {
    const { data } = scopes.waveform;
    const [r, g, b] = CHART_PATCHES[0] ?? [0, 0, 0];
    const level = levelBin(luma(r / 255, g / 255, b / 255));
    // patch 0 covers columns 0..63 in its top half: 64 rows of it per column
    for (const column of [0, 31, 63]) {
      expect(data[(level * WAVE_COLUMNS + column) * 4]).toBe(CHART_SIZE.patch);
    }
  });

  it('splits the parade into R, G and B panels at each channel value', () => {
    const { data, columns } = scopes.parade;
    const [r, g, b] = CHART_PATCHES[2] ?? [0, 0, 0]; // columns 128..191, top half
    const column = 150;
    expect(data[(r * columns + column) * 4 + 0]).toBe(CHART_SIZE.patch);
    expect(data[(g * columns + WAVE_COLUMNS + column) * 4 + 1]).toBe(CHART_SIZE.patch);
    expect(data[(b * columns + 2 * WAVE_COLUMNS + column) * 4 + 2]).toBe(CHART_SIZE.patch);
  });

  it('puts neutral patches at the vectorscope centre and colours away from it', () => {
    const { data, columns } = scopes.vectorscope;
    const centre = (128 * columns + 128) * 4;
    // grey, black and white: 3 patches on the centre
    expect(data[centre]).toBe(3 * PATCH_AREA);
    const [cb, cr] = chroma(200 / 255, 30 / 255, 30 / 255);
    expect(cr).toBeGreaterThan(0.3); // red: strong +Cr
    expect(cb).toBeLessThan(0);
  });
});

describe('scope helpers', () => {
  it('bins 0..1 into 256 levels, clamping outside', () => {
    expect(levelBin(0)).toBe(0);
    expect(levelBin(1)).toBe(255);
    expect(levelBin(-0.2)).toBe(0);
    expect(levelBin(3)).toBe(255);
    for (let k = 0; k < 256; k++) expect(levelBin(Math.fround(k / 255))).toBe(k);
  });

  it('maps picture columns onto waveform columns', () => {
    expect(waveColumn(0, 256)).toBe(0);
    expect(waveColumn(255, 256)).toBe(255);
    expect(waveColumn(0, 128)).toBe(1);
    expect(waveColumn(127, 128)).toBe(255);
  });

  it('shrinks a picture into the sample, keeping its aspect, never enlarging', () => {
    expect(sampleSize({ width: 1920, height: 1080 })).toEqual({ width: 256, height: 144 });
    expect(sampleSize({ width: 100, height: 50 })).toEqual({ width: 100, height: 50 });
    expect(sampleSize({ width: 500, height: 2000 })).toEqual({ width: 128, height: 512 });
  });

  it('lights a lone pixel and saturates a full column', () => {
    expect(traceIntensity(0, 100)).toBe(0);
    expect(traceIntensity(1, 100)).toBeGreaterThan(0.25);
    expect(traceIntensity(100, 100)).toBe(1);
  });
});
