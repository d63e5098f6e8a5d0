import { describe, expect, it } from 'vitest';
import { ShotSwitches } from './ShotSwitches';

describe('ShotSwitches', () => {
  it('times a move from its arrival to the first frame of that shot on screen', () => {
    const switches = new ShotSwitches();
    expect(switches.last).toBeNull();
    switches.arrived('sha-b', true, 1_000);
    switches.shown('sha-a', 1_010); // the old shot's frame: not the switch's
    expect(switches.last).toEqual({
      fingerprint: 'sha-b',
      receivedAt: 1_000,
      shownAt: null,
      preloaded: true,
    });
    switches.shown('sha-b', 1_040);
    switches.shown('sha-b', 1_090); // later frames of the shot change nothing
    expect(switches.last?.shownAt).toBe(1_040);
  });

  it('a newer move replaces the last one, and the copy handed out stays as it was', () => {
    const switches = new ShotSwitches();
    switches.arrived('sha-b', true, 1_000);
    const before = switches.last;
    switches.arrived('sha-c', false, 2_000);
    switches.shown('sha-c', 2_500);
    expect(before).toEqual({
      fingerprint: 'sha-b',
      receivedAt: 1_000,
      shownAt: null,
      preloaded: true,
    });
    expect(switches.last).toEqual({
      fingerprint: 'sha-c',
      receivedAt: 2_000,
      shownAt: 2_500,
      preloaded: false,
    });
  });
});
