import { describe, expect, it } from 'vitest';
import type { Timers } from '../../network/timers';
import { SettingSync } from './settingSync';

/** Timers the test moves by hand. */
function manualTimers() {
  let now = 0;
  const due: Array<{ at: number; run: () => void }> = [];
  const timers: Timers = {
    now: () => now,
    setTimeout: (run, ms) => {
      const entry = { at: now + ms, run };
      due.push(entry);
      return entry;
    },
    clearTimeout: (handle) => {
      const at = due.indexOf(handle as (typeof due)[number]);
      if (at >= 0) due.splice(at, 1);
    },
  };
  const advance = async (ms: number) => {
    now += ms;
    for (;;) {
      await Promise.resolve();
      const next = due.filter((entry) => entry.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      due.splice(due.indexOf(next), 1);
      next.run();
    }
  };
  return { timers, advance };
}

function setup() {
  const { timers, advance } = manualTimers();
  let value = 0;
  const sent: number[] = [];
  const applied: number[] = [];
  let online = true;
  const sync = new SettingSync<number>({
    send: (v) => {
      if (!online) return null;
      sent.push(v);
      return `m${sent.length}`;
    },
    apply: (v) => {
      applied.push(v);
      value = v;
      sync.changed(); // what the model's event does: ignored while applying
    },
    current: () => value,
    same: (a, b) => a === b,
    timers,
  });
  const set = (v: number) => {
    value = v;
    sync.changed();
  };
  return { sync, set, sent, applied, advance, offline: () => (online = false) };
}

describe('SettingSync', () => {
  it('sends the first and last of a drag, and does not echo the room’s values back', async () => {
    const { sync, set, sent, applied, advance } = setup();
    set(1);
    await advance(0);
    set(2);
    set(3);
    await advance(60);
    expect(sent).toEqual([1, 3]);
    sync.receive(7);
    expect(applied).toEqual([]); // our sends are still on their way
    sync.receive(1);
    sync.receive(3);
    sync.receive(7);
    expect(applied).toEqual([7]);
    await advance(100);
    expect(sent).toEqual([1, 3]);
  });

  it('an unanswered change stops holding the room back after the echo timeout', async () => {
    const { sync, set, applied, advance } = setup();
    set(1);
    await advance(0);
    sync.receive(5);
    expect(applied).toEqual([]);
    await advance(3100);
    sync.receive(5);
    expect(applied).toEqual([5]);
  });

  it('drops what cannot go out (category off, offline, a viewer): the room wins later', async () => {
    const { sync, set, sent, applied, advance, offline } = setup();
    offline();
    set(4);
    await advance(60);
    expect(sent).toEqual([]);
    sync.receive(9);
    expect(applied).toEqual([9]);
  });
});
