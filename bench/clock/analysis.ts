// Pure analysis for the clock-sync benchmark: the error bound a path allows, when an error trace
// settles inside it, and small order statistics. No I/O, so it is unit-tested on its own.
import type { PathDelay } from './delayProxy';

/** Timer and scheduling noise on one machine: the loopback target of the issue. */
export const LOOPBACK_BOUND_MS = 2;

/**
 * The error the issue allows on a path: half its asymmetry, plus the loopback bound for the
 * measurement noise every path has. NTP-style sync cannot see asymmetry (it splits the round trip
 * evenly), so a path whose one-way delays differ by A puts the estimate A / 2 off by construction.
 * With jitter each direction's delay varies by up to `jitterMs` on its own, so one sample's
 * asymmetry can reach |up − down| + jitter.
 */
export function errorBound(path: PathDelay | null): number {
  if (!path) return LOOPBACK_BOUND_MS;
  return pathAsymmetry(path) / 2 + LOOPBACK_BOUND_MS;
}

/** The largest difference of the one-way delays one exchange can meet on this path, ms. */
export function pathAsymmetry(path: PathDelay): number {
  return Math.abs(path.upMs - path.downMs) + path.jitterMs;
}

/** The bias NTP's even split gives on this path: (up − down) / 2 (server clock read late → +). */
export function asymmetryBias(path: PathDelay | null): number {
  return path ? (path.upMs - path.downMs) / 2 : 0;
}

export interface ErrorPoint {
  /** ms since the client started connecting. */
  t: number;
  /** Estimated minus true, ms. */
  error: number;
}

/**
 * The first time after which every point of the trace is within ±bound, or null when the last
 * point is outside (it never settled). An empty trace never settled either.
 */
export function settleTime(trace: readonly ErrorPoint[], bound: number): number | null {
  let settled: number | null = null;
  for (const point of trace) {
    if (Math.abs(point.error) > bound) settled = null;
    else if (settled === null) settled = point.t;
  }
  return settled;
}

/** Largest |error| of the points at or after `from` (null when there are none). */
export function maxAbsFrom(trace: readonly ErrorPoint[], from: number): number | null {
  let max: number | null = null;
  for (const point of trace) {
    if (point.t < from) continue;
    const abs = Math.abs(point.error);
    if (max === null || abs > max) max = abs;
  }
  return max;
}

/** Nearest-rank percentile (p in 0..100) of the finite values; null when there are none. */
export function percentile(values: readonly number[], p: number): number | null {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const rank = Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)] ?? null;
}

/** The value with the largest magnitude, sign kept (null for none). */
export function worst(values: readonly number[]): number | null {
  let result: number | null = null;
  for (const value of values)
    if (Number.isFinite(value) && (result === null || Math.abs(value) > Math.abs(result)))
      result = value;
  return result;
}

/** Fixed-point text for tables; '—' for a missing figure. */
export function fmt(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '—'
    : value.toFixed(digits);
}
