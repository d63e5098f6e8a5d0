// Audio review in real Chromium: stepping plays the frame's own sound (the page's output is
// captured and compared with the source segment), reverse is silent, other speeds keep the pitch,
// a slip and a soundtrack with an offset start at the right frame, bad input is refused clearly.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import {
  audibleSpan,
  captureAround,
  dominantTone,
  rms,
  sourceSegment,
  type Captured,
} from './helpers/tones';

const MEDIA = path.join(import.meta.dirname, 'media');
const TONES = path.join(MEDIA, 'tone-frames-24fps.webm');
const TRACK = path.join(MEDIA, 'tone-track-44k.wav');
const FPS = 24;
/** tone-frames-24fps.webm: frame n sounds at 300 + 50 n Hz. */
const frameTone = (frame: number) => 300 + 50 * frame;
const FRAME_TONES = Array.from({ length: 48 }, (_, i) => frameTone(i + 1));
/** tone-track-44k.wav: its k-th 1/24 s sounds at 2000 + 50 k Hz. */
const trackTone = (k: number) => 2000 + 50 * k;
const ALL_TONES = [...FRAME_TONES, ...Array.from({ length: 24 }, (_, i) => trackTone(i + 1))];

async function openMedia(page: Page, file: string, frames: number): Promise<void> {
  await page.goto('/');
  await page.getByTestId('media-input').setInputFiles(file);
  await expect.poll(() => page.evaluate(() => window.reelsync?.media.info?.frameEnd)).toBe(frames);
  // The fingerprint keys the audio settings.
  await expect
    .poll(() => page.evaluate(() => window.reelsync?.media.info?.fingerprint ?? null))
    .not.toBeNull();
}

/** Goes to `from` (its grain dies away), then captures the step to `to`. */
async function stepAndCapture(page: Page, from: number, to: number): Promise<Captured> {
  await page.evaluate((f) => window.reelsync?.session.seek(f), from);
  await page.waitForTimeout(200);
  return captureAround(page, 400, { kind: 'seek', frame: to });
}

test.describe('audio review', () => {
  test('stepping plays the frame’s own sound, one frame long', async ({ page }) => {
    await openMedia(page, TONES, 48);
    // The first grain creates the AudioContext.
    await stepAndCapture(page, 2, 3);
    for (const frame of [10, 11, 30]) {
      const heard = await stepAndCapture(page, frame - 1, frame);
      const span = audibleSpan(heard.samples, heard.sampleRate);
      // One frame long (1/24 s = 41.7 ms), give or take the fades.
      expect(span.length / heard.sampleRate).toBeGreaterThan(0.03);
      expect(span.length / heard.sampleRate).toBeLessThan(0.06);
      const tone = dominantTone(span, heard.sampleRate, FRAME_TONES);
      // Compared with the source's own segment for that frame, decoded by ffmpeg.
      const source = sourceSegment(TONES, (frame - 1) / FPS, 1 / FPS, heard.sampleRate);
      const expected = dominantTone(source, heard.sampleRate, FRAME_TONES);
      expect(expected.frequency).toBe(frameTone(frame));
      expect(tone.frequency).toBe(expected.frequency);
      expect(tone.ratio).toBeGreaterThan(3);
    }
  });

  test('reverse play is silent; 2x keeps the pitch', async ({ page }) => {
    await openMedia(page, TONES, 48);
    await stepAndCapture(page, 2, 3);
    await page.evaluate(() => window.reelsync?.session.seek(40));
    await page.waitForTimeout(200);
    const reverse = await captureAround(page, 500, { kind: 'play', speed: 1, direction: -1 });
    await page.evaluate(() => window.reelsync?.session.pause());
    expect(rms(reverse.samples)).toBeLessThan(0.005);

    // 2x is heard once it runs: the capture starts a few frames into the play (a loaded machine
    // can take longer than the capture's lead to start the sound; that start is not measured here).
    await page.evaluate(() => {
      const session = window.reelsync?.session;
      session?.seek(1);
      session?.setSpeed(2);
      session?.setDirection(1);
      session?.play();
    });
    await expect
      .poll(() => page.evaluate(() => window.reelsync?.session.currentFrame ?? 0))
      .toBeGreaterThan(4);
    const fast = await captureAround(page, 450, { kind: 'none' });
    await page.evaluate(() => window.reelsync?.session.pause());
    const span = audibleSpan(fast.samples, fast.sampleRate);
    expect(span.length / fast.sampleRate).toBeGreaterThan(0.3);
    // Each 30 ms of sound is one of the frame tones (pitch kept); resampling would have
    // doubled them (700–5100 Hz, mostly outside the set).
    const chunk = Math.round(fast.sampleRate * 0.03);
    let matched = 0;
    let windows = 0;
    for (let at = 0; at + chunk <= span.length; at += chunk) {
      windows++;
      const slice = span.slice(at, at + chunk);
      const inSet = dominantTone(slice, fast.sampleRate, FRAME_TONES).frequency;
      const doubled = dominantTone(slice, fast.sampleRate, [inSet, inSet * 2]).frequency;
      if (doubled === inSet) matched++;
    }
    expect(windows).toBeGreaterThan(5);
    expect(matched / windows).toBeGreaterThan(0.8);
  });

  test('a slip moves the media’s sound by whole frames', async ({ page }) => {
    await openMedia(page, TONES, 48);
    await stepAndCapture(page, 2, 3);
    await page.getByTestId('audio-button').click();
    await page.getByTestId('audio-offset-unit').selectOption('frames');
    await page.getByTestId('audio-slip').fill('2');
    await page.getByTestId('audio-slip').press('Enter');
    await expect
      .poll(() => page.evaluate(() => window.reelsync?.audio.settings().slipMs))
      .toBeCloseTo((2 * 1000) / FPS);
    // Heard 2 frames later: frame 10 now sounds like frame 8.
    const heard = await stepAndCapture(page, 9, 10);
    const span = audibleSpan(heard.samples, heard.sampleRate);
    expect(dominantTone(span, heard.sampleRate, FRAME_TONES).frequency).toBe(frameTone(8));
    // A slip past the picture is refused and says why; the old slip stays.
    await page.getByTestId('audio-slip').fill('100');
    await page.getByTestId('audio-slip').press('Enter');
    await expect(page.getByTestId('audio-message')).toContainText('nothing would be heard');
    expect(await page.evaluate(() => window.reelsync?.audio.settings().slipMs)).toBeCloseTo(
      (2 * 1000) / FPS,
    );
  });

  test('a soundtrack with an offset starts at the right frame', async ({ page }) => {
    await openMedia(page, TONES, 48);
    await stepAndCapture(page, 2, 3);
    await page.getByTestId('audio-button').click();
    await page.getByTestId('audio-soundtrack-input').setInputFiles(TRACK);
    await expect(page.getByTestId('audio-soundtrack-name')).toHaveText('tone-track-44k.wav');
    await expect
      .poll(() => page.evaluate(() => window.reelsync?.audio.soundtrackReady()))
      .toBe(true);
    // Another sample rate than the media's sound: said, and resampled.
    await expect(page.getByTestId('audio-message')).toContainText('44.1 kHz');
    await page.getByTestId('audio-offset-unit').selectOption('frames');
    await page.getByTestId('audio-soundtrack-offset').fill('12');
    await page.getByTestId('audio-soundtrack-offset').press('Enter');
    await expect
      .poll(() => page.evaluate(() => window.reelsync?.audio.settings().soundtrack?.offsetMs))
      .toBe(500);
    // Before frame 13 the soundtrack has not started (and the media's own sound is replaced).
    const before = await stepAndCapture(page, 11, 12);
    expect(rms(before.samples)).toBeLessThan(0.005);
    // Frame 13 plays its first 1/24 s, frame 20 its eighth.
    for (const [frame, k] of [
      [13, 1],
      [20, 8],
    ] as const) {
      const heard = await stepAndCapture(page, frame - 1, frame);
      const span = audibleSpan(heard.samples, heard.sampleRate);
      expect(span.length).toBeGreaterThan(0);
      expect(dominantTone(span, heard.sampleRate, ALL_TONES).frequency).toBe(trackTone(k));
    }
    // While playing at 1x from frame 7, the soundtrack is heard from frame 13 on: 250 ms in.
    await page.evaluate(() => window.reelsync?.session.seek(7));
    await page.waitForTimeout(200);
    const playing = await captureAround(page, 900, { kind: 'play', speed: 1, direction: 1 });
    await page.evaluate(() => window.reelsync?.session.pause());
    const loud = playing.samples.findIndex((value) => Math.abs(value) > 0.1);
    expect(loud).toBeGreaterThan(0);
    // Capture starts 60 ms before play; the first soundtrack sample is 6 frames (250 ms) in.
    const onsetMs = (loud / playing.sampleRate) * 1000 - 60;
    expect(onsetMs).toBeGreaterThan(250 - 80);
    expect(onsetMs).toBeLessThan(250 + 80);
  });

  test('a soundtrack plays with an image sequence, from its first frame', async ({ page }) => {
    await page.goto('/');
    const frames = [1001, 1002, 1003, 1004, 1005].map((n) => path.join(MEDIA, `shot.${n}.png`));
    await page.getByTestId('media-input').setInputFiles(frames);
    await expect.poll(() => page.evaluate(() => window.reelsync?.media.info?.frameEnd)).toBe(1005);
    await expect
      .poll(() => page.evaluate(() => window.reelsync?.media.info?.fingerprint ?? null))
      .not.toBeNull();
    await page.getByTestId('audio-button').click();
    await expect(page.getByTestId('audio-source')).toContainText('has no sound');
    await page.getByTestId('audio-soundtrack-input').setInputFiles(TRACK);
    await expect
      .poll(() => page.evaluate(() => window.reelsync?.audio.soundtrackReady()))
      .toBe(true);
    await stepAndCapture(page, 1001, 1002);
    // Frame 1003 is the third frame: the soundtrack's third 1/24 s.
    const heard = await stepAndCapture(page, 1002, 1003);
    const span = audibleSpan(heard.samples, heard.sampleRate);
    expect(span.length).toBeGreaterThan(0);
    expect(dominantTone(span, heard.sampleRate, ALL_TONES).frequency).toBe(trackTone(3));
  });

  test('an undecodable soundtrack is refused with a reason; the picture keeps playing', async ({
    page,
  }) => {
    await openMedia(page, TONES, 48);
    await page.getByTestId('audio-button').click();
    await page
      .getByTestId('audio-soundtrack-input')
      .setInputFiles(path.join(MEDIA, 'broken-sound.wav'));
    await expect(page.getByTestId('audio-message')).toContainText('broken-sound.wav');
    await expect(page.getByTestId('audio-soundtrack-name')).toHaveText('No soundtrack');
    await page.evaluate(() => window.reelsync?.session.play());
    await expect
      .poll(() => page.evaluate(() => window.reelsync?.session.currentFrame))
      .toBeGreaterThan(5);
  });

  test('a video whose sound this browser cannot decode plays silently and says why', async ({
    page,
  }) => {
    // VP9 picture with AC-3 sound (no browser decodes AC-3 through WebCodecs).
    const dir = mkdtempSync(path.join(tmpdir(), 'reelsync-audio-'));
    const file = path.join(dir, 'ac3-sound.mkv');
    try {
      execFileSync('ffmpeg', [
        ...['-hide_banner', '-loglevel', 'error', '-y', '-nostdin'],
        ...['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=24:duration=1'],
        ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'],
        ...['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-c:a', 'ac3', file],
      ]);
      await page.goto('/');
      await page.getByTestId('media-input').setInputFiles(file);
      await expect(page.getByTestId('toast-message')).toContainText(
        'cannot decode the sound of ac3-sound.mkv',
      );
      await page.evaluate(() => window.reelsync?.session.play());
      await expect
        .poll(() => page.evaluate(() => window.reelsync?.session.currentFrame))
        .toBeGreaterThan(5);
      await page.getByTestId('audio-button').click();
      await expect(page.getByTestId('audio-message')).toContainText('Attach the sound as a WAV');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
