// Hold and ghosting: which other frames' drawings show on a frame, and how strongly.
import { describe, expect, it } from 'vitest';
import { MAX_HOLD_FRAMES, parseHold, shownNeighbours } from './hold';

describe('hold', () => {
  it('shows the drawings of the held frames before, fully, oldest first', () => {
    expect(shownNeighbours(10, false, 0)).toEqual([]);
    expect(shownNeighbours(10, false, 3)).toEqual([
      { frame: 7, alpha: 1 },
      { frame: 8, alpha: 1 },
      { frame: 9, alpha: 1 },
    ]);
  });

  it('keeps the ghosts a hold does not already cover', () => {
    expect(shownNeighbours(10, true, 0)).toEqual([
      { frame: 9, alpha: 0.3 },
      { frame: 11, alpha: 0.3 },
      { frame: 8, alpha: 0.12 },
      { frame: 12, alpha: 0.12 },
    ]);
    expect(shownNeighbours(10, true, 1)).toEqual([
      { frame: 9, alpha: 1 },
      { frame: 11, alpha: 0.3 },
      { frame: 8, alpha: 0.12 },
      { frame: 12, alpha: 0.12 },
    ]);
  });

  it('takes whole frame counts in range only', () => {
    expect(parseHold('12')).toBe(12);
    expect(parseHold(0)).toBe(0);
    expect(parseHold(String(MAX_HOLD_FRAMES))).toBe(MAX_HOLD_FRAMES);
    for (const bad of ['-1', '2.5', 'abc', '', String(MAX_HOLD_FRAMES + 1), null, true])
      expect(parseHold(bad)).toBeNull();
  });
});
