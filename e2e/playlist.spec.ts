// The room playlist in two real browsers through the real server: the host builds a two-shot
// playlist from the library (uploads join it in order); the guest, who has neither file, follows
// shot 1 → 2 → 1 → 2 with PageDown / PageUp and lands on each shot's remembered frame, read from
// the picture's frame-ID strip; a click on an item, reordering and a removal of the current item
// move everyone alike; V / Alt+V switch versions of a shot on the same frame, and a note stays
// with the version it was made on.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  api,
  byId,
  closeAll,
  joinRoom,
  openPerson,
  pressKey,
  recordToasts,
  room,
  seenToasts,
} from './helpers/network';
import { addNote, noteRow, openNotes } from './helpers/notes';
import { SHOT_1, bothOn, upload, secondShot } from './helpers/playlistShots';

/** A second shot of 72 frames: frame 60 exists only in it. */
const SHOT_2 = secondShot(72);

async function openPlaylist(page: Page): Promise<void> {
  if (!(await byId(page, 'playlist-panel').isVisible()))
    await byId(page, 'playlist-button').click();
  await expect(byId(page, 'playlist-panel')).toBeVisible();
}

const currentName = (page: Page) =>
  page.locator(
    '[data-testid="playlist-item"][data-current="true"] [data-testid="playlist-item-name"]',
  );

test('the guest without the files follows shot 1 → 2 → 1 → 2 and lands on each remembered frame', async ({
  browser,
  server,
}) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  await room(host.page, guest.page);
  const pages = [host.page, guest.page];

  // The host builds the playlist from the library: each upload joins it, in the order added.
  await upload(host.page, SHOT_1);
  await upload(host.page, SHOT_2.file);
  for (const page of pages) {
    await openPlaylist(page);
    await expect(byId(page, 'playlist-item-name')).toHaveText([
      'strip-48f-24fps.webm',
      'sh020_comp_v001.webm',
    ]);
    await expect(currentName(page)).toHaveText('strip-48f-24fps.webm');
  }
  await expect(byId(guest.page, 'playlist-next')).toBeDisabled(); // the host runs the list
  await bothOn(pages, SHOT_1, 1);

  // Shot 1, frame 10.
  await api(host.page, '(r) => r.session.seek(10)');
  await bothOn(pages, SHOT_1, 10);
  // PageDown: shot 2 from its start; the host goes to frame 60.
  await pressKey(host.page, 'PageDown');
  await bothOn(pages, SHOT_2.file, 1);
  await expect(currentName(guest.page)).toHaveText('sh020_comp_v001.webm');
  await api(host.page, '(r) => r.session.seek(60)');
  await bothOn(pages, SHOT_2.file, 60);
  // PageUp: back on shot 1, at its remembered frame 10.
  await pressKey(host.page, 'PageUp');
  await bothOn(pages, SHOT_1, 10);
  await expect(currentName(guest.page)).toHaveText('strip-48f-24fps.webm');
  // PageDown again: shot 2 at its remembered frame 60.
  await pressKey(host.page, 'PageDown');
  await bothOn(pages, SHOT_2.file, 60);
  // The buttons and a click on an item do the same.
  await byId(host.page, 'playlist-prev').click();
  await bothOn(pages, SHOT_1, 10);
  await byId(host.page, 'playlist-item-name').nth(1).click();
  await bothOn(pages, SHOT_2.file, 60);
  await closeAll(host, guest);
});

test('reorder, rename and removing the current item move everyone alike; late joiners land on it', async ({
  browser,
  server,
}) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  const code = await room(host.page, guest.page);
  await upload(host.page, SHOT_1);
  await upload(host.page, SHOT_2.file);
  await openPlaylist(host.page);
  await openPlaylist(guest.page);
  await expect(byId(guest.page, 'playlist-item')).toHaveCount(2);

  // Drag the second item above the first: both lists show the new order.
  const rows = byId(host.page, 'playlist-item');
  await rows.nth(1).dragTo(rows.nth(0));
  for (const page of [host.page, guest.page])
    await expect(byId(page, 'playlist-item-name')).toHaveText([
      'sh020_comp_v001.webm',
      'strip-48f-24fps.webm',
    ]);
  // Rename in place.
  await byId(host.page, 'playlist-item-rename').first().click();
  const field = byId(host.page, 'playlist-item-rename-input');
  await field.fill('sh020 comp v001 (new grade)');
  await field.press('Enter');
  await expect(byId(guest.page, 'playlist-item-name').first()).toHaveText(
    'sh020 comp v001 (new grade)',
  );

  // On shot 1 (now second) at frame 20, then it is removed: the room moves to its neighbour.
  await api(host.page, '(r) => r.session.seek(20)');
  await bothOn([host.page, guest.page], SHOT_1, 20);
  const current = host.page.locator('[data-testid="playlist-item"][data-current="true"]');
  await current.getByTestId('playlist-item-remove').click();
  await bothOn([host.page, guest.page], SHOT_2.file, 1);
  await expect(byId(guest.page, 'playlist-item')).toHaveCount(1);
  await expect(currentName(guest.page)).toHaveText('sh020 comp v001 (new grade)');

  // A late joiner lands on the current item and its frame.
  await api(host.page, '(r) => r.session.seek(33)');
  const late = await openPerson(browser, server.url, { name: 'Late' });
  await joinRoom(late.page, code);
  await bothOn([late.page], SHOT_2.file, 33);

  // Import an OTIO timeline: clips matched to library shots by file name, the missing one listed.
  const timeline = {
    OTIO_SCHEMA: 'Timeline.1',
    tracks: {
      OTIO_SCHEMA: 'Stack.1',
      children: [
        {
          OTIO_SCHEMA: 'Track.1',
          kind: 'Video',
          children: ['strip-48f-24fps.webm', 'sh999_missing.mov'].map((file) => ({
            OTIO_SCHEMA: 'Clip.1',
            name: file.replace(/\..*$/, ''),
            media_reference: {
              OTIO_SCHEMA: 'ExternalReference.1',
              target_url: `file:///dailies/${file}`,
            },
          })),
        },
      ],
    },
  };
  await recordToasts(host.page);
  await byId(host.page, 'playlist-import-input').setInputFiles({
    name: 'dailies.otio',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(timeline)),
  });
  await expect(byId(guest.page, 'playlist-item-name')).toHaveText([
    'sh020 comp v001 (new grade)',
    'strip-48f-24fps',
  ]);
  await expect
    .poll(() => seenToasts(host.page))
    .toContainEqual(expect.stringContaining('Not in the room’s library: sh999_missing.mov'));
  // A file that is not a playlist: the reason, nothing changed.
  await byId(host.page, 'playlist-import-input').setInputFiles({
    name: 'notes.otio',
    mimeType: 'application/json',
    buffer: Buffer.from('{ not json'),
  });
  await expect
    .poll(() => seenToasts(host.page))
    .toContainEqual(expect.stringContaining('notes.otio cannot be imported: it is not valid JSON'));
  await expect(byId(host.page, 'playlist-item')).toHaveCount(2);
  // Export: the same list as JSON.
  const [download] = await Promise.all([
    host.page.waitForEvent('download'),
    byId(host.page, 'playlist-export').click(),
  ]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
    items: Array<{ name: string; file: string }>;
  };
  expect(exported.items.map((item) => item.file)).toEqual([
    'sh020_comp_v001.webm',
    'strip-48f-24fps.webm',
  ]);
  await closeAll(host, guest, late);
});

test('V goes to the previous version on the same frame; notes stay with the version they were made on', async ({
  browser,
  server,
}) => {
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  await room(host.page, guest.page);
  const pages = [host.page, guest.page];
  await upload(host.page, SHOT_1);
  await upload(host.page, SHOT_2.file);
  // Named as two versions of one shot (v001 = shot 1, v002 = shot 2).
  const ids = await api<string[]>(host.page, '(r) => r.playlist.items.map((item) => item.id)');
  await api(host.page, `(r) => r.playlist.rename(${JSON.stringify(ids[0])}, 'sh010_comp_v001')`);
  await api(host.page, `(r) => r.playlist.rename(${JSON.stringify(ids[1])}, 'sh010_comp_v002')`);
  await openPlaylist(guest.page);
  await expect(byId(guest.page, 'playlist-item-status').nth(1)).toContainText('v2 (2 versions)');

  // On v002 at frame 30, a note there; V: v001 on frame 30 for both.
  await pressKey(host.page, 'PageDown');
  await bothOn(pages, SHOT_2.file, 1);
  await api(host.page, '(r) => r.session.seek(30)');
  await bothOn(pages, SHOT_2.file, 30);
  await addNote(host.page, 'v002: the edge flickers');
  await expect(byId(guest.page, 'playlist-item-status').nth(1)).toContainText('1 note');
  await pressKey(host.page, 'v');
  await bothOn(pages, SHOT_1, 30);
  await expect(currentName(guest.page)).toHaveText('sh010_comp_v001');
  // The note belongs to v002: not listed on v001, and v001's row counts none.
  await openNotes(guest.page);
  await expect(noteRow(guest.page, 'the edge flickers')).toHaveCount(0);
  await expect(byId(guest.page, 'playlist-item-status').first()).not.toContainText('note');
  // Alt+V: back to v002 on the same frame; its note is there again.
  await pressKey(host.page, 'Alt+V');
  await bothOn(pages, SHOT_2.file, 30);
  await expect(noteRow(guest.page, 'the edge flickers')).toHaveCount(1);
  // The keys are in the help overlay.
  await pressKey(guest.page, '?');
  for (const id of ['playlist.next', 'playlist.previous', 'playlist.previousVersion'])
    await expect(
      guest.page.locator(`[data-testid="help-row"][data-binding="${id}"]`),
    ).toBeVisible();
  await closeAll(host, guest);
});
