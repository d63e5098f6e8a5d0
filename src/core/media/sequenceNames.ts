// Image-sequence file names: parse the trailing frame number, order files, assign frame numbers; pure.

export interface ParsedSequenceName {
  /** Everything before the frame number, e.g. 'shot.' in 'shot.1001.png'. */
  prefix: string;
  /** The trailing frame number, or null when the base name does not end in digits. */
  number: number | null;
  /** Extension without the dot, lower case ('' if none). */
  extension: string;
}

const TRAILING_NUMBER = /^(.*?)(\d+)$/;

/** 'shot.1001.png' -> { prefix: 'shot.', number: 1001, extension: 'png' }. */
export function parseSequenceName(fileName: string): ParsedSequenceName {
  const dot = fileName.lastIndexOf('.');
  const base = dot > 0 ? fileName.slice(0, dot) : fileName;
  const extension = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  const match = TRAILING_NUMBER.exec(base);
  if (!match) return { prefix: base, number: null, extension };
  return { prefix: match[1] ?? '', number: Number.parseInt(match[2] ?? '', 10), extension };
}

/** One image of a sequence and the frame number it is shown at. */
export interface SequenceEntry<T> {
  item: T;
  frame: number;
}

export interface SequenceLayout<T> {
  /** Images in frame order. */
  entries: SequenceEntry<T>[];
  frameStart: number;
  frameEnd: number;
  /** True when the frame numbers come from the file names. */
  numbersFromNames: boolean;
}

/**
 * Orders images into a sequence. When every name ends in a distinct number, files sort by it and
 * keep it as their frame number (shot.1001.png -> frame 1001; gaps stay gaps). Otherwise they sort
 * by name (natural order) and are numbered 1..N (RV convention).
 */
export function layoutSequence<T>(
  items: readonly T[],
  nameOf: (item: T) => string,
): SequenceLayout<T> {
  if (items.length === 0) throw new RangeError('a sequence needs at least one image');
  const parsed = items.map((item) => ({
    item,
    name: nameOf(item),
    ...parseSequenceName(nameOf(item)),
  }));
  const numbers = parsed.map((entry) => entry.number);
  const allNumbered = numbers.every((n): n is number => n !== null);
  const distinct = allNumbered && new Set(numbers).size === numbers.length;
  if (distinct && allNumbered) {
    const sorted = [...parsed].sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
    const entries = sorted.map((entry) => ({ item: entry.item, frame: entry.number ?? 0 }));
    return {
      entries,
      frameStart: entries[0]?.frame ?? 1,
      frameEnd: entries[entries.length - 1]?.frame ?? 1,
      numbersFromNames: true,
    };
  }
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const sorted = [...parsed].sort((a, b) => collator.compare(a.name, b.name));
  const entries = sorted.map((entry, index) => ({ item: entry.item, frame: index + 1 }));
  return { entries, frameStart: 1, frameEnd: entries.length, numbersFromNames: false };
}

/**
 * Index of the entry at or before `frame`: the last entry whose frame is <= `frame`, clamped to
 * the first entry. (A missing frame is not shown as this entry's image: the source shows a
 * missing-frame slate; this index only steers decode-ahead.)
 */
export function entryIndexForFrame(frames: readonly number[], frame: number): number {
  let low = 0;
  let high = frames.length - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((frames[mid] ?? Infinity) <= frame) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** Inclusive runs of consecutive numbers, from sorted distinct numbers: [1,2,3,7] -> 1-3, 7. */
export function numberRuns(sorted: readonly number[]): Array<{ start: number; end: number }> {
  const runs: Array<{ start: number; end: number }> = [];
  for (const n of sorted) {
    const last = runs[runs.length - 1];
    if (last && n === last.end + 1) last.end = n;
    else runs.push({ start: n, end: n });
  }
  return runs;
}

/** The frames between the first and last that have no image: [1001-1009, 1013-1048] -> 1010-1012. */
export function missingRanges(sorted: readonly number[]): Array<{ start: number; end: number }> {
  const runs = numberRuns(sorted);
  return runs.slice(1).map((run, i) => ({ start: (runs[i]?.end ?? 0) + 1, end: run.start - 1 }));
}

/**
 * A common name for the sequence, e.g. 'shot.[1001-1005].png', or the file name for one image.
 * Gaps show in the name: 'shot.[1001-1009,1013-1048].png' (frames 1010-1012 are missing).
 */
export function sequenceDisplayName(names: readonly string[]): string {
  const first = names[0];
  if (first === undefined) return '';
  if (names.length === 1) return first;
  const parsedFirst = parseSequenceName(first);
  const numbers = names.map((name) => parseSequenceName(name).number);
  if (numbers.every((n): n is number => n !== null)) {
    const sorted = [...new Set(numbers)].sort((a, b) => a - b);
    const runs = numberRuns(sorted)
      .map((run) => (run.start === run.end ? `${run.start}` : `${run.start}-${run.end}`))
      .join(',');
    const ext = parsedFirst.extension ? `.${parsedFirst.extension}` : '';
    return `${parsedFirst.prefix}[${runs}]${ext}`;
  }
  return `${first} (+${names.length - 1})`;
}
