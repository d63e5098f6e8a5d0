// The built-in demo clip: procedural 1920x1080, frames 1-1440 at 24 fps, drawn on demand with an
// OffscreenCanvas 2D context (color bars, a moving ball, frame number, timecode, frame-ID strip).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { frameIdBits, frameIdStripGeometry } from './frameId';
import { frameToTimecode } from './timecode';
import type { FrameImage, MediaInfo, MediaSource } from './types';

export const DEMO_CLIP_NAME = 'ReelSync demo clip';
const WIDTH = 1920;
const HEIGHT = 1080;
const FPS = 24;
const FRAME_START = 1;
const FRAME_END = 1440;
/** Hashed to give the clip a stable identity; bump the version if what is drawn changes. */
const IDENTITY = 'reelsync-demo-clip-v1';

/** The clip's content id: SHA-256 of its identity string (there are no bytes to hash). */
export function demoClipFingerprint(): string {
  return bytesToHex(sha256(utf8ToBytes(IDENTITY)));
}

// SMPTE RP 219-ish layout: 75% bars, castellations, then a black lower third holding the text.
const BARS_75 = ['#bfbfbf', '#bfbf00', '#00bfbf', '#00bf00', '#bf00bf', '#bf0000', '#0000bf'];
const CASTELLATIONS = ['#0000bf', '#131313', '#bf00bf', '#131313', '#00bfbf', '#131313', '#bfbfbf'];
const PLUGE = [
  '#00214c',
  '#ffffff',
  '#32006a',
  '#131313',
  '#090909',
  '#131313',
  '#1d1d1d',
  '#131313',
];
const BARS_BOTTOM = 560;
const CASTELLATION_BOTTOM = 630;
const PLUGE_BOTTOM = 720;
const BALL_RADIUS = 30;
const BALL_Y = 940;
/** Frames for the ball to cross the picture once (2 s), so motion is obvious at any speed. */
const BALL_PERIOD = 48;

class DemoClipSource implements MediaSource {
  readonly info: MediaInfo = {
    kind: 'demo',
    name: DEMO_CLIP_NAME,
    frameStart: FRAME_START,
    frameEnd: FRAME_END,
    fps: FPS,
    width: WIDTH,
    height: HEIGHT,
    sizeBytes: 0,
    fingerprint: demoClipFingerprint(),
    hasAudio: false,
  };
  private canvas: OffscreenCanvas | null = new OffscreenCanvas(WIDTH, HEIGHT);
  private readonly context: OffscreenCanvasRenderingContext2D;
  private drawnFrame: number | null = null;

  constructor() {
    const context = this.canvas?.getContext('2d', { alpha: false });
    if (!context) throw new Error('OffscreenCanvas 2D context is unavailable');
    this.context = context;
  }

  /**
   * Always ready. The returned canvas is redrawn in place when another frame is requested, so
   * it shows the most recently requested frame.
   */
  getFrame(frame: number): FrameImage | null {
    if (!this.canvas) return null;
    const clamped = Math.min(Math.max(Math.round(frame), FRAME_START), FRAME_END);
    if (clamped !== this.drawnFrame) {
      this.draw(clamped);
      this.drawnFrame = clamped;
    }
    return this.canvas;
  }

  loadFrame(frame: number): Promise<FrameImage> {
    const image = this.getFrame(frame);
    return image ? Promise.resolve(image) : Promise.reject(new Error('demo clip is disposed'));
  }

  setPlayhead(): void {
    // Drawing one frame takes a few milliseconds; there is nothing to decode ahead.
  }

  fingerprint(): Promise<string> {
    return Promise.resolve(this.info.fingerprint ?? demoClipFingerprint());
  }

  dispose(): void {
    this.canvas = null;
    this.drawnFrame = null;
  }

  private draw(frame: number): void {
    const ctx = this.context;
    ctx.fillStyle = '#000000';
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    drawBars(ctx);
    drawBall(ctx, frame);
    drawText(ctx, frame);
    drawStrip(ctx, frame);
  }
}

/** Creates the demo clip (the player's default media). */
export function createDemoClip(): MediaSource {
  return new DemoClipSource();
}

function drawBars(ctx: OffscreenCanvasRenderingContext2D): void {
  drawBandRow(ctx, BARS_75, 0, BARS_BOTTOM);
  drawBandRow(ctx, CASTELLATIONS, BARS_BOTTOM, CASTELLATION_BOTTOM);
  drawBandRow(ctx, PLUGE, CASTELLATION_BOTTOM, PLUGE_BOTTOM);
}

/** Equal-width color bands across the full width between y `top` and `bottom`. */
function drawBandRow(
  ctx: OffscreenCanvasRenderingContext2D,
  colors: readonly string[],
  top: number,
  bottom: number,
): void {
  const bandWidth = WIDTH / colors.length;
  colors.forEach((color, i) => {
    ctx.fillStyle = color;
    ctx.fillRect(Math.round(i * bandWidth), top, Math.ceil(bandWidth), bottom - top);
  });
}

function drawBall(ctx: OffscreenCanvasRenderingContext2D, frame: number): void {
  // Triangle wave across the picture: left to right and back, one crossing per BALL_PERIOD frames.
  const phase = ((frame - FRAME_START) % (2 * BALL_PERIOD)) / BALL_PERIOD;
  const t = phase <= 1 ? phase : 2 - phase;
  const x = BALL_RADIUS + t * (WIDTH - 2 * BALL_RADIUS);
  ctx.fillStyle = '#ffcc00';
  ctx.beginPath();
  ctx.arc(x, BALL_Y, BALL_RADIUS, 0, Math.PI * 2);
  ctx.fill();
  // A one-pixel line at the ball's centre makes sub-frame stepping visible when zoomed in.
  ctx.fillStyle = '#000000';
  ctx.fillRect(Math.round(x), BALL_Y - BALL_RADIUS, 1, 2 * BALL_RADIUS);
}

function drawText(ctx: OffscreenCanvasRenderingContext2D, frame: number): void {
  const strip = frameIdStripGeometry(WIDTH, HEIGHT);
  ctx.fillStyle = '#ffffff';
  ctx.textBaseline = 'alphabetic';
  ctx.font = 'bold 150px monospace';
  ctx.textAlign = 'left';
  ctx.fillText(String(frame).padStart(4, '0'), 60, 880);
  ctx.textAlign = 'right';
  ctx.fillText(frameToTimecode(frame, FRAME_START, FPS), WIDTH - 60, 880);
  // Name and format sit right of the strip, outside its margin.
  ctx.font = '36px sans-serif';
  ctx.textAlign = 'right';
  ctx.fillStyle = '#bfbfbf';
  ctx.fillText(
    `${DEMO_CLIP_NAME} · ${WIDTH}×${HEIGHT} · ${FPS} fps`,
    WIDTH - 60,
    HEIGHT - strip.cellSize / 2 + 12,
  );
}

function drawStrip(ctx: OffscreenCanvasRenderingContext2D, frame: number): void {
  const strip = frameIdStripGeometry(WIDTH, HEIGHT);
  // The margin band above and right of the strip stays black whatever else is drawn.
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, strip.y - strip.margin, strip.width + strip.margin, strip.height + strip.margin);
  frameIdBits(frame).forEach((bit, i) => {
    ctx.fillStyle = bit ? '#ffffff' : '#000000';
    ctx.fillRect(strip.x + i * strip.cellSize, strip.y, strip.cellSize, strip.cellSize);
  });
}
