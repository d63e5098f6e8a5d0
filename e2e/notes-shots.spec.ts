// Notes in real Chromium against the real server, about what a reviewer sees when shots change:
// notes (list, timeline markers, exports) stay with the media they were written on, alone and in
// a room; reopening media never duplicates rows; a note goes on the frame on screen when Enter is
// pressed (after someone else's seek or a scripting-API seek); report thumbnails carry the frame's
// drawings; the note box grows with long text.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  byId,
  closeAll,
  openPerson,
  playback,
  pressKey,
  room,
  type Person,
} from './helpers/network';
import {
  addNote,
  downloaded,
  noteRow,
  openMedia,
  openNotes,
  reportImages,
  seek,
} from './helpers/notes';

let people: Person[] = [];
test.afterEach(async () => {
  await closeAll(...people);
  people = [];
});

async function person(browser: Parameters<typeof openPerson>[0], url: string, name: string) {
  const opened = await openPerson(browser, url, { name });
  people.push(opened);
  return opened;
}

const STRIP = ['strip-48f-24fps.webm'];
const SEQUENCE = [1001, 1002, 1003, 1004, 1005].map((frame) => `shot.${frame}.png`);
const openStrip = (page: Page) => openMedia(page, STRIP, 'strip-48f-24fps');
const openSequence = (page: Page) => openMedia(page, SEQUENCE, 'shot.');

const rowTexts = (page: Page) => byId(page, 'notes-item-text').allTextContents();

test.describe('Notes and shots', () => {
  test('notes stay with the shot they were written on: list, markers and exports per shot', async ({
    browser,
    server,
  }) => {
    const { page } = await person(browser, server.url, 'Hana');
    await openStrip(page);
    await openNotes(page);
    await seek(page, 10);
    await addNote(page, 'strip note');
    await expect(byId(page, 'notes-marker')).toHaveCount(1);

    await openSequence(page);
    await expect(byId(page, 'notes-item')).toHaveCount(0);
    await expect(byId(page, 'notes-marker')).toHaveCount(0);
    await expect(byId(page, 'notes-empty')).toBeVisible();
    await seek(page, 1003);
    await addNote(page, 'sequence note');
    await expect.poll(() => rowTexts(page)).toEqual(['sequence note']);

    // Exports of the open shot: its name, its notes, its pictures.
    const [csvFile, csv] = await downloaded(page, () => byId(page, 'notes-export-csv').click());
    expect(csvFile.suggestedFilename()).toMatch(/^notes-shot-.*\.csv$/);
    expect(csv).toContain('sequence note');
    expect(csv).not.toContain('strip note');
    const [htmlFile, html] = await downloaded(page, () => byId(page, 'notes-export-html').click());
    expect(htmlFile.suggestedFilename()).toMatch(/^notes-shot-.*\.html$/);
    expect(html).not.toContain('strip note');
    expect(reportImages(html)).toHaveLength(1);

    // Back to the first shot: its note, its marker, its export.
    await openStrip(page);
    await expect.poll(() => rowTexts(page)).toEqual(['strip note']);
    await expect(byId(page, 'notes-marker')).toHaveCount(1);
    await expect(byId(page, 'notes-marker')).toHaveAttribute('data-frame', '10');
    const [stripFile, stripHtml] = await downloaded(page, () =>
      byId(page, 'notes-export-html').click(),
    );
    expect(stripFile.suggestedFilename()).toMatch(/^notes-strip-48f-24fps-.*\.html$/);
    expect(stripHtml).toContain('strip note');
    expect(stripHtml).not.toContain('sequence note');
    expect(reportImages(stripHtml)).toHaveLength(1);

    // After a reload (the demo clip): neither shot's notes; they come back with their shot.
    await page.reload();
    await openNotes(page);
    await expect(byId(page, 'notes-item')).toHaveCount(0);
    await openSequence(page);
    await expect.poll(() => rowTexts(page)).toEqual(['sequence note']);
  });

  test('reopening media never duplicates the rows of the notes list', async ({
    browser,
    server,
  }) => {
    const { page } = await person(browser, server.url, 'Hana');
    await openStrip(page);
    await openNotes(page);
    await addNote(page, 'only once');
    for (let i = 0; i < 3; i += 1) await openStrip(page);
    await openSequence(page);
    await openStrip(page);
    await expect.poll(() => rowTexts(page)).toEqual(['only once']);
    await expect(byId(page, 'notes-item')).toHaveCount(1);
    await expect(byId(page, 'notes-marker')).toHaveCount(1);
  });

  test('in a room, the room’s notes are listed with the shot they were written on', async ({
    browser,
    server,
  }) => {
    // Two pages opening media twice each: slow on a shared machine.
    test.slow();
    const host = await person(browser, server.url, 'Hana');
    const guest = await person(browser, server.url, 'Gus');
    await room(host.page, guest.page);
    await openStrip(host.page);
    await openStrip(guest.page);
    await openNotes(host.page);
    await openNotes(guest.page);
    await seek(host.page, 10);
    await addNote(host.page, 'room strip note');
    await expect.poll(() => rowTexts(guest.page)).toEqual(['room strip note']);

    // The host moves on to the next shot: the note stays with the strip, in the room too.
    await openSequence(host.page);
    await expect(byId(host.page, 'notes-item')).toHaveCount(0);
    await expect(byId(host.page, 'notes-marker')).toHaveCount(0);
    await addNote(host.page, 'room sequence note');
    await expect.poll(() => rowTexts(host.page)).toEqual(['room sequence note']);
    const roomNotes = await host.page.evaluate(
      () => window.reelsync?.network.notes.map((note) => [note.text, Boolean(note.media)]) ?? [],
    );
    expect(roomNotes).toEqual([
      ['room strip note', true],
      ['room sequence note', true],
    ]);
    // The guest, still on the strip, sees the strip's note only, until they open the sequence.
    await expect.poll(() => rowTexts(guest.page)).toEqual(['room strip note']);
    await openSequence(guest.page);
    await expect.poll(() => rowTexts(guest.page)).toEqual(['room sequence note']);
  });

  test('a note goes on the frame on screen at Enter, after another person’s seek', async ({
    browser,
    server,
  }) => {
    const host = await person(browser, server.url, 'Hana');
    const guest = await person(browser, server.url, 'Gus');
    await room(host.page, guest.page);
    await openNotes(guest.page);
    await expect.poll(async () => (await playback(guest.page)).frame).toBe(1);
    await pressKey(guest.page, 'n');
    const input = byId(guest.page, 'notes-input');
    await expect(input).toBeFocused();
    await expect(byId(guest.page, 'notes-anchor')).toHaveAttribute('data-frame', '1');
    await input.pressSequentially('seen on 120');
    // The host seeks while the guest types: the composer follows the picture.
    await host.page.evaluate(() => window.reelsync?.session.seek(120));
    await expect.poll(async () => (await playback(guest.page)).frame).toBe(120);
    await expect(byId(guest.page, 'notes-anchor')).toHaveAttribute('data-frame', '120');
    await expect(input).toBeFocused();
    await input.press('Enter');
    await expect(noteRow(guest.page, 'seen on 120')).toHaveAttribute('data-frame', '120');
    await openNotes(host.page);
    await expect(noteRow(host.page, 'seen on 120')).toHaveAttribute('data-frame', '120');
  });

  test('a note goes on the frame on screen at Enter, after a scripting-API seek', async ({
    browser,
    server,
  }) => {
    const { page } = await person(browser, server.url, 'Hana');
    await pressKey(page, 'n');
    const input = byId(page, 'notes-input');
    await expect(input).toBeFocused();
    await input.pressSequentially('api seek');
    await page.evaluate(() => window.reelsync?.session.seek(200));
    await expect(byId(page, 'notes-anchor')).toHaveAttribute('data-frame', '200');
    await input.press('Enter');
    await expect(noteRow(page, 'api seek')).toHaveAttribute('data-frame', '200');
  });

  test('report thumbnails carry the drawings of their frame', async ({ browser, server }) => {
    const { page, context } = await person(browser, server.url, 'Hana');
    await seek(page, 100);
    await addNote(page, 'see the markup');
    const [, before] = await downloaded(page, () => byId(page, 'notes-export-html').click());

    // A thick red stroke across the black band under the demo clip's counters.
    await byId(page, 'annotate-toggle').click();
    await byId(page, 'annotate-tool-pen').click();
    await byId(page, 'annotate-color-ff3b30').click();
    await byId(page, 'annotate-width').fill('32');
    const size = await page.evaluate(() => {
      const info = window.reelsync?.media.info;
      return { width: info?.width ?? 0, height: info?.height ?? 0 };
    });
    expect(size.width).toBeGreaterThan(0);
    const from = await page.evaluate((p) => window.reelsync!.viewer.imageToClient(p), {
      x: size.width * 0.05,
      y: size.height * 0.92,
    });
    const to = await page.evaluate((p) => window.reelsync!.viewer.imageToClient(p), {
      x: size.width * 0.4,
      y: size.height * 0.92,
    });
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 12 });
    await page.mouse.up();
    await byId(page, 'annotate-toggle').click();
    const [, after] = await downloaded(page, () => byId(page, 'notes-export-html').click());

    const redPixels = async (html: string): Promise<number> => {
      const report = await context.newPage();
      await report.setContent(html);
      const count = await report.locator('img').evaluate(async (node) => {
        const image = node as HTMLImageElement;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const c = canvas.getContext('2d')!;
        c.drawImage(image, 0, 0);
        const y0 = Math.round(canvas.height * 0.88);
        const y1 = Math.round(canvas.height * 0.96);
        const data = c.getImageData(0, y0, Math.round(canvas.width * 0.45), y1 - y0).data;
        let red = 0;
        for (let i = 0; i < data.length; i += 4)
          if (data[i]! > 160 && data[i + 1]! < 110 && data[i + 2]! < 110) red += 1;
        return red;
      });
      await report.close();
      return count;
    };
    expect(await redPixels(before)).toBe(0);
    // 35 % of a 320-px thumbnail's width, about 5 px thick.
    expect(await redPixels(after)).toBeGreaterThan(200);
  });

  test('the note box grows with long text, wraps it, and scrolls past its limit', async ({
    browser,
    server,
  }) => {
    const { page } = await person(browser, server.url, 'Hana');
    await pressKey(page, 'n');
    const input = byId(page, 'notes-input');
    const box = () =>
      input.evaluate((node) => ({
        height: node.clientHeight,
        scrollHeight: node.scrollHeight,
        width: node.clientWidth,
        scrollWidth: node.scrollWidth,
        overflowY: getComputedStyle(node).overflowY,
      }));
    const empty = await box();
    const medium = `Roto: ${'edge chatter on the left '.repeat(8)}${'x'.repeat(120)}\nline 2\nline 3`;
    await input.fill(medium);
    const grown = await box();
    expect(grown.height).toBeGreaterThan(empty.height * 2);
    expect(grown.scrollHeight).toBeLessThanOrEqual(grown.height + 1);
    expect(grown.scrollWidth).toBeLessThanOrEqual(grown.width);

    await input.fill(`${medium}\n${'more lines\n'.repeat(60)}`);
    const capped = await box();
    expect(capped.height).toBeLessThanOrEqual(322);
    expect(capped.scrollHeight).toBeGreaterThan(capped.height);
    expect(capped.overflowY).toBe('auto');

    await input.fill(medium);
    await input.press('Enter');
    expect((await box()).height).toBe(empty.height);
    const text = byId(page, 'notes-item-text');
    await expect(text).toHaveText(medium);
    const shown = await text.evaluate((node) => ({
      width: node.clientWidth,
      scrollWidth: node.scrollWidth,
    }));
    expect(shown.scrollWidth).toBeLessThanOrEqual(shown.width);
  });
});
