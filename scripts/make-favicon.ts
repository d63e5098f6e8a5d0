// Writes public/favicon.ico: the same picture as public/favicon.svg (a play triangle in a frame,
// amber on the app's dark surface) drawn at 32×32 and stored as a 32-bit BMP icon, for clients
// that ask for /favicon.ico instead of the <link rel="icon"> SVG. Run: npx tsx scripts/make-favicon.ts
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const SIZE = 32;
const BACKGROUND = [0x17, 0x19, 0x1c] as const;
const ACCENT = [0xf2, 0xa3, 0x3a] as const;

/** Colour (RGBA) at pixel centre (x, y) in the SVG's 32-unit view box. */
function pixel(x: number, y: number): readonly [number, number, number, number] {
  const cx = x + 0.5;
  const cy = y + 0.5;
  // Rounded background square (rx 6).
  const dx = Math.max(6 - cx, 0, cx - (SIZE - 6));
  const dy = Math.max(6 - cy, 0, cy - (SIZE - 6));
  if (dx * dx + dy * dy > 36) return [0, 0, 0, 0];
  // Frame: a 24×16 rectangle at (4, 8) stroked 2.5 wide.
  const inOuter = cx >= 2.75 && cx <= 29.25 && cy >= 6.75 && cy <= 25.25;
  const inInner = cx > 5.25 && cx < 26.75 && cy > 9.25 && cy < 22.75;
  if (inOuter && !inInner) return [...ACCENT, 255];
  // Play triangle (13,12.5)-(13,19.5)-(19,16).
  if (cx >= 13 && cx <= 19 && Math.abs(cy - 16) <= (3.5 * (19 - cx)) / 6) return [...ACCENT, 255];
  return [...BACKGROUND, 255];
}

function icon(): Buffer {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  const maskRow = Math.ceil(SIZE / 32) * 4;
  const bitmap = Buffer.alloc(40 + SIZE * SIZE * 4 + maskRow * SIZE);
  bitmap.writeUInt32LE(40, 0); // BITMAPINFOHEADER
  bitmap.writeInt32LE(SIZE, 4);
  bitmap.writeInt32LE(SIZE * 2, 8); // XOR image + AND mask
  bitmap.writeUInt16LE(1, 12); // planes
  bitmap.writeUInt16LE(32, 14); // bits per pixel
  for (let row = 0; row < SIZE; row++) {
    const y = SIZE - 1 - row; // bottom-up
    for (let x = 0; x < SIZE; x++) {
      const [r, g, b, a] = pixel(x, y);
      const offset = 40 + (row * SIZE + x) * 4;
      bitmap.writeUInt8(b, offset);
      bitmap.writeUInt8(g, offset + 1);
      bitmap.writeUInt8(r, offset + 2);
      bitmap.writeUInt8(a, offset + 3);
    }
  }
  // The AND mask stays all zero: the alpha channel carries the transparency.
  header.writeUInt8(SIZE, 6);
  header.writeUInt8(SIZE, 7);
  header.writeUInt16LE(1, 10); // planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(bitmap.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, bitmap]);
}

const target = path.join(import.meta.dirname, '..', 'public', 'favicon.ico');
writeFileSync(target, icon());
console.log(`wrote ${target}`);
