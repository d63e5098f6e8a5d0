// @vitest-environment happy-dom
// RoomPanel against the spec's NetworkControl table (NCC-001…031) plus the details the panel
// promises: PIN validation, remembered display name, Escape, reconnect and follow buttons, share
// links.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../protocol/index';
import { DEFAULT_SYNC_SETTINGS, type ConnectionState } from '../../network/types';
import { DISPLAY_NAME_KEY, RoomPanel, type RoomPanelState } from './RoomPanel';
import { MemoryStorage } from '../../../test/support/memoryStorage';

const user = (id: string, name: string, role: User['role'], joinedAt = 0): User => ({
  userId: id,
  displayName: name,
  color: '#3fa7ff',
  role,
  connected: true,
  joinedAt,
  status: 'active',
  mediaStatus: 'ready',
});

const SETTINGS = { ...DEFAULT_SYNC_SETTINGS };

function state(connection: ConnectionState, users: User[] = [], roomCode: string | null = null) {
  return {
    connection,
    roomCode,
    selfId: users[0]?.userId ?? null,
    users,
    settings: { ...SETTINGS },
  } satisfies RoomPanelState;
}

let control: RoomPanel;
let storage: MemoryStorage;
let clipboard: { writeText: ReturnType<typeof vi.fn<(text: string) => Promise<void>>> };
const q = (id: string) => {
  const found = control.element.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  if (!found) throw new Error(`no ${id}`);
  return found;
};
const input = (id: string) => q(id) as HTMLInputElement;
const type = (id: string, value: string) => {
  input(id).value = value;
  input(id).dispatchEvent(new Event('input'));
};
const connected = () =>
  state(
    'connected',
    [user('me', 'Ada', 'host', 1), user('u2', 'Grace', 'participant', 2)],
    'ABCD-2345',
  );

beforeEach(() => {
  storage = new MemoryStorage();
  clipboard = { writeText: vi.fn((_text: string) => Promise.resolve()) };
  control = new RoomPanel({ storage, clipboard, origin: 'https://review.example' });
  document.body.append(control.element);
});
afterEach(() => {
  control.dispose();
  document.body.replaceChildren();
});

describe('RoomPanel', () => {
  it('NCC-001 renders the network button', () => {
    const button = q('network-button');
    expect(button.tagName).toBe('BUTTON');
    expect(button.getAttribute('aria-label')).toContain('Network');
    expect(button.querySelector('svg')).not.toBeNull();
    expect(control.element.dataset.testid).toBe('network-control');
    expect(control.element.contains(button)).toBe(true);
  });

  it('NCC-002 opens the panel on click', () => {
    expect(q('network-panel').hidden).toBe(true);
    q('network-button').click();
    expect(q('network-panel').hidden).toBe(false);
    expect(control.isOpen).toBe(true);
    expect(q('network-button').getAttribute('aria-expanded')).toBe('true');
  });

  it('NCC-003 closes the panel on an outside click (not on an inside one)', () => {
    control.setOpen(true);
    q('network-room-code-input').dispatchEvent(new Event('pointerdown', { bubbles: true }));
    expect(control.isOpen).toBe(true);
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    expect(control.isOpen).toBe(false);
  });

  it('docked in the side column: clicks in the panel keep it open, outside ones close it', () => {
    const side = document.createElement('aside');
    document.body.append(side);
    const panel = q('network-panel');
    control.dock(side);
    expect(panel.parentElement).toBe(side);
    expect(panel.classList.contains('rs-network__panel--docked')).toBe(true);
    const codeInput = panel.querySelector('[data-testid="network-room-code-input"]');
    control.setOpen(true);
    codeInput?.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    expect(control.isOpen).toBe(true);
    q('network-button').dispatchEvent(new Event('pointerdown', { bubbles: true }));
    expect(control.isOpen).toBe(true);
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    expect(control.isOpen).toBe(false);
    control.dispose();
    expect(side.childElementCount).toBe(0);
  });

  it('closes on Escape', () => {
    control.setOpen(true);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(control.isOpen).toBe(false);
  });

  it('NCC-004 shows the disconnected state UI', () => {
    control.update(state('disconnected'));
    expect(q('network-button').dataset.state).toBe('disconnected');
    expect(q('network-create-room-button').closest<HTMLElement>('.rs-network__view')?.hidden).toBe(
      false,
    );
    expect(q('network-room-code-display').closest<HTMLElement>('.rs-network__view')?.hidden).toBe(
      true,
    );
    expect(q('network-user-badge').hidden).toBe(true);
  });

  it('NCC-005 shows the connected state UI', () => {
    control.setOpen(true);
    control.update(connected());
    expect(q('network-button').dataset.state).toBe('connected');
    expect(q('network-room-code-display').textContent).toBe('ABCD-2345');
    expect(q('network-room-code-display').closest<HTMLElement>('.rs-network__view')?.hidden).toBe(
      false,
    );
    expect(q('network-create-room-button').closest<HTMLElement>('.rs-network__view')?.hidden).toBe(
      true,
    );
    expect(input('network-sync-playback').checked).toBe(true);
    expect(input('network-sync-view').checked).toBe(true);
    expect(input('network-sync-color').checked).toBe(false);
    expect(input('network-sync-annotations').checked).toBe(false);
  });

  it('NCC-006 shows the connecting state UI (busy buttons, loading look)', () => {
    control.update(state('connecting'));
    expect(q('network-button').dataset.state).toBe('connecting');
    expect((q('network-create-room-button') as HTMLButtonElement).disabled).toBe(true);
    expect((q('network-join-room-button') as HTMLButtonElement).disabled).toBe(true);
    control.update(state('disconnected'));
    expect((q('network-create-room-button') as HTMLButtonElement).disabled).toBe(false);
  });

  it('NCC-010 emits createRoom on button click (with name and optional PIN)', () => {
    const created = vi.fn();
    control.on('createRoom', created);
    type('network-name-input', 'Ada');
    q('network-create-room-button').click();
    expect(created).toHaveBeenLastCalledWith({ displayName: 'Ada', pin: null });
    type('network-pin-input', '4711');
    q('network-create-room-button').click();
    expect(created).toHaveBeenLastCalledWith({ displayName: 'Ada', pin: '4711' });
  });

  it('NCC-011 validates the room code input', () => {
    const joined = vi.fn();
    control.on('joinRoom', joined);
    for (const bad of ['', '12', 'ABCD-EFG', 'ABCD-EFGHI', 'ABCD-0000', 'IIII-LLLL']) {
      type('network-room-code-input', bad);
      q('network-join-room-button').click();
      expect(control.errorMessage).toMatch(/Invalid room code/);
      expect(input('network-room-code-input').getAttribute('aria-invalid')).toBe('true');
    }
    expect(joined).not.toHaveBeenCalled();
    type('network-room-code-input', 'abcd 2345');
    expect(control.errorMessage).toBeNull();
  });

  it('NCC-012 emits joinRoom with the normalized code', () => {
    const joined = vi.fn();
    control.on('joinRoom', joined);
    type('network-room-code-input', ' abcd2345 ');
    q('network-join-room-button').click();
    expect(joined).toHaveBeenCalledWith({ code: 'ABCD-2345', pin: null, displayName: '' });
    type('network-pin-input', 'secret');
    input('network-room-code-input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(joined).toHaveBeenLastCalledWith({ code: 'ABCD-2345', pin: 'secret', displayName: '' });
  });

  it('rejects a malformed PIN without emitting', () => {
    const joined = vi.fn();
    control.on('joinRoom', joined);
    type('network-room-code-input', 'ABCD-2345');
    type('network-pin-input', '12');
    q('network-join-room-button').click();
    expect(joined).not.toHaveBeenCalled();
    expect(control.errorMessage).toMatch(/PIN/);
  });

  it('NCC-013 emits leaveRoom on Leave', () => {
    const left = vi.fn();
    control.on('leaveRoom', left);
    control.update(connected());
    q('network-leave-button').click();
    expect(left).toHaveBeenCalledTimes(1);
  });

  it('NCC-020 displays the user list ("You (Host)", names, roles)', () => {
    control.setOpen(true);
    control.update(connected());
    const list = q('network-user-list');
    expect(list.children).toHaveLength(2);
    expect(q('network-user-me').querySelector('.rs-network__user-name')?.textContent).toBe(
      'You (Host)',
    );
    expect(q('network-user-u2').textContent).toContain('Grace');
    expect(q('network-user-u2').textContent).toContain('Participant');
    expect(q('network-user-u2').style.getPropertyValue('--rs-user-color')).toBe('#3fa7ff');
  });

  it("shows each user's media state", () => {
    control.setOpen(true);
    const base = connected();
    const users = [
      { ...(base.users[0] as User), mediaStatus: 'ready' as const },
      { ...(base.users[1] as User), mediaStatus: 'mismatch' as const },
      { ...user('u3', 'Linus', 'participant', 3), mediaStatus: 'none' as const },
    ];
    control.update({ ...base, users });
    expect(q('network-user-media-me').textContent).toBe('Media ready');
    expect(q('network-user-media-u2').textContent).toBe('Different media');
    expect(q('network-user-u2').dataset.media).toBe('mismatch');
    expect(control.element.querySelector('[data-testid="network-user-media-u3"]')).toBeNull();
  });

  it('the host changes room settings; others see them read-only', () => {
    control.setOpen(true);
    const roomSettings = { presentationMode: false, othersCanEdit: false, waitForEveryone: true };
    const patches: unknown[] = [];
    control.on('roomSettingsChanged', (patch) => patches.push(patch));
    control.update({ ...connected(), roomSettings });
    expect(input('network-room-wait-all').checked).toBe(true);
    input('network-room-presentation').checked = true;
    input('network-room-presentation').dispatchEvent(new Event('change'));
    expect(patches).toEqual([{ presentationMode: true }]);
    // Seen by a participant: same state, disabled.
    control.update({ ...connected(), selfId: 'u2', roomSettings });
    expect(input('network-room-others-edit').disabled).toBe(true);
    expect(input('network-room-wait-all').checked).toBe(true);
  });

  it('the host changes roles and hands over the host role from the user list', () => {
    control.setOpen(true);
    const actions: unknown[] = [];
    control.on('setRole', (action) => actions.push(['role', action]));
    control.on('transferHost', (action) => actions.push(['host', action]));
    control.update(connected());
    const select = q('network-user-action-u2') as HTMLSelectElement;
    select.value = 'viewer';
    select.dispatchEvent(new Event('change'));
    select.value = 'host';
    select.dispatchEvent(new Event('change'));
    expect(actions).toEqual([
      ['role', { userId: 'u2', role: 'viewer' }],
      ['host', { userId: 'u2' }],
    ]);
    // No menu for oneself, and none at all for a participant.
    expect(control.element.querySelector('[data-testid="network-user-action-me"]')).toBeNull();
    control.update({ ...connected(), selfId: 'u2' });
    expect(control.element.querySelector('[data-testid^="network-user-action-"]')).toBeNull();
  });

  it('NCC-021 updates the user list on change', () => {
    control.setOpen(true);
    control.update(connected());
    const three = connected();
    control.update({ ...three, users: [...three.users, user('u3', 'Linus', 'viewer', 3)] });
    expect(q('network-user-list').children).toHaveLength(3);
    expect(q('network-user-u3').textContent).toContain('Viewer');
    control.update({ ...three, users: [three.users[0] as User] });
    expect(q('network-user-list').children).toHaveLength(1);
    expect(control.element.querySelector('[data-testid="network-user-u2"]')).toBeNull();
  });

  it('a closed panel draws the room when it opens (nothing is rebuilt unseen)', () => {
    control.update(connected());
    expect(q('network-user-list').children).toHaveLength(0);
    expect(q('network-user-badge').textContent).toBe('2');
    control.setOpen(true);
    expect(q('network-user-list').children).toHaveLength(2);
    expect(q('network-user-u2').textContent).toContain('Grace');
    // Open, each update shows at once.
    control.update({ ...connected(), users: connected().users.slice(0, 1) });
    expect(q('network-user-list').children).toHaveLength(1);
  });

  it('NCC-022 shows the user count badge', () => {
    control.update(state('connected', [user('me', 'Ada', 'host')], 'ABCD-2345'));
    expect(q('network-user-badge').hidden).toBe(false);
    expect(q('network-user-badge').textContent).toBe('1');
    control.update(connected());
    expect(q('network-user-badge').textContent).toBe('2');
    control.update(state('disconnected'));
    expect(q('network-user-badge').hidden).toBe(true);
  });

  it('NCC-030 sync setting toggles emit events', () => {
    const changed = vi.fn();
    control.on('syncSettingsChanged', changed);
    control.update(connected());
    for (const key of ['playback', 'view', 'color', 'annotations'] as const) {
      const box = input(`network-sync-${key}`);
      box.checked = !box.checked;
      box.dispatchEvent(new Event('change'));
      expect(changed).toHaveBeenLastCalledWith({ [key]: box.checked });
    }
    expect(changed).toHaveBeenCalledTimes(4);
  });

  it('NCC-031 copies the room link to the clipboard', async () => {
    const copied = vi.fn();
    control.on('linkCopied', copied);
    control.update(connected());
    await control.copyLink();
    expect(clipboard.writeText).toHaveBeenCalledWith('https://review.example/?room=ABCD-2345');
    expect(copied).toHaveBeenCalledWith('https://review.example/?room=ABCD-2345');
    // The PIN goes into the link only when the host opts in.
    control.setRoomPin('4711');
    input('network-include-pin').checked = true;
    q('network-copy-link-button').click();
    await Promise.resolve();
    expect(clipboard.writeText).toHaveBeenLastCalledWith(
      'https://review.example/?room=ABCD-2345&pin=4711',
    );
    clipboard.writeText.mockImplementationOnce(() => Promise.reject(new Error('denied')));
    await control.copyLink();
    expect(copied).toHaveBeenLastCalledWith(null);
  });

  it('builds the link on the current share base (the public URL once the server gave it)', async () => {
    let base = 'http://192.168.1.20:8080/';
    const panel = new RoomPanel({ storage, clipboard, origin: () => base });
    panel.update(connected());
    expect(panel.shareLink()).toBe('http://192.168.1.20:8080/?room=ABCD-2345');
    base = 'https://review.example.com/reelsync/';
    await panel.copyLink();
    expect(clipboard.writeText).toHaveBeenLastCalledWith(
      'https://review.example.com/reelsync/?room=ABCD-2345',
    );
    panel.dispose();
  });

  it('copies with the fallback where the clipboard API is missing (an http LAN page)', async () => {
    const fallback = vi.fn((_text: string) => true);
    const panel = new RoomPanel({
      storage,
      clipboard: null,
      copyFallback: fallback,
      origin: 'http://192.168.1.20:8080',
    });
    const copied = vi.fn();
    panel.on('linkCopied', copied);
    panel.update(connected());
    await panel.copyLink();
    expect(fallback).toHaveBeenCalledWith('http://192.168.1.20:8080/?room=ABCD-2345');
    expect(copied).toHaveBeenCalledWith('http://192.168.1.20:8080/?room=ABCD-2345');
    panel.dispose();
  });

  it('remembers the display name across visits', () => {
    type('network-name-input', 'Grace Hopper');
    input('network-name-input').dispatchEvent(new Event('change'));
    expect(storage.getItem(DISPLAY_NAME_KEY)).toBe('Grace Hopper');
    const next = new RoomPanel({ storage, clipboard });
    expect(next.displayName).toBe('Grace Hopper');
    next.dispose();
  });

  it('shows Reconnect with an error and emits reconnect; hides it once connected', () => {
    const reconnect = vi.fn();
    control.on('reconnect', reconnect);
    control.showError('Failed to connect. Please try again.', { reconnect: true });
    expect(control.isOpen).toBe(true);
    expect(q('network-error').textContent).toBe('Failed to connect. Please try again.');
    q('network-reconnect-button').click();
    expect(reconnect).toHaveBeenCalledTimes(1);
    control.update(connected());
    expect(q('network-reconnect-button').hidden).toBe(true);
  });

  it('offers Follow host to participants only', () => {
    control.setOpen(true);
    const follow = vi.fn();
    control.on('followHost', follow);
    control.update(connected());
    expect(q('network-follow-button').hidden).toBe(true);
    control.update({ ...connected(), selfId: 'u2' });
    expect(q('network-follow-button').hidden).toBe(false);
    q('network-follow-button').click();
    expect(follow).toHaveBeenCalledTimes(1);
  });

  it('prefills a code from a share link and focuses the PIN when asked', () => {
    control.prefill('ABCD-2345', { needPin: true });
    expect(input('network-room-code-input').value).toBe('ABCD-2345');
    expect(control.isOpen).toBe(true);
    expect(document.activeElement).toBe(q('network-pin-input'));
  });

  it('dispose() removes the element and its document listeners', () => {
    control.setOpen(true);
    control.dispose();
    expect(document.querySelector('[data-testid="network-control"]')).toBeNull();
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    expect(control.isOpen).toBe(true);
  });
});
