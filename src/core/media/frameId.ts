// The frame-ID strip (docs/demo-clip.md): geometry, bit encoding, and a decoder that reads a frame
// number back from RGBA pixels. Pure and DOM-free so unit tests, e2e tests and benchmarks share it.

/** Number of cells (bits) in the strip; frame numbers 0..65535 are representable. */
export const FRAME_ID_BITS = 16;

/** Where the strip lies in an image of the given size, in image pixels (origin top-left). */
export interface FrameIdStripGeometry {
  /** Side of one square cell: width / 32 (60 at 1920 wide). */
  cellSize: number;
  /** Left edge of the strip (always 0). */
  x: number;
  /** Top edge of the strip: height - cellSize. */
  y: number;
  /** FRAME_ID_BITS * cellSize: the strip spans the left half of the image. */
  width: number;
  height: number;
  /** Black border kept free of picture above and right of the strip (half a cell). */
  margin: number;
}

export function frameIdStripGeometry(
  imageWidth: number,
  imageHeight: number,
): FrameIdStripGeometry {
  const cellSize = imageWidth / 32;
  return {
    cellSize,
    x: 0,
    y: imageHeight - cellSize,
    width: cellSize * FRAME_ID_BITS,
    height: cellSize,
    margin: cellSize / 2,
  };
}

/** Cell states left to right: cell i is true (white) when bit 15 - i of the frame number is set. */
export function frameIdBits(frame: number): boolean[] {
  if (!Number.isInteger(frame) || frame < 0 || frame >= 2 ** FRAME_ID_BITS) {
    throw new RangeError(`frame ${frame} cannot be encoded in ${FRAME_ID_BITS} bits`);
  }
  const bits: boolean[] = [];
  for (let i = 0; i < FRAME_ID_BITS; i++) bits.push(((frame >> (FRAME_ID_BITS - 1 - i)) & 1) === 1);
  return bits;
}

/** Inverse of frameIdBits. */
export function frameFromBits(bits: readonly boolean[]): number {
  if (bits.length !== FRAME_ID_BITS) throw new RangeError(`expected ${FRAME_ID_BITS} bits`);
  return bits.reduce((value, bit) => value * 2 + (bit ? 1 : 0), 0);
}

/** Where the image lies inside the pixel buffer (e.g. a letterboxed or zoomed canvas readback). */
export interface ImageRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DecodeFrameIdOptions {
  /** The image's rectangle inside the buffer, in buffer pixels. Default: the whole buffer. */
  imageRect?: ImageRect;
  /** Rows are stored bottom-up (WebGL readPixels). Default false. */
  flipY?: boolean;
}

/** Per-cell measurements, for diagnostics when a strip does not decode. */
export interface FrameIdReading {
  /** The decoded frame number, or null when some cell is neither clearly black nor clearly white. */
  frame: number | null;
  /** Mean luma (0-255) of the central half of each cell, left to right. */
  cellLuma: number[];
}

// A cell is read as white above HIGH and black below LOW; in between the strip is not trusted
// (not present, covered by something, or mid-blend), which callers see as null.
const LOW = 80;
const HIGH = 176;

/** Reads the strip and returns the per-cell luma as well as the frame number. */
export function readFrameIdStrip(
  rgba: ArrayLike<number>,
  bufferWidth: number,
  bufferHeight: number,
  options: DecodeFrameIdOptions = {},
): FrameIdReading {
  if (rgba.length < bufferWidth * bufferHeight * 4) {
    throw new RangeError(
      `buffer holds ${rgba.length} bytes, less than ${bufferWidth}x${bufferHeight} RGBA`,
    );
  }
  const rect = options.imageRect ?? { x: 0, y: 0, width: bufferWidth, height: bufferHeight };
  // The geometry is proportional to the image width, so it holds in buffer pixels at any zoom.
  const strip = frameIdStripGeometry(rect.width, rect.height);
  const cellLuma: number[] = [];
  let ambiguous = false;
  const bits: boolean[] = [];
  for (let i = 0; i < FRAME_ID_BITS; i++) {
    // Sample the central half of the cell so blur and chroma bleed at the edges do not matter.
    const x0 = rect.x + strip.x + (i + 0.25) * strip.cellSize;
    const x1 = rect.x + strip.x + (i + 0.75) * strip.cellSize;
    const y0 = rect.y + strip.y + 0.25 * strip.cellSize;
    const y1 = rect.y + strip.y + 0.75 * strip.cellSize;
    const luma = meanLuma(rgba, bufferWidth, bufferHeight, x0, y0, x1, y1, options.flipY === true);
    cellLuma.push(luma);
    if (luma >= HIGH) bits.push(true);
    else if (luma <= LOW) bits.push(false);
    else {
      ambiguous = true;
      bits.push(false);
    }
  }
  return { frame: ambiguous ? null : frameFromBits(bits), cellLuma };
}

/**
 * Decodes the frame number shown by the strip in an RGBA buffer (row-major, 4 bytes per pixel),
 * or null when no clean strip is found.
 */
export function decodeFrameIdStrip(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  options: DecodeFrameIdOptions = {},
): number | null {
  return readFrameIdStrip(rgba, width, height, options).frame;
}

function meanLuma(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  flipY: boolean,
): number {
  const left = clampInt(Math.round(x0), 0, width - 1);
  const right = clampInt(Math.round(x1), left + 1, width);
  const top = clampInt(Math.round(y0), 0, height - 1);
  const bottom = clampInt(Math.round(y1), top + 1, height);
  let sum = 0;
  let count = 0;
  for (let y = top; y < bottom; y++) {
    const row = flipY ? height - 1 - y : y;
    for (let x = left; x < right; x++) {
      const p = (row * width + x) * 4;
      // Rec. 709 luma weights.
      sum += 0.2126 * (rgba[p] ?? 0) + 0.7152 * (rgba[p + 1] ?? 0) + 0.0722 * (rgba[p + 2] ?? 0);
      count++;
    }
  }
  return count === 0 ? 0 : sum / count;
}

function clampInt(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
