// Tone analysis for the audio review tests: which of a few frequencies a captured sound is, and
// where it is not silent. The test media encode the frame number as a frequency
// (scripts/make-test-media.sh: tone-frames-24fps.webm, tone-track-44k.wav).
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';

export interface Captured {
  sampleRate: number;
  samples: number[];
}

/** Power of `frequency` in `samples` (Goertzel), normalised by the length. */
export function tonePower(
  samples: ArrayLike<number>,
  sampleRate: number,
  frequency: number,
): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let previous = 0;
  let beforePrevious = 0;
  for (let i = 0; i < samples.length; i++) {
    // Hann window: neighbouring test tones 50 Hz apart do not leak into each other.
    const window = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / Math.max(1, samples.length - 1));
    const next = (samples[i] ?? 0) * window + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = next;
  }
  const power =
    previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  return power / Math.max(1, samples.length) ** 2;
}

/** The candidate frequency with the most power, and how far ahead of the runner-up it is. */
export function dominantTone(
  samples: ArrayLike<number>,
  sampleRate: number,
  candidates: readonly number[],
): { frequency: number; ratio: number } {
  const powers = candidates.map((frequency) => ({
    frequency,
    power: tonePower(samples, sampleRate, frequency),
  }));
  powers.sort((a, b) => b.power - a.power);
  const [best, second] = powers;
  return {
    frequency: best?.frequency ?? 0,
    ratio: (best?.power ?? 0) / Math.max(second?.power ?? 0, 1e-12),
  };
}

export function rms(samples: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/** The stretch of `samples` louder than `threshold` (first to last loud 5 ms window). */
export function audibleSpan(
  samples: readonly number[],
  sampleRate: number,
  threshold = 0.02,
): number[] {
  const window = Math.round(sampleRate * 0.005);
  let first = -1;
  let last = -1;
  for (let i = 0; i + window <= samples.length; i += window) {
    if (rms(samples.slice(i, i + window)) > threshold) {
      if (first < 0) first = i;
      last = i + window;
    }
  }
  return first < 0 ? [] : samples.slice(first, last);
}

/**
 * The source's own samples of [startS, startS + durationS) as mono float at `sampleRate`, decoded
 * by ffmpeg: the segment the page's sound is compared with.
 */
export function sourceSegment(
  file: string,
  startS: number,
  durationS: number,
  sampleRate: number,
): Float32Array {
  const out = execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-i',
    file,
    '-ss',
    String(startS),
    '-t',
    String(durationS),
    '-ac',
    '1',
    '-ar',
    String(sampleRate),
    '-f',
    'f32le',
    '-',
  ]);
  return new Float32Array(out.buffer, out.byteOffset, Math.floor(out.byteLength / 4));
}

/** What to do once the capture runs. */
export type CaptureAction =
  | { kind: 'seek'; frame: number }
  | { kind: 'play'; speed: number; direction: 1 | -1 }
  | { kind: 'none' };

/** Starts capturing the page's output, does `action` a moment later, and returns what was heard. */
export async function captureAround(
  page: Page,
  durationMs: number,
  action: CaptureAction,
): Promise<Captured> {
  return page.evaluate(
    async ({ durationMs, action }) => {
      const api = window.reelsync;
      if (!api) throw new Error('window.reelsync is missing');
      const recording = api.audio.capture(durationMs);
      await new Promise((resolve) => setTimeout(resolve, 60));
      if (action.kind === 'seek') api.session.seek(action.frame);
      if (action.kind === 'play') {
        api.session.setSpeed(action.speed);
        api.session.setDirection(action.direction);
        api.session.play();
      }
      return recording;
    },
    { durationMs, action },
  );
}
