import { describe, expect, it } from 'vitest';
import { heartbeatTick, type HeartbeatState } from './heartbeat';

const fresh = (): HeartbeatState => ({ awaitingPong: false, bufferedAtPing: 0 });

describe('heartbeatTick', () => {
  it('pings, and a socket that answered is pinged again', () => {
    const state = fresh();
    expect(heartbeatTick(state, 0)).toBe('ping');
    state.awaitingPong = false; // the pong
    expect(heartbeatTick(state, 0)).toBe('ping');
  });

  it('a silent socket with nothing queued is dead at the next tick', () => {
    const state = fresh();
    heartbeatTick(state, 0);
    expect(heartbeatTick(state, 0)).toBe('dead');
  });

  it('a socket still draining what was sent before the ping gets more time while it drains', () => {
    const state = fresh();
    expect(heartbeatTick(state, 40_000_000)).toBe('ping');
    expect(heartbeatTick(state, 25_000_000)).toBe('wait');
    expect(heartbeatTick(state, 9_000_000)).toBe('wait');
    // Stalled: no progress since the last tick.
    expect(heartbeatTick(state, 9_000_000)).toBe('dead');
  });

  it('a buffer that grows is no sign of life', () => {
    const state = fresh();
    heartbeatTick(state, 1000);
    expect(heartbeatTick(state, 5000)).toBe('dead');
  });
});
