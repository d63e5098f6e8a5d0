import { describe, expect, it } from 'vitest';
import {
  decodeFrameIdStrip,
  FRAME_ID_BITS,
  frameFromBits,
  frameIdBits,
  frameIdStripGeometry,
  readFrameIdStrip,
} from './frameId';

/** Paints a grey picture with the strip for `frame`, like the demo clip and test media do. */
function paintStrip(frame: number, width: number, height: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4).fill(128);
  const strip = frameIdStripGeometry(width, height);
  const bits = frameIdBits(frame);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      rgba[p + 3] = 255;
      const inMargin = y >= strip.y - strip.margin && x < strip.width + strip.margin;
      if (!inMargin) continue;
      const cell = Math.floor(x / strip.cellSize);
      const white = y >= strip.y && cell < FRAME_ID_BITS && bits[cell] === true;
      rgba.fill(white ? 255 : 0, p, p + 3);
    }
  }
  return rgba;
}

/** Deterministic pseudo-random noise (a tiny LCG) so failures reproduce. */
function addNoise(rgba: Uint8ClampedArray, amplitude: number, seed = 1): void {
  let state = seed;
  for (let i = 0; i < rgba.length; i++) {
    if (i % 4 === 3) continue;
    state = (state * 1103515245 + 12345) % 2 ** 31;
    rgba[i] = (rgba[i] ?? 0) + ((state / 2 ** 31) * 2 - 1) * amplitude;
  }
}

/** Horizontal + vertical box blur, like the smear of a lossy codec across cell edges. */
function blur(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  radius: number,
): Uint8ClampedArray {
  const pass = (src: Uint8ClampedArray, dx: number, dy: number): Uint8ClampedArray => {
    const out = new Uint8ClampedArray(src.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 4; c++) {
          let sum = 0;
          let n = 0;
          for (let k = -radius; k <= radius; k++) {
            const sx = x + k * dx;
            const sy = y + k * dy;
            if (sx < 0 || sy < 0 || sx >= width || sy >= height) continue;
            sum += src[(sy * width + sx) * 4 + c] ?? 0;
            n++;
          }
          out[(y * width + x) * 4 + c] = sum / n;
        }
      }
    }
    return out;
  };
  return pass(pass(rgba, 1, 0), 0, 1);
}

describe('frame-ID bits', () => {
  it('puts bit 15 - i of the frame number in cell i', () => {
    const bits = frameIdBits(1001); // 0b0000001111101001
    expect(bits.map((b) => (b ? '1' : '0')).join('')).toBe('0000001111101001');
    expect(frameIdBits(1)[15]).toBe(true);
    expect(frameIdBits(32768)[0]).toBe(true);
  });

  it('round-trips every 16-bit frame number', () => {
    for (let frame = 0; frame < 2 ** 16; frame += 97)
      expect(frameFromBits(frameIdBits(frame))).toBe(frame);
    expect(frameFromBits(frameIdBits(65535))).toBe(65535);
  });

  it('rejects numbers that do not fit', () => {
    expect(() => frameIdBits(-1)).toThrow(RangeError);
    expect(() => frameIdBits(65536)).toThrow(RangeError);
    expect(() => frameIdBits(1.5)).toThrow(RangeError);
  });
});

describe('strip geometry', () => {
  it('matches the documented 1920x1080 layout', () => {
    expect(frameIdStripGeometry(1920, 1080)).toEqual({
      cellSize: 60,
      x: 0,
      y: 1020,
      width: 960,
      height: 60,
      margin: 30,
    });
  });

  it('scales with the width', () => {
    const strip = frameIdStripGeometry(640, 360);
    expect(strip.cellSize).toBe(20);
    expect(strip.y).toBe(340);
    expect(strip.width).toBe(320);
  });
});

describe('decodeFrameIdStrip', () => {
  it('reads clean strips at several sizes', () => {
    for (const [width, height, frame] of [
      [1920, 1080, 1],
      [640, 360, 48],
      [320, 180, 1005],
      [200, 120, 65535],
    ] as const) {
      expect(decodeFrameIdStrip(paintStrip(frame, width, height), width, height)).toBe(frame);
    }
  });

  it('survives noise and compression-like blur', () => {
    const width = 640;
    const height = 360;
    for (const frame of [1, 2, 24, 1440, 43690, 21845]) {
      const rgba = blur(paintStrip(frame, width, height), width, height, 3);
      addNoise(rgba, 40, frame);
      expect(decodeFrameIdStrip(rgba, width, height)).toBe(frame);
    }
  });

  it('returns null when there is no strip', () => {
    const grey = new Uint8ClampedArray(320 * 180 * 4).fill(128);
    expect(decodeFrameIdStrip(grey, 320, 180)).toBeNull();
    const reading = readFrameIdStrip(grey, 320, 180);
    expect(reading.cellLuma).toHaveLength(16);
    expect(reading.cellLuma[0]).toBeCloseTo(128, 0);
  });

  it('reads an image placed inside a larger buffer, also bottom-up', () => {
    const image = paintStrip(777, 320, 180);
    const bufferWidth = 400;
    const bufferHeight = 300;
    const buffer = new Uint8ClampedArray(bufferWidth * bufferHeight * 4);
    const rect = { x: 40, y: 60, width: 320, height: 180 };
    for (let y = 0; y < rect.height; y++) {
      const from = y * rect.width * 4;
      buffer.set(
        image.subarray(from, from + rect.width * 4),
        ((rect.y + y) * bufferWidth + rect.x) * 4,
      );
    }
    expect(decodeFrameIdStrip(buffer, bufferWidth, bufferHeight, { imageRect: rect })).toBe(777);
    const flipped = new Uint8ClampedArray(buffer.length);
    for (let y = 0; y < bufferHeight; y++) {
      const row = buffer.subarray(y * bufferWidth * 4, (y + 1) * bufferWidth * 4);
      flipped.set(row, (bufferHeight - 1 - y) * bufferWidth * 4);
    }
    expect(
      decodeFrameIdStrip(flipped, bufferWidth, bufferHeight, { imageRect: rect, flipY: true }),
    ).toBe(777);
  });

  it('reads an image drawn at a different scale', () => {
    // A 320x180 image shown at 2x occupies 640x360 buffer pixels; the strip scales with it.
    const rgba = paintStrip(300, 640, 360);
    expect(
      decodeFrameIdStrip(rgba, 640, 360, { imageRect: { x: 0, y: 0, width: 640, height: 360 } }),
    ).toBe(300);
  });

  it('rejects a buffer smaller than the stated size', () => {
    expect(() => decodeFrameIdStrip(new Uint8ClampedArray(10), 320, 180)).toThrow(RangeError);
  });
});
