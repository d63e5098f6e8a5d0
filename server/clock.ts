// The server clock every client synchronizes to: epoch milliseconds, monotonic within the
// process (timeOrigin + performance.now never jumps when the wall clock is adjusted).
export function serverNow(): number {
  return performance.timeOrigin + performance.now();
}
