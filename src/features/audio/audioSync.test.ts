// Volume/mute sync: the real Playback against a room stand-in that echoes like the server does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Playback } from '../../core/playback/Playback';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from '../../network/types';
import type { AudioState } from '../../protocol/index';
import { EventEmitter } from '../../utils/EventEmitter';
import { AudioSyncBinding, type AudioRoom } from './audioSync';

class FakeRoom extends EventEmitter<{ audioChanged: AudioState }> implements AudioRoom {
  settings: SyncSettings = { ...DEFAULT_SYNC_SETTINGS, audio: true };
  online = true;
  readonly sent: AudioState[] = [];
  sendAudio(audio: AudioState): string | null {
    if (!this.settings.audio || !this.online) return null;
    this.sent.push({ ...audio });
    return `m${this.sent.length}`;
  }
  /** The server's broadcast of the next sent change (to every member, the sender included). */
  echo(): void {
    const audio = this.sent.shift();
    if (audio) this.emit('audioChanged', audio);
  }
}

let session: Playback;
let room: FakeRoom;
let binding: AudioSyncBinding;
const tick = () => vi.advanceTimersByTimeAsync(150);

beforeEach(() => {
  vi.useFakeTimers();
  session = new Playback();
  room = new FakeRoom();
  binding = new AudioSyncBinding(session, room);
});

afterEach(() => {
  binding.dispose();
  session.dispose();
  vi.useRealTimers();
});

describe('AudioSyncBinding', () => {
  it('sends local volume and mute changes while audio sync is on', async () => {
    session.setMuted(true);
    await tick();
    session.setVolume(0.25);
    await tick();
    expect(room.sent).toEqual([
      { volume: 1, muted: true },
      { volume: 0.25, muted: true },
    ]);
  });

  it('sends nothing while the category is off (the default)', async () => {
    room.settings = { ...DEFAULT_SYNC_SETTINGS };
    session.setMuted(true);
    await tick();
    expect(room.sent).toEqual([]);
  });

  it("applies the room's audio without sending it back", async () => {
    room.emit('audioChanged', { volume: 0.4, muted: true });
    expect(session.volume).toBe(0.4);
    expect(session.muted).toBe(true);
    await tick();
    expect(room.sent).toEqual([]);
  });

  it('throttles a volume drag to its first and last value', async () => {
    session.setVolume(0.9);
    await Promise.resolve(); // the leading edge goes out at the end of the task
    for (const volume of [0.8, 0.7, 0.6, 0.5]) session.setVolume(volume);
    await tick();
    expect(room.sent.map((a) => a.volume)).toEqual([0.9, 0.5]);
  });

  it('late echoes of its own older values do not drag the volume back', async () => {
    session.setVolume(0.8);
    await tick();
    session.setVolume(0.3);
    await tick();
    room.echo(); // 0.8 comes back while 0.3 is still on its way
    expect(session.volume).toBe(0.3);
    room.echo();
    expect(session.volume).toBe(0.3);
    // Someone else's later change then applies.
    room.emit('audioChanged', { volume: 0.6, muted: false });
    expect(session.volume).toBe(0.6);
  });

  it('a lost change stops holding back the room after the echo timeout', async () => {
    session.setVolume(0.7);
    await tick();
    room.sent.length = 0; // the server never answered
    await vi.advanceTimersByTimeAsync(3500);
    room.emit('audioChanged', { volume: 0.2, muted: false });
    expect(session.volume).toBe(0.2);
  });

  it('offline changes are not queued', async () => {
    room.online = false;
    session.setVolume(0.5);
    await tick();
    room.online = true;
    await tick();
    expect(room.sent).toEqual([]);
  });
});
