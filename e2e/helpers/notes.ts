// Notes e2e helpers: seeking through the scripting API, adding a note the way a user does,
// opening the panel, finding a row, downloading an export and opening media files.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { byId, playback, pressKey } from './network';

export async function seek(page: Page, frame: number): Promise<void> {
  await page.evaluate((target) => window.reelsync?.session.seek(target), frame);
  await expect.poll(async () => (await playback(page)).frame).toBe(frame);
}

/** Adds a note at the current frame the way a user does: N, type, Enter. */
export async function addNote(page: Page, text: string): Promise<void> {
  await pressKey(page, 'n');
  const input = byId(page, 'notes-input');
  await expect(input).toBeFocused();
  await expect(input).toHaveValue('');
  await input.fill(text);
  await input.press('Enter');
  await expect(input).toHaveValue('');
}

export async function openNotes(page: Page): Promise<void> {
  // The network panel (left open by creating/joining a room) floats over the side column.
  if (await byId(page, 'network-panel').isVisible()) {
    await page.keyboard.press('Escape');
    await expect(byId(page, 'network-panel')).toBeHidden();
  }
  if (!(await byId(page, 'notes-panel').isVisible())) await byId(page, 'notes-button').click();
  await expect(byId(page, 'notes-panel')).toBeVisible();
}

export const noteRow = (page: Page, text: string): Locator =>
  byId(page, 'notes-item').filter({ hasText: text });

export async function downloaded(
  page: Page,
  click: () => Promise<void>,
): Promise<[Download, string]> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return [download, await readFile(file, 'utf8')];
}

/** The test media in e2e/media. */
export const mediaFile = (name: string): string =>
  path.join(import.meta.dirname, '..', 'media', name);

/** Opens files (from e2e/media) as the media and waits until its name shows. */
export async function openMedia(page: Page, files: string[], shownName: string): Promise<void> {
  await byId(page, 'media-input').setInputFiles(files.map(mediaFile));
  await expect(byId(page, 'media-name')).toContainText(shownName);
}

/** The report's <img> data URLs, in row order. */
export const reportImages = (html: string): string[] =>
  [...html.matchAll(/<img src="(data:image\/jpeg;base64,[^"]+)"/g)].map((match) => match[1] ?? '');
