import { describe, expect, it } from 'vitest';
import { MIN_INTERVAL_PLAYING_MS, ScopeScheduler, SCOPE_TIME_BUDGET } from './ScopeScheduler';

function harness(costMs: number) {
  let now = 0;
  let draws = 0;
  let wanted = true;
  let playing = true;
  const runs: number[] = [];
  const scheduler = new ScopeScheduler({
    wanted: () => wanted,
    drawCount: () => draws,
    playing: () => playing,
    run: () => {
      runs.push(now);
      now += costMs;
    },
    now: () => now,
    nextFrame: () => () => {},
  });
  return {
    scheduler,
    runs,
    frame(ms: number, redraw = true) {
      now += ms;
      if (redraw) draws += 1;
      scheduler.tick();
    },
    set wanted(on: boolean) {
      wanted = on;
    },
    set playing(on: boolean) {
      playing = on;
    },
  };
}

describe('ScopeScheduler', () => {
  it('keeps the scopes under their share of the time while playing', () => {
    const h = harness(20); // a slow GPU: 20 ms per update
    for (let i = 0; i < 240; i++) h.frame(1000 / 60);
    const elapsed = 240 * (1000 / 60) + h.runs.length * 20;
    expect(h.runs.length * 20).toBeLessThanOrEqual(elapsed * SCOPE_TIME_BUDGET + 20);
    expect(h.runs.length).toBeGreaterThan(5);
  });

  it('updates no faster than the playing minimum when updates are cheap', () => {
    const h = harness(0);
    for (let i = 0; i < 60; i++) h.frame(1000 / 60);
    expect(h.runs.length).toBeLessThanOrEqual(Math.ceil(1000 / MIN_INTERVAL_PLAYING_MS) + 1);
  });

  it('does nothing while hidden or when the picture did not change, until invalidated', () => {
    const h = harness(1);
    h.wanted = false;
    h.frame(500);
    expect(h.runs).toHaveLength(0);
    h.wanted = true;
    h.frame(500);
    expect(h.runs).toHaveLength(1);
    h.frame(500, false);
    expect(h.runs).toHaveLength(1);
    h.scheduler.invalidate();
    h.frame(500, false);
    expect(h.runs).toHaveLength(2);
    expect(h.scheduler.stats()).toEqual({ updates: 2, lastMs: 1 });
  });
});
