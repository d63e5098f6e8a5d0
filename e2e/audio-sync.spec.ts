// Audio review across two browsers: with the Audio sync category on, a slip and a soundtrack (which
// travels through the room media library by its SHA-256) reach the other page, both directions,
// and the guest hears the soundtrack from the right frame; with it off each page keeps its own.
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { closeAll, closePanel, followCategories, openPerson, room } from './helpers/network';
import { audibleSpan, captureAround, dominantTone } from './helpers/tones';

const MEDIA = path.join(import.meta.dirname, 'media');
const TONES = path.join(MEDIA, 'tone-frames-24fps.webm');
const TRACK = path.join(MEDIA, 'tone-track-44k.wav');
const trackTone = (k: number) => 2000 + 50 * k;
const CANDIDATES = [
  ...Array.from({ length: 48 }, (_, i) => 350 + 50 * i),
  ...Array.from({ length: 24 }, (_, i) => trackTone(i + 1)),
];

const settings = (page: Page) => page.evaluate(() => window.reelsync?.audio.settings());

async function openTones(page: Page): Promise<void> {
  await page.getByTestId('media-input').setInputFiles(TONES);
  await expect
    .poll(() => page.evaluate(() => window.reelsync?.media.info?.fingerprint ?? null))
    .toMatch(/^[0-9a-f]{64}$/);
}

test('slip and soundtrack follow the room in the Audio category, both directions', async ({
  browser,
  server,
}) => {
  test.setTimeout(120_000);
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  try {
    await openTones(host.page);
    await openTones(guest.page);
    await room(host.page, guest.page);
    await followCategories([host.page, guest.page], { audio: true });
    await closePanel(host.page);
    await closePanel(guest.page);

    // Host attaches the soundtrack and sets its offset: the guest gets both, the file through
    // the room library.
    await host.page.getByTestId('audio-button').click();
    await host.page.getByTestId('audio-soundtrack-input').setInputFiles(TRACK);
    await expect
      .poll(() => host.page.evaluate(() => window.reelsync?.audio.soundtrackReady()))
      .toBe(true);
    expect(await host.page.evaluate(() => window.reelsync?.audio.setSoundtrackOffset(500))).toBe(
      true,
    );
    await expect.poll(async () => (await settings(guest.page))?.soundtrack?.offsetMs).toBe(500);
    await expect
      .poll(() => guest.page.evaluate(() => window.reelsync?.audio.soundtrackReady()), {
        timeout: 30_000,
      })
      .toBe(true);
    // The guest hears the soundtrack's first 1/24 s at frame 13 (offset 500 ms = 12 frames).
    // The first capture loads the capture worklet: under load that can outlast the 60 ms before
    // the seek and the 1/24 s scrub goes by unrecorded. A silent capture is taken again; whatever
    // is heard must be the soundtrack's first tone.
    let tone: number | null = null;
    for (let attempt = 0; attempt < 4 && tone === null; attempt++) {
      await guest.page.evaluate(() => window.reelsync?.session.seek(12));
      await guest.page.waitForTimeout(300);
      const heard = await captureAround(guest.page, 400, { kind: 'seek', frame: 13 });
      const span = audibleSpan(heard.samples, heard.sampleRate);
      if (span.length > 0) tone = dominantTone(span, heard.sampleRate, CANDIDATES).frequency;
    }
    expect(tone).toBe(trackTone(1));

    // The guest changes it back the other way: the host follows.
    expect(await guest.page.evaluate(() => window.reelsync?.audio.setSoundtrackOffset(250))).toBe(
      true,
    );
    await expect.poll(async () => (await settings(host.page))?.soundtrack?.offsetMs).toBe(250);

    // Audio sync off on the guest: its own slip stays here, the host's does not arrive.
    await followCategories([guest.page], { audio: false });
    expect(await guest.page.evaluate(() => window.reelsync?.audio.setSlip(40))).toBe(true);
    expect(await host.page.evaluate(() => window.reelsync?.audio.setSlip(-80))).toBe(true);
    await host.page.waitForTimeout(500);
    expect((await settings(guest.page))?.slipMs).toBe(40);
    expect((await settings(host.page))?.slipMs).toBe(-80);
    // On again: the guest follows the room.
    await followCategories([guest.page], { audio: true });
    await expect.poll(async () => (await settings(guest.page))?.slipMs).toBe(-80);
  } finally {
    await closeAll(host, guest);
  }
});
