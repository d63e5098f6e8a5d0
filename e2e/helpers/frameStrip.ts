// Reads which frame is on screen from the viewer canvas's pixels: the frame-ID strip at the image's
// bottom-left edge (located through window.reelsync.viewer.imageToClient) is copied out of the
// WebGL canvas in the page and decoded here with the media module's own decoder.
import type { Page } from '@playwright/test';
import { FRAME_ID_BITS, readFrameIdStrip } from '../../src/core/media/frameId';

/** The strip is scaled to this many px per cell before it leaves the page (small, still exact). */
const CELL_PX = 8;
const BAND_WIDTH = FRAME_ID_BITS * CELL_PX;
const BAND_HEIGHT = CELL_PX;

/** What the page showed at one instant. */
export interface FrameSample {
  /** Playback clock time (ms) when sampled. */
  t: number;
  /**
   * Playback clock time (ms) of the display tick that made sessionFrame current (from the
   * session's frameChanged event), or null if that happened before sampling began. Drawing
   * takes time on a software-rendered browser, so this, not `t`, is when the frame was due.
   */
  tickTime: number | null;
  /** Playback state at that instant. */
  sessionFrame: number;
  displayedFrame: number | null;
  isPlaying: boolean;
  /** Text of the timeline's current-frame readout. */
  timelineText: string;
  /** Frame decoded from the canvas pixels, or null when the strip did not read cleanly. */
  decoded: number | null;
  cellLuma: number[];
}

interface RawSample extends Omit<FrameSample, 'decoded' | 'cellLuma'> {
  /** Base64 RGBA of the strip band, BAND_WIDTH x BAND_HEIGHT. */
  band: string;
}

interface SampleOptions {
  /** Keep sampling (once per animation frame) for this long on the session clock. */
  durationMs?: number;
  /** Stop after the first sample taken while paused (e.g. 'once' playback reached its end). */
  untilPaused?: boolean;
  /** Safety limit in ms for untilPaused. */
  timeoutMs?: number;
  /** Call session.play() right after the first sample, in the same task (no round trip). */
  play?: boolean;
}

/** Runs in the page: grabs the strip band of the current canvas (one or many animation frames). */
async function collect(page: Page, options: SampleOptions): Promise<RawSample[]> {
  return page.evaluate(
    async ({ options, bandWidth, bandHeight }) => {
      const api = window.reelsync;
      if (!api) throw new Error('window.reelsync is missing');
      const scratch = document.createElement('canvas');
      scratch.width = bandWidth;
      scratch.height = bandHeight;
      const context = scratch.getContext('2d', { willReadFrequently: true });
      if (!context) throw new Error('no 2D context');

      let lastChange: { frame: number; time: number } | null = null;
      const unsubscribe = api.on('frameChanged', (frame) => {
        lastChange = { frame, time: api.session.frameTime };
      });
      const grab = () => {
        const info = api.media.info;
        if (!info) throw new Error('no media');
        const canvas = api.viewer.canvas;
        const rect = canvas.getBoundingClientRect();
        const scaleX = canvas.width / rect.width;
        const scaleY = canvas.height / rect.height;
        const topLeft = api.viewer.imageToClient({ x: 0, y: 0 });
        const bottomRight = api.viewer.imageToClient({ x: info.width, y: info.height });
        const imageX = (topLeft.x - rect.left) * scaleX;
        const imageY = (topLeft.y - rect.top) * scaleY;
        const imageW = (bottomRight.x - topLeft.x) * scaleX;
        const imageH = (bottomRight.y - topLeft.y) * scaleY;
        const cell = imageW / 32;
        context.clearRect(0, 0, bandWidth, bandHeight);
        // The strip: the left half of the image's bottom row of cells.
        context.drawImage(
          canvas,
          imageX,
          imageY + imageH - cell,
          imageW / 2,
          cell,
          0,
          0,
          bandWidth,
          bandHeight,
        );
        const pixels = context.getImageData(0, 0, bandWidth, bandHeight).data;
        let binary = '';
        for (const byte of pixels) binary += String.fromCharCode(byte);
        const sessionFrame = api.session.currentFrame;
        const change = lastChange as { frame: number; time: number } | null;
        return {
          t: api.session.now(),
          tickTime: change && change.frame === sessionFrame ? change.time : null,
          sessionFrame,
          displayedFrame: api.viewer.displayedFrame,
          isPlaying: api.session.isPlaying,
          timelineText: document.querySelector('[data-testid="current-frame"]')?.textContent ?? '',
          band: btoa(binary),
        };
      };

      // One sample per animation frame, from a callback registered after the app's display tick
      // (the app registers its next callback during its current one, we from a later task).
      const nextFrame = () =>
        new Promise<void>((resolve) => setTimeout(() => requestAnimationFrame(() => resolve()), 0));
      await nextFrame();
      const samples = [grab()];
      const start = samples[0]?.t ?? 0;
      if (options.play) api.session.play();
      if (options.durationMs !== undefined) {
        while (api.session.now() - start < options.durationMs) {
          await nextFrame();
          samples.push(grab());
        }
      } else if (options.untilPaused) {
        const limit = options.timeoutMs ?? 10_000;
        while (
          // Until stopped and the last frame (which may still be decoding) is on screen.
          (samples.length === 1 ||
            samples[samples.length - 1]?.isPlaying ||
            samples[samples.length - 1]?.displayedFrame !==
              samples[samples.length - 1]?.sessionFrame) &&
          api.session.now() - start < limit
        ) {
          await nextFrame();
          samples.push(grab());
        }
      }
      unsubscribe();
      return samples;
    },
    { options, bandWidth: BAND_WIDTH, bandHeight: BAND_HEIGHT },
  );
}

function decode(raw: RawSample): FrameSample {
  const { band, ...rest } = raw;
  const rgba = Buffer.from(band, 'base64');
  // The band holds only the strip; describe the full image around it so the decoder's geometry
  // (cells of width/32 along the bottom edge) lands exactly on the band.
  const imageWidth = BAND_WIDTH * 2;
  const imageHeight = BAND_HEIGHT * 64; // any height works: only the bottom cell row is read
  const reading = readFrameIdStrip(rgba, BAND_WIDTH, BAND_HEIGHT, {
    imageRect: { x: 0, y: BAND_HEIGHT - imageHeight, width: imageWidth, height: imageHeight },
  });
  return { ...rest, decoded: reading.frame, cellLuma: reading.cellLuma };
}

/** The frame on screen now (pixels), with the session and timeline state of the same instant. */
export async function sampleFrame(page: Page): Promise<FrameSample> {
  const [raw] = await collect(page, {});
  if (!raw) throw new Error('no sample');
  return decode(raw);
}

/** One sample per animation frame for `durationMs` of session-clock time. */
export async function sampleFramesFor(page: Page, durationMs: number): Promise<FrameSample[]> {
  return (await collect(page, { durationMs })).map(decode);
}

/**
 * One sample per animation frame until playback stops (e.g. loop mode 'once' reaching the end)
 * and the frame it stopped on is on screen.
 * With `play`, the first sample is taken paused and playback starts right after it.
 */
export async function sampleFramesUntilPaused(
  page: Page,
  options: { play?: boolean; timeoutMs?: number } = {},
): Promise<FrameSample[]> {
  const { play = false, timeoutMs = 15_000 } = options;
  return (await collect(page, { untilPaused: true, timeoutMs, play })).map(decode);
}
