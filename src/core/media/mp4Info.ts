// What mediabunny (our demuxer) does not tell about an MP4/MOV file, read from its boxes; pure:
// the start timecode (the first sample of the timecode ('tmcd') track holds the frame count of
// the first video frame, QuickTime File Format "Timecode media"), and the video sample formats
// (to name codecs no browser decodes, such as ProRes).

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ByteReader = (offset: number, length: number) => Promise<Uint8Array>;

export interface EmbeddedTimecode {
  /** Frames since 00:00:00:00 at the first video frame (real frames, also for drop-frame). */
  frames: number;
  /** Frames per second the counter counts (24 for 23.976, 30 for 29.97). */
  nominalFps: number;
  dropFrame: boolean;
}

/** A moov box larger than this is not read (timecode is a bonus, not worth the memory). */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;
const CONTAINERS = new Set(['trak', 'mdia', 'minf', 'stbl']);

interface Box {
  type: string;
  /** Offset of the payload (after the header). */
  start: number;
  /** End of the box (exclusive). */
  end: number;
}

export interface Mp4Info {
  /** The embedded start timecode, or null when the file has none. */
  timecode: EmbeddedTimecode | null;
  /** Sample-entry format of each video track ('avc1', 'hvc1', 'apcn' for ProRes 422, ...). */
  videoFormats: string[];
}

/** ProRes sample-entry formats (422 Proxy/LT/standard/HQ, 4444, 4444 XQ). */
export const PRORES_FORMATS: ReadonlySet<string> = new Set([
  'apco',
  'apcs',
  'apcn',
  'apch',
  'ap4h',
  'ap4x',
]);

/**
 * Reads an MP4/MOV file's moov box: null when it is not an ISO-BMFF file (or the moov is
 * missing or huge). Reads only top-level box headers, the moov box and one 4-byte sample.
 */
export async function readMp4Info(read: ByteReader, fileSize: number): Promise<Mp4Info | null> {
  let offset = 0;
  while (offset + 8 <= fileSize) {
    const header = await read(offset, 16);
    const box = boxAt(header, 0, fileSize - offset);
    if (!box) return null;
    if (box.type === 'moov') {
      const size = box.end - box.start;
      if (size > MAX_MOOV_BYTES) return null;
      const moov = await read(offset + box.start, size);
      const videoFormats = trackFormats(moov, 'vide');
      const track = findTimecodeTrack(moov);
      if (!track) return { timecode: null, videoFormats };
      const sample = await read(track.sampleOffset, 4);
      if (sample.length < 4) return { timecode: null, videoFormats };
      const timecode = {
        frames: view(sample).getUint32(0),
        nominalFps: track.nominalFps,
        dropFrame: track.dropFrame,
      };
      return { timecode, videoFormats };
    }
    offset += box.end;
  }
  return null;
}

/** The first sample-entry format of every track with the given handler ('vide', 'soun'). */
function trackFormats(moov: Uint8Array, handler: string): string[] {
  const formats: string[] = [];
  for (const found of trackBoxes(moov)) {
    const { hdlr, stsd } = found;
    if (!hdlr || !stsd || fourCc(moov, hdlr.start + 8) !== handler) continue;
    if (stsd.start + 16 <= stsd.end) formats.push(fourCc(moov, stsd.start + 12));
  }
  return formats;
}

function trackBoxes(moov: Uint8Array): Array<Record<string, Box | undefined>> {
  return children(moov, 0, moov.length)
    .filter((box) => box.type === 'trak')
    .map((trak) => {
      const found: Record<string, Box> = {};
      collect(moov, trak, found);
      return found;
    });
}

interface TimecodeTrack {
  sampleOffset: number;
  nominalFps: number;
  dropFrame: boolean;
}

/** Walks moov's traks for one whose handler is 'tmcd' and reads its sample entry and offset. */
export function findTimecodeTrack(moov: Uint8Array): TimecodeTrack | null {
  for (const found of trackBoxes(moov)) {
    const hdlr = found.hdlr;
    const stsd = found.stsd;
    const chunks = found.stco ?? found.co64;
    if (!hdlr || !stsd || !chunks) continue;
    // hdlr: version/flags (4), pre_defined/component type (4), handler type (4).
    if (fourCc(moov, hdlr.start + 8) !== 'tmcd') continue;
    // stsd: version/flags (4), entry count (4), then the first entry: size (4), format (4),
    // reserved (6), data reference index (2), reserved (4), flags (4), timescale (4),
    // frame duration (4), number of frames (1).
    const entry = stsd.start + 8;
    if (entry + 33 > stsd.end || fourCc(moov, entry + 4) !== 'tmcd') continue;
    const data = view(moov);
    const flags = data.getUint32(entry + 20);
    const timescale = data.getUint32(entry + 24);
    const frameDuration = data.getUint32(entry + 28);
    const numberOfFrames = data.getUint8(entry + 32);
    const nominalFps =
      numberOfFrames > 0
        ? numberOfFrames
        : frameDuration > 0
          ? Math.round(timescale / frameDuration)
          : 0;
    // stco/co64: version/flags (4), entry count (4), offsets.
    if (data.getUint32(chunks.start + 4) === 0) continue;
    const sampleOffset =
      chunks.type === 'co64'
        ? Number(data.getBigUint64(chunks.start + 8))
        : data.getUint32(chunks.start + 8);
    if (nominalFps <= 0) continue;
    return { sampleOffset, nominalFps, dropFrame: (flags & 1) === 1 };
  }
  return null;
}

function collect(bytes: Uint8Array, parent: Box, found: Record<string, Box>): void {
  for (const box of children(bytes, parent.start, parent.end)) {
    if (CONTAINERS.has(box.type)) collect(bytes, box, found);
    else if (!(box.type in found)) found[box.type] = box;
  }
}

function children(bytes: Uint8Array, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let offset = start;
  while (offset + 8 <= end) {
    const box = boxAt(bytes, offset, end - offset);
    if (!box) break;
    boxes.push({ type: box.type, start: offset + box.start, end: offset + box.end });
    offset += box.end;
  }
  return boxes;
}

/** The box whose header starts at `offset`, relative to `offset`; null if malformed. */
function boxAt(bytes: Uint8Array, offset: number, available: number): Box | null {
  if (offset + 8 > bytes.length) return null;
  const data = view(bytes);
  let size = data.getUint32(offset);
  const type = fourCc(bytes, offset + 4);
  let headerSize = 8;
  if (size === 1) {
    if (offset + 16 > bytes.length) return null;
    size = Number(data.getBigUint64(offset + 8));
    headerSize = 16;
  } else if (size === 0) {
    size = available;
  }
  if (size < headerSize || size > available) return null;
  return { type, start: headerSize, end: size };
}

function fourCc(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
