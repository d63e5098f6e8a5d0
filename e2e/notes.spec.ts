// Notes in real Chromium pages against the real server: a note written in one page shows in the
// other's panel (author, frame, text) and on the timeline, clicking it jumps to its frame (checked
// on the canvas pixels), edit/delete rules, local notes taken into a room, a note written while
// the link is cut, and the CSV / JSON / HTML exports as downloaded files.
import path from 'node:path';
import { expect, test } from './fixtures';
import {
  byId,
  closeAll,
  createRoom,
  joinRoom,
  openPerson,
  playback,
  room,
  shownFrame,
  type Person,
} from './helpers/network';
import { startCuttableProxy, type CuttableProxy } from './helpers/proxy';
import { addNote, downloaded, noteRow, openNotes, seek } from './helpers/notes';

let people: Person[] = [];
let proxies: CuttableProxy[] = [];
test.afterEach(async () => {
  await closeAll(...people);
  for (const proxy of proxies) await proxy.close();
  people = [];
  proxies = [];
});

async function person(
  browser: Parameters<typeof openPerson>[0],
  url: string,
  name: string,
  config?: Record<string, unknown>,
): Promise<Person> {
  const opened = await openPerson(browser, url, { name, ...(config ? { config } : {}) });
  people.push(opened);
  return opened;
}

test.describe('Notes', () => {
  test('a note added in one page shows in the other’s panel; clicking it jumps to the frame', async ({
    browser,
    server,
  }) => {
    const host = await person(browser, server.url, 'Hana');
    const guest = await person(browser, server.url, 'Gus');
    await room(host.page, guest.page);
    await seek(host.page, 120);
    await addNote(host.page, 'Boom mic in frame');

    await openNotes(guest.page);
    const row = noteRow(guest.page, 'Boom mic in frame');
    await expect(row).toBeVisible();
    await expect(row).toHaveAttribute('data-frame', '120');
    await expect(row).toHaveAttribute('data-state', 'synced');
    await expect(row.getByTestId('notes-item-author')).toHaveText('Hana');
    await expect(row.getByTestId('notes-item-frame')).toContainText('120 · 00:00:04:23');
    const hanaColor = await host.page.evaluate(
      () => window.reelsync?.network.users.find((user) => user.displayName === 'Hana')?.color,
    );
    const shownColor = await row
      .getByTestId('notes-item-author')
      .evaluate((node) => getComputedStyle(node).color);
    const hex = (hanaColor ?? '#000000').slice(1);
    const rgb = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
    expect(shownColor).toBe(`rgb(${rgb.join(', ')})`);
    await expect(byId(guest.page, 'notes-marker')).toHaveCount(1);

    // Somewhere else, then back through the note.
    await seek(guest.page, 400);
    await expect.poll(() => shownFrame(guest.page)).toBe(400);
    await row.getByTestId('notes-item-jump').click();
    await expect.poll(() => shownFrame(guest.page)).toBe(120);
    await expect(row).toHaveAttribute('data-current', 'true');
    // The jump is a seek like any other: the room follows.
    await expect.poll(() => shownFrame(host.page)).toBe(120);
  });

  test('edit and delete: own notes freely, others’ notes only as host and after a confirmation', async ({
    browser,
    server,
  }) => {
    const host = await person(browser, server.url, 'Hana');
    const guest = await person(browser, server.url, 'Gus');
    await room(host.page, guest.page);
    await seek(host.page, 10);
    await addNote(host.page, 'host note');
    await seek(guest.page, 20);
    await addNote(guest.page, 'guest note');
    await openNotes(host.page);
    await openNotes(guest.page);
    await expect(byId(host.page, 'notes-item')).toHaveCount(2);
    await expect(byId(guest.page, 'notes-item')).toHaveCount(2);

    // The guest may not touch the host's note (no buttons), but edits its own.
    await expect(noteRow(guest.page, 'host note').getByTestId('notes-edit-button')).toHaveCount(0);
    await noteRow(guest.page, 'guest note').getByTestId('notes-edit-button').click();
    await byId(guest.page, 'notes-edit-input').fill('guest note, edited');
    await byId(guest.page, 'notes-save-button').click();
    await expect(noteRow(host.page, 'guest note, edited')).toBeVisible();

    // The host deletes the guest's note: a confirmation first.
    await noteRow(host.page, 'guest note, edited').getByTestId('notes-delete-button').click();
    await expect(byId(host.page, 'notes-confirm')).toContainText("Delete Gus's note?");
    await byId(host.page, 'notes-cancel-delete').click();
    await expect(noteRow(host.page, 'guest note, edited')).toBeVisible();
    await noteRow(host.page, 'guest note, edited').getByTestId('notes-delete-button').click();
    await byId(host.page, 'notes-confirm-delete').click();
    await expect(byId(guest.page, 'notes-item')).toHaveCount(1);
    await expect(byId(guest.page, 'notes-item')).toContainText('host note');
  });

  test('empty text is refused with a message and nothing is added', async ({ browser, server }) => {
    const host = await person(browser, server.url, 'Hana');
    await openNotes(host.page);
    await byId(host.page, 'notes-input').fill('   ');
    await byId(host.page, 'notes-add-button').click();
    await expect(byId(host.page, 'notes-composer-error')).toContainText('Write some text');
    await expect(byId(host.page, 'notes-item')).toHaveCount(0);
  });

  test('local notes written before a room go into the room its creator opens', async ({
    browser,
    server,
  }) => {
    const host = await person(browser, server.url, 'Hana');
    await seek(host.page, 30);
    await addNote(host.page, 'written alone');
    await expect(noteRow(host.page, 'written alone')).toHaveAttribute('data-state', 'local');
    await expect(byId(host.page, 'notes-status')).toHaveAttribute('data-mode', 'local');
    // A reload keeps local notes (this browser's storage).
    await host.page.reload();
    await openNotes(host.page);
    await expect(noteRow(host.page, 'written alone')).toBeVisible();

    const code = await createRoom(host.page);
    await expect(noteRow(host.page, 'written alone')).toHaveAttribute('data-state', 'synced');
    const guest = await person(browser, server.url, 'Gus');
    await joinRoom(guest.page, code);
    await openNotes(guest.page);
    await expect(noteRow(guest.page, 'written alone')).toHaveAttribute('data-state', 'synced');
    await expect(noteRow(guest.page, 'written alone')).toHaveAttribute('data-frame', '30');
  });

  test('a note written while the connection is cut waits and is sent when it is back', async ({
    browser,
    server,
  }) => {
    const proxy = await startCuttableProxy(server.port);
    proxies.push(proxy);
    const host = await person(browser, server.url, 'Hana');
    const guest = await person(browser, proxy.url, 'Gus', {
      // Enough retries to outlast the typing below (the default gives up after a few).
      reconnect: { baseDelayMs: 100, maxDelayMs: 200, maxAttempts: 1000 },
    });
    await room(host.page, guest.page);
    await openNotes(host.page);
    await proxy.cut();
    await expect(byId(guest.page, 'network-button')).toHaveAttribute('data-state', 'reconnecting');
    await addNote(guest.page, 'typed offline');
    await expect(noteRow(guest.page, 'typed offline')).toHaveAttribute('data-state', 'pending');
    await expect(byId(guest.page, 'notes-status')).toHaveAttribute('data-offline', 'true');
    await expect(byId(host.page, 'notes-item')).toHaveCount(0);
    await proxy.restore();
    await expect(noteRow(host.page, 'typed offline')).toBeVisible();
    await expect(noteRow(guest.page, 'typed offline')).toHaveAttribute('data-state', 'synced');
  });

  test('a note typed offline survives closing the tab: the next tab sends it on rejoining the room', async ({
    browser,
    server,
  }) => {
    const proxy = await startCuttableProxy(server.port);
    proxies.push(proxy);
    const host = await person(browser, server.url, 'Hana');
    const guest = await person(browser, proxy.url, 'Gus', {
      reconnect: { baseDelayMs: 100, maxDelayMs: 200, maxAttempts: 1000 },
    });
    const code = await room(host.page, guest.page);
    await openNotes(host.page);
    await proxy.cut();
    await expect(byId(guest.page, 'network-button')).toHaveAttribute('data-state', 'reconnecting');
    await addNote(guest.page, 'typed before the tab closed');
    await expect(noteRow(guest.page, 'typed before the tab closed')).toHaveAttribute(
      'data-state',
      'pending',
    );
    // The queue reaches IndexedDB (the mirror writes after each change), then the tab closes.
    await expect
      .poll(() =>
        guest.page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              const open = indexedDB.open('reelsync-notes');
              open.onsuccess = () => {
                const request = open.result
                  .transaction('unsent', 'readonly')
                  .objectStore('unsent')
                  .count();
                request.onsuccess = () => resolve(request.result);
                request.onerror = () => resolve(-1);
              };
              open.onerror = () => resolve(-1);
            }),
        ),
      )
      .toBe(1);
    await guest.page.close();
    await proxy.restore();

    // A new tab of the same browser (its own session, so a new member) joins the room again.
    const page = await guest.context.newPage();
    await page.goto('/');
    await joinRoom(page, code);
    await expect(noteRow(host.page, 'typed before the tab closed')).toBeVisible();
    await openNotes(page);
    await expect(noteRow(page, 'typed before the tab closed')).toHaveAttribute(
      'data-state',
      'synced',
    );
  });

  test('exports: CSV, JSON and an HTML report with frame thumbnails', async ({
    browser,
    server,
  }) => {
    const host = await person(browser, server.url, 'Hana');
    await seek(host.page, 25);
    await addNote(host.page, 'first, with "quotes"');
    await seek(host.page, 49);
    await addNote(host.page, '=not a formula');

    const [csvFile, csv] = await downloaded(host.page, () =>
      byId(host.page, 'notes-export-csv').click(),
    );
    expect(csvFile.suggestedFilename()).toMatch(/^notes-.*\.csv$/);
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'Frame,End frame,Timecode,End timecode,Author,Text,Status,Created,Updated,Id',
    );
    expect(lines[1]).toMatch(/^25,,00:00:01:00,,Hana,"first, with ""quotes""",local,/);
    expect(lines[2]).toMatch(/^49,,00:00:02:00,,Hana,'=not a formula,local,/);

    const [, json] = await downloaded(host.page, () =>
      byId(host.page, 'notes-export-json').click(),
    );
    const data = JSON.parse(json) as {
      notes: Array<{ frame: number; text: string; timecode: string }>;
    };
    expect(data.notes.map((note) => [note.frame, note.timecode, note.text])).toEqual([
      [25, '00:00:01:00', 'first, with "quotes"'],
      [49, '00:00:02:00', '=not a formula'],
    ]);

    const [htmlFile, html] = await downloaded(host.page, () =>
      byId(host.page, 'notes-export-html').click(),
    );
    expect(htmlFile.suggestedFilename()).toMatch(/\.html$/);
    expect(html.match(/<img src="data:image\/jpeg;base64,/g)).toHaveLength(2);
    expect(html).toContain('first, with &quot;quotes&quot;');
    // Real images of the notes' own frames (the demo clip differs frame to frame).
    const report = await host.context.newPage();
    await report.setContent(html);
    const images = await report.locator('img').evaluateAll((nodes) =>
      nodes.map((node) => {
        const image = node as HTMLImageElement;
        return { width: image.naturalWidth, src: image.src };
      }),
    );
    expect(images.map((image) => image.width)).toEqual([320, 320]);
    expect(images[0]?.src).not.toBe(images[1]?.src);
    await report.close();
  });

  test('report thumbnails of a video come from the media without moving the playhead', async ({
    browser,
    server,
  }) => {
    const host = await person(browser, server.url, 'Hana');
    await byId(host.page, 'media-input').setInputFiles(
      path.join(import.meta.dirname, 'media', 'strip-48f-24fps.webm'),
    );
    await expect(byId(host.page, 'media-name')).toContainText('strip-48f-24fps');
    await seek(host.page, 5);
    await addNote(host.page, 'early');
    await seek(host.page, 40);
    await addNote(host.page, 'late');
    await seek(host.page, 20);
    await expect.poll(() => shownFrame(host.page)).toBe(20);
    const [, html] = await downloaded(host.page, () =>
      byId(host.page, 'notes-export-html').click(),
    );
    const images = [...html.matchAll(/<img src="(data:image\/jpeg;base64,[^"]+)"/g)].map(
      (match) => match[1],
    );
    expect(images).toHaveLength(2);
    expect(images[0]).not.toBe(images[1]);
    expect((await playback(host.page)).frame).toBe(20);
    await expect.poll(() => shownFrame(host.page)).toBe(20);
  });
});
