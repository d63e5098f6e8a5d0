// Control devices (docs/control-devices.md) in real Chromium: a ShuttlePRO v2 on WebHID — the
// browser's device object stands in for the USB device (no hardware on CI), everything after
// `inputreport` is the player's own code — moves the playhead by jog, shuttle ring and buttons,
// alone and for a room's guest (pixels); garbage and unplugging give a message, no crash; the
// mapping table is edited, learnt and kept across a reload.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { sampleFrame } from './helpers/frameStrip';
import { api, byId, openPerson, room, type Person } from './helpers/network';

const people: Person[] = [];
test.afterEach(async () => {
  for (const person of people.splice(0)) await person.context.close();
});

/** A ShuttlePRO v2 behind navigator.hid: `window.shuttle.send(bytes)` delivers one input report. */
function fakeShuttle(): void {
  const device = Object.assign(new EventTarget(), {
    opened: false,
    vendorId: 0x0b33,
    productId: 0x0030,
    productName: 'ShuttlePRO v2',
    open() {
      device.opened = true;
      return Promise.resolve();
    },
    close() {
      device.opened = false;
      return Promise.resolve();
    },
  });
  const hid = Object.assign(new EventTarget(), {
    requestDevice: () => Promise.resolve([device]),
  });
  Object.defineProperty(navigator, 'hid', { value: hid, configurable: true });
  const withFields = (type: string, fields: Record<string, unknown>) => {
    const event = new Event(type);
    for (const [name, value] of Object.entries(fields))
      Object.defineProperty(event, name, { value });
    return event;
  };
  (window as unknown as { shuttle: unknown }).shuttle = {
    send: (bytes: number[]) =>
      device.dispatchEvent(
        withFields('inputreport', {
          device,
          reportId: 0,
          data: new DataView(new Uint8Array(bytes).buffer),
        }),
      ),
    unplug: () => hid.dispatchEvent(withFields('disconnect', { device })),
  };
}

async function withShuttle(person: Person): Promise<Person> {
  await person.context.addInitScript(fakeShuttle);
  await person.page.reload();
  await expect.poll(async () => (await sampleFrame(person.page)).decoded).toBe(1);
  return person;
}

async function open(browser: Parameters<typeof openPerson>[0], baseURL: string, name: string) {
  const person = await openPerson(browser, baseURL, { name });
  people.push(person);
  return person;
}

const send = (page: Page, bytes: number[]) =>
  page.evaluate(
    (report) =>
      (window as unknown as { shuttle: { send(b: number[]): void } }).shuttle.send(report),
    bytes,
  );
const frame = (page: Page) => api<number>(page, '(r) => r.session.currentFrame');

async function connect(page: Page): Promise<void> {
  await byId(page, 'devices-button').click();
  await byId(page, 'devices-connect-hid').click();
  await expect(byId(page, 'devices-message')).toHaveText('ShuttlePRO v2 connected.');
  await expect(byId(page, 'devices-list')).toContainText('ShuttlePRO v2');
}

test.describe('Control devices', () => {
  test('a ShuttlePRO jog, ring and buttons move the playhead, alone and for the room', async ({
    browser,
    baseURL,
  }) => {
    const host = await withShuttle(await open(browser, baseURL ?? '', 'Hana'));
    await connect(host.page);
    await send(host.page, [0, 0x10, 0, 0, 0]); // at rest: the jog counter stands at 16
    await send(host.page, [0, 0x15, 0, 0, 0]); // five clicks clockwise
    await expect.poll(() => frame(host.page)).toBe(6);
    await expect.poll(async () => (await sampleFrame(host.page)).decoded).toBe(6);
    await expect(byId(host.page, 'devices-last-input')).toHaveText(
      'Last control: ShuttlePRO jog wheel',
    );
    // Button 9 (F9): to the out point; button 5: back to the in point.
    await send(host.page, [0, 0x15, 0, 0x00, 0x01]);
    await send(host.page, [0, 0x15, 0, 0x00, 0x00]);
    await expect.poll(() => frame(host.page)).toBe(1440);
    await send(host.page, [0, 0x15, 0, 0x10, 0x00]);
    await send(host.page, [0, 0x15, 0, 0x00, 0x00]);
    await expect.poll(() => frame(host.page)).toBe(1);

    // In a room: the guest's picture follows what the host's device does.
    const guest = await open(browser, baseURL ?? '', 'Gus');
    await room(host.page, guest.page);
    await send(host.page, [0, 0x1f, 0, 0, 0]); // ten more clicks
    await expect.poll(() => frame(host.page)).toBe(11);
    await expect.poll(async () => (await sampleFrame(guest.page)).decoded).toBe(11);

    // The ring plays at the ring's speed; back to the centre stops.
    await send(host.page, [0x03, 0x1f, 0, 0, 0]);
    await expect
      .poll(() =>
        api<[boolean, number]>(host.page, '(r) => [r.session.isPlaying, r.session.speed]'),
      )
      .toEqual([true, 1]);
    await send(host.page, [0x00, 0x1f, 0, 0, 0]);
    await expect.poll(() => api<boolean>(host.page, '(r) => r.session.isPlaying')).toBe(false);
  });

  test('garbage and an unplugged device give a message, never a crash', async ({
    browser,
    baseURL,
  }) => {
    const person = await withShuttle(await open(browser, baseURL ?? '', 'Hana'));
    await connect(person.page);
    await send(person.page, [0, 0, 0, 0, 0]);
    await send(person.page, [1, 2, 3]);
    await send(person.page, [0x55, 0, 0, 0, 0]);
    const garbage = 'ShuttlePRO v2 sent a 3-byte report (a ShuttlePRO v2 sends 5); ignored.';
    await expect(byId(person.page, 'devices-message')).toContainText(garbage);
    // One notice for the burst (the panel's line and one toast), not one per report.
    await expect(person.page.getByText(garbage)).toHaveCount(2);
    // Still working after the garbage.
    await send(person.page, [0, 2, 0, 0, 0]);
    await expect.poll(() => frame(person.page)).toBe(3);
    // Unplugged while shuttling: playback stops and the panel says what to do.
    await send(person.page, [0x05, 2, 0, 0, 0]);
    await expect.poll(() => api<boolean>(person.page, '(r) => r.session.isPlaying')).toBe(true);
    await person.page.evaluate(() =>
      (window as unknown as { shuttle: { unplug(): void } }).shuttle.unplug(),
    );
    await expect.poll(() => api<boolean>(person.page, '(r) => r.session.isPlaying')).toBe(false);
    await expect(byId(person.page, 'devices-message')).toContainText(
      'ShuttlePRO v2 disconnected. Plug it in again',
    );
    await expect(byId(person.page, 'devices-list')).toContainText('No device connected.');
  });

  test('the mapping table is edited, learnt and kept across a reload', async ({
    browser,
    baseURL,
  }) => {
    const person = await withShuttle(await open(browser, baseURL ?? '', 'Hana'));
    await connect(person.page);
    await byId(person.page, 'devices-action-shuttlepro:button:7').selectOption('stepForward10');
    await send(person.page, [0, 0, 0, 0, 0]);
    await send(person.page, [0, 0, 0, 0x40, 0]);
    await send(person.page, [0, 0, 0, 0, 0]);
    await expect.poll(() => frame(person.page)).toBe(11);
    // Learn: the next control touched (button 14, unmapped) gets a row.
    await byId(person.page, 'devices-learn').click();
    await send(person.page, [0, 0, 0, 0, 0x20]);
    await expect(byId(person.page, 'devices-message')).toHaveText(
      'ShuttlePRO button 14 added: pick its action below.',
    );
    await byId(person.page, 'devices-action-shuttlepro:button:14').selectOption('goToEnd');
    await send(person.page, [0, 0, 0, 0, 0]);
    await send(person.page, [0, 0, 0, 0, 0x20]);
    await expect.poll(() => frame(person.page)).toBe(1440);

    await person.page.reload();
    await byId(person.page, 'devices-button').click();
    await expect(byId(person.page, 'devices-action-shuttlepro:button:7')).toHaveValue(
      'stepForward10',
    );
    await expect(byId(person.page, 'devices-action-shuttlepro:button:14')).toHaveValue('goToEnd');
  });
});
