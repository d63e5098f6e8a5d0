// @vitest-environment happy-dom
// What is stale while the connection is down: the panel greys the user list and says since when
// it was last seen; the header's status light says "Reconnecting…" in words.
import { afterEach, describe, expect, it } from 'vitest';
import type { User } from '../../protocol/index';
import { DEFAULT_SYNC_SETTINGS, type ConnectionState } from '../../network/types';
import { MemoryStorage } from '../../../test/support/memoryStorage';
import { RoomPanel } from './RoomPanel';
import { StatusIndicator } from './StatusIndicator';

const user = (id: string, name: string, role: User['role']): User => ({
  userId: id,
  displayName: name,
  color: '#3fa7ff',
  role,
  connected: true,
  joinedAt: 0,
  status: 'active',
  mediaStatus: 'ready',
});

const state = (connection: ConnectionState) => ({
  connection,
  roomCode: 'ABCD-2345',
  selfId: 'me',
  users: [user('me', 'Ada', 'host'), user('u2', 'Grace', 'participant')],
  settings: { ...DEFAULT_SYNC_SETTINGS },
});

afterEach(() => document.body.replaceChildren());

describe('offline in a room', () => {
  it('the user list is greyed with a "last seen" line while reconnecting, and live again after', () => {
    const panel = new RoomPanel({ storage: new MemoryStorage(), clipboard: null, origin: 'x' });
    document.body.append(panel.element);
    panel.setOpen(true);
    const list = () =>
      panel.element.querySelector<HTMLElement>('[data-testid="network-user-list"]');
    const note = () =>
      panel.element.querySelector<HTMLElement>('[data-testid="network-users-stale"]');
    panel.update(state('connected'));
    expect(list()?.classList.contains('rs-network__users--stale')).toBe(false);
    expect(note()?.hidden).toBe(true);
    panel.update(state('reconnecting'));
    expect(list()?.classList.contains('rs-network__users--stale')).toBe(true);
    expect(note()?.hidden).toBe(false);
    expect(note()?.textContent).toMatch(
      /^Reconnecting… Last seen at .+; this list may be out of date\.$/,
    );
    expect(list()?.textContent).toContain('Grace');
    panel.update(state('connected'));
    expect(list()?.classList.contains('rs-network__users--stale')).toBe(false);
    expect(note()?.hidden).toBe(true);
    panel.dispose();
  });

  it('the status light says what is stale in words, and drops them when synced', () => {
    const status = new StatusIndicator();
    const text = () => status.element.querySelector('[data-testid="sync-status-text"]');
    status.set('offline', true, { text: 'Reconnecting… (not synced)', title: 'local only' });
    expect(text()?.textContent).toBe('Reconnecting… (not synced)');
    expect(status.element.title).toBe('local only');
    expect(status.element.dataset.status).toBe('offline');
    status.set('synced', true, null);
    expect(text()?.textContent).toBe('');
    expect(status.element.title).toBe('Synced with the room');
  });
});
