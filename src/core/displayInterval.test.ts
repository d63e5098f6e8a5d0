// DisplayInterval: the median frame gap, robust to a dropped frame and to a hidden page's stall.
import { describe, expect, it } from 'vitest';
import { DisplayInterval } from './displayInterval';

describe('DisplayInterval', () => {
  it('starts at 60 Hz and follows the measured rate', () => {
    const display = new DisplayInterval();
    expect(display.intervalMs).toBeCloseTo(16.67, 1);
    let t = 1000;
    for (let i = 0; i < 20; i++) display.observe((t += 8.33));
    expect(display.intervalMs).toBeCloseTo(8.33, 2);
  });

  it('ignores a dropped frame and a long stall', () => {
    const display = new DisplayInterval();
    let t = 0;
    for (let i = 0; i < 10; i++) display.observe((t += 16.7));
    display.observe((t += 33.4)); // one dropped frame
    display.observe((t += 2000)); // the tab was hidden
    display.observe((t += 16.7));
    expect(display.intervalMs).toBeCloseTo(16.7, 5);
  });
});
