// Writes VFX test media (never committed): OpenEXR and DPX sequences carrying the frame-ID strip
// (docs/demo-clip.md), made by ffmpeg's own encoders, plus variants from the test-only writers
// (multi-layer, overscan, tiled, float, method-B and 16-bit DPX, a truncated file), and 16-bit TIFF.
// Usage: npx tsx scripts/make-vfx-media.ts [out-dir] [width] [height] [frames]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testPicture, writeDpx, writeExr } from './vfxMediaWriters';

export interface VfxMedia {
  /** ffmpeg-written half-float ZIP (16 lines) EXR sequence `shot.<frame>.exr`. */
  exrZip: string[];
  /** ffmpeg-written 10-bit DPX sequence `plate.<frame>.dpx` (method A, little-endian "XPDS"). */
  dpx10: string[];
  /** ffmpeg-written 16-bit RGB TIFF sequence `scan.<frame>.tif` (uncompressed). */
  tiff16: string[];
  /** One 16-bit RGBA deflate TIFF (big-endian samples). */
  tiffRgba: string;
  /** The EXR sequence without its middle frame (a gap). */
  exrGap: string[];
  /** Single files from our writers. */
  layered: string;
  overscan: string;
  tiled: string;
  float32: string;
  truncated: string;
  dpxMethodBLittle: string;
  dpx16: string;
}

const FFMPEG = ['-hide_banner', '-loglevel', 'error', '-y', '-nostdin'];

/** geq expressions drawing the strip for frame number (N + offset), as make-test-media.sh. */
function stripFilter(offset: number): string {
  const inside = 'gte(Y,H-W/32)*lt(X,W/2)';
  const bit = `gt(bitand(N+${offset},pow(2,15-floor(X/(W/32)))),0)`;
  return `drawbox=x=0:y=ih-iw/32-iw/64:w=iw/2+iw/64:h=iw/32+iw/64:color=black:t=fill,format=yuv444p,geq=lum='if(${inside},16+219*${bit},lum(X,Y))':cb='if(${inside},128,cb(X,Y))':cr='if(${inside},128,cr(X,Y))'`;
}

export function ffmpegSequence(
  dir: string,
  pattern: string,
  size: { width: number; height: number },
  first: number,
  frames: number,
  output: string[],
): string[] {
  execFileSync('ffmpeg', [
    ...FFMPEG,
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size.width}x${size.height}:rate=24`,
    '-frames:v',
    String(frames),
    '-vf',
    stripFilter(first),
    ...output,
    '-start_number',
    String(first),
    join(dir, pattern),
  ]);
  return Array.from({ length: frames }, (_, i) =>
    join(dir, pattern.replace('%04d', String(first + i).padStart(4, '0'))),
  );
}

export function makeVfxMedia(dir: string, width = 320, height = 180, frames = 5): VfxMedia {
  rmSync(dir, { recursive: true, force: true });
  const size = { width, height };
  const exrDir = join(dir, 'exr-zip');
  const dpxDir = join(dir, 'dpx10');
  const tiffDir = join(dir, 'tiff16');
  const gapDir = join(dir, 'exr-gap');
  for (const sub of [exrDir, dpxDir, tiffDir, gapDir]) mkdirSync(sub, { recursive: true });
  const exrZip = ffmpegSequence(exrDir, 'shot.%04d.exr', size, 1001, frames, [
    '-pix_fmt',
    'gbrpf32le',
    '-c:v',
    'exr',
    '-compression',
    'zip16',
    '-format',
    'half',
  ]);
  const dpx10 = ffmpegSequence(dpxDir, 'plate.%04d.dpx', size, 1001, frames, [
    '-pix_fmt',
    'gbrp10le',
    '-c:v',
    'dpx',
  ]);
  const tiff16 = ffmpegSequence(tiffDir, 'scan.%04d.tif', size, 1001, frames, [
    '-pix_fmt',
    'rgb48le',
    '-c:v',
    'tiff',
  ]);
  const tiffRgba = join(dir, 'rgba16.tif');
  execFileSync('ffmpeg', [
    ...FFMPEG,
    ...['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}`, '-frames:v', '1'],
    ...['-pix_fmt', 'rgba64be', '-c:v', 'tiff', '-compression_algo', 'deflate', tiffRgba],
  ]);
  const exrGap = exrZip
    .filter((_, i) => i !== Math.floor(frames / 2))
    .map((path) => {
      const target = join(gapDir, path.slice(exrDir.length + 1));
      writeFileSync(target, readFileSync(path));
      return target;
    });

  const box = { xMin: 0, yMin: 0, xMax: width - 1, yMax: height - 1 };
  const [r, g, b] = testPicture(width, height, 1001);
  const ones = new Float32Array(width * height).fill(1);
  const constant = (value: number): Float32Array => new Float32Array(width * height).fill(value);
  const single = (name: string, data: Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, data);
    return path;
  };
  const rgb = (compression: 'none' | 'zip' | 'zips', extra: object = {}): Buffer =>
    writeExr({
      dataWindow: box,
      compression,
      channels: [
        { name: 'R', values: r ?? ones },
        { name: 'G', values: g ?? ones },
        { name: 'B', values: b ?? ones },
      ],
      ...extra,
    });
  const layered = single(
    'layered.exr',
    writeExr({
      dataWindow: box,
      channels: [
        { name: 'R', values: r ?? ones },
        { name: 'G', values: g ?? ones },
        { name: 'B', values: b ?? ones },
        { name: 'A', values: ones },
        { name: 'diffuse.R', values: constant(0.5) },
        { name: 'diffuse.G', values: constant(0.25) },
        { name: 'diffuse.B', values: constant(0.125) },
        { name: 'depth.Z', values: constant(2) },
      ],
    }),
  );
  // Overscan: 10 px of data beyond the display window on every side, valued 3 (bright).
  const over = { xMin: -10, yMin: -10, xMax: width + 9, yMax: height + 9 };
  const overWidth = width + 20;
  const overValues = new Float32Array(overWidth * (height + 20)).fill(3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      overValues[(y + 10) * overWidth + x + 10] = (r ?? ones)[y * width + x] ?? 0;
  }
  const overscan = single(
    'overscan.exr',
    writeExr({
      dataWindow: over,
      displayWindow: box,
      compression: 'zips',
      channels: ['R', 'G', 'B'].map((name) => ({ name, values: overValues })),
    }),
  );
  const tiled = single('tiled.exr', rgb('none', { tile: 64 }));
  const float32 = single('float.exr', rgb('zip', { pixelType: 'float' }));
  const whole = rgb('zip');
  const truncated = single('truncated.exr', whole.subarray(0, Math.floor(whole.length * 0.7)));
  const codes10 = new Uint16Array(width * height * 3);
  const codes16 = new Uint16Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) {
      const value = Math.min(1, [r, g, b][c]?.[i] ?? 0);
      codes10[i * 3 + c] = Math.round(value * 1023);
      codes16[i * 3 + c] = Math.round(value * 65535);
    }
  }
  const dpxMethodBLittle = single(
    'methodB-le.dpx',
    writeDpx({ width, height, codes: codes10, bitDepth: 10, packing: 2, bigEndian: false }),
  );
  const dpx16 = single('rgb16.dpx', writeDpx({ width, height, codes: codes16, bitDepth: 16 }));
  return {
    exrZip,
    dpx10,
    tiff16,
    tiffRgba,
    exrGap,
    layered,
    overscan,
    tiled,
    float32,
    truncated,
    dpxMethodBLittle,
    dpx16,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir = 'test-results/vfx-media', width = '320', height = '180', frames = '5'] =
    process.argv.slice(2);
  const media = makeVfxMedia(dir, Number(width), Number(height), Number(frames));
  console.log(JSON.stringify(media, null, 2));
}
