// The reconnect schedule: retry at once, then back off exponentially with jitter, up to a cap
// and a number of attempts (WebSocketClient follows it after an unexpected close).

export interface ReconnectPolicy {
  /** The first retry happens at once; the next waits baseDelayMs, doubling each time. */
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  /** ± fraction of each delay, so many clients do not retry in lockstep. */
  jitter: number;
}

export const DEFAULT_RECONNECT_POLICY: Readonly<ReconnectPolicy> = Object.freeze({
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxAttempts: 10,
  jitter: 0.2,
});

/** Delay before reconnect attempt `attempt` (1-based): 0, then 1, 2, 4, 8 … s capped, jittered. */
export function reconnectDelay(
  attempt: number,
  policy: ReconnectPolicy,
  random: () => number = Math.random,
): number {
  if (attempt <= 1) return 0;
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 2));
  const jittered = nominal * (1 + policy.jitter * (random() * 2 - 1));
  return Math.max(0, Math.min(policy.maxDelayMs, Math.round(jittered)));
}
