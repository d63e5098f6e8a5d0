// Regenerates docs/screenshot.png (the README's picture of the player) from the built player:
// `npm run build && npx tsx e2e/take-screenshot.ts`.
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startServer } from '../server/index';
import { chromiumLaunchOptions } from './browser';

const root = path.resolve(import.meta.dirname, '..');
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  staticDir: path.join(root, 'dist'),
});
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.waitForFunction(() => window.reelsync?.viewer.displayedFrame === 1);
  // A frame with the ball mid-picture, a marked in/out range, and the playhead inside it.
  await page.evaluate(() => {
    const session = window.reelsync?.session;
    session?.setInPoint(241);
    session?.setOutPoint(960);
    session?.seek(412);
  });
  await page.waitForFunction(() => window.reelsync?.viewer.displayedFrame === 412);
  await page.mouse.move(1270, 790);
  const file = path.join(root, 'docs', 'screenshot.png');
  await page.screenshot({ path: file });
  console.log(`wrote ${path.relative(root, file)}`);
} finally {
  await browser.close();
  await server.close();
}
