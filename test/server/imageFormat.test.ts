// The Image format through the real server: a view carrying a format (pixel aspect, rotation,
// flip/flop, mask opacity) and an aspect mask is validated, sequenced, stored and echoed to
// everyone; a later joiner's snapshot has it; the schema refuses nonsense; and a send lock on the
// Image format refuses a format or mask change with FORBIDDEN naming the category while a zoom
// (the View category) still goes through.
import { describe, expect, it } from 'vitest';
import type { ImageFormat, ViewState } from '../../src/protocol/index';
import { roomsWithGuest, type Joined } from './helpers/rooms';

const roomWithGuest = roomsWithGuest();

function roomView(joined: Joined): ViewState {
  const state = joined.state.payload;
  if (state.mode !== 'snapshot') throw new Error('expected a snapshot');
  return state.state.view;
}

const anamorphic: ImageFormat = {
  pixelAspect: 2,
  rotation: 90,
  flip: true,
  flop: false,
  maskOpacity: 0.5,
};

describe('image format (sync.view)', () => {
  it('sequences a format and mask change, echoes it to everyone, and a joiner gets it', async () => {
    const { host, guest, join } = await roomWithGuest();
    const view: ViewState = {
      ...roomView(host),
      format: anamorphic,
      guides: { safeAreas: false, mask: '2.39' },
    };
    const sent = host.client.send('sync.view', { view });
    const [own, other] = await Promise.all([
      host.client.next('sync.view', (message) => message.replyTo === sent),
      guest.client.next('sync.view', (message) => message.replyTo === sent),
    ]);
    expect(own.version).toBe(other.version);
    expect(other.payload.view.format).toEqual(anamorphic);
    expect(other.payload.view.guides).toEqual({ safeAreas: false, mask: '2.39' });

    // A custom mask ratio is a number.
    const custom = guest.client.send('sync.view', {
      view: { ...view, guides: { safeAreas: false, mask: 1.66 } },
    });
    const echo = await host.client.next('sync.view', (message) => message.replyTo === custom);
    expect(echo.payload.view.guides?.mask).toBe(1.66);

    const late = await join('Cy');
    expect(roomView(late).format).toEqual(anamorphic);
    expect(roomView(late).guides?.mask).toBe(1.66);
  });

  it('refuses formats the schema does not allow', async () => {
    const { host } = await roomWithGuest();
    const view = roomView(host);
    for (const format of [
      { ...anamorphic, rotation: 45 },
      { ...anamorphic, pixelAspect: 0 },
      { ...anamorphic, maskOpacity: 1.5 },
      { ...anamorphic, skew: 1 },
    ]) {
      const id = host.client.send('sync.view', { view: { ...view, format } } as never);
      expect((await host.client.errorFor(id)).payload.code).toBe('INVALID_MESSAGE');
    }
    const mask = host.client.send('sync.view', {
      view: { ...view, guides: { safeAreas: false, mask: 9 } },
    } as never);
    expect((await host.client.errorFor(mask)).payload.code).toBe('INVALID_MESSAGE');
  });

  it('a send lock on Image format refuses format and mask changes; zoom still goes', async () => {
    const { host, guest } = await roomWithGuest();
    const guestId = guest.joined.payload.userId;
    host.client.send('room.settings', { settings: { sendLocks: { [guestId]: ['format'] } } });
    const settings = await guest.client.next('room.settings', (message) =>
      Boolean(message.payload.settings.sendLocks),
    );
    expect(settings.payload.settings.sendLocks).toEqual({ [guestId]: ['format'] });
    const view = roomView(guest);

    const turn = guest.client.send('sync.view', { view: { ...view, format: anamorphic } });
    expect((await guest.client.errorFor(turn)).payload).toMatchObject({
      code: 'FORBIDDEN',
      category: 'format',
    });
    const mask = guest.client.send('sync.view', {
      view: { ...view, guides: { safeAreas: false, mask: '1.85' } },
    });
    const refusal = await guest.client.errorFor(mask);
    expect(refusal.payload).toMatchObject({ code: 'FORBIDDEN', category: 'format' });
    expect(refusal.payload.message).toContain('Image format');

    const zoom = guest.client.send('sync.view', { view: { ...view, fit: false, zoom: 2 } });
    const echo = await host.client.next('sync.view', (message) => message.replyTo === zoom);
    expect(echo.payload.view).toMatchObject({ zoom: 2, fit: false });
    expect(echo.payload.view.format).toBeUndefined();
  });
});
