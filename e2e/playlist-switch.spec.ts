// A move between playlist items in two real browsers through the real server: the guest's first
// picture of the new shot is already the shot's remembered frame (never its first frame on the
// way), with the next item preloaded (the page puts the open source on screen in the task that
// receives the move; reelsync.playlist.lastSwitch says so) and without preloading (the opened
// shot gets the room's frame before it is drawn). Pixels from the frame-ID strip.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { api, closeAll, openPerson, pressKey, room } from './helpers/network';
import { SHOT_1, bothOn, sha, upload, secondShot } from './helpers/playlistShots';

/** A second shot of 72 frames: frame 60 exists only in it. */
const SHOT_2 = secondShot(72);

/** The frames of `shot` the page paints (sampled every animation frame) until it paints `last`. */
function paintedFrames(page: Page, shot: string, last: number): Promise<Array<number | null>> {
  return page.evaluate(
    async ({ shot, last }) => {
      const r = window.reelsync;
      if (!r) throw new Error('window.reelsync is missing');
      const frames: Array<number | null> = [];
      const until = Date.now() + 15_000;
      while (Date.now() < until && frames.at(-1) !== last) {
        await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        if (r.media.info?.fingerprint === shot) frames.push(r.viewer.displayedFrame);
      }
      return frames;
    },
    { shot, last },
  );
}

for (const preload of [true, false])
  test(`a switch ${preload ? 'to a preloaded item' : 'without preloading'} first paints the shot's remembered frame`, async ({
    browser,
    server,
  }) => {
    const config = preload ? {} : { config: { preload: false } };
    const host = await openPerson(browser, server.url, { name: 'Host', ...config });
    const guest = await openPerson(browser, server.url, { name: 'Guest', ...config });
    await room(host.page, guest.page);
    const pages = [host.page, guest.page];
    await upload(host.page, SHOT_1);
    await upload(host.page, SHOT_2.file);
    await bothOn(pages, SHOT_1, 1);
    // Shot 2 remembers frame 60; the room goes back to shot 1.
    await pressKey(host.page, 'PageDown');
    await bothOn(pages, SHOT_2.file, 1);
    await api(host.page, '(r) => r.session.seek(60)');
    await bothOn(pages, SHOT_2.file, 60);
    await pressKey(host.page, 'PageUp');
    await bothOn(pages, SHOT_1, 1);
    const shot2 = sha(SHOT_2.file);
    if (preload)
      await expect
        .poll(() => api<string[]>(guest.page, '(r) => r.playlist.preloaded'), { timeout: 20_000 })
        .toContain(shot2);

    // (Without preloading the old shot's picture stays up while the new one decodes, and the API
    // cannot tell whose frame displayedFrame is then: the frames painted are checked preloaded.)
    const painted = preload ? paintedFrames(guest.page, shot2, 60) : null;
    await pressKey(host.page, 'PageDown');
    if (painted) expect(await painted).toEqual([60]);
    await bothOn(pages, SHOT_2.file, 60);
    const last = await api<{
      fingerprint: string;
      receivedAt: number;
      shownAt: number | null;
      preloaded: boolean;
    } | null>(guest.page, '(r) => r.playlist.lastSwitch');
    expect(last).toMatchObject({ fingerprint: shot2, preloaded: preload });
    expect(last?.shownAt).toBeGreaterThanOrEqual(last?.receivedAt ?? Infinity);
    await closeAll(host, guest);
  });
