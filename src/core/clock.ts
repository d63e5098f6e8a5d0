// Clocks in milliseconds. Playback position is a function of a motion and a clock, so
// swapping the local clock for a server-synchronized one is all the network layer needs.

export interface Clock {
  /** Current time in milliseconds on this clock's time base. */
  now(): number;
}

/** The local monotonic clock (performance.now in browsers and Node). */
export const localClock: Clock = { now: () => performance.now() };
