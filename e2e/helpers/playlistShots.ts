// Shots for the playlist's two-browser tests: the strip clip as shot 1, a second shot made for a
// spec file (VP9), uploads through the library panel, and waiting until pages show a shot on a
// frame.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { makeClip, SMALL_CLIP } from '../../scripts/make-exotic-media';
import { expect, test } from '../fixtures';
import { api, byId, shownFrame } from './network';

export const SHOT_1 = path.resolve(import.meta.dirname, '..', 'media', 'strip-48f-24fps.webm');
export const VP9 = ['-c:v', 'libvpx-vp9', '-crf', '32', '-b:v', '0', '-g', '12', '-row-mt', '1'];
export const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Shot 2, `sh020_comp_v001.webm` (VP9, no sound, `frames` frames): made before the spec file's
 * tests and removed after them. Call at the top of a spec file; `file` is set once made.
 */
export function secondShot(frames: number): { file: string } {
  const shot = { file: '' };
  let dir = '';
  test.beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reelsync-playlist-shot-'));
    shot.file = await makeClip(path.join(dir, 'sh020_comp_v001.webm'), VP9, {
      ...SMALL_CLIP,
      frames,
      audio: false,
    });
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return shot;
}

/** Adds `file` to the room library from `page` and waits until it is ready. */
export async function upload(page: Page, file: string): Promise<void> {
  if (!(await byId(page, 'library-panel').isVisible())) await byId(page, 'library-button').click();
  await byId(page, 'library-add-input').setInputFiles(file);
  const row = page.locator(`[data-testid="library-item"][data-id="${sha(file)}"]`);
  await expect(row).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
}

export const fingerprint = (page: Page) =>
  api<string | null>(page, '(r) => r.media.info?.fingerprint ?? null');

/** Waits until every page shows `shot` on `frame`. */
export async function bothOn(pages: Page[], shot: string, frame: number): Promise<void> {
  for (const page of pages) {
    await expect.poll(() => fingerprint(page), { timeout: 20_000 }).toBe(sha(shot));
    await expect.poll(() => shownFrame(page), { timeout: 20_000 }).toBe(frame);
  }
}
