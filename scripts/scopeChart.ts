// Test-only: a chart of flat patches with known pixel values for the scopes and the pixel probe,
// as 8-bit RGBA (written to PNG here) and as scene-linear floats (for an EXR). Not used by the player.
import { crc32, deflateSync } from 'node:zlib';
import { writeExr } from './vfxMediaWriters';

/** 8-bit patches: 4 columns × 2 rows of 64 × 64 px on a 256 × 128 chart. */
export const CHART_PATCHES: ReadonlyArray<readonly [number, number, number]> = [
  [200, 30, 30],
  [30, 180, 60],
  [40, 60, 220],
  [128, 128, 128],
  [0, 0, 0],
  [255, 255, 255],
  [235, 200, 16],
  [90, 20, 150],
];
export const CHART_SIZE = { width: 256, height: 128, patch: 64 } as const;

/** Scene-linear patches for the EXR chart: mid-grey, white, over-range, a dark value, colours. */
export const LINEAR_PATCHES: ReadonlyArray<readonly [number, number, number]> = [
  [0.18, 0.18, 0.18],
  [1, 1, 1],
  [4.5, 2.25, 0.5],
  [0.0031, 0.01, 0.05],
  [0.75, 0.05, 0.02],
  [0.02, 0.6, 0.1],
  [0.05, 0.1, 0.9],
  [0.5, 0.5, 0.25],
];

/** The patch index under image pixel (x, y). */
export function patchAt(x: number, y: number): number {
  return Math.floor(y / CHART_SIZE.patch) * 4 + Math.floor(x / CHART_SIZE.patch);
}

/** The centre of patch `index` in image px. */
export function patchCentre(index: number): { x: number; y: number } {
  const half = CHART_SIZE.patch / 2;
  return {
    x: (index % 4) * CHART_SIZE.patch + half,
    y: Math.floor(index / 4) * CHART_SIZE.patch + half,
  };
}

/** The chart as RGBA8, rows top to bottom. */
export function chartRgba(): Uint8Array {
  const { width, height } = CHART_SIZE;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = CHART_PATCHES[patchAt(x, y)] ?? [0, 0, 0];
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return data;
}

/** The linear chart's channels (R, G, B), rows top to bottom, for writeExr. */
export function linearChartChannels(): Float32Array[] {
  const { width, height } = CHART_SIZE;
  const channels = [0, 1, 2].map(() => new Float32Array(width * height));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const patch = LINEAR_PATCHES[patchAt(x, y)] ?? [0, 0, 0];
      for (let c = 0; c < 3; c++) (channels[c] as Float32Array)[y * width + x] = patch[c] ?? 0;
    }
  }
  return channels;
}

/** A minimal PNG (RGBA8, no colour chunks: read as sRGB as it is). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(
      rows,
      y * (width * 4 + 1) + 1,
    );
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}

/** The linear chart as a half-float EXR file. */
export function exrChart(): Buffer {
  const [r, g, b] = linearChartChannels();
  const { width, height } = CHART_SIZE;
  return writeExr({
    dataWindow: { xMin: 0, yMin: 0, xMax: width - 1, yMax: height - 1 },
    channels: [
      { name: 'B', values: b ?? new Float32Array() },
      { name: 'G', values: g ?? new Float32Array() },
      { name: 'R', values: r ?? new Float32Array() },
    ],
    pixelType: 'half',
  });
}

/** The CPU reference of the player's display transform for linear pictures: the sRGB encode. */
export function srgbEncode(linear: number): number {
  const c = Math.min(1, Math.max(0, linear));
  return c <= 0.0031308 ? c * 12.92 : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
}
