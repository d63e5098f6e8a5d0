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
 * Index of the entry shown at `frame`: the last entry whose frame is <= `frame` (a missing frame
 * in a numbered sequence holds the previous image), clamped to the first entry.
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

/** A common name for the sequence, e.g. 'shot.[1001-1005].png', or the file name for one image. */
export function sequenceDisplayName(names: readonly string[]): string {
  const first = names[0];
  if (first === undefined) return '';
  if (names.length === 1) return first;
  const parsedFirst = parseSequenceName(first);
  const numbers = names.map((name) => parseSequenceName(name).number);
  if (numbers.every((n): n is number => n !== null)) {
    const min = Math.min(...numbers);
    const max = Math.max(...numbers);
    const ext = parsedFirst.extension ? `.${parsedFirst.extension}` : '';
    return `${parsedFirst.prefix}[${min}-${max}]${ext}`;
  }
  return `${first} (+${names.length - 1})`;
}
