// Runs in a player page: one sample per display tick (a requestAnimationFrame callback that runs
// right after the app's own, so the canvas holds the picture of this tick), with the frame-ID strip
// read straight from the viewer's WebGL2 drawing buffer (a few rows, cheap) and decoded in Node
// with the media module's own decoder. Also: the page's server-clock estimate read through a
// connect (traceClock), and the Date.now() calibration that puts pages and Node on one clock.
import type { Page } from '@playwright/test';
import { readFrameIdStrip } from '../../src/core/media/frameId';

/** Rows read through the middle of the strip's cells (the decoder averages them). */
const BAND_ROWS = 2;
/** Machine-clock reads around a clock-error sample further apart than this: a preemption. */
const MAX_READ_SPAN_MS = 0.5;

export interface SamplerWindow {
  /** Machine-clock instants (performance.timeOrigin + performance.now(), ms) to sample between. */
  startAt: number;
  endAt: number;
}

export interface RawPageSamples {
  /** mean(Date.now() − machine clock) in the page, to put pages and Node on one clock. */
  wallMinusMachine: number;
  /** Machine clock of each tick's rAF timestamp (the frame's begin time, shared by its vsync). */
  vsync: number[];
  /** Machine clock when the sampler ran (after the app's tick and draw), around `server`. */
  exec: number[];
  /** The page's own server-clock estimate at that moment (network.serverNow()); NaN when the
   * page was preempted around the read (more than 0.5 ms between the machine-clock reads). */
  server: number[];
  sessionFrame: number[];
  displayed: Array<number | null>;
  /** Every frame switch of the session during sampling: machine clock and the page's own
   * server-clock estimate at the instant the app's tick picked the new frame. */
  switches: Array<{ frame: number; machine: number; server: number }>;
  /** Time the sampler spent in the tick (a measurement cost the page would not have otherwise), ms. */
  readMs: number[];
  bandWidth: number;
  bandRows: number;
  /** Base64 of every tick's band (bandWidth × bandRows RGBA, bottom-up rows), concatenated. */
  bands: string;
}

/** How long the Date.now() calibration reads: many millisecond steps, so their rounding averages out. */
const CALIBRATION_MS = 40;

/** mean(Date.now() − (timeOrigin + performance.now())) over `calibrationMs`; self-contained, so
 * it runs as is in Node and in a page. */
function measureWallMinusMachine(calibrationMs: number): number {
  let sum = 0;
  let n = 0;
  const until = performance.now() + calibrationMs;
  while (performance.now() < until) {
    sum += Date.now() - (performance.timeOrigin + performance.now());
    n += 1;
  }
  return sum / n;
}

/** mean(Date.now() − (timeOrigin + performance.now())) here, the same figure as in pages. */
export function wallMinusMachine(): number {
  return measureWallMinusMachine(CALIBRATION_MS);
}

/** The same figure in `page` (its own process and machine clock). */
export function pageWallMinusMachine(page: Page): Promise<number> {
  return page.evaluate(measureWallMinusMachine, CALIBRATION_MS);
}

export interface RawClockTrace {
  /** Machine clock (timeOrigin + performance.now()) when the page asked to create a room. */
  connectAt: number;
  /** Machine clock of each reading: the midpoint of the reads on both sides of it. */
  machine: number[];
  /** The page's served server clock then (network.serverNow(), slewed). */
  served: number[];
  /** The page's raw estimate of the server clock then (performance.now() + network.clockOffset). */
  estimate: number[];
  /** The page's round trip at the end (network.rtt), ms. */
  rtt: number | null;
  clockSource: 'worker' | 'page';
}

/**
 * In `page`: creates a room and reads the page's server-clock estimate every `pollMs` (once it has
 * one) until `durationMs` after asking; readings with more than 0.5 ms between the machine-clock
 * reads around them (the page was preempted) are dropped.
 */
export function traceClock(
  page: Page,
  options: { durationMs: number; pollMs: number },
): Promise<RawClockTrace> {
  return page.evaluate(
    async ({ durationMs, pollMs, maxReadSpanMs }) => {
      const api = window.reelsync;
      if (!api) throw new Error('window.reelsync is missing');
      const network = api.network;
      const machine = () => performance.timeOrigin + performance.now();
      const trace = { machine: [] as number[], served: [] as number[], estimate: [] as number[] };
      const read = () => {
        if (network.clockOffset === null) return;
        const before = machine();
        const served = network.serverNow();
        const estimate = performance.now() + (network.clockOffset ?? NaN);
        const after = machine();
        if (after - before > maxReadSpanMs) return;
        trace.machine.push((before + after) / 2);
        trace.served.push(served);
        trace.estimate.push(estimate);
      };
      const connectAt = machine();
      const timer = setInterval(read, pollMs);
      try {
        await network.createRoom({ displayName: 'clock bench' });
        await new Promise((resolve) =>
          setTimeout(resolve, Math.max(0, connectAt + durationMs - machine())),
        );
      } finally {
        clearInterval(timer);
      }
      return { connectAt, ...trace, rtt: network.rtt, clockSource: network.clockSource };
    },
    { ...options, maxReadSpanMs: MAX_READ_SPAN_MS },
  );
}

/** Samples every display tick of `page` between the window's instants. */
export async function samplePage(page: Page, span: SamplerWindow): Promise<RawPageSamples> {
  const calibration = await pageWallMinusMachine(page);
  const samples = await page.evaluate(
    async ({ startAt, endAt, rows, maxReadSpanMs }) => {
      const api = window.reelsync;
      if (!api) throw new Error('window.reelsync is missing');
      const info = api.media.info;
      if (!info) throw new Error('no media');
      const canvas = api.viewer.canvas;
      // The viewer's own context (same type → the same object); preserveDrawingBuffer is on.
      const gl = canvas.getContext('webgl2');
      if (!gl) throw new Error('the viewer canvas has no WebGL2 context');
      const box = canvas.getBoundingClientRect();
      const scaleX = canvas.width / box.width;
      const scaleY = canvas.height / box.height;
      const topLeft = api.viewer.imageToClient({ x: 0, y: 0 });
      const bottomRight = api.viewer.imageToClient({ x: info.width, y: info.height });
      const imageX = (topLeft.x - box.left) * scaleX;
      const imageY = (topLeft.y - box.top) * scaleY;
      const imageW = (bottomRight.x - topLeft.x) * scaleX;
      const imageH = (bottomRight.y - topLeft.y) * scaleY;
      const cell = imageW / 32;
      const x = Math.round(imageX);
      const width = Math.round(imageW / 2);
      const top = Math.round(imageY + imageH - cell / 2 - rows / 2);
      const glY = canvas.height - top - rows; // WebGL rows count from the bottom
      if (x < 0 || glY < 0 || x + width > canvas.width || cell < 8)
        throw new Error(`frame-ID strip not fully on the canvas (x ${x}, y ${glY}, cell ${cell})`);

      const machine = () => performance.timeOrigin + performance.now();

      const vsync: number[] = [];
      const exec: number[] = [];
      const server: number[] = [];
      const sessionFrame: number[] = [];
      const displayed: Array<number | null> = [];
      const readMs: number[] = [];
      const bands: Uint8Array[] = [];
      const switches: Array<{ frame: number; machine: number; server: number }> = [];
      // Asynchronous readback: a synchronous readPixels would wait for the software GPU to finish
      // the frame (tens of ms on SwiftShader) and wreck the very timing measured. The copy into a
      // pixel-pack buffer is queued right behind the app's draw of this tick, and collected once
      // its fence has signalled, on a later tick.
      const size = width * rows * 4;
      const pending: Array<{ buffer: WebGLBuffer; fence: WebGLSync; index: number }> = [];
      const collect = (wait: boolean) => {
        while (pending.length > 0) {
          const head = pending[0] as (typeof pending)[number];
          const status = gl.getSyncParameter(head.fence, gl.SYNC_STATUS);
          if (status !== gl.SIGNALED && !wait) return;
          const pixels = new Uint8Array(size);
          gl.bindBuffer(gl.PIXEL_PACK_BUFFER, head.buffer);
          gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, pixels);
          gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
          gl.deleteBuffer(head.buffer);
          gl.deleteSync(head.fence);
          bands[head.index] = pixels;
          pending.shift();
        }
      };

      await new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, startAt - machine())));
      // frameChanged is emitted inside the app's tick, right where it evaluated the timeline.
      const unsubscribe = api.on('frameChanged', (frame) => {
        switches.push({ frame, machine: machine(), server: api.network.serverNow() });
      });
      await new Promise<void>((resolve) => {
        const step = (timestamp: number) => {
          const now = machine();
          if (now > endAt) {
            resolve();
            return;
          }
          vsync.push(performance.timeOrigin + timestamp);
          // The machine clock on both sides of the estimate: if the page was preempted in
          // between (the machine is shared), the pair says nothing about the clock error.
          const estimate = api.network.serverNow();
          const after = machine();
          exec.push((now + after) / 2);
          server.push(after - now > maxReadSpanMs ? NaN : estimate);
          sessionFrame.push(api.session.currentFrame);
          displayed.push(api.viewer.displayedFrame);
          const before = performance.now();
          const buffer = gl.createBuffer();
          const previous = gl.getParameter(gl.PIXEL_PACK_BUFFER_BINDING) as WebGLBuffer | null;
          gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buffer);
          gl.bufferData(gl.PIXEL_PACK_BUFFER, size, gl.STREAM_READ);
          gl.readPixels(x, glY, width, rows, gl.RGBA, gl.UNSIGNED_BYTE, 0);
          gl.bindBuffer(gl.PIXEL_PACK_BUFFER, previous);
          const fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
          if (!fence) throw new Error('no WebGL fence');
          pending.push({ buffer, fence, index: bands.length });
          bands.push(new Uint8Array(0));
          collect(false);
          readMs.push(performance.now() - before);
          requestAnimationFrame(step);
        };
        // Registered from a task, so in every frame it runs after the app's display tick (the
        // app registers its next callback during its current one, this one afterwards).
        setTimeout(() => requestAnimationFrame(step), 0);
      });
      unsubscribe();
      collect(true);

      const all = new Uint8Array(bands.length * size);
      bands.forEach((band, i) => all.set(band, i * size));
      let binary = '';
      for (let i = 0; i < all.length; i += 0x8000)
        binary += String.fromCharCode(...all.subarray(i, i + 0x8000));
      return {
        vsync,
        exec,
        server,
        sessionFrame,
        displayed,
        readMs,
        switches,
        bandWidth: width,
        bandRows: rows,
        bands: btoa(binary),
      };
    },
    { ...span, rows: BAND_ROWS, maxReadSpanMs: MAX_READ_SPAN_MS },
  );
  return { wallMinusMachine: calibration, ...samples };
}

/** Frames decoded from the bands (null where the strip did not read cleanly). */
export function decodeBands(raw: RawPageSamples): Array<number | null> {
  const bytes = Buffer.from(raw.bands, 'base64');
  const size = raw.bandWidth * raw.bandRows * 4;
  // Describe an image around the band so the decoder's geometry (cells of width/32 along the
  // bottom edge, central half of each cell read) lands on it: the band is the strip's left half
  // (16 cells), its rows straddle the cells' centre line.
  const imageWidth = raw.bandWidth * 2;
  const cell = imageWidth / 32;
  const imageHeight = cell * 64;
  const imageRect = {
    x: 0,
    y: raw.bandRows / 2 + cell / 2 - imageHeight,
    width: imageWidth,
    height: imageHeight,
  };
  const frames: Array<number | null> = [];
  for (let offset = 0; offset + size <= bytes.length; offset += size) {
    const band = bytes.subarray(offset, offset + size);
    frames.push(
      readFrameIdStrip(band, raw.bandWidth, raw.bandRows, { imageRect, flipY: true }).frame,
    );
  }
  return frames;
}
