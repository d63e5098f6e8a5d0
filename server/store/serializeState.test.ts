// The sliced snapshot serialization gives the same JSON value as JSON.stringify.
import { describe, expect, it } from 'vitest';
import { createDefaultRoomState } from '../../src/protocol/index';
import { serializeRoomState } from './serializeState';

describe('serializeRoomState', () => {
  it('matches JSON.stringify, empty lists and large ones (several slices) alike', async () => {
    const empty = createDefaultRoomState();
    expect(JSON.parse((await serializeRoomState(empty)).toString())).toEqual(empty);
    const big = createDefaultRoomState();
    big.annotations = Array.from({ length: 300 }, (_, i) => ({
      id: `u1-${i}`,
      frame: i,
      tool: 'pen' as const,
      color: '#ff0000',
      width: 2,
      points: Array.from({ length: 3000 }, (_, j) => j / 3),
      author: 'u1',
      createdAt: i,
    }));
    big.notes = [
      { id: 'n', frame: 1, text: 'é “quoted”', author: 'u1', createdAt: 1, updatedAt: 2 },
    ];
    const bytes = await serializeRoomState(big);
    expect(bytes.length).toBeGreaterThan(2 * 512 * 1024);
    expect(bytes.toString()).toBe(JSON.stringify(big));
  });
});
