import { describe, expect, it, vi } from 'vitest';
import type { Motion } from '../../protocol/index';
import { boundaryTime, MAX_ASKS, PlayAll, RETRY_MS, type PlayAllDeps } from './PlayAll';

const motion = (patch: Partial<Motion> = {}): Motion => ({
  playing: true,
  anchorFrame: 1,
  anchorTime: 10_000,
  fps: 24,
  speed: 1,
  direction: 1,
  loopMode: 'loop',
  inPoint: 1,
  outPoint: 48,
  ...patch,
});

const row = (id: string, current = false, playable = true) =>
  ({ id, current, playable }) as ReturnType<PlayAllDeps['model']['rows']['at']> & object;

describe('boundaryTime', () => {
  it('is when the out frame ends, playing forward; null otherwise', () => {
    expect(boundaryTime(motion())).toBe(12_000);
    expect(boundaryTime(motion({ anchorFrame: 25, speed: 2 }))).toBe(10_500);
    expect(boundaryTime(motion({ playing: false }))).toBeNull();
    expect(boundaryTime(motion({ direction: -1 }))).toBeNull();
  });
});

describe('PlayAll', () => {
  function setup(rows = [row('a', true), row('b', false, false), row('c')]) {
    vi.useFakeTimers();
    const advance = vi.fn();
    const stuck = vi.fn();
    const model = { inRoom: true, isHost: true, playAll: true, rows, advance };
    let now = 11_000;
    let current: Motion | null = motion();
    const loop = { mode: 'loop' as Motion['loopMode'] };
    const driver = new PlayAll({
      model,
      motion: () => current,
      loopMode: () => loop.mode,
      setLoopMode: (mode) => (loop.mode = mode),
      serverNow: () => now,
      stuck,
    });
    return {
      stuck,
      loop,
      model,
      driver,
      advance,
      setNow: (value: number) => (now = value),
      setMotion: (value: Motion | null) => (current = value),
    };
  }

  it('asks once, at the boundary, for the next playable item', () => {
    const { driver, advance, setNow, model } = setup();
    driver.refresh();
    vi.advanceTimersByTime(999);
    expect(advance).not.toHaveBeenCalled();
    setNow(12_000);
    vi.advanceTimersByTime(1);
    expect(advance).toHaveBeenCalledWith('c', 'a', 12_000);
    driver.refresh();
    // The room moves on before the retry is due: asked once.
    model.rows = [row('a'), row('b', false, false), row('c', true)];
    driver.refresh();
    vi.advanceTimersByTime(5000);
    expect(advance).toHaveBeenCalledTimes(1);
    driver.dispose();
    vi.useRealTimers();
  });

  it('asks again while the room stays on the item (same instant), then tells the host', () => {
    const { driver, advance, setNow, setMotion, stuck } = setup();
    driver.refresh();
    setNow(12_000);
    vi.advanceTimersByTime(1000);
    expect(advance).toHaveBeenCalledTimes(1);
    // This page's own 'once' run stops on the out frame meanwhile (no plan any more).
    setMotion(motion({ playing: false, anchorFrame: 48, loopMode: 'once' }));
    driver.refresh();
    vi.advanceTimersByTime(RETRY_MS);
    expect(advance).toHaveBeenCalledTimes(2);
    expect(advance).toHaveBeenLastCalledWith('c', 'a', 12_000);
    vi.advanceTimersByTime(RETRY_MS * MAX_ASKS);
    expect(advance).toHaveBeenCalledTimes(MAX_ASKS);
    expect(stuck).toHaveBeenCalledWith('a', 'c');
    vi.useRealTimers();
  });

  it('stops asking once play all is off', () => {
    const { driver, advance, setNow, model, stuck } = setup();
    driver.refresh();
    setNow(12_000);
    vi.advanceTimersByTime(1000);
    model.playAll = false;
    vi.advanceTimersByTime(RETRY_MS * 5);
    expect(advance).toHaveBeenCalledTimes(1);
    expect(stuck).not.toHaveBeenCalled();
    vi.useRealTimers();
  });

  it('does nothing when off, paused, not the host, or on the last item', () => {
    const { driver, advance, model, setMotion } = setup();
    model.playAll = false;
    driver.refresh();
    model.playAll = true;
    model.isHost = false;
    driver.refresh();
    model.isHost = true;
    setMotion(motion({ playing: false }));
    driver.refresh();
    vi.advanceTimersByTime(5000);
    expect(advance).not.toHaveBeenCalled();
    const last = setup([row('a'), row('b', true)]);
    last.driver.refresh();
    vi.advanceTimersByTime(5000);
    expect(last.advance).not.toHaveBeenCalled();
    vi.useRealTimers();
  });

  it('a run that stopped on its out frame (loop once) still moves on; loop mode back after', () => {
    const { driver, advance, setMotion, setNow, loop, model } = setup();
    driver.refresh();
    expect(loop.mode).toBe('once');
    // The page's 'once' run ends on frame 48 by itself (paused there).
    setMotion(motion({ playing: false, anchorFrame: 48, loopMode: 'once', anchorTime: 11_958 }));
    driver.refresh();
    setNow(12_000);
    vi.advanceTimersByTime(1000);
    expect(advance).toHaveBeenCalledWith('c', 'a', 12_000);
    model.playAll = false;
    driver.refresh();
    expect(loop.mode).toBe('loop');
    vi.useRealTimers();
  });

  it('a pause before the boundary cancels it', () => {
    const { driver, advance, setMotion } = setup();
    driver.refresh();
    setMotion(motion({ playing: false }));
    driver.refresh();
    vi.advanceTimersByTime(5000);
    expect(advance).not.toHaveBeenCalled();
    vi.useRealTimers();
  });
});
