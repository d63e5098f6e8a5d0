// Pure analysis for the browser playback benchmark: which frame each page had on screen at an
// instant, the pairwise comparison of pages at each other's display ticks, and display-tick
// statistics. Times are on one shared clock (the true server clock), in ms.

/** One display tick of one page: when it happened and the frame its canvas showed from then on. */
export interface Tick {
  t: number;
  /** Frame decoded from the canvas pixels; null when the strip did not read cleanly. */
  frame: number | null;
}

export interface Window {
  from: number;
  to: number;
}

/**
 * The tick whose picture is on screen at `t`: the last one at or before t + epsilon (epsilon
 * absorbs the cross-process clock calibration error for ticks of one shared vsync).
 * `ticks` must be sorted by t. Returns null before the first tick.
 */
export function tickAt(ticks: readonly Tick[], t: number, epsilon = 0): Tick | null {
  let lo = 0;
  let hi = ticks.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((ticks[mid] as Tick).t <= t + epsilon) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? null : (ticks[found] as Tick);
}

export interface Comparison {
  /** Reference ticks in the window where both frames were read. */
  compared: number;
  equal: number;
  /** Reference ticks skipped because either picture did not read (or the other had none yet). */
  unreadable: number;
  /** reference frame − other frame → count. */
  differences: Record<string, number>;
}

export function emptyComparison(): Comparison {
  return { compared: 0, equal: 0, unreadable: 0, differences: {} };
}

/**
 * At every display tick of `reference` inside the window: its frame against the frame `other`
 * had on screen at that instant (what two viewers side by side would see).
 */
export function compareAtTicks(
  reference: readonly Tick[],
  other: readonly Tick[],
  window: Window,
  epsilon = 0,
): Comparison {
  const result = emptyComparison();
  for (const tick of reference) {
    if (tick.t < window.from || tick.t > window.to) continue;
    const shown = tickAt(other, tick.t, epsilon);
    if (tick.frame === null || !shown || shown.frame === null) {
      result.unreadable += 1;
      continue;
    }
    const difference = tick.frame - shown.frame;
    result.compared += 1;
    if (difference === 0) result.equal += 1;
    result.differences[String(difference)] = (result.differences[String(difference)] ?? 0) + 1;
  }
  return result;
}

export function mergeComparisons(parts: readonly Comparison[]): Comparison {
  const total = emptyComparison();
  for (const part of parts) {
    total.compared += part.compared;
    total.equal += part.equal;
    total.unreadable += part.unreadable;
    for (const [key, count] of Object.entries(part.differences))
      total.differences[key] = (total.differences[key] ?? 0) + count;
  }
  return total;
}

/** Every ordered pair (each page's ticks as the reference once), merged, and per pair. */
export function comparePages(
  pages: ReadonlyArray<readonly Tick[]>,
  window: Window,
  epsilon = 0,
): { total: Comparison; pairs: Array<{ reference: number; other: number } & Comparison> } {
  const pairs: Array<{ reference: number; other: number } & Comparison> = [];
  pages.forEach((reference, i) =>
    pages.forEach((other, j) => {
      if (i !== j)
        pairs.push({
          reference: i,
          other: j,
          ...compareAtTicks(reference, other, window, epsilon),
        });
    }),
  );
  return { total: mergeComparisons(pairs), pairs };
}

/** Share (0..1) of compared ticks whose |difference| is at most `frames`. */
export function shareWithin(comparison: Comparison, frames: number): number | null {
  if (comparison.compared === 0) return null;
  let within = 0;
  for (const [key, count] of Object.entries(comparison.differences))
    if (Math.abs(Number(key)) <= frames) within += count;
  return within / comparison.compared;
}

/** The difference histogram folded into columns: ≤ −3, −2, −1, 0, +1, +2, ≥ +3 (shares 0..1). */
export function foldDifferences(comparison: Comparison): Record<string, number> {
  const labels = ['≤−3', '−2', '−1', '0', '+1', '+2', '≥+3'];
  const folded: Record<string, number> = Object.fromEntries(labels.map((l) => [l, 0]));
  for (const [key, count] of Object.entries(comparison.differences)) {
    const d = Math.max(-3, Math.min(3, Number(key)));
    const label = labels[d + 3] as string;
    folded[label] = (folded[label] ?? 0) + count / Math.max(1, comparison.compared);
  }
  return folded;
}

export interface TickStats {
  ticks: number;
  /** Display ticks per second over the span. */
  rate: number;
  /** Median interval, ms. */
  medianIntervalMs: number;
  p99IntervalMs: number;
  /** Vsyncs (of `nominalMs`) that passed without a tick of this page. */
  missed: number;
  /** missed / (ticks + missed): the share of display deadlines the page did not make. */
  missedShare: number;
}

/** Rate and missed deadlines of a page from its tick times (sorted, ms). */
export function tickStats(times: readonly number[], nominalMs = 1000 / 60): TickStats {
  const intervals: number[] = [];
  for (let i = 1; i < times.length; i++)
    intervals.push((times[i] as number) - (times[i - 1] as number));
  const sorted = [...intervals].sort((a, b) => a - b);
  const pick = (p: number) =>
    sorted.length === 0
      ? NaN
      : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number);
  // An interval of k vsyncs (rounded) means k − 1 vsyncs went by without a new picture.
  const missed = intervals.reduce(
    (sum, gap) => sum + Math.max(0, Math.round(gap / nominalMs) - 1),
    0,
  );
  const span = times.length > 1 ? (times.at(-1) as number) - (times[0] as number) : 0;
  return {
    ticks: times.length,
    rate: span > 0 ? ((times.length - 1) * 1000) / span : 0,
    medianIntervalMs: pick(0.5),
    p99IntervalMs: pick(0.99),
    missed,
    missedShare: times.length + missed > 0 ? missed / (times.length + missed) : 0,
  };
}

/** Share (0..1) of values for which `test` holds; null for none. */
export function share<T>(values: readonly T[], test: (value: T) => boolean): number | null {
  if (values.length === 0) return null;
  return values.filter(test).length / values.length;
}

/**
 * How far past the start of `frame` on the room timeline the page switched to it, in ms: the
 * timeline position at the true instant of the switch minus the frame number, in time. Negative
 * means the page switched early (its clock runs ahead); between 0 and one display interval is a
 * correct switch at the first tick after the boundary; more means its tick came late.
 */
export function switchOffsetMs(position: number, frame: number, fps: number, speed = 1): number {
  return ((position - frame) * 1000) / (fps * speed);
}

/**
 * Share of `instants` at which two pages that both displayed a tick then would pick the same
 * frame, each page evaluating the timeline on its own clock (true time + its clock error).
 */
export function sameFrameShare(
  instants: readonly number[],
  frameAtTime: (t: number) => number,
  errorA: (t: number) => number,
  errorB: (t: number) => number,
): number | null {
  return share(instants, (t) => frameAtTime(t + errorA(t)) === frameAtTime(t + errorB(t)));
}

/** A step function through (t, value) points sorted by t: the value of the last point ≤ t. */
export function stepLookup(
  times: readonly number[],
  values: readonly number[],
): (t: number) => number {
  return (t) => {
    let lo = 0;
    let hi = times.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((times[mid] as number) <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return values[found] ?? NaN;
  };
}
