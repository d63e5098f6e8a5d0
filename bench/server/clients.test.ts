// The load generator's messages must be ones the real server accepts, and what it reads back
// must find the sequence number in every target's format.
import { describe, expect, it } from 'vitest';
import { validateClientMessage } from '../../src/protocol/index';
import { cursorMessage, playbackMessage, readDelivery } from './clients';
import { markdownTable } from '../lib/report';

describe('bench client messages', () => {
  it('playback and cursor texts pass the server’s schema validation', () => {
    for (const seq of [0, 1, 999, 123_456_789]) {
      const playback = validateClientMessage(JSON.parse(playbackMessage(seq)));
      expect(playback.ok, JSON.stringify(playback)).toBe(true);
      const cursor = validateClientMessage(JSON.parse(cursorMessage(seq)));
      expect(cursor.ok, JSON.stringify(cursor)).toBe(true);
    }
  });

  it('reads the sequence number back from a relayed client message', () => {
    expect(readDelivery(JSON.parse(playbackMessage(42)))).toEqual({ payload: 'playback', seq: 42 });
    expect(readDelivery(JSON.parse(cursorMessage(7)))).toEqual({ payload: 'cursor', seq: 7 });
  });

  it('reads a ReelSync broadcast by its replyTo, and ignores other messages', () => {
    expect(readDelivery({ type: 'sync.playback', id: 'xyz', replyTo: 'p17', payload: {} })).toEqual(
      { payload: 'playback', seq: 17 },
    );
    expect(readDelivery({ type: 'room.users', payload: { users: [] } })).toBeNull();
    expect(readDelivery({ type: 'sync.playback', id: 'abc' })).toBeNull();
    expect(readDelivery(null)).toBeNull();
  });
});

describe('markdownTable', () => {
  it('renders a header, a rule and rows, escaping pipes', () => {
    expect(markdownTable({ columns: ['a', 'b'], rows: [[1, 'x|y']] })).toBe(
      '| a | b |\n| --- | --- |\n| 1 | x\\|y |',
    );
  });
});
