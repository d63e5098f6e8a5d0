// Decodes one DPX file (SMPTE 268M) to a scene-linear half-float RGBA picture: 10-bit packed in
// 32-bit words (fill method A or B), 16-bit, 8-bit; big or little endian; RGB, RGBA or luma;
// printing-density (Cineon log) data is converted to linear, video/linear data is linearised.
import { ImageDecodeError } from './decodeError';
import { floatToHalf, type FloatImage } from './floatImage';
import { unpackWords, wordAt, type Packed10Image } from './packedImage';

export type DpxTransfer = 'log' | 'linear' | 'video';

export interface DpxInfo {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 = packed, 1 = filled method A (padding in the low bits), 2 = method B (high bits). */
  packing: number;
  bigEndian: boolean;
  /** Components per pixel: 1 (luma), 3 (RGB) or 4 (RGBA). */
  components: number;
  transfer: DpxTransfer;
  /** Horizontal / vertical pixel aspect from the orientation header (1 when undefined). */
  pixelAspect: number;
}

export interface DecodedDpx {
  image: FloatImage;
  info: DpxInfo;
}

const GENERIC_HEADER_SIZE = 768;
/** Image element descriptors: 6 luma, 50 RGB, 51 RGBA. */
const COMPONENTS_BY_DESCRIPTOR: Readonly<Record<number, number>> = { 6: 1, 50: 3, 51: 4 };
/** Transfer characteristics: 1 printing density and 3 logarithmic are Cineon log. */
const LOG_TRANSFERS = new Set([1, 3]);
const LINEAR_TRANSFERS = new Set([2]);

/** Cineon: 10-bit code 95 is black, 685 white, 0.002 density per code, 0.6 negative gamma. */
const CINEON_BLACK = 95;
const CINEON_WHITE = 685;
const CINEON_DENSITY_PER_CODE = 0.002 / 0.6;

export function readDpxInfo(
  bytes: Uint8Array,
): DpxInfo & { dataOffset: number; eolPadding: number; encoding: number } {
  if (bytes.length < GENERIC_HEADER_SIZE + 60) {
    throw new ImageDecodeError('TRUNCATED', 'the file is truncated (its header ends early)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== 'SDPX' && magic !== 'XPDS') {
    throw new ImageDecodeError('CORRUPT', 'it is not a DPX file (wrong magic number)');
  }
  const big = magic === 'SDPX';
  const u32 = (at: number): number => view.getUint32(at, !big);
  const u16 = (at: number): number => view.getUint16(at, !big);
  const elements = u16(770);
  const width = u32(772);
  const height = u32(776);
  const descriptor = view.getUint8(800);
  const transferCode = view.getUint8(801);
  const bitDepth = view.getUint8(803);
  const packing = u16(804);
  const encoding = u16(806);
  const elementOffset = u32(808);
  const eol = u32(812);
  const components = COMPONENTS_BY_DESCRIPTOR[descriptor];
  if (elements < 1 || width < 1 || height < 1 || width > 32768 || height > 32768) {
    throw new ImageDecodeError(
      'CORRUPT',
      `its header gives an impossible size (${width}×${height})`,
    );
  }
  if (!components) {
    throw new ImageDecodeError(
      'UNSUPPORTED',
      `its image element descriptor ${descriptor} is not supported (only luma 6, RGB 50, RGBA 51)`,
    );
  }
  const transfer: DpxTransfer = LOG_TRANSFERS.has(transferCode)
    ? 'log'
    : LINEAR_TRANSFERS.has(transferCode)
      ? 'linear'
      : 'video';
  return {
    width,
    height,
    pixelAspect: dpxPixelAspect(bytes.length >= 1636 ? [u32(1628), u32(1632)] : null),
    bitDepth,
    packing,
    bigEndian: big,
    components,
    transfer,
    dataOffset: elementOffset || u32(4),
    eolPadding: eol === 0xffffffff ? 0 : eol,
    encoding,
  };
}

/** The orientation header's pixel aspect (two integers; 0 or all ones: undefined, read as 1). */
function dpxPixelAspect(ratio: readonly [number, number] | null): number {
  if (!ratio) return 1;
  const [horizontal, vertical] = ratio;
  const undefinedValue = (n: number) => n === 0 || n === 0xffffffff;
  if (undefinedValue(horizontal) || undefinedValue(vertical)) return 1;
  const value = horizontal / vertical;
  return value >= 0.1 && value <= 10 ? value : 1;
}

/** A DPX file's header, where its lines are and its transfer table, once checked. */
interface Prepared {
  header: ReturnType<typeof readDpxInfo>;
  lineBytes: number;
  lut: Uint16Array;
}

function prepare(bytes: Uint8Array): Prepared {
  const header = readDpxInfo(bytes);
  const { width, height, bitDepth, packing, components } = header;
  if (header.encoding !== 0) {
    throw new ImageDecodeError('UNSUPPORTED', 'it is run-length encoded, which is not supported');
  }
  const supported =
    (bitDepth === 10 && (packing === 1 || packing === 2)) ||
    (bitDepth === 16 && packing <= 1) ||
    bitDepth === 8;
  if (!supported) {
    throw new ImageDecodeError(
      'UNSUPPORTED',
      `${bitDepth}-bit data with packing ${packing} is not supported (10-bit filled A/B, 16-bit, 8-bit are)`,
    );
  }
  const perLine = width * components;
  const lineBytes =
    (bitDepth === 10
      ? Math.ceil(perLine / 3) * 4
      : bitDepth === 16
        ? perLine * 2
        : Math.ceil(perLine / 4) * 4) + header.eolPadding;
  if (header.dataOffset + lineBytes * height - header.eolPadding > bytes.length) {
    throw new ImageDecodeError('TRUNCATED', 'the file is truncated (its pixel data ends early)');
  }
  return { header, lineBytes, lut: transferTable(bitDepth, header.transfer) };
}

/** 10-bit RGB: one 32-bit word per pixel (what `Packed10Image` holds). */
function oneWordPerPixel(header: DpxInfo): boolean {
  return header.bitDepth === 10 && header.components === 3;
}

export function decodeDpx(buffer: ArrayBuffer): DecodedDpx {
  return decodeHalves(buffer, prepare(new Uint8Array(buffer)));
}

/** The picture as scene-linear RGBA halves, once `prepare` has read the header. */
function decodeHalves(buffer: ArrayBuffer, prepared: Prepared): DecodedDpx {
  const { header, lineBytes, lut } = prepared;
  const { width, height } = header;
  const view = new DataView(buffer);
  const out = new Uint16Array(width * height * 4);
  const decode = oneWordPerPixel(header) ? decodeRgb10 : decodeLines;
  decode(view, header.dataOffset, lineBytes, { ...header, lut, out });
  const image: FloatImage = { kind: 'float', width, height, data: out };
  return {
    image: header.pixelAspect === 1 ? image : { ...image, pixelAspect: header.pixelAspect },
    info: header,
  };
}

/**
 * What the viewer is given: 10-bit RGB files as their words (`Packed10Image`, unpacked on the
 * GPU), every other layout as `decodeDpx` gives it. Takes over `buffer`: big-endian words are
 * swapped in place.
 */
export function decodeDpxForViewer(buffer: ArrayBuffer): {
  image: FloatImage | Packed10Image;
  info: DpxInfo;
} {
  const bytes = new Uint8Array(buffer);
  const prepared = prepare(bytes);
  const { header, lineBytes, lut } = prepared;
  if (!oneWordPerPixel(header)) return decodeHalves(buffer, prepared);
  const { width, height } = header;
  const start = header.dataOffset;
  let words: Uint32Array;
  let lineWords: number;
  let count: number;
  if (start % 4 === 0 && lineBytes % 4 === 0) {
    lineWords = lineBytes >> 2;
    // The last line may lack its end-of-line padding.
    count = lineWords * (height - 1) + width;
    words = new Uint32Array(buffer, start, count);
  } else {
    // Words off their 4-byte boundary (an odd offset or end-of-line padding): copied line by line.
    lineWords = width;
    count = width * height;
    words = new Uint32Array(count);
    const target = new Uint8Array(words.buffer);
    for (let y = 0; y < height; y++) {
      const from = start + y * lineBytes;
      target.set(bytes.subarray(from, from + width * 4), y * width * 4);
    }
  }
  if (header.bigEndian === PLATFORM_LITTLE_ENDIAN) {
    for (let i = 0; i < count; i++) words[i] = wordAt(words, i, true);
  }
  const image: Packed10Image = {
    kind: 'packed10',
    width,
    height,
    words,
    lineWords,
    shift: header.packing === 1 ? 2 : 0,
    lut,
  };
  return {
    image: header.pixelAspect === 1 ? image : { ...image, pixelAspect: header.pixelAspect },
    info: header,
  };
}

const ONE = 0x3c00;
const PLATFORM_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** What both layouts read: the header's fields, the transfer table and the output picture. */
type Layout = DpxInfo & { lut: Uint16Array; out: Uint16Array };

/**
 * 10-bit RGB, the common DPX of a VFX pipeline: one 32-bit word per pixel, so the codes go
 * straight from the words to the output through the transfer table (no line buffer). Aligned
 * words are read through a Uint32Array (packedImage.ts's loop); otherwise through the DataView.
 */
function decodeRgb10(view: DataView, dataOffset: number, lineBytes: number, layout: Layout): void {
  const { width, height, packing, bigEndian, lut, out } = layout;
  const shift = packing === 1 ? 2 : 0;
  const aligned = (view.byteOffset + dataOffset) % 4 === 0 && lineBytes % 4 === 0;
  const lineWords = lineBytes >> 2;
  if (aligned) {
    const count = lineWords * (height - 1) + width;
    const words = new Uint32Array(view.buffer, view.byteOffset + dataOffset, count);
    const swap = bigEndian === PLATFORM_LITTLE_ENDIAN;
    unpackWords({ words, lineWords, shift, lut }, { width, height }, swap, out);
    return;
  }
  for (let y = 0, o = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += 4) {
      const word = view.getUint32(dataOffset + y * lineBytes + x * 4, !bigEndian) >>> shift;
      out[o] = lut[(word >>> 20) & 0x3ff] as number;
      out[o + 1] = lut[(word >>> 10) & 0x3ff] as number;
      out[o + 2] = lut[word & 0x3ff] as number;
      out[o + 3] = ONE;
    }
  }
}

/** Every other layout, a line at a time through `readLine`. */
function decodeLines(view: DataView, dataOffset: number, lineBytes: number, layout: Layout): void {
  const { width, height, bitDepth, packing, components, bigEndian, lut, out } = layout;
  const line = new Uint16Array(width * components);
  for (let y = 0; y < height; y++) {
    const start = dataOffset + y * lineBytes;
    readLine(view, start, line, bitDepth, packing, !bigEndian);
    let o = y * width * 4;
    for (let x = 0, i = 0; x < width; x++, o += 4) {
      if (components === 1) {
        const v = lut[line[i++] ?? 0] ?? 0;
        out[o] = v;
        out[o + 1] = v;
        out[o + 2] = v;
        out[o + 3] = ONE;
      } else {
        out[o] = lut[line[i++] ?? 0] ?? 0;
        out[o + 1] = lut[line[i++] ?? 0] ?? 0;
        out[o + 2] = lut[line[i++] ?? 0] ?? 0;
        // Alpha is a coverage, not light: linear code / max.
        out[o + 3] = components === 4 ? alphaHalf(line[i++] ?? 0, bitDepth) : ONE;
      }
    }
  }
}

/** One line's component codes (in file order) from `start`. */
function readLine(
  view: DataView,
  start: number,
  line: Uint16Array,
  bitDepth: number,
  packing: number,
  little: boolean,
): void {
  if (bitDepth === 10) {
    // Three 10-bit components per 32-bit word, first in the high bits; method A leaves the
    // 2 padding bits at the bottom (shifts 22, 12, 2), method B at the top (20, 10, 0).
    const base = packing === 1 ? 22 : 20;
    for (let i = 0; i < line.length; i += 3) {
      const word = view.getUint32(start + (i / 3) * 4, little);
      line[i] = (word >>> base) & 0x3ff;
      if (i + 1 < line.length) line[i + 1] = (word >>> (base - 10)) & 0x3ff;
      if (i + 2 < line.length) line[i + 2] = (word >>> (base - 20)) & 0x3ff;
    }
  } else if (bitDepth === 16) {
    for (let i = 0; i < line.length; i++) line[i] = view.getUint16(start + i * 2, little);
  } else {
    // 8-bit components fill 32-bit words, first component in the lowest byte of each word.
    for (let i = 0; i < line.length; i++) {
      const wordStart = start + (i >> 2) * 4;
      const byteInWord = i & 3;
      line[i] = view.getUint8(wordStart + (little ? byteInWord : 3 - byteInWord));
    }
  }
}

const tables = new Map<string, Uint16Array>();

/** Half-float linear light for every code value of a bit depth and transfer. */
export function transferTable(bitDepth: number, transfer: DpxTransfer): Uint16Array {
  const key = `${bitDepth}:${transfer}`;
  const cached = tables.get(key);
  if (cached) return cached;
  const max = 2 ** bitDepth - 1;
  const table = new Uint16Array(max + 1);
  const blackOffset = 10 ** ((CINEON_BLACK - CINEON_WHITE) * CINEON_DENSITY_PER_CODE);
  for (let code = 0; code <= max; code++) {
    const unit = code / max;
    let linear: number;
    if (transfer === 'log') {
      const code10 = unit * 1023;
      linear =
        (10 ** ((code10 - CINEON_WHITE) * CINEON_DENSITY_PER_CODE) - blackOffset) /
        (1 - blackOffset);
    } else if (transfer === 'linear') {
      linear = unit;
    } else {
      // Video-referred code values: undo the sRGB curve so the viewer's display encode gives the
      // code values back unchanged.
      linear = unit <= 0.04045 ? unit / 12.92 : ((unit + 0.055) / 1.055) ** 2.4;
    }
    table[code] = floatToHalf(linear);
  }
  tables.set(key, table);
  return table;
}

function alphaHalf(code: number, bitDepth: number): number {
  return floatToHalf(code / (2 ** bitDepth - 1));
}
