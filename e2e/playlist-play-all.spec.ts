// Play all in two real browsers through the real server: the host turns it on and plays the end
// of shot 1; at the instant its out frame ends (server time) the room moves on to shot 2, playing
// from its first frame from that instant. Both pages record, every animation frame, which shot
// and frame they show on the server clock: after the boundary both show shot 2 on the frame the
// boundary's motion gives (pixels checked once paused), and each page's time on the old shot
// past the boundary is reported.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { api, byId, closeAll, openPerson, room } from './helpers/network';
import { SHOT_1, bothOn, sha, upload, secondShot } from './helpers/playlistShots';

const SHOT_2 = secondShot(192);

interface Shown {
  /** Server time (the session clock in a room). */
  t: number;
  shot: string | null;
  /** The frame on screen, and the frame the page's clock and motion give. */
  frame: number | null;
  sessionFrame: number;
  /** The server time the page derived sessionFrame for (its display tick's). */
  tick: number;
}

/**
 * What the page shows on every animation frame (server time), until it has shown `shot` for
 * `afterMs` (at most 15 s).
 */
function record(page: Page, shot: string, afterMs: number): Promise<Shown[]> {
  return page.evaluate(
    async ({ shot, afterMs }) => {
      const r = window.reelsync;
      if (!r) throw new Error('window.reelsync is missing');
      const samples: Shown[] = [];
      const limit = r.session.now() + 15_000;
      let end = limit;
      while (r.session.now() < end) {
        if (end === limit && r.media.info?.fingerprint === shot) end = r.session.now() + afterMs;
        await new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
        samples.push({
          t: r.session.now(),
          // The media of the frame on screen (the old shot's end stays up until the new
          // shot's first frame is decoded), not the session's.
          shot: r.viewer.displayedFingerprint,
          frame: r.viewer.displayedFrame,
          sessionFrame: r.session.currentFrame,
          tick: r.session.frameTime,
        });
      }
      return samples;
    },
    { shot, afterMs },
  );
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

interface Sequence {
  strip: Box | null;
  track: Box | null;
  picture: Box | null;
  position: Box | null;
  segments: Array<Box & { current: string; frames: number }>;
}

/** Play all's segments on the timeline, the track, the picture and the playhead's mark. */
function sequence(page: Page): Promise<Sequence> {
  return page.evaluate(() => {
    const box = (element: Element | null | undefined) => {
      if (!element || (element as HTMLElement).hidden) return null;
      const { left, right, top, bottom } = element.getBoundingClientRect();
      return { left, right, top, bottom };
    };
    const one = (id: string) => document.querySelector(`[data-testid="${id}"]`);
    return {
      strip: box(one('play-all-timeline')),
      track: box(one('timeline')),
      picture: box(one('viewer-canvas')),
      position: box(one('play-all-position')),
      segments: [...document.querySelectorAll<HTMLElement>('[data-testid="play-all-segment"]')].map(
        (segment) => ({
          ...(box(segment) ?? { left: 0, right: 0, top: 0, bottom: 0 }),
          current: segment.dataset.current ?? '',
          frames: Number(segment.dataset.out) - Number(segment.dataset.in) + 1,
        }),
      ),
    };
  });
}

/**
 * The timeline shows the playlist as two segments end to end across the track, as long as their
 * in–out ranges (48 and 192 frames), the `current` one marked with the playhead's mark in it, in
 * the timeline bar below the picture (never over it).
 */
async function expectSequence(page: Page, current: 0 | 1): Promise<void> {
  await expect
    .poll(async () => (await sequence(page)).segments.map((segment) => segment.current))
    .toEqual(current === 0 ? ['true', 'false'] : ['false', 'true']);
  const { strip, track, picture, position, segments } = await sequence(page);
  const [first, second] = segments;
  if (!strip || !track || !picture || !position || !first || !second)
    throw new Error('play all’s sequence is not on the timeline');
  expect(segments.map((segment) => segment.frames)).toEqual([48, 192]);
  const width = (b: Box) => b.right - b.left;
  expect(width(first) / width(strip)).toBeCloseTo(48 / 240, 1);
  expect(Math.abs(first.left - strip.left)).toBeLessThanOrEqual(1);
  expect(Math.abs(first.right - second.left)).toBeLessThanOrEqual(1);
  expect(Math.abs(second.right - strip.right)).toBeLessThanOrEqual(1);
  // Inside the timeline's track, below the picture.
  expect(strip.left).toBeGreaterThanOrEqual(track.left - 1);
  expect(strip.right).toBeLessThanOrEqual(track.right + 1);
  expect(strip.top).toBeGreaterThanOrEqual(track.top - 1);
  expect(strip.bottom).toBeLessThanOrEqual(track.bottom + 1);
  expect(strip.top).toBeGreaterThanOrEqual(picture.bottom);
  const marked = segments[current] ?? first;
  const mark = (position.left + position.right) / 2;
  expect(mark).toBeGreaterThanOrEqual(marked.left - 1);
  expect(mark).toBeLessThanOrEqual(marked.right + 1);
}

test('play all crosses an item boundary in sync: both pages land on shot 2 on the same frame', async ({
  browser,
  server,
}) => {
  // Two browsers, two uploads, up to 15 s of recording each, and the timeline checks before and
  // after: past the default minute on a loaded machine.
  test.setTimeout(120_000);
  const host = await openPerson(browser, server.url, { name: 'Host' });
  const guest = await openPerson(browser, server.url, { name: 'Guest' });
  await room(host.page, guest.page);
  const pages = [host.page, guest.page];
  await upload(host.page, SHOT_1);
  await upload(host.page, SHOT_2.file);
  await bothOn(pages, SHOT_1, 1);

  // The host turns play all on; everyone's panel says so.
  await byId(host.page, 'playlist-button').click();
  await byId(host.page, 'playlist-play-all').check();
  await byId(guest.page, 'playlist-button').click();
  await expect(byId(guest.page, 'playlist-status')).toContainText('Play all is on');
  await expect(byId(guest.page, 'playlist-play-all')).toBeHidden(); // a host setting
  for (const page of pages) await expectSequence(page, 0);

  // Shot 1 from frame 36: its out frame (48) ends 13 frames (~0.54 s) after play; shot 2 is
  // 192 frames (8 s).
  await api(host.page, '(r) => r.session.seek(36)');
  await bothOn(pages, SHOT_1, 36);
  const recordings = Promise.all(pages.map((page) => record(page, sha(SHOT_2.file), 4000)));
  await api(host.page, '(r) => r.session.play()');
  const [hostShown = [], guestShown = []] = await recordings;

  // The room is on shot 2, playing from its first frame since the boundary instant.
  const items = await api<{ id: string; name: string }[]>(host.page, '(r) => r.playlist.items');
  const shot2 = items.find((item) => item.name === 'sh020_comp_v001.webm');
  for (const page of pages)
    expect(await api<string | null>(page, '(r) => r.playlist.currentId')).toBe(shot2?.id);
  const motion = await api<{ anchorTime: number; anchorFrame: number; playing: boolean }>(
    guest.page,
    '(r) => r.network.roomMotion',
  );
  expect(motion).toMatchObject({ anchorFrame: 1, playing: true });
  const boundary = motion.anchorTime;
  const expected = (t: number) => 1 + Math.floor(((t - boundary) * 24) / 1000);

  for (const [who, shown] of [
    ['host', hostShown],
    ['guest', guestShown],
  ] as const) {
    // Before the boundary: shot 1, never shot 2; after it, until shot 2 is up, shot 1's end held
    // (each item plays once), not its start again — within two frames of its last, as below: on
    // a loaded machine the last frame can still be decoding as the boundary passes.
    expect(shown.filter((s) => s.t < boundary && s.shot === sha(SHOT_2.file))).toEqual([]);
    const landed = shown.find((s) => s.shot === sha(SHOT_2.file) && s.frame !== null);
    if (!landed) throw new Error(`${who} never showed shot 2`);
    const held = shown.filter((s) => s.t >= boundary + 50 && s.t < landed.t);
    for (const sample of held) {
      expect(sample.shot).toBe(sha(SHOT_1));
      expect(sample.frame ?? 0).toBeGreaterThanOrEqual(46);
    }
    test.info().annotations.push({
      type: 'shot 1 held past the boundary',
      description: `${who}: ${Math.round(landed.t - boundary)} ms`,
    });
    // From then on: shot 2, its clock on the boundary motion's frame, and the picture with it
    // (within two frames: a frame can still be decoding on this loaded machine).
    const after = shown.filter((s) => s.t >= landed.t && expected(s.t) < 192);
    expect(after.length).toBeGreaterThan(5);
    for (const sample of after) {
      expect(sample.shot).toBe(sha(SHOT_2.file));
      expect(Math.abs(sample.sessionFrame - expected(sample.tick))).toBeLessThanOrEqual(1);
    }
    // The picture: never ahead of the clock, and on it within two frames once decoding caught up
    // (how long that takes on this machine is reported, not asserted).
    for (const sample of after)
      expect(sample.frame ?? 0).toBeLessThanOrEqual(expected(sample.tick) + 1);
    const caughtUp = after.find((s) => Math.abs((s.frame ?? 0) - expected(s.tick)) <= 2);
    expect(caughtUp).toBeDefined();
    test.info().annotations.push({
      type: 'picture on the clock’s frame after landing',
      description: `${who}: ${Math.round((caughtUp?.t ?? 0) - landed.t)} ms`,
    });
  }
  // Paused: both pictures show the same frame of shot 2.
  await api(host.page, '(r) => r.session.pause()');
  const paused = await api<number>(host.page, '(r) => r.session.currentFrame');
  await bothOn(pages, SHOT_2.file, paused);
  for (const page of pages) await expectSequence(page, 1);
  // Play all off: the timeline is the shot's alone again.
  await byId(host.page, 'playlist-play-all').uncheck();
  for (const page of pages) await expect(byId(page, 'play-all-timeline')).toHaveCount(0);
  await closeAll(host, guest);
});
