// Live frames (pixel streaming, docs/pixel-streaming.md): the binary message a program pushes
// into a room's live source and viewers receive — a 36-byte header (little-endian) and the
// pixels of one region of one frame, raw RGBA8, a PNG file or an OpenEXR file (decoded by the
// page's EXR decoders, scene-linear to its sRGB preview). A renderer can send a whole frame or its
// buckets as they finish. Encoding, decoding and checking; no DOM, no Node.

export const LIVE_PATH = '/stream';
export const LIVE_HEADER_BYTES = 36;
const MAGIC = [0x52, 0x53, 0x4c, 0x46]; // "RSLF"
const VERSION = 1;
/** Largest image side accepted (16K). */
export const LIVE_MAX_SIDE = 16_384;

export const LIVE_ENCODINGS = ['rgba8', 'png', 'exr'] as const;
const EXR_MAGIC = [0x76, 0x2f, 0x31, 0x01];
export type LiveEncoding = (typeof LIVE_ENCODINGS)[number];

export interface LiveFrameHeader {
  encoding: LiveEncoding;
  /** The frame this region belongs to (a new number starts a new picture). */
  frame: number;
  /** The whole image. */
  width: number;
  height: number;
  /** The region these pixels fill. */
  x: number;
  y: number;
  regionWidth: number;
  regionHeight: number;
}

export function encodeLiveFrame(header: LiveFrameHeader, payload: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(LIVE_HEADER_BYTES + payload.byteLength);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  view.setUint8(4, VERSION);
  view.setUint8(5, LIVE_ENCODINGS.indexOf(header.encoding));
  const fields = [
    header.frame,
    header.width,
    header.height,
    header.x,
    header.y,
    header.regionWidth,
    header.regionHeight,
  ];
  fields.forEach((value, index) => view.setUint32(8 + index * 4, value, true));
  bytes.set(payload, LIVE_HEADER_BYTES);
  return bytes;
}

export type LiveFrameParse =
  { ok: true; header: LiveFrameHeader; payload: Uint8Array } | { ok: false; reason: string };

/** Reads and checks one live frame message (a malformed one is refused with the reason). */
export function decodeLiveFrame(bytes: Uint8Array): LiveFrameParse {
  if (bytes.byteLength < LIVE_HEADER_BYTES)
    return { ok: false, reason: `a ${bytes.byteLength}-byte message (the header alone is 36)` };
  if (MAGIC.some((value, index) => bytes[index] !== value))
    return { ok: false, reason: 'not a live frame (it must start with "RSLF")' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(4) !== VERSION)
    return { ok: false, reason: `format version ${view.getUint8(4)} (this server reads 1)` };
  const encoding = LIVE_ENCODINGS[view.getUint8(5)];
  if (!encoding)
    return { ok: false, reason: `encoding ${view.getUint8(5)} (0 = RGBA8, 1 = PNG, 2 = OpenEXR)` };
  const [frame = 0, width = 0, height = 0, x = 0, y = 0, regionWidth = 0, regionHeight = 0] =
    Array.from({ length: 7 }, (_, index) => view.getUint32(8 + index * 4, true));
  if (width < 1 || height < 1 || width > LIVE_MAX_SIDE || height > LIVE_MAX_SIDE)
    return { ok: false, reason: `image size ${width}×${height} (1 to ${LIVE_MAX_SIDE} a side)` };
  if (regionWidth < 1 || regionHeight < 1 || x + regionWidth > width || y + regionHeight > height)
    return {
      ok: false,
      reason: `region ${regionWidth}×${regionHeight} at ${x},${y} is not inside the ${width}×${height} image`,
    };
  const payload = bytes.subarray(LIVE_HEADER_BYTES);
  if (encoding === 'rgba8' && payload.byteLength !== regionWidth * regionHeight * 4)
    return {
      ok: false,
      reason: `${payload.byteLength} bytes of RGBA for a ${regionWidth}×${regionHeight} region (${regionWidth * regionHeight * 4} expected)`,
    };
  if (encoding === 'png' && payload.byteLength < 8) return { ok: false, reason: 'an empty PNG' };
  if (encoding === 'exr' && EXR_MAGIC.some((value, index) => payload[index] !== value))
    return { ok: false, reason: 'an OpenEXR frame that is not an OpenEXR file' };
  return {
    ok: true,
    header: { encoding, frame, width, height, x, y, regionWidth, regionHeight },
    payload,
  };
}

/** Whether the region is the whole image (it replaces everything before it). */
export function coversImage(header: LiveFrameHeader): boolean {
  return (
    header.x === 0 &&
    header.y === 0 &&
    header.regionWidth === header.width &&
    header.regionHeight === header.height
  );
}

/**
 * An OpenEXR file's display window size (what a live EXR frame's header gives as the image
 * size), or null when the bytes are not an OpenEXR file with one. Reads the header only.
 */
export function exrDisplaySize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.byteLength < 8 || EXR_MAGIC.some((value, index) => bytes[index] !== value)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (from: number) => {
    let end = from;
    while (end < bytes.byteLength && bytes[end] !== 0) end++;
    return { value: String.fromCharCode(...bytes.subarray(from, end)), next: end + 1 };
  };
  let offset = 8; // magic, version
  // Attributes: name\0 type\0 int32 size, value; an empty name ends the header.
  while (offset < bytes.byteLength) {
    const name = text(offset);
    if (name.value === '') return null;
    const type = text(name.next);
    if (type.next + 4 > bytes.byteLength) return null;
    const size = view.getInt32(type.next, true);
    const value = type.next + 4;
    if (size < 0 || value + size > bytes.byteLength) return null;
    if (name.value === 'displayWindow' && type.value === 'box2i' && size === 16) {
      const [xMin, yMin, xMax, yMax] = [0, 4, 8, 12].map((at) => view.getInt32(value + at, true));
      const width = (xMax ?? 0) - (xMin ?? 0) + 1;
      const height = (yMax ?? 0) - (yMin ?? 0) + 1;
      return width > 0 && height > 0 ? { width, height } : null;
    }
    offset = value + size;
  }
  return null;
}
