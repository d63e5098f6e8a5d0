// Recognises look files among uploads: a LUT (.cube, .3dl, .spi1d, .spi3d: kind 'cube', which
// names every LUT text format) or an ASC CDL (.cdl, .cc, .ccc). They are
// not media (ffprobe would call them NOT_MEDIA and the original would be deleted): the library
// keeps them as they are so every participant applies the same bytes. Only the file's kind is
// checked here; each player reads the file strictly before applying it (src/render/look/).
import { open } from 'node:fs/promises';
import type { LookFileKind } from '../../src/protocol/index';

/** Bytes read to recognise a look file: headers of both kinds come first. */
const SNIFF_BYTES = 64 * 1024;
/** A 256³ .cube in text is about 400 MB; anything larger is not a look file we serve. */
export const MAX_LOOK_FILE_BYTES = 512 * 1024 * 1024;

const CUBE_KEYWORD = /^[ \t]*(LUT_1D_SIZE|LUT_3D_SIZE)[ \t]+\d+[ \t]*\r?$/m;
const CUBE_LINE =
  /^[ \t]*(#.*|TITLE[ \t].*|DOMAIN_M(IN|AX)([ \t]+\S+){3}|LUT_[13]D_(SIZE|INPUT_RANGE)[ \t].*|[-+.\deE]+([ \t]+[-+.\deE]+){2}[ \t]*)?\r?$/;
/** .3dl: comments, the Lustre header and trailers, and lines of whole numbers only. */
const THREE_DL_LINE =
  /^[ \t]*(#.*|3DMESH|Mesh[ \t]+\d+[ \t]+\d+|LUT8|gamma[ \t]+[\d.]+|\d+([ \t]+\d+)*)?[ \t]*\r?$/;
/** Its shaper line: four or more whole numbers (a table line has three). */
const THREE_DL_SHAPER = /^[ \t]*\d+([ \t]+\d+){3,}[ \t]*\r?$/m;
const SPI1D_HEAD = /^(\s*#.*\n)*\s*Version[ \t]+1[ \t]*\r?\n/;
const SPI3D_HEAD = /^(\s*#.*\n)*\s*SPILUT[ \t]+1\.0[ \t]*\r?\n\s*3[ \t]+3[ \t]*\r?\n/;
const SPI_LINE =
  /^[ \t]*(#.*|Version[ \t]+1|From([ \t]+\S+){2}|Length[ \t]+\d+|Components[ \t]+\d|SPILUT[ \t]+1\.0|[{}]|[-+.\deE]+([ \t]+[-+.\deE]+)*)?[ \t]*\r?$/;
const CDL_ROOT =
  /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<(\w+:)?(ColorDecisionList|ColorCorrectionCollection|ColorCorrection)[\s>]/;

/** What kind of look file the text at the start of a file is, or null (not a look file). */
export function lookKindOf(head: string): LookFileKind | null {
  if (head.includes('\0')) return null;
  if (CDL_ROOT.test(head)) return 'cdl';
  // Every complete line of the head must be a line of the format (the last may be cut by
  // SNIFF_BYTES).
  const lines = head.split('\n');
  lines.pop();
  const all = (pattern: RegExp) => lines.every((line) => pattern.test(line));
  if (CUBE_KEYWORD.test(head)) return all(CUBE_LINE) ? 'cube' : null;
  if (SPI1D_HEAD.test(head) || SPI3D_HEAD.test(head)) return all(SPI_LINE) ? 'cube' : null;
  if (THREE_DL_SHAPER.test(head)) return all(THREE_DL_LINE) ? 'cube' : null;
  return null;
}

/** Reads the head of `file` and classifies it. */
export async function sniffLookFile(file: string): Promise<LookFileKind | null> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size > MAX_LOOK_FILE_BYTES) return null;
    const buffer = Buffer.alloc(Math.min(size, SNIFF_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8');
    return lookKindOf(size <= SNIFF_BYTES ? `${head}\n` : head);
  } finally {
    await handle.close();
  }
}
