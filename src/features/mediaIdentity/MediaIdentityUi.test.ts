// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { MediaDescriptor, User } from '../../protocol/index';
import type { MediaIdentityView } from './MediaIdentity';
import { MediaIdentityUi } from './MediaIdentityUi';

const ROOM: MediaDescriptor = {
  name: 'shot.mov',
  frameStart: 1,
  frameEnd: 48,
  fps: 24,
  width: 640,
  height: 360,
  fingerprint: 'a'.repeat(64),
};

function user(userId: string, mediaStatus: User['mediaStatus'], role: User['role']): User {
  return {
    userId,
    displayName: userId.toUpperCase(),
    color: '#3cb44b',
    role,
    connected: true,
    joinedAt: 1,
    status: 'active',
    mediaStatus,
  };
}

function view(partial: Partial<MediaIdentityView>): MediaIdentityView {
  return {
    inRoom: true,
    isHost: false,
    reopen: false,
    selfId: 'me',
    status: 'ready',
    local: ROOM,
    room: ROOM,
    waitForEveryone: false,
    hold: null,
    users: [user('host', 'ready', 'host'), user('me', 'ready', 'participant')],
    ...partial,
  };
}

let ui: MediaIdentityUi;
const calls: string[] = [];

function make(): MediaIdentityUi {
  ui = new MediaIdentityUi({
    openCopy: (files) => calls.push(`open ${files.length}`),
    playFromRoom: () => calls.push('stream'),
    setWaitForEveryone: (on) => calls.push(`wait ${on}`),
  });
  document.body.append(ui.element);
  return ui;
}

const get = <T extends HTMLElement>(id: string): T => {
  const found = ui.element.querySelector<T>(`[data-testid="${id}"]`);
  if (!found) throw new Error(`missing ${id}`);
  return found;
};

afterEach(() => {
  ui.dispose();
  calls.length = 0;
});

describe('MediaIdentityUi', () => {
  it('says nothing when the media is the same, and nothing outside a room', () => {
    make().render(view({}));
    expect(get('media-banner').hidden).toBe(true);
    expect(get('media-summary').textContent).toBe('Media: 2/2 ready');
    expect(ui.element.hidden).toBe(false);
    ui.render(view({ inRoom: false, status: 'missing' }));
    expect(get('media-banner').hidden).toBe(true);
    expect(get('media-control').hidden).toBe(true);
    // Nothing to show: the element itself is hidden, so the status area takes no room.
    expect(ui.element.hidden).toBe(true);
  });

  it('asks for the host’s media when showing something else', () => {
    make().render(view({ status: 'missing', local: { ...ROOM, name: 'demo' } }));
    expect(get('media-banner').hidden).toBe(false);
    expect(get('media-banner-text').textContent).toBe('Host is viewing shot.mov — open your copy');
    expect(get('media-banner-detail').textContent).toBe('You are viewing “demo”.');
    expect(get('media-open-copy').hidden).toBe(false);
    expect(get('media-stream-button').hidden).toBe(true);
  });

  it('offers “Play from the room” when the room’s library can stream the shot', () => {
    make().render(view({ status: 'missing', local: { ...ROOM, name: 'demo' } }));
    ui.setStreamable(true);
    const stream = get<HTMLButtonElement>('media-stream-button');
    expect(stream.hidden).toBe(false);
    expect(stream.textContent).toBe('Play from the room');
    stream.click();
    expect(calls).toEqual(['stream']);
    ui.setStreamable(false);
    expect(stream.hidden).toBe(true);
  });

  it('explains a mismatch: range/fps/size, or content', () => {
    make().render(view({ status: 'mismatch', local: { ...ROOM, frameEnd: 40 } }));
    expect(get('media-banner').dataset.status).toBe('mismatch');
    expect(get('media-banner-text').textContent).toContain('Media mismatch');
    expect(get('media-banner-detail').textContent).toBe(
      'Yours: frames 1–40, 24 fps, 640×360. Host’s: frames 1–48, 24 fps, 640×360.',
    );
    ui.render(view({ status: 'mismatch', local: { ...ROOM, fingerprint: 'b'.repeat(64) } }));
    expect(get('media-banner-detail').textContent).toContain('content differs');
  });

  it('the host never sees the banner; only the host may switch wait for everyone', () => {
    make().render(view({ isHost: true, status: 'ready', room: null }));
    expect(get('media-banner').hidden).toBe(true);
    const box = get<HTMLInputElement>('media-wait-for-everyone');
    expect(box.disabled).toBe(false);
    box.checked = true;
    box.dispatchEvent(new Event('change'));
    expect(calls).toEqual(['wait true']);
    ui.render(view({ waitForEveryone: true }));
    expect(box.checked).toBe(true);
    expect(box.disabled).toBe(true);
  });

  it('shows a held play with whom it waits for, and lets the host start without them', () => {
    const users = [user('host', 'ready', 'host'), user('me', 'loading', 'participant')];
    make().render(
      view({ isHost: true, selfId: 'host', users, hold: { requestedBy: 'host', userIds: ['me'] } }),
    );
    expect(get('media-waiting').hidden).toBe(false);
    expect(get('media-waiting-text').textContent).toBe('Waiting for 1 user… (ME)');
    expect(get('media-summary').textContent).toBe('Media: 1 not ready');
    get('media-start-now').click();
    expect(calls).toEqual(['wait false']);
    ui.render(view({ users, hold: { requestedBy: 'host', userIds: ['me'] } }));
    expect(get('media-waiting-text').textContent).toBe('Waiting for 1 user… (you)');
    expect(get('media-start-now').hidden).toBe(true);
  });

  it('lists each user’s media state', () => {
    const users = [user('host', 'ready', 'host'), user('me', 'mismatch', 'participant')];
    make().render(view({ users, status: 'mismatch' }));
    get('media-summary').click();
    expect(get('media-user-list').hidden).toBe(false);
    expect(get('media-user-me').dataset.mediaStatus).toBe('mismatch');
    expect(get('media-user-me').textContent).toBe('YouMismatch');
    expect(get('media-user-host').textContent).toBe('HOSTReady');
  });
});
