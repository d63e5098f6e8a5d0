// Regenerates docs/sync-screens/*.png — two people reviewing together, host on the left and the
// participant on the right — from a build: `npx vite build && npx tsx e2e/helpers/take-sync-screens.ts`
// (REELSYNC_DIST_DIR picks another build directory).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startServer } from '../../server/index';
import { chromiumLaunchOptions } from '../browser';

const root = path.resolve(import.meta.dirname, '..', '..');
const outDir = path.join(root, 'docs', 'sync-screens');
mkdirSync(outDir, { recursive: true });
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  staticDir: path.resolve(process.env.REELSYNC_DIST_DIR ?? path.join(root, 'dist')),
});
const browser = await chromium.launch(chromiumLaunchOptions());
const viewport = { width: 960, height: 600 };

async function person(name: string): Promise<Page> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript((n) => localStorage.setItem('reelsync.displayName', n), name);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => window.reelsync?.viewer.displayedFrame === 1);
  return page;
}

const shownIs = (page: Page, frame: number) =>
  page.waitForFunction((f) => window.reelsync?.viewer.displayedFrame === f, frame);

/** Host and participant side by side in one picture, with a caption. */
async function pair(file: string, host: Page, guest: Page, caption: string): Promise<void> {
  const [left, right] = await Promise.all([host.screenshot(), guest.screenshot()]);
  const canvas = await browser.newPage({ viewport: { width: 1928, height: 640 } });
  await canvas.setContent(`<body style="margin:0;background:#333;font:16px system-ui;color:#eee">
    <div style="display:flex;gap:8px"><img src="data:image/png;base64,${left.toString('base64')}">
    <img src="data:image/png;base64,${right.toString('base64')}"></div>
    <div style="padding:8px 12px">Left: host (Ada) · Right: participant (Grace) — ${caption}</div></body>`);
  await canvas.screenshot({ path: path.join(outDir, file) });
  await canvas.close();
  console.log(`wrote docs/sync-screens/${file}`);
}

try {
  const host = await person('Ada');
  const guest = await person('Grace');
  await host.getByTestId('network-button').click();
  await host.getByTestId('network-create-room-button').click();
  const code = (await host.getByTestId('network-room-code-display').textContent()) ?? '';
  await guest.getByTestId('network-button').click();
  await guest.getByTestId('network-room-code-input').fill(code);
  await pair(
    '01-create-and-join.png',
    host,
    guest,
    `Ada created room ${code}; Grace types the code`,
  );

  await guest.getByTestId('network-join-room-button').click();
  await host.waitForFunction(() => window.reelsync?.network.users.length === 2);
  await guest.getByTestId('network-room-code-display').waitFor();
  await pair('02-in-the-room.png', host, guest, 'both in the room: users, roles, sync settings');

  await host.keyboard.press('Escape');
  await guest.keyboard.press('Escape');
  await host.evaluate(() => window.reelsync?.session.seek(412));
  await Promise.all([shownIs(host, 412), shownIs(guest, 412)]);
  await pair('03-seek-synced.png', host, guest, 'Ada seeks to frame 412; Grace shows frame 412');

  await host.evaluate(() => {
    window.reelsync?.viewer.setZoom(2);
    window.reelsync?.viewer.setChannel('red');
  });
  await guest.waitForFunction(() => window.reelsync?.viewer.channel === 'red');
  await pair('04-view-synced.png', host, guest, 'zoom 200% and red channel follow (view sync)');

  await host.evaluate(() => {
    window.reelsync?.viewer.fit();
    window.reelsync?.viewer.setChannel('rgb');
    window.reelsync?.session.play();
  });
  await guest.waitForFunction(() => (window.reelsync?.session.currentFrame ?? 0) > 460);
  await host.evaluate(() => window.reelsync?.session.pause());
  const stopped = await host.evaluate(() => window.reelsync?.session.currentFrame ?? 0);
  await Promise.all([shownIs(host, stopped), shownIs(guest, stopped)]);
  await pair('05-played-and-paused.png', host, guest, `played, paused on frame ${stopped} on both`);
} finally {
  await browser.close();
  await server.close();
}
