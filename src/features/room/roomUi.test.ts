// @vitest-environment happy-dom
// The collaboration wiring against a scripted sync engine: the spec's toast texts, error texts in
// the panel, Reconnect after exhausted retries, Follow host, shortcuts, share links at startup.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';
import {
  DEFAULT_SYNC_SETTINGS,
  NetworkError,
  type ConnectionState,
  type NetworkSyncEvents,
  type SyncSettings,
} from '../../network/types';
import { DEFAULT_ROOM_SETTINGS, type RoomSettings, type User } from '../../protocol/index';
import { EventEmitter } from '../../utils/EventEmitter';
import { KeyBindings } from '../../utils/KeyBindings';
import { Toasts } from '../../ui/components/Toasts';
import { networkErrorText } from './networkTexts';
import { pageNetworkOptions } from './pageNetworkOptions';
import { mountRoomUi, type RoomUi } from './roomUi';

const guest: User = {
  userId: 'g1',
  displayName: 'Grace',
  color: '#0f0',
  role: 'participant',
  connected: true,
  joinedAt: 2,
  status: 'active',
  mediaStatus: 'ready',
};

/** The engine surface the UI reads, driven by the test. */
class FakeNetwork extends EventEmitter<NetworkSyncEvents> {
  connectionState: ConnectionState = 'disconnected';
  syncStatus: NetworkSyncEvents['syncStatusChanged'] = 'offline';
  roomCode: string | null = null;
  userId: string | null = null;
  users: User[] = [];
  settings: SyncSettings = { ...DEFAULT_SYNC_SETTINGS };
  roomSettings: RoomSettings = { ...DEFAULT_ROOM_SETTINGS };
  annotations: unknown[] = [];
  get isHost(): boolean {
    return this.users.find((user) => user.userId === this.userId)?.role === 'host';
  }
  peekRoom = vi.fn((_code: string) =>
    Promise.resolve({ roomId: 'ABCD-2345', hostName: 'Ana', pinRequired: false, full: false }),
  );
  createRoom = vi.fn(() => Promise.resolve());
  joinRoom = vi.fn((_code: string, _pin?: string): Promise<void> => Promise.resolve());
  leaveRoom = vi.fn(() => Promise.resolve());
  reconnect = vi.fn();
  resync = vi.fn();
  setSettings = vi.fn((patch: Partial<SyncSettings>) => {
    this.settings = { ...this.settings, ...patch };
    this.emit('settingsChanged', this.settings);
  });
  enter(code: string, role: 'host' | 'participant' = 'host'): void {
    this.roomCode = code;
    this.userId = 'me';
    this.connectionState = 'connected';
    this.users = [{ ...guest, userId: 'me', displayName: 'Me', role, joinedAt: 1 }];
    if (role !== 'host')
      this.users.push({ ...guest, userId: 'h', displayName: 'Ana', role: 'host' });
    this.emit('roomJoined', {
      roomId: code,
      userId: 'me',
      role,
      pinProtected: false,
      capacity: 8,
    });
  }
}

let ui: RoomUi | null = null;
afterEach(() => {
  ui?.dispose();
  ui = null;
  document.body.replaceChildren();
  localStorage.clear();
  sessionStorage.clear();
});

function mount(search = '', resumed: Promise<unknown> = Promise.resolve()) {
  const network = new FakeNetwork();
  const slot = document.createElement('div');
  const stage = document.createElement('div');
  document.body.append(slot, stage);
  const toasts = new Toasts(document.body);
  const keyBindings = new KeyBindings();
  const replaced: string[] = [];
  const win = {
    location: { search, href: `http://x.test/${search}` } as Location,
    history: {
      state: null,
      replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url),
    } as unknown as History,
    navigator: { onLine: true } as Navigator,
  };
  ui = mountRoomUi({
    network: network as unknown as NetworkSyncManager,
    slot,
    stage,
    toasts,
    keyBindings,
    resumed,
    window: win,
    dialogHost: document.body,
  });
  const texts = () =>
    [...document.querySelectorAll('[data-testid="toast-message"]')].map((n) => n.textContent);
  const q = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  return { network, toasts, keyBindings, win, replaced, texts, q, panel: ui.panel };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('network UI wiring', () => {
  it('shows the toasts for join and leave (naming the person), lost, reconnected', () => {
    const { network, texts } = mount();
    network.enter('ABCD-2345');
    network.emit('userJoined', guest);
    expect(texts()).toContain('Grace joined');
    network.emit('userLeft', guest);
    expect(texts()).toContain('Grace left');
    network.emit('reconnecting', { attempt: 1, delayMs: 0 });
    network.emit('reconnecting', { attempt: 2, delayMs: 1000 });
    expect(texts().filter((t) => t === 'Connection lost. Reconnecting...')).toHaveLength(1);
    network.emit('reconnected', { roomId: 'ABCD-2345' });
    expect(texts()).toContain('Reconnected successfully');
    expect(texts()).not.toContain('Connection lost. Reconnecting...');
  });

  it('after exhausted retries: error, Reconnect in the panel and on the toast', () => {
    const { network, texts, q } = mount();
    network.enter('ABCD-2345');
    network.connectionState = 'disconnected'; // as the engine does before this event
    network.emit('reconnectExhausted', { attempts: 10 });
    expect(texts()).toContain('Failed to connect. Please try again.');
    expect(q('network-error')?.textContent).toBe('Failed to connect. Please try again.');
    expect(q('network-reconnect-button')?.hidden).toBe(false);
    q('network-reconnect-button')?.click();
    expect(network.reconnect).toHaveBeenCalledTimes(1);
    q('toast-action')?.click();
    expect(network.reconnect).toHaveBeenCalledTimes(2);
  });

  it('maps join failures to the panel texts', async () => {
    const { network, panel, q } = mount();
    for (const [code, text] of [
      ['ROOM_NOT_FOUND', 'Room not found'],
      ['ROOM_FULL', 'Room is full'],
    ] as const) {
      network.joinRoom.mockImplementationOnce(() => Promise.reject(new NetworkError(code)));
      panel.emit('joinRoom', { code: 'ABCD-2345', pin: null, displayName: '' });
      await settle();
      expect(q('network-error')?.textContent).toBe(text);
    }
    expect(networkErrorText('CONNECTION_FAILED')).toBe('Failed to connect. Please try again.');
    expect(networkErrorText('TOO_MANY_ROOMS')).toMatch(/^Too many open rooms from your address/);
  });

  it('offline: "No network connection" without trying', () => {
    const { network, panel, win, q } = mount();
    (win.navigator as { onLine: boolean }).onLine = false;
    panel.emit('createRoom', { displayName: '', pin: null });
    expect(network.createRoom).not.toHaveBeenCalled();
    expect(q('network-error')?.textContent).toBe('No network connection');
  });

  it('Follow host turns playback sync on and resyncs', () => {
    const { network, panel } = mount();
    network.enter('ABCD-2345');
    panel.emit('followHost', undefined);
    expect(network.setSettings).toHaveBeenCalledWith({ playback: true });
    expect(network.resync).toHaveBeenCalled();
  });

  it('Shift+N toggles the panel; Shift+Ctrl+N and Shift+Alt+N leave the room', () => {
    const { network, keyBindings, panel } = mount();
    const key = (init: KeyboardEventInit) => keyBindings.handle(new KeyboardEvent('keydown', init));
    key({ key: 'N', code: 'KeyN', shiftKey: true });
    expect(panel.isOpen).toBe(true);
    network.enter('ABCD-2345');
    key({ key: 'N', code: 'KeyN', shiftKey: true, ctrlKey: true });
    key({ key: 'N', code: 'KeyN', shiftKey: true, altKey: true });
    expect(network.leaveRoom).toHaveBeenCalledTimes(2);
  });

  it('a share link asks first (host named, last name prefilled), then joins under that name', async () => {
    localStorage.setItem('reelsync.displayName', 'Bo');
    const { network, replaced, q, panel } = mount('?room=abcd-2345&pin=4711');
    await settle();
    expect(network.joinRoom).not.toHaveBeenCalled();
    expect(network.peekRoom).toHaveBeenCalledWith('ABCD-2345');
    await settle();
    expect(q('join-link-title')?.textContent).toBe('Join room ABCD-2345 hosted by Ana?');
    const name = q('join-link-name') as HTMLInputElement;
    expect(name.value).toBe('Bo');
    // The link carries the PIN: no PIN field.
    expect(q('join-link-pin')?.closest('label')?.hidden).toBe(true);
    name.value = 'Bea';
    q('join-link-join')?.click();
    expect(network.joinRoom).toHaveBeenCalledWith('ABCD-2345', '4711', { displayName: 'Bea' });
    expect(localStorage.getItem('reelsync.displayName')).toBe('Bea');
    await settle();
    expect(q('join-link-dialog')).toBeNull();
    expect(replaced).toEqual(['http://x.test/']);
    expect(panel.displayName).toBe('Bea');
  });

  it('a share link for a PIN room without the PIN asks for it in the question', async () => {
    const { network, q } = mount('?room=ABCD-2345');
    network.peekRoom.mockResolvedValueOnce({
      roomId: 'ABCD-2345',
      hostName: 'Ana',
      pinRequired: true,
      full: false,
    });
    network.joinRoom.mockImplementationOnce(() => Promise.reject(new NetworkError('BAD_PIN')));
    await settle();
    await settle();
    expect(q('join-link-pin')?.closest('label')?.hidden).toBe(false);
    (q('join-link-name') as HTMLInputElement).value = 'Bo';
    (q('join-link-pin') as HTMLInputElement).value = '9999';
    q('join-link-join')?.click();
    await settle();
    expect(q('join-link-error')?.textContent).toBe('Wrong PIN');
    expect(q('join-link-dialog')).not.toBeNull();
  });

  it('cancelling the link question joins nothing and clears the link', async () => {
    const { network, q, replaced } = mount('?room=ABCD-2345');
    await settle();
    q('join-link-cancel')?.click();
    expect(network.joinRoom).not.toHaveBeenCalled();
    expect(q('join-link-dialog')).toBeNull();
    expect(replaced).toEqual(['http://x.test/']);
  });

  it('a link to a room that is gone says so and offers no Join', async () => {
    const { network, q } = mount('?room=ABCD-2345');
    network.peekRoom.mockRejectedValueOnce(new NetworkError('ROOM_NOT_FOUND'));
    await settle();
    await settle();
    expect(q('join-link-error')?.textContent).toBe('Room not found');
    expect((q('join-link-join') as HTMLButtonElement).disabled).toBe(true);
  });

  it('tells a member when the host changes their role', () => {
    const { network, texts } = mount();
    network.enter('ABCD-2345', 'participant');
    network.emit('roleChanged', 'viewer');
    expect(texts()).toContain(
      'Ana made you a viewer — you can watch but not draw or control playback',
    );
  });

  it('a joiner takes the host’s defaults for what they did not choose', () => {
    const { network, q } = mount();
    network.roomSettings = {
      ...DEFAULT_ROOM_SETTINGS,
      joinDefaults: { playback: true, view: true, color: true, annotations: true, audio: false },
    };
    // The user unticked View sync themselves before: that stays theirs.
    const view = q('network-sync-view') as HTMLInputElement;
    view.checked = false;
    view.dispatchEvent(new Event('change'));
    network.enter('WXYZ-2345', 'participant');
    expect(network.settings).toMatchObject({ annotations: true, color: true, view: false });
  });

  it('the drawings hint stays until answered, then turns annotation sync on', () => {
    const { network, q } = mount();
    network.annotations = [{}];
    network.enter('ABCD-2345', 'participant');
    const hint = q('annotation-sync-hint');
    expect(hint?.hidden).toBe(false);
    expect(q('annotation-sync-hint-text')?.textContent).toMatch(/drawings.*Annotation sync is off/);
    q('annotation-sync-hint-show')?.click();
    expect(network.settings.annotations).toBe(true);
    expect(hint?.hidden).toBe(true);
  });

  it('presentation mode turns annotation sync on for members, and back off after', () => {
    const { network, texts } = mount();
    network.enter('ABCD-2345', 'participant');
    expect(network.settings.annotations).toBe(false);
    network.roomSettings = { ...network.roomSettings, presentationMode: true };
    network.emit('roomSettingsChanged', network.roomSettings);
    expect(network.settings.annotations).toBe(true);
    expect(texts().some((t) => t?.includes('you see the host’s drawings'))).toBe(true);
    network.roomSettings = { ...network.roomSettings, presentationMode: false };
    network.emit('roomSettingsChanged', network.roomSettings);
    expect(network.settings.annotations).toBe(false);
  });

  it('a malformed share link shows an error', () => {
    const { q, network } = mount('?room=nope');
    expect(q('network-error')?.textContent).toMatch(/not valid/);
    expect(network.joinRoom).not.toHaveBeenCalled();
  });

  it('pageNetworkOptions keeps only well-formed overrides', () => {
    expect(pageNetworkOptions(undefined)).toEqual({});
    expect(
      pageNetworkOptions({
        reconnect: { baseDelayMs: 50, maxAttempts: 'x' },
        heartbeatIntervalMs: -1,
      }),
    ).toEqual({ reconnect: { baseDelayMs: 50 } });
  });
});
