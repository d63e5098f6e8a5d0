import { describe, expect, it } from 'vitest';
import { StatusTracker, type StatusInputs } from './StatusTracker';
import type { ConnectionState, SyncStatus } from './types';
import { ManualTimers } from '../../test/support/manualTimers';

function tracker(inputs: StatusInputs = { inRoom: true, awaitingState: false, pending: 0 }) {
  const timers = new ManualTimers();
  const statuses: SyncStatus[] = [];
  const connections: ConnectionState[] = [];
  const t = new StatusTracker(
    () => inputs,
    (state) => connections.push(state),
    (status) => statuses.push(status),
    1500,
    timers,
  );
  t.setConnection('connected');
  return { t, timers, statuses, connections, inputs };
}

describe('StatusTracker', () => {
  it('shows a lost change as conflict for the hold time, then recovers', () => {
    const { t, timers, statuses } = tracker();
    expect(t.syncStatus).toBe('synced');
    t.conflict();
    expect(t.syncStatus).toBe('conflict');
    timers.advance(1499);
    expect(t.syncStatus).toBe('conflict');
    timers.advance(1);
    expect(t.syncStatus).toBe('synced');
    expect(statuses).toEqual(['synced', 'conflict', 'synced']);
  });

  it('holds a lasting conflict past the hold time until it is cleared', () => {
    const { t, timers } = tracker();
    t.setLastingConflict(true);
    t.conflict();
    timers.advance(10_000);
    expect(t.syncStatus).toBe('conflict');
    expect(t.hasLastingConflict).toBe(true);
    t.setLastingConflict(false);
    expect(t.syncStatus).toBe('synced');
  });

  it('a reconnect while in a room is reconnecting, and offline wins over conflict', () => {
    const { t, connections } = tracker();
    t.setLastingConflict(true);
    t.setConnection('connecting');
    expect(connections.at(-1)).toBe('reconnecting');
    expect(t.syncStatus).toBe('offline');
  });

  it('pending changes or a state still to come read as syncing', () => {
    const inputs = { inRoom: true, awaitingState: false, pending: 2 };
    const { t } = tracker(inputs);
    expect(t.syncStatus).toBe('syncing');
    inputs.pending = 0;
    inputs.awaitingState = true;
    t.update();
    expect(t.syncStatus).toBe('syncing');
  });

  it('dispose cancels the hold timer', () => {
    const { t, timers } = tracker();
    t.conflict();
    expect(timers.count).toBe(1);
    t.dispose();
    expect(timers.count).toBe(0);
  });
});
