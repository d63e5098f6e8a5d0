// Looks through the real server: a look (per-source CDL and LUT reference, display stage) rides in
// the Color category's state, reaches the other member and a late joiner, and a malformed one
// (unknown color space, a CDL with a missing field, a LUT id that is no SHA-256) is refused.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import {
  DEFAULT_COLOR_ADJUSTMENTS,
  type ColorAdjustments,
  type LookState,
} from '../../src/protocol/index';
import { createRoom, joinRoom } from './helpers/rooms';
import { startTestServer } from './helpers/server';
import type { TestClient } from './helpers/TestClient';

let server: RunningServer | null = null;
const clients: TestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await server?.close();
  server = null;
});

const FINGERPRINT = 'a'.repeat(64);
const LOOK: LookState = {
  sources: {
    [FINGERPRINT]: {
      inputSpace: 'arri-logc3',
      lookSpace: 'acescct',
      cdl: { slope: [1.1, 1, 0.9], offset: [0, 0.01, 0], power: [1, 1, 1.2], saturation: 0.8 },
      lut: { id: 'b'.repeat(64), name: 'show.cube' },
    },
  },
  display: { transform: 'rec709', falseColor: false, zebra: true },
};

describe('looks in the Color category', () => {
  it('reach the other member and a late joiner', async () => {
    server = await startTestServer();
    const host = await createRoom(server.syncUrl, { displayName: 'Ana' });
    clients.push(host.client);
    const guest = await joinRoom(server.syncUrl, host.joined.payload.roomId, { displayName: 'Bo' });
    clients.push(guest.client);
    const color: ColorAdjustments = { ...DEFAULT_COLOR_ADJUSTMENTS, exposure: 1, look: LOOK };
    const sent = host.client.send('sync.color', { color });
    const seen = await guest.client.next('sync.color', (message) => message.replyTo === sent);
    expect(seen.payload.color).toEqual(color);
    const late = await joinRoom(server.syncUrl, host.joined.payload.roomId, { displayName: 'Cy' });
    clients.push(late.client);
    const snapshot = late.state.payload;
    expect(snapshot.mode === 'snapshot' && snapshot.state.color.look).toEqual(LOOK);
  });

  it('refuses malformed looks', async () => {
    server = await startTestServer();
    const host = await createRoom(server.syncUrl, { displayName: 'Ana' });
    clients.push(host.client);
    const source = LOOK.sources[FINGERPRINT];
    if (!source?.cdl) throw new Error('fixture');
    const { power: _missing, ...cdlWithoutPower } = source.cdl;
    const bad: unknown[] = [
      { ...LOOK, sources: { [FINGERPRINT]: { ...source, inputSpace: 'rec2020-pq' } } },
      { ...LOOK, sources: { [FINGERPRINT]: { ...source, cdl: cdlWithoutPower } } },
      { ...LOOK, sources: { [FINGERPRINT]: { ...source, lut: { id: 'not-a-sha', name: 'x' } } } },
      { ...LOOK, display: { ...LOOK.display, transform: 'hlg' } },
    ];
    for (const look of bad) {
      const color = { ...DEFAULT_COLOR_ADJUSTMENTS, look } as ColorAdjustments;
      const id = host.client.send('sync.color', { color });
      expect((await host.client.errorFor(id)).payload.code).toBe('INVALID_MESSAGE');
    }
  });
});
