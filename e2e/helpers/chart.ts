// A test chart of flat color patches written as an 8-bit RGB PNG in Node (node:zlib), so a test
// knows every pixel value it shows; and the patch centres to sample.
import { deflateSync } from 'node:zlib';

export type Rgb8 = readonly [number, number, number];

export interface Chart {
  png: Buffer;
  width: number;
  height: number;
  patches: ReadonlyArray<{ color: Rgb8; center: { x: number; y: number } }>;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Patches of `size` px in rows of `columns`, in the order given. */
export function makeChart(colors: readonly Rgb8[], columns = 4, size = 64): Chart {
  const width = columns * size;
  const height = Math.ceil(colors.length / columns) * size;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const index = Math.floor(y / size) * columns + Math.floor(x / size);
      const color = colors[index] ?? [0, 0, 0];
      raw.set(color, y * (width * 3 + 1) + 1 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit, RGB
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  const patches = colors.map((color, index) => ({
    color,
    center: {
      x: (index % columns) * size + size / 2,
      y: Math.floor(index / columns) * size + size / 2,
    },
  }));
  return { png, width, height, patches };
}
