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
    expect(h.scheduler.stats()).toEqual({ updates: 2, lastMs: 1, lastSpanMs: 1 });
  });
});

describe('ScopeScheduler with updates finished later on the GPU', () => {
  it('starts one update at a time, shows it when the GPU is done and spaces by its span', () => {
    let now = 0;
    let gpuDoneAt = Number.POSITIVE_INFINITY;
    let started = 0;
    let draws = 0;
    const scheduler = new ScopeScheduler({
      wanted: () => true,
      drawCount: () => draws,
      playing: () => true,
      run: () => {
        started += 1;
        now += 2; // main-thread cost of issuing the work
        gpuDoneAt = now + 40;
      },
      finish: () => now >= gpuDoneAt,
      now: () => now,
      nextFrame: () => () => {},
    });
    const frame = () => {
      now += 16;
      draws += 1;
      scheduler.tick();
    };
    frame();
    expect(started).toBe(1);
    expect(scheduler.stats().updates).toBe(0);
    frame();
    frame();
    expect(started).toBe(1); // still in flight: no second start
    frame();
    expect(scheduler.stats().updates).toBe(1);
    const { lastMs, lastSpanMs } = scheduler.stats();
    expect(lastMs).toBe(2);
    expect(lastSpanMs).toBeGreaterThanOrEqual(42);
    expect(scheduler.intervalMs).toBe(
      Math.max(MIN_INTERVAL_PLAYING_MS, lastSpanMs / SCOPE_TIME_BUDGET),
    );
  });
});
