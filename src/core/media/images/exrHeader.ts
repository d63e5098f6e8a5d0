// Reads OpenEXR headers (every part of a multi-part file) without decoding pixels: channels,
// windows, compression, and the layers a picker offers; and rewrites a file's channel names so
// the decoder (three.js EXRLoader, which reads only R, G, B, A, Y) decodes a chosen layer.
import { ImageDecodeError } from './decodeError';

export interface ExrBox {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface ExrChannel {
  name: string;
  /** 0 = UINT, 1 = HALF, 2 = FLOAT. */
  pixelType: number;
}

export interface ExrAttribute {
  name: string;
  type: string;
  value: Uint8Array;
}

export interface ExrPart {
  /** The part's `name` attribute (multi-part files), else null. */
  name: string | null;
  attributes: ExrAttribute[];
  channels: ExrChannel[];
  compression: number;
  dataWindow: ExrBox;
  displayWindow: ExrBox;
  tiled: boolean;
  deep: boolean;
}

export interface ExrHeader {
  multiPart: boolean;
  parts: ExrPart[];
  /** Byte offset where the headers end and the chunk offset tables begin. */
  headerEnd: number;
}

/** A picture the layer picker offers: a part's RGBA, or a named layer such as `diffuse`. */
export interface ExrLayer {
  /** What the picker shows and what selects it: `RGBA`, `diffuse`, or `part: layer`. */
  label: string;
  part: number;
  /** The channel-name prefix before the last dot ('' for the part's own R, G, B, A). */
  prefix: string;
  channels: string[];
}

export const EXR_COMPRESSIONS = [
  'none',
  'RLE',
  'ZIPS',
  'ZIP',
  'PIZ',
  'PXR24',
  'B44',
  'B44A',
  'DWAA',
  'DWAB',
] as const;

const MAGIC = 20000630;
const FLAG_TILED = 0x02;
const FLAG_DEEP = 0x08;
const FLAG_MULTIPART = 0x10;
/** Channel names three.js's EXRLoader decodes; other channels are skipped. */
const DECODED_NAMES = new Set(['R', 'G', 'B', 'A', 'Y', 'RY', 'BY']);

class Reader {
  offset: number;
  private readonly view: DataView;
  constructor(
    private readonly bytes: Uint8Array,
    offset: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = offset;
  }
  string(): string {
    const end = this.bytes.indexOf(0, this.offset);
    if (end < 0) throw truncated();
    const text = new TextDecoder().decode(this.bytes.subarray(this.offset, end));
    this.offset = end + 1;
    return text;
  }
  uint32(): number {
    if (this.offset + 4 > this.bytes.length) throw truncated();
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }
  take(size: number): Uint8Array {
    if (this.offset + size > this.bytes.length) throw truncated();
    const value = this.bytes.subarray(this.offset, this.offset + size);
    this.offset += size;
    return value;
  }
}

function truncated(): ImageDecodeError {
  return new ImageDecodeError('TRUNCATED', 'the file is truncated (its header ends early)');
}

export function readExrHeader(bytes: Uint8Array): ExrHeader {
  if (bytes.length < 8) throw truncated();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) {
    throw new ImageDecodeError('CORRUPT', 'it is not an OpenEXR file (wrong magic number)');
  }
  const flags = view.getUint8(5);
  const multiPart = (flags & FLAG_MULTIPART) !== 0;
  const reader = new Reader(bytes, 8);
  const parts: ExrPart[] = [];
  for (;;) {
    const attributes: ExrAttribute[] = [];
    for (;;) {
      const name = reader.string();
      if (name === '') break;
      const type = reader.string();
      const size = reader.uint32();
      attributes.push({ name, type, value: reader.take(size) });
    }
    if (attributes.length === 0) break;
    parts.push(partOf(attributes, flags));
    if (!multiPart) break;
  }
  if (parts.length === 0) throw new ImageDecodeError('CORRUPT', 'the file has no image header');
  return { multiPart, parts, headerEnd: reader.offset };
}

function partOf(attributes: ExrAttribute[], flags: number): ExrPart {
  const find = (name: string): ExrAttribute | undefined =>
    attributes.find((attribute) => attribute.name === name);
  const channelList = find('channels');
  const dataWindow = find('dataWindow');
  const compression = find('compression');
  if (!channelList || !dataWindow || !compression) {
    throw new ImageDecodeError('CORRUPT', 'its header lacks channels, dataWindow or compression');
  }
  const type = textOf(find('type'));
  return {
    name: textOf(find('name')),
    attributes,
    channels: parseChannels(channelList.value),
    compression: compression.value[0] ?? 0,
    dataWindow: boxOf(dataWindow.value),
    displayWindow: boxOf(find('displayWindow')?.value ?? dataWindow.value),
    tiled: (flags & FLAG_TILED) !== 0 || type === 'tiledimage',
    deep: (flags & FLAG_DEEP) !== 0 || type === 'deepscanline' || type === 'deeptile',
  };
}

function textOf(attribute: ExrAttribute | undefined): string | null {
  return attribute ? new TextDecoder().decode(attribute.value) : null;
}

function boxOf(value: Uint8Array): ExrBox {
  if (value.length < 16) throw truncated();
  const view = new DataView(value.buffer, value.byteOffset, 16);
  return {
    xMin: view.getInt32(0, true),
    yMin: view.getInt32(4, true),
    xMax: view.getInt32(8, true),
    yMax: view.getInt32(12, true),
  };
}

function parseChannels(value: Uint8Array): ExrChannel[] {
  const reader = new Reader(value, 0);
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const channels: ExrChannel[] = [];
  while (reader.offset < value.length - 1) {
    const name = reader.string();
    if (name === '') break;
    const pixelType = view.getInt32(reader.offset, true);
    reader.take(16);
    channels.push({ name, pixelType });
  }
  return channels;
}

function splitName(name: string): { prefix: string; component: string } {
  const dot = name.lastIndexOf('.');
  return dot < 0
    ? { prefix: '', component: name }
    : { prefix: name.slice(0, dot), component: name.slice(dot + 1) };
}

/** The layers of a file, in file order: each part's RGBA first, then its named layers. */
export function exrLayers(header: ExrHeader): ExrLayer[] {
  const layers: ExrLayer[] = [];
  header.parts.forEach((part, index) => {
    const byPrefix = new Map<string, string[]>();
    for (const channel of part.channels) {
      const { prefix } = splitName(channel.name);
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), channel.name]);
    }
    const prefixes = [...byPrefix.keys()].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : 0));
    for (const prefix of prefixes) {
      const own = prefix === '' ? 'RGBA' : prefix;
      const label = header.multiPart ? `${part.name ?? `part ${index + 1}`}: ${own}` : own;
      layers.push({ label, part: index, prefix, channels: byPrefix.get(prefix) ?? [] });
    }
  });
  return layers;
}

/**
 * The channel names the decoder should see for `layer`: its R, G, B, A (any case) become R, G, B,
 * A; a layer without R, G, B shows its first channel as grey (Y); every other channel the decoder
 * would read is hidden behind a `~` so it does not mix in. Null when no rename is needed.
 */
function renamesFor(part: ExrPart, layer: ExrLayer): Map<string, string> | null {
  const mine = part.channels.filter((channel) => splitName(channel.name).prefix === layer.prefix);
  const component = (name: string): string => splitName(name).component.toUpperCase();
  const hasRgb = ['R', 'G', 'B'].every((c) =>
    mine.some((channel) => component(channel.name) === c),
  );
  const renames = new Map<string, string>();
  for (const channel of part.channels) {
    let target = channel.name;
    if (mine.includes(channel)) {
      const upper = component(channel.name);
      if (hasRgb && ['R', 'G', 'B', 'A'].includes(upper)) target = upper;
      else if (!hasRgb && channel === mine[0]) target = 'Y';
      else if (DECODED_NAMES.has(channel.name)) target = `~${channel.name}`;
    } else if (DECODED_NAMES.has(channel.name)) {
      target = `~${channel.name}`;
    }
    if (target !== channel.name) renames.set(channel.name, target);
  }
  return renames.size > 0 ? renames : null;
}

/**
 * A copy of the file whose part `layer.part` names the layer's channels R, G, B, A (or Y), so
 * EXRLoader decodes that layer. Names change length, so the header is rebuilt and every chunk
 * offset in the offset tables moves by the same amount. Returns the original bytes if nothing
 * needs renaming.
 */
export function selectExrLayer(bytes: Uint8Array, header: ExrHeader, layer: ExrLayer): Uint8Array {
  const part = header.parts[layer.part];
  if (!part) throw new ImageDecodeError('CORRUPT', `it has no part ${layer.part + 1}`);
  const renames = renamesFor(part, layer);
  if (!renames) return bytes;
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [bytes.subarray(0, 8)];
  header.parts.forEach((each, index) => {
    for (const attribute of each.attributes) {
      const value =
        index === layer.part && attribute.name === 'channels'
          ? renamedChannelList(attribute.value, renames)
          : attribute.value;
      const size = new Uint8Array(4);
      new DataView(size.buffer).setUint32(0, value.length, true);
      chunks.push(encoder.encode(`${attribute.name}\0${attribute.type}\0`), size, value);
    }
    chunks.push(new Uint8Array(1));
  });
  if (header.multiPart) chunks.push(new Uint8Array(1));
  const newHeaderEnd = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const rest = bytes.slice(header.headerEnd);
  shiftOffsetTables(rest, newHeaderEnd - header.headerEnd, header.headerEnd);
  chunks.push(rest);
  const out = new Uint8Array(newHeaderEnd + rest.length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function renamedChannelList(value: Uint8Array, renames: Map<string, string>): Uint8Array {
  const encoder = new TextEncoder();
  const reader = new Reader(value, 0);
  const pieces: Uint8Array[] = [];
  while (reader.offset < value.length - 1) {
    const name = reader.string();
    if (name === '') break;
    pieces.push(encoder.encode(`${renames.get(name) ?? name}\0`), reader.take(16));
  }
  pieces.push(new Uint8Array(1));
  const out = new Uint8Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

/**
 * The offset tables (absolute uint64 file offsets, one per chunk) run from the header's end up
 * to the first chunk, which is where the smallest offset points. `rest` is the file from
 * `headerEnd` on; its entries move by `delta`.
 */
function shiftOffsetTables(rest: Uint8Array, delta: number, headerEnd: number): void {
  const view = new DataView(rest.buffer, rest.byteOffset, rest.byteLength);
  let firstChunk = Infinity;
  for (let at = 0; at + 8 <= rest.length && headerEnd + at < firstChunk; at += 8) {
    const offset = Number(view.getBigUint64(at, true));
    if (offset < headerEnd + at + 8 || offset >= headerEnd + rest.length) {
      throw new ImageDecodeError('CORRUPT', 'its chunk offset table is damaged');
    }
    view.setBigUint64(at, BigInt(offset + delta), true);
    firstChunk = Math.min(firstChunk, offset);
  }
}
