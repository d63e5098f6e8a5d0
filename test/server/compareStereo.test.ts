// A/B compare (sync.compare) and stereo (sync.stereo) through the real server: broadcast to the
// room and kept in its state for late joiners, a user the host locked out of a category is
// refused with FORBIDDEN naming it, viewers may not change them, and bad values never reach the
// room.
import { describe, expect, it } from 'vitest';
import type { CompareState, StereoState } from '../../src/protocol/index';
import { roomsWithGuest } from './helpers/rooms';

const hostAndGuest = roomsWithGuest();

const WIPE: CompareState = {
  mode: 'wipe',
  source: { kind: 'library', id: 'c'.repeat(64) },
  wipe: { x: 0.3, y: 0.5, angle: 20 },
  gain: 4,
  blend: 0.5,
  show: 'A',
};
const ANAGLYPH: StereoState = {
  input: 'sideBySide',
  display: 'anaglyph',
  swapEyes: true,
  convergence: -8,
};

describe('sync.compare and sync.stereo', () => {
  it('reach the room and are in a late joiner’s snapshot', async () => {
    const { host, guest, join } = await hostAndGuest();

    const compare = guest.client.send('sync.compare', { compare: WIPE });
    const change = await host.client.next('sync.compare', (m) => m.replyTo === compare);
    expect(change.payload.compare).toEqual(WIPE);
    const stereo = host.client.send('sync.stereo', { stereo: ANAGLYPH });
    const stereoChange = await guest.client.next('sync.stereo', (m) => m.replyTo === stereo);
    expect(stereoChange.payload.stereo).toEqual(ANAGLYPH);
    expect(stereoChange.version).toBe((change.version ?? 0) + 1);

    const late = await join('Cy');
    const state = late.state.payload;
    if (state.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(state.state.compare).toEqual(WIPE);
    expect(state.state.stereo).toEqual(ANAGLYPH);
  });

  it('a new room has neither (read as the defaults)', async () => {
    const { guest } = await hostAndGuest();
    const state = guest.state.payload;
    if (state.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(state.state.compare).toBeUndefined();
    expect(state.state.stereo).toBeUndefined();
  });

  it('refuses a user locked out of Compare or Stereo, naming the category', async () => {
    const { host, guest } = await hostAndGuest();
    const guestId = guest.joined.payload.userId;
    host.client.send('room.settings', {
      settings: { sendLocks: { [guestId]: ['compare', 'stereo'] } },
    });
    await guest.client.next('room.settings', (m) => Boolean(m.payload.settings.sendLocks));

    const compare = guest.client.send('sync.compare', { compare: WIPE });
    const refusal = await guest.client.errorFor(compare);
    expect(refusal.payload.code).toBe('FORBIDDEN');
    expect(refusal.payload.category).toBe('compare');
    const stereo = guest.client.send('sync.stereo', { stereo: ANAGLYPH });
    expect((await guest.client.errorFor(stereo)).payload.category).toBe('stereo');
  });

  it('refuses a viewer, and values out of range or unknown modes', async () => {
    const { host, join } = await hostAndGuest();
    const viewer = await join('Vi', 'viewer');
    const byViewer = viewer.client.send('sync.compare', { compare: WIPE });
    expect((await viewer.client.errorFor(byViewer)).payload.code).toBe('FORBIDDEN');

    const bad: unknown[] = [
      { ...WIPE, wipe: { x: 1.5, y: 0.5, angle: 0 } },
      { ...WIPE, gain: 0 },
      { ...WIPE, mode: 'checker' },
      { ...WIPE, source: { kind: 'library', id: 'not-an-id' } },
    ];
    for (const compare of bad) {
      const id = host.client.send('sync.compare', { compare } as never);
      expect((await host.client.errorFor(id)).payload.code).toBe('INVALID_MESSAGE');
    }
    const far = host.client.send('sync.stereo', {
      stereo: { ...ANAGLYPH, convergence: 5000 },
    });
    expect((await host.client.errorFor(far)).payload.code).toBe('INVALID_MESSAGE');
    const eyes = host.client.send('sync.stereo', {
      stereo: { ...ANAGLYPH, display: 'hologram' },
    } as never);
    expect((await host.client.errorFor(eyes)).payload.code).toBe('INVALID_MESSAGE');
  });
});
