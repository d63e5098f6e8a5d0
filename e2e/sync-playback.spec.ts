// Two browsers in one room through window.reelsync.network: the participant's canvas (frame-ID
// strip decoded from pixels) shows the frame the host's motion puts on screen at that instant,
// through seek, play, speed, loop and pause.
import type { Browser, Page } from '@playwright/test';
import { frameAt, type Motion } from '../src/core/playback/motion';
import { expect, test } from './fixtures';
import { sampleFrame, sampleFramesFor, type FrameSample } from './helpers/frameStrip';

async function openPlayer(browser: Browser): Promise<Page> {
  const context = await browser.newContext(); // own sessionStorage, like another person
  const page = await context.newPage();
  await page.goto('/');
  await expect.poll(async () => (await sampleFrame(page)).decoded).toBe(1);
  return page;
}

const hostMotion = (page: Page) =>
  page.evaluate(() => {
    const motion = window.reelsync?.session.motion;
    if (!motion) throw new Error('window.reelsync is missing');
    return motion;
  });

/** Runs `command` against the page's session API. */
const onSession = (
  page: Page,
  command: (session: NonNullable<Window['reelsync']>['session']) => void,
) =>
  // The command travels as source text (page.evaluate cannot carry closures), evaluated as an
  // expression by Playwright: the player's Content-Security-Policy forbids the page's eval.
  page.evaluate(`(() => {
    const session = window.reelsync?.session;
    if (!session) throw new Error('window.reelsync is missing');
    (${command.toString()})(session);
  })()`);

/**
 * Samples the participant for `ms` and checks each cleanly read frame against the frame the
 * host's motion gives at the participant's tick time (both run on the server clock).
 */
async function expectFollowing(host: Page, guest: Page, ms: number): Promise<FrameSample[]> {
  const motion: Motion = await hostMotion(host);
  const samples = (await sampleFramesFor(guest, ms)).filter(
    (s) => s.decoded !== null && s.tickTime !== null && s.decoded === s.sessionFrame,
  );
  expect(samples.length).toBeGreaterThanOrEqual(4); // a software renderer under load is slow
  const misses = samples.filter((s) => s.decoded !== frameAt(motion, s.tickTime ?? 0));
  // Only a tick landing within the two pages' clock-estimate difference of a frame boundary may
  // differ, by one frame: a few ms of 41.7 (alone ~0–5 % of ticks; ~15 % with parallel workers
  // loading the machine).
  for (const miss of misses)
    expect(Math.abs((miss.decoded ?? 0) - frameAt(motion, miss.tickTime ?? 0))).toBeLessThanOrEqual(
      1,
    );
  expect(misses.length / samples.length).toBeLessThan(0.25);
  test.info().annotations.push({
    type: 'frame match',
    description: `${samples.length - misses.length}/${samples.length} participant frames equal the host timeline's`,
  });
  return samples;
}

test('two browsers stay on the same frame through play, seek, speed, loop and pause', async ({
  browser,
}) => {
  const host = await openPlayer(browser);
  const guest = await openPlayer(browser);
  const room = await host.evaluate(() =>
    window.reelsync?.network.createRoom({ displayName: 'Host' }),
  );
  expect(room?.roomId).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await guest.evaluate(
    (code) => window.reelsync?.network.joinRoom(code, undefined, { displayName: 'Guest' }),
    room?.roomId ?? '',
  );
  await expect.poll(() => host.evaluate(() => window.reelsync?.network.users.length)).toBe(2);
  expect(await guest.evaluate(() => window.reelsync?.network.syncStatus)).toBe('synced');
  // In/out and loop mode are categories of their own (off by default): both share them here.
  for (const page of [host, guest])
    await page.evaluate(() => window.reelsync?.network.setSettings({ inout: true, loop: true }));

  // Seek while paused: the participant's canvas shows exactly that frame.
  await onSession(host, (s) => s.seek(300));
  await expect.poll(async () => (await sampleFrame(guest)).decoded).toBe(300);

  // Play: the participant follows the host's timeline frame for frame.
  await onSession(host, (s) => s.play());
  await expect.poll(() => guest.evaluate(() => window.reelsync?.session.isPlaying)).toBe(true);
  const playing = await expectFollowing(host, guest, 2000);
  expect(playing.at(-1)?.decoded ?? 0).toBeGreaterThan(300);

  // Seek while playing, then double speed.
  await onSession(host, (s) => s.seek(900));
  await onSession(host, (s) => s.setSpeed(2));
  await expect.poll(() => guest.evaluate(() => window.reelsync?.session.speed)).toBe(2);
  const fast = await expectFollowing(host, guest, 2000);
  expect(fast[0]?.decoded ?? 0).toBeGreaterThanOrEqual(900);

  // A short ping-pong loop: the participant bounces with the host.
  await onSession(host, (s) => {
    s.setSpeed(1);
    s.setInPoint(1000);
    s.setOutPoint(1012);
    s.setLoopMode('pingpong');
    s.seek(1000);
  });
  await expect
    .poll(() =>
      guest.evaluate(
        () =>
          `${window.reelsync?.session.loopMode} ${window.reelsync?.session.inPoint}-${window.reelsync?.session.outPoint}`,
      ),
    )
    .toBe('pingpong 1000-1012');
  const looping = await expectFollowing(host, guest, 2000);
  const frames = looping.map((s) => s.decoded ?? 0);
  expect(Math.min(...frames)).toBeGreaterThanOrEqual(1000);
  expect(Math.max(...frames)).toBeLessThanOrEqual(1012);

  // Pause: both canvases hold the same frame.
  await onSession(host, (s) => s.pause());
  await expect.poll(() => guest.evaluate(() => window.reelsync?.session.isPlaying)).toBe(false);
  const held = (await sampleFrame(host)).decoded;
  await expect.poll(async () => (await sampleFrame(guest)).decoded).toBe(held);

  await guest.evaluate(() => window.reelsync?.network.leaveRoom());
  await expect.poll(() => host.evaluate(() => window.reelsync?.network.users.length)).toBe(1);
});
