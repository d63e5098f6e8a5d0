import { describe, expect, it } from 'vitest';
import { createServerMessage, serializeMessage } from './index';
import { parseServerMessage, prepareServerValidator, unpreparedServerTypes } from './parse';

describe('building server validators ahead', () => {
  it('lists the join’s messages first, drops each once built, and parsing is unchanged', () => {
    const before = unpreparedServerTypes();
    expect(before.slice(0, 4)).toEqual(['welcome', 'room.joined', 'sync.state', 'room.users']);
    expect(new Set(before).size).toBe(before.length);
    prepareServerValidator('sync.state');
    expect(unpreparedServerTypes()).not.toContain('sync.state');
    expect(unpreparedServerTypes()).toHaveLength(before.length - 1);
    // A type built on first use (pong) leaves the list as well.
    const pong = serializeMessage(
      createServerMessage('pong', { clientTime: 1, serverTime: 2 }, { timestamp: 3 }),
    );
    expect(parseServerMessage(pong).ok).toBe(true);
    expect(unpreparedServerTypes()).not.toContain('pong');
    for (const type of unpreparedServerTypes()) prepareServerValidator(type);
    expect(unpreparedServerTypes()).toEqual([]);
  });
});
