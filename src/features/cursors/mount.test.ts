// @vitest-environment happy-dom
// mountCursors wiring: remote pointers get names from the user list, leave with their user or
// the room, follow view changes; our pointer goes out only with company; Shift+P toggles.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Playback } from '../../core/playback/Playback';
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';
import { DEFAULT_SYNC_SETTINGS, type NetworkSyncEvents } from '../../network/types';
import type { User } from '../../protocol/index';
import { EventEmitter } from '../../utils/EventEmitter';
import { KeyBindings } from '../../utils/KeyBindings';
import { Toasts } from '../../ui/components/Toasts';
import type { Viewer } from '../../ui/components/Viewer';
import type { FeatureContext } from '../../feature';
import { mountCursors } from './mount';

function user(userId: string, displayName: string, connected = true): User {
  return {
    userId,
    displayName,
    color: '#22aa55',
    role: 'participant',
    connected,
    joinedAt: 0,
    status: 'active',
    mediaStatus: 'ready',
  };
}

class FakeNetwork extends EventEmitter<NetworkSyncEvents> {
  users: User[] = [user('me', 'Me'), user('u2', 'Ada')];
  roomCode: string | null = 'ABCD-EFGH';
  settings = { ...DEFAULT_SYNC_SETTINGS };
  readonly cursors: unknown[] = [];
  sendCursor(cursor: unknown): boolean {
    this.cursors.push(cursor);
    return true;
  }
}

class FakeViewer extends EventEmitter<{
  zoomChanged: number;
  panChanged: { x: number; y: number };
  fitZoomChanged: number;
}> {
  zoom = 1;
  imageToClient(p: { x: number; y: number }) {
    return { x: p.x * this.zoom, y: p.y * this.zoom };
  }
  clientToImage(p: { x: number; y: number }) {
    return { x: p.x / this.zoom, y: p.y / this.zoom };
  }
}

let stage: HTMLElement;
let network: FakeNetwork;
let viewer: FakeViewer;
let session: Playback;
let keys: KeyBindings;
let unmount: () => void;
let pointer: { probe: boolean };

const arrow = () => stage.querySelector<HTMLElement>('[data-testid="remote-cursor"]');
const cursorFrom = (userId: string, x = 10, y = 20) =>
  network.emit('remoteCursor', { userId, x, y, frame: 1, visible: true, color: '#22aa55' });

beforeEach(() => {
  localStorage.clear();
  stage = document.createElement('div');
  document.body.append(stage);
  stage.getBoundingClientRect = () =>
    ({ left: 0, top: 0, width: 500, height: 400, right: 500, bottom: 400, x: 0, y: 0 }) as DOMRect;
  network = new FakeNetwork();
  viewer = new FakeViewer();
  session = new Playback();
  keys = new KeyBindings();
  keys.attach(window);
  pointer = { probe: false };
  const context = {
    root: document.body,
    stage,
    side: document.createElement('div'),
    session,
    viewer: viewer as unknown as Viewer,
    network: network as unknown as NetworkSyncManager,
    keyBindings: keys,
    toasts: new Toasts(document.body),
    pointer,
  } as unknown as FeatureContext;
  unmount = mountCursors(context);
});

afterEach(() => {
  unmount();
  keys.detach();
  session.dispose();
  stage.remove();
});

describe('mountCursors', () => {
  it('labels a remote pointer with the user name and follows view changes', () => {
    cursorFrom('u2');
    expect(arrow()?.textContent).toBe('Ada');
    expect(arrow()?.style.transform).toBe('translate(10px, 20px)');
    viewer.zoom = 2;
    viewer.emit('zoomChanged', 2);
    expect(arrow()?.style.transform).toBe('translate(20px, 40px)');
  });

  it('renames, and removes the pointer when its user drops, leaves or the room is left', () => {
    cursorFrom('u2');
    network.users = [user('me', 'Me'), user('u2', 'Ada L.')];
    network.emit('usersChanged', network.users);
    expect(arrow()?.textContent).toBe('Ada L.');
    network.emit('usersChanged', [user('me', 'Me'), user('u2', 'Ada L.', false)]);
    expect(arrow()).toBeNull();
    cursorFrom('u2');
    network.emit('userLeft', user('u2', 'Ada'));
    expect(arrow()).toBeNull();
    cursorFrom('u2');
    network.emit('roomLeft', { roomId: 'ABCD-EFGH' });
    expect(arrow()).toBeNull();
  });

  it('sends our pointer only while someone else is in the room', async () => {
    network.users = [user('me', 'Me')];
    stage.dispatchEvent(new PointerEvent('pointermove', { clientX: 5, clientY: 6 }));
    await Promise.resolve();
    expect(network.cursors).toEqual([]);
    network.users = [user('me', 'Me'), user('u2', 'Ada')];
    stage.dispatchEvent(new PointerEvent('pointermove', { clientX: 7, clientY: 8 }));
    await Promise.resolve();
    expect(network.cursors).toEqual([{ x: 7, y: 8, frame: session.currentFrame, visible: true }]);
  });

  it('re-sends our still pointer when the picture moves under it (zoom, pan)', async () => {
    stage.dispatchEvent(new PointerEvent('pointermove', { clientX: 8, clientY: 6 }));
    await Promise.resolve();
    expect(network.cursors).toHaveLength(1);
    viewer.zoom = 2;
    viewer.emit('zoomChanged', 2);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(network.cursors.at(-1)).toEqual({
      x: 4,
      y: 3,
      frame: session.currentFrame,
      visible: true,
    });
  });

  it('marks our pointer as a probe while the pixel probe is on', async () => {
    network.users = [user('me', 'Me'), user('u2', 'Ada')];
    pointer.probe = true;
    stage.dispatchEvent(new PointerEvent('pointermove', { clientX: 7, clientY: 8 }));
    await Promise.resolve();
    expect(network.cursors).toEqual([
      { x: 7, y: 8, frame: session.currentFrame, visible: true, probe: true },
    ]);
  });

  it('Shift+P hides and shows the others’ pointers and remembers the choice', () => {
    cursorFrom('u2');
    const layer = stage.querySelector<HTMLElement>('[data-testid="remote-cursors"]')!;
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'P', shiftKey: true }));
    expect(layer.hidden).toBe(true);
    expect(localStorage.getItem('reelsync.showCursors')).toBe('false');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'P', shiftKey: true }));
    expect(layer.hidden).toBe(false);
  });
});
