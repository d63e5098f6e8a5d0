// Issue #20: the laser pointer. Shift+X turns it on; the other browser sees the pointer as a
// laser with a trail of segments behind it, and the trail fades away once the pointer rests.
import { expect, test } from './fixtures';
import {
  byId,
  closeAll,
  closePanel,
  openPerson,
  pressKey,
  room,
  type Person,
} from './helpers/network';

let people: Person[] = [];
test.afterEach(async () => {
  await closeAll(...people);
  people = [];
});

test('a laser pointer draws a fading trail on the other page', async ({ browser, baseURL }) => {
  const host = await openPerson(browser, baseURL ?? '', { name: 'Hana' });
  const guest = await openPerson(browser, baseURL ?? '', { name: 'Gus' });
  people.push(host, guest);
  await room(host.page, guest.page);
  for (const page of [host.page, guest.page]) await closePanel(page);
  const rect = await host.page.evaluate(() => {
    const box = window.reelsync?.viewer.canvas.getBoundingClientRect();
    return {
      left: box?.left ?? 0,
      top: box?.top ?? 0,
      width: box?.width ?? 0,
      height: box?.height ?? 0,
    };
  });
  const at = (fx: number, fy: number) =>
    [rect.left + rect.width * fx, rect.top + rect.height * fy] as const;

  // An ordinary pointer first: no trail.
  await host.page.mouse.move(...at(0.2, 0.3), { steps: 3 });
  await expect(byId(guest.page, 'remote-cursor')).toBeVisible();
  await expect(byId(guest.page, 'remote-cursor')).toHaveAttribute('data-laser', 'false');
  await expect(byId(guest.page, 'laser-trail')).toHaveCount(0);

  await pressKey(host.page, 'Shift+X');
  // Sweep the pointer back and forth until the trail shows: a resting trail fades in ~1.2 s, and
  // on a loaded machine Chromium coalesces pointer moves into few frames.
  const sweepUntil = async (check: () => Promise<boolean>) => {
    const end = Date.now() + 20_000;
    for (let i = 0; Date.now() < end; i++) {
      await host.page.mouse.move(...at(i % 2 ? 0.6 : 0.3, i % 2 ? 0.6 : 0.35), { steps: 6 });
      if (await check()) return;
    }
    throw new Error('no laser trail appeared while the pointer moved');
  };
  /** Two or more segments, older ones fainter than newer ones. */
  const fadingTrail = async (page: typeof host.page) => {
    const opacities = await page
      .locator('[data-testid="laser-trail"] line')
      .evaluateAll((lines) => lines.map((line) => Number(line.getAttribute('stroke-opacity'))));
    return opacities.length >= 2 && Math.min(...opacities) < Math.max(...opacities);
  };
  // The host sees its own trail, and the other page sees it too.
  await sweepUntil(() => fadingTrail(host.page));
  await expect(byId(guest.page, 'remote-cursor')).toHaveAttribute('data-laser', 'true');
  await sweepUntil(() => fadingTrail(guest.page));
  const trail = guest.page.locator('[data-testid="laser-trail"] line');
  // At rest the trail fades out entirely.
  await expect.poll(() => trail.count(), { timeout: 5000 }).toBe(0);

  // Off again: an ordinary pointer.
  await pressKey(host.page, 'Shift+X');
  await host.page.mouse.move(...at(0.4, 0.4), { steps: 3 });
  await expect(byId(guest.page, 'remote-cursor')).toHaveAttribute('data-laser', 'false');
});
