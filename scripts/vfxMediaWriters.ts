// Test-only writers for OpenEXR (half/float, NONE or ZIP/ZIPS, scanline or tiled, any channels,
// data and display windows) and DPX (10-bit fill A/B, 16-bit, either endianness), used by
// scripts/make-vfx-media.ts and the decoder tests. Not used by the player.
import { deflateSync } from 'node:zlib';
import { floatToHalf } from '../src/core/media/images/floatImage';
import { frameIdBits, frameIdStripGeometry } from '../src/core/media/frameId';

export interface Box {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface ExrChannelData {
  name: string;
  /** One value per pixel of the data window, rows top to bottom. */
  values: Float32Array;
}

export interface ExrWriteOptions {
  dataWindow: Box;
  displayWindow?: Box;
  channels: ExrChannelData[];
  compression?: 'none' | 'zips' | 'zip';
  pixelType?: 'half' | 'float';
  /** Tile size (single-level tiles, NONE or ZIP per tile) instead of scanlines. */
  tile?: number;
  /** The pixelAspectRatio attribute (default 1). */
  pixelAspect?: number;
}

const COMPRESSION_CODE = { none: 0, zips: 2, zip: 3 } as const;

class ByteWriter {
  private readonly chunks: Buffer[] = [];
  length = 0;
  bytes(data: Uint8Array): this {
    const chunk = Buffer.from(data);
    this.chunks.push(chunk);
    this.length += chunk.length;
    return this;
  }
  string(text: string): this {
    return this.bytes(Buffer.from(`${text}\0`, 'latin1'));
  }
  u8(value: number): this {
    return this.bytes(Uint8Array.of(value));
  }
  i32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32LE(value);
    return this.bytes(b);
  }
  u64(value: number): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(value));
    return this.bytes(b);
  }
  f32(value: number): this {
    const b = Buffer.alloc(4);
    b.writeFloatLE(value);
    return this.bytes(b);
  }
  attribute(name: string, type: string, value: ByteWriter): this {
    return this.string(name).string(type).i32(value.length).bytes(value.build());
  }
  build(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

const boxBytes = (box: Box): ByteWriter =>
  new ByteWriter().i32(box.xMin).i32(box.yMin).i32(box.xMax).i32(box.yMax);

/** OpenEXR's ZIP pre-pass: bytes split into even/odd halves, then a delta predictor. */
function zipBlock(raw: Buffer): Buffer {
  const t = Buffer.alloc(raw.length);
  const half = (raw.length + 1) >> 1;
  for (let i = 0; i < raw.length; i++) t[(i & 1 ? half : 0) + (i >> 1)] = raw[i] ?? 0;
  let previous = t[0] ?? 0;
  for (let i = 1; i < t.length; i++) {
    const current = t[i] ?? 0;
    t[i] = (current - previous + 128 + 256) & 0xff;
    previous = current;
  }
  return deflateSync(t);
}

/** One part's header attributes (without the closing null) and its chunks (without a part number). */
function encodePart(
  options: ExrWriteOptions,
  extra: (header: ByteWriter, chunkCount: number) => void = () => undefined,
): { header: ByteWriter; blocks: Buffer[]; tiled: boolean } {
  const { dataWindow } = options;
  const width = dataWindow.xMax - dataWindow.xMin + 1;
  const height = dataWindow.yMax - dataWindow.yMin + 1;
  const channels = [...options.channels].sort((a, b) => (a.name < b.name ? -1 : 1));
  const half = (options.pixelType ?? 'half') === 'half';
  const compression = options.compression ?? 'zip';
  const blockHeight = options.tile ?? (compression === 'zip' ? 16 : 1);
  const blockWidth = options.tile ?? width;
  const tiled = options.tile !== undefined;

  const header = new ByteWriter();
  const chlist = new ByteWriter();
  for (const channel of channels) {
    chlist
      .string(channel.name)
      .i32(half ? 1 : 2)
      .u8(0)
      .u8(0)
      .u8(0)
      .u8(0)
      .i32(1)
      .i32(1);
  }
  chlist.u8(0);
  header.attribute('channels', 'chlist', chlist);
  header.attribute(
    'compression',
    'compression',
    new ByteWriter().u8(COMPRESSION_CODE[compression]),
  );
  header.attribute('dataWindow', 'box2i', boxBytes(dataWindow));
  header.attribute('displayWindow', 'box2i', boxBytes(options.displayWindow ?? dataWindow));
  header.attribute('lineOrder', 'lineOrder', new ByteWriter().u8(0));
  header.attribute('pixelAspectRatio', 'float', new ByteWriter().f32(options.pixelAspect ?? 1));
  header.attribute('screenWindowCenter', 'v2f', new ByteWriter().f32(0).f32(0));
  header.attribute('screenWindowWidth', 'float', new ByteWriter().f32(1));
  if (tiled) {
    const tiles = new ByteWriter().i32(blockWidth).i32(blockHeight).u8(0);
    header.attribute('tiles', 'tiledesc', tiles);
  }

  const blocks: Buffer[] = [];
  for (let y0 = 0; y0 < height; y0 += blockHeight) {
    for (let x0 = 0; x0 < width; x0 += blockWidth) {
      const lines = Math.min(blockHeight, height - y0);
      const columns = Math.min(blockWidth, width - x0);
      const raw = Buffer.alloc(lines * columns * channels.length * (half ? 2 : 4));
      let at = 0;
      for (let y = y0; y < y0 + lines; y++) {
        for (const channel of channels) {
          for (let x = x0; x < x0 + columns; x++) {
            const value = channel.values[y * width + x] ?? 0;
            at = half ? raw.writeUInt16LE(floatToHalf(value), at) : raw.writeFloatLE(value, at);
          }
        }
      }
      const packed = compression === 'none' ? raw : zipBlock(raw);
      const data = packed.length < raw.length ? packed : raw;
      const prefix = tiled
        ? new ByteWriter()
            .i32(x0 / blockWidth)
            .i32(y0 / blockHeight)
            .i32(0)
            .i32(0)
        : new ByteWriter().i32(dataWindow.yMin + y0);
      blocks.push(Buffer.concat([prefix.i32(data.length).build(), data]));
    }
  }
  extra(header, blocks.length);
  return { header, blocks, tiled };
}

export function writeExr(options: ExrWriteOptions): Buffer {
  const { header, blocks, tiled } = encodePart(options);
  const start = new ByteWriter()
    .bytes(Uint8Array.of(0x76, 0x2f, 0x31, 0x01, 2, tiled ? 2 : 0, 0, 0))
    .bytes(header.build())
    .u8(0);
  const table = new ByteWriter();
  let offset = start.length + blocks.length * 8;
  for (const block of blocks) {
    table.u64(offset);
    offset += block.length;
  }
  return Buffer.concat([start.build(), table.build(), ...blocks]);
}

/** A multi-part scanline EXR: each part named, its chunks prefixed by the part number. */
export function writeMultiPartExr(parts: Array<ExrWriteOptions & { name: string }>): Buffer {
  const encoded = parts.map((part) =>
    encodePart(part, (header, chunkCount) => {
      header.attribute('name', 'string', new ByteWriter().bytes(Buffer.from(part.name, 'latin1')));
      header.attribute('type', 'string', new ByteWriter().bytes(Buffer.from('scanlineimage')));
      header.attribute('chunkCount', 'int', new ByteWriter().i32(chunkCount));
    }),
  );
  const start = new ByteWriter().bytes(Uint8Array.of(0x76, 0x2f, 0x31, 0x01, 2, 0x10, 0, 0));
  for (const { header } of encoded) start.bytes(header.build()).u8(0);
  start.u8(0);
  const chunkTotal = encoded.reduce((sum, part) => sum + part.blocks.length, 0);
  const table = new ByteWriter();
  const chunks: Buffer[] = [];
  let offset = start.length + chunkTotal * 8;
  encoded.forEach(({ blocks }, index) => {
    for (const block of blocks) {
      const chunk = Buffer.concat([new ByteWriter().i32(index).build(), block]);
      table.u64(offset);
      offset += chunk.length;
      chunks.push(chunk);
    }
  });
  return Buffer.concat([start.build(), table.build(), ...chunks]);
}

export interface DpxWriteOptions {
  width: number;
  height: number;
  /** R, G, B code values per pixel (0 … 2^bitDepth − 1). */
  codes: Uint16Array;
  bitDepth: 10 | 16;
  /** 10-bit only: 1 = method A (padding low), 2 = method B (padding high). */
  packing?: 1 | 2;
  bigEndian?: boolean;
  /** DPX transfer characteristic: 1 printing density (log), 2 linear, 6 Rec.709 video. */
  transfer?: number;
  /** The orientation header's pixel aspect, horizontal and vertical (default: undefined). */
  pixelAspect?: [number, number];
}

export function writeDpx(options: DpxWriteOptions): Buffer {
  const { width, height, codes, bitDepth } = options;
  const big = options.bigEndian ?? true;
  const packing = bitDepth === 10 ? (options.packing ?? 1) : 0;
  const dataOffset = 2048;
  const lineBytes = bitDepth === 10 ? width * 4 : width * 6;
  const file = Buffer.alloc(dataOffset + lineBytes * height);
  const u32 = (at: number, v: number): number =>
    big ? file.writeUInt32BE(v, at) : file.writeUInt32LE(v, at);
  const u16 = (at: number, v: number): number =>
    big ? file.writeUInt16BE(v, at) : file.writeUInt16LE(v, at);
  file.write(big ? 'SDPX' : 'XPDS', 0, 'latin1');
  u32(4, dataOffset);
  file.write('V2.0', 8, 'latin1');
  u32(16, file.length);
  u16(768, 0);
  u16(770, 1);
  u32(772, width);
  u32(776, height);
  file.writeUInt8(50, 800);
  file.writeUInt8(options.transfer ?? 2, 801);
  file.writeUInt8(options.transfer ?? 2, 802);
  file.writeUInt8(bitDepth, 803);
  u16(804, packing);
  u16(806, 0);
  u32(808, dataOffset);
  const [aspectH, aspectV] = options.pixelAspect ?? [0xffffffff, 0xffffffff];
  u32(1628, aspectH);
  u32(1632, aspectV);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      const at = dataOffset + y * lineBytes + x * (bitDepth === 10 ? 4 : 6);
      const [r, g, b] = [codes[p] ?? 0, codes[p + 1] ?? 0, codes[p + 2] ?? 0];
      if (bitDepth === 10) {
        const word = (r << 20) | (g << 10) | b;
        u32(at, (packing === 1 ? word << 2 : word) >>> 0);
      } else {
        u16(at, r);
        u16(at + 2, g);
        u16(at + 4, b);
      }
    }
  }
  return file;
}

/**
 * A test picture in scene-linear light: an HDR ramp (red 0 … 4 left to right), green falling top
 * to bottom, blue 0.25, and the frame-ID strip of `frame` (cells 1.0 / 0.0 on a black margin).
 */
export function testPicture(width: number, height: number, frame: number): Float32Array[] {
  const r = new Float32Array(width * height);
  const g = new Float32Array(width * height);
  const b = new Float32Array(width * height);
  const strip = frameIdStripGeometry(width, height);
  const bits = frameIdBits(frame);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const inMargin = y >= strip.y - strip.margin && x < strip.width + strip.margin;
      if (inMargin) {
        const cell = Math.floor(x / strip.cellSize);
        const lit = y >= strip.y && cell < bits.length && bits[cell] === true ? 1 : 0;
        r[i] = g[i] = b[i] = lit;
      } else {
        r[i] = (4 * x) / (width - 1);
        g[i] = 1 - y / (height - 1);
        b[i] = 0.25;
      }
    }
  }
  return [r, g, b];
}
