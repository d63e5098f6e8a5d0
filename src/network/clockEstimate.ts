// The server-clock estimate a window of ping/pong samples gives, built to survive jitter the way
// NTP and its relatives do (model in docs/sync.md, "The server clock"):
// - every sample is a correctness interval: the server read its clock between the ping leaving
//   and the pong arriving, so server − local lay in [serverTime − receivedAt, serverTime − sentAt]
//   then. Queueing only widens an interval, never moves it off the truth, so popcorn spikes cost
//   nothing and the intersection of the window's intervals is as tight as the least-delayed ping
//   *and* the least-delayed pong, even when no single sample met both (one sample's midpoint is
//   off by half its own jitter; the intersection by half the difference of the two minima);
// - the skew (rate difference) is fitted per direction on the envelopes of those bounds (the
//   convex hulls below the upper bounds and above the lower bounds, as in Moon, Skelly & Towsley's
//   skew estimation), which queueing cannot tilt, and the intervals are moved along it to one
//   instant before they are intersected;
// - intervals that do not meet the others (a falseticker: a clock stepped, a wrong skew) are
//   outvoted: the estimate is the region most intervals share (Marzullo's algorithm, the core of
//   NTP's selection), ties going to the newest sample.
export interface ClockSample {
  /** Local clock when the ping left. */
  sentAt: number;
  /** Server clock when it answered. */
  serverTime: number;
  /** Local clock when the pong arrived. */
  receivedAt: number;
}

/** One estimate: offset = server − local at local time `at`, drifting by `skew` ms per ms. */
export interface ClockEstimate {
  offset: number;
  rtt: number;
  skew: number;
  at: number;
}

/** The envelope points must span this long before a skew is fitted (shorter spans are noise). */
const SKEW_MIN_SPAN_MS = 10_000;
/** Larger fitted skews are not believed (crystal clocks drift by tens of ppm, not 0.05 %). */
const MAX_SKEW = 0.0005;

/**
 * How fast an unfitted skew may move the offset (NTP's PHI: 15 ppm), so old samples' intervals
 * are widened by this much per ms of age while no skew is fitted.
 */
const DRIFT_TOLERANCE = 15e-6;
/**
 * A tightest bound further than this from the next, and GAP_FACTOR times the mean gap between the
 * next GAP_COUNT, is an outlier (for jitter's exponential-like gaps, e^−6 ≈ 0.25 % per side).
 */
const ISOLATED_MS = 1;
const GAP_FACTOR = 6;
const GAP_COUNT = 8;

export function sampleOffset(sample: ClockSample): number {
  return sample.serverTime - (sample.sentAt + sample.receivedAt) / 2;
}

export function sampleRtt(sample: ClockSample): number {
  return sample.receivedAt - sample.sentAt;
}

interface Point {
  t: number;
  v: number;
}

/**
 * The estimate a window of samples (oldest first) gives: offset = server − local at `at` (the
 * newest sample's midpoint), the fitted skew, and the smallest round trip of the window.
 */
export function estimateFromSamples(samples: readonly ClockSample[]): ClockEstimate {
  const newest = samples.at(-1) as ClockSample;
  const at = (newest.sentAt + newest.receivedAt) / 2;
  const { skew, uncertainty } = fitSkew(samples);
  // Each interval moved along the skew to `at`, and widened by how far a skew still unseen could
  // have moved it since (NTP's dispersion growing with age).
  const widening = Math.min(uncertainty, DRIFT_TOLERANCE);
  const intervals = samples.map((sample) => {
    const age = Math.max(0, at - sample.sentAt);
    return {
      lo: sample.serverTime - sample.receivedAt + skew * (at - sample.receivedAt) - widening * age,
      hi: sample.serverTime - sample.sentAt + skew * (at - sample.sentAt) + widening * age,
    };
  });
  const [lo, hi] = marzullo(withoutIsolatedBounds(intervals));
  let rtt = Infinity;
  for (const sample of samples) rtt = Math.min(rtt, sampleRtt(sample));
  return { offset: (lo + hi) / 2, rtt, skew, at };
}

/**
 * The skew: fitted on each direction's delay envelope — the upper bounds (server − local plus the
 * ping's delay, at its departure) and the negated lower bounds (the pong's delay minus server −
 * local, at its arrival) — and averaged. 0 while the window spans less than SKEW_MIN_SPAN_MS, and
 * shrunk towards 0 by its uncertainty, so a fit the jitter could have made is not applied.
 */
export function fitSkew(samples: readonly ClockSample[]): { skew: number; uncertainty: number } {
  const none = { skew: 0, uncertainty: DRIFT_TOLERANCE };
  const upper = samples.map((s) => ({ t: s.sentAt, v: s.serverTime - s.sentAt }));
  const lower = samples.map((s) => ({ t: s.receivedAt, v: s.receivedAt - s.serverTime }));
  const up = envelopeSlope(upper);
  const down = envelopeSlope(lower);
  if (!up || !down) return none;
  // The lower bounds' envelope runs against the clock: its slope is −skew.
  const skew = (up.slope - down.slope) / 2;
  // Each direction's own uncertainty, or their disagreement if larger (both measure one skew).
  const uncertainty = Math.max(
    (up.uncertainty + down.uncertainty) / 2,
    Math.abs(up.slope + down.slope) / 2,
  );
  if (!(Math.abs(skew) <= MAX_SKEW)) return none;
  return { skew: Math.sign(skew) * Math.max(0, Math.abs(skew) - uncertainty), uncertainty };
}

/**
 * Slope of the lower envelope of the points (the least delay seen, tracked through time): the
 * line through the lowest point of the first third of the window's time span and of its last
 * third (so the two are at least a third of the span apart), found again on the points with that slope taken out (so a drift
 * within a third does not pick the wrong lowest point). Its uncertainty: how far the lowest point
 * of each third may sit above the true envelope (the mean gap between its lowest few), over the
 * span. Null when a third has fewer than two points or the window spans too short a time.
 */
function envelopeSlope(points: Point[]): { slope: number; uncertainty: number } | null {
  let first = Infinity;
  let last = -Infinity;
  for (const p of points) {
    first = Math.min(first, p.t);
    last = Math.max(last, p.t);
  }
  if (last - first < SKEW_MIN_SPAN_MS) return null;
  const third = (last - first) / 3;
  const older = points.filter((p) => p.t <= first + third);
  const newer = points.filter((p) => p.t >= last - third);
  if (older.length < 2 || newer.length < 2) return null;
  let slope = 0;
  let uncertainty = 0;
  for (let pass = 0; pass < 2; pass++) {
    const a = lowest(older, slope);
    const b = lowest(newer, slope);
    const span = b.point.t - a.point.t;
    slope += (b.value - a.value) / span;
    uncertainty = (a.gap + b.gap) / span;
  }
  return { slope, uncertainty };
}

/**
 * The point lowest above a line of this slope, its height, and how far above the true envelope it
 * may be: the mean gap between the next lowest heights (the spacing of the low end of the delays).
 */
function lowest(points: readonly Point[], slope: number) {
  const ranked = points
    .map((point) => ({ point, value: point.v - slope * point.t }))
    .sort((a, b) => a.value - b.value);
  const best = ranked[0] as (typeof ranked)[number];
  const next = Math.min(GAP_COUNT / 2, ranked.length - 1);
  return { ...best, gap: ((ranked[next] as (typeof ranked)[number]).value - best.value) / next };
}

/**
 * The intervals without those whose tightest bound stands alone: when the tightest lower (or
 * upper) bound is further from the next than the gaps between the next few allow, it
 * is not the least-delayed of a jittery crowd but a sample that disagrees (a server that read its
 * clock wrong, a stepped clock) — which Marzullo's vote cannot catch when its interval still
 * overlaps the others. At most an eighth of the samples go; fewer than four are left as they are.
 */
export function withoutIsolatedBounds<T extends { lo: number; hi: number }>(intervals: T[]): T[] {
  let kept = intervals;
  const limit = Math.floor(intervals.length / 8);
  for (let removed = 0; removed < limit && kept.length >= 4;) {
    const byLo = [...kept].sort((a, b) => b.lo - a.lo);
    const byHi = [...kept].sort((a, b) => a.hi - b.hi);
    const isolated = (bounds: number[]) => {
      const distances = bounds.map((b) => Math.abs(b - (bounds[0] ?? 0)));
      const next = Math.min(GAP_COUNT, distances.length - 1);
      const first = distances[1] ?? 0;
      const meanGap = ((distances[next] ?? 0) - first) / Math.max(1, next - 1);
      return first > Math.max(ISOLATED_MS, GAP_FACTOR * meanGap);
    };
    let drop: T | undefined;
    if (isolated(byLo.map((i) => i.lo))) drop = byLo[0];
    else if (isolated(byHi.map((i) => i.hi))) drop = byHi[0];
    if (!drop) break;
    kept = kept.filter((i) => i !== drop);
    removed += 1;
  }
  return kept;
}

/**
 * Marzullo's algorithm: the range shared by the most intervals, [lo, hi]. When several disjoint
 * ranges tie, the one the newest interval (last of the list) is part of wins.
 */
export function marzullo(intervals: ReadonlyArray<{ lo: number; hi: number }>): [number, number] {
  const edges: Array<{ x: number; step: 1 | -1 }> = [];
  for (const { lo, hi } of intervals) edges.push({ x: lo, step: 1 }, { x: hi, step: -1 });
  // Starts before ends at the same value: closed intervals that touch do overlap.
  edges.sort((a, b) => a.x - b.x || b.step - a.step);
  let count = 0;
  let best = 0;
  let regions: Array<[number, number]> = [];
  edges.forEach((edge, i) => {
    count += edge.step;
    if (edge.step !== 1) return;
    const end = (edges[i + 1] as (typeof edges)[number]).x;
    if (count > best) {
      best = count;
      regions = [[edge.x, end]];
    } else if (count === best) regions.push([edge.x, end]);
  });
  for (let i = intervals.length - 1; i >= 0; i--) {
    const { lo, hi } = intervals[i] as { lo: number; hi: number };
    const region = regions.find(([start, end]) => lo <= end && hi >= start);
    if (region) return region;
  }
  return regions[0] as [number, number];
}
