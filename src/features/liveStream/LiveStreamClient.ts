// A page's view of the room's live source (pixel streaming, docs/pixel-streaming.md): while in a
// room it holds a /stream socket as a viewer, paints each live frame (RGBA8, PNG or OpenEXR
// region) onto its canvas in arrival order, and reports whether a program is streaming. OpenEXR
// frames go through the player's EXR decode workers and show as their 8-bit sRGB preview (the
// live picture has no grade). Reopens the socket after a drop while still in the room.
import { decodeLiveFrame, LIVE_PATH } from '../../protocol/index';
import { EventEmitter } from '../../utils/EventEmitter';
import { sharedDecodePool } from '../../core/media/images/DecodePool';
import { floatImageToRgba8 } from '../../core/media/images/floatImage';
import { asFloatImage } from '../../core/media/images/packedImage';

export interface LiveStatus {
  active: boolean;
  width: number;
  height: number;
  /** The last frame number painted (0: none yet). */
  frame: number;
  /** Frames or messages this page could not use (malformed, undecodable). */
  problem: string | null;
}

/** Wait before reopening a dropped stream socket. */
const RETRY_MS = 2000;

export class LiveStreamClient extends EventEmitter<{ status: LiveStatus; painted: number }> {
  private socket: WebSocket | null = null;
  private credentials: { room: string; sessionToken: string } | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private painting: Promise<void> = Promise.resolve();
  private statusValue: LiveStatus = { active: false, width: 0, height: 0, frame: 0, problem: null };
  private readonly context: CanvasRenderingContext2D | null;

  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly pageUrl: string,
  ) {
    super();
    this.context = canvas.getContext('2d');
  }

  get status(): LiveStatus {
    return this.statusValue;
  }

  /** Views the room's live source (null: leaves it). */
  watch(credentials: { room: string; sessionToken: string } | null): void {
    if (credentials?.room === this.credentials?.room && this.socket) return;
    this.stop();
    this.credentials = credentials;
    if (credentials) this.open();
  }

  dispose(): void {
    this.credentials = null;
    this.stop();
  }

  private open(): void {
    const credentials = this.credentials;
    if (!credentials) return;
    const url = new URL(LIVE_PATH, this.pageUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ ...credentials, role: 'view' }));
    socket.onmessage = (event: MessageEvent<unknown>) => this.receive(event.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.update({ active: false });
      if (this.credentials) this.retry = setTimeout(() => this.open(), RETRY_MS);
    };
  }

  private stop(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.update({ active: false, frame: 0 });
  }

  private receive(data: unknown): void {
    if (typeof data === 'string') {
      try {
        const message = JSON.parse(data) as Partial<LiveStatus> & { type?: string };
        if (message.type === 'live')
          this.update({
            active: Boolean(message.active),
            width: Number(message.width) || 0,
            height: Number(message.height) || 0,
          });
      } catch {
        this.update({ problem: 'the server sent an unreadable status' });
      }
      return;
    }
    if (!(data instanceof ArrayBuffer)) return;
    const parsed = decodeLiveFrame(new Uint8Array(data));
    if (!parsed.ok) return this.update({ problem: `a live frame was refused: ${parsed.reason}` });
    const { header, payload } = parsed;
    this.painting = this.painting.then(async () => {
      const context = this.context;
      if (!context) return;
      if (this.canvas.width !== header.width || this.canvas.height !== header.height) {
        this.canvas.width = header.width;
        this.canvas.height = header.height;
      }
      try {
        if (header.encoding === 'rgba8') {
          const pixels = new Uint8ClampedArray(payload.byteLength);
          pixels.set(payload);
          context.putImageData(
            new ImageData(pixels, header.regionWidth, header.regionHeight),
            header.x,
            header.y,
          );
        } else if (header.encoding === 'exr') {
          const problem = await paintExr(context, payload, header);
          if (problem) return this.update({ problem });
        } else {
          const png = new Uint8Array(payload.byteLength);
          png.set(payload);
          const bitmap = await createImageBitmap(new Blob([png], { type: 'image/png' }));
          context.drawImage(bitmap, header.x, header.y);
          bitmap.close();
        }
        // Whether the stream is on comes from the server's status messages only (a paint may
        // finish after the "ended" status).
        this.update({
          width: header.width,
          height: header.height,
          frame: header.frame,
          problem: null,
        });
        this.emit('painted', header.frame);
      } catch {
        this.update({ problem: `frame ${header.frame} could not be decoded (not a PNG?)` });
      }
    });
  }

  private update(patch: Partial<LiveStatus>): void {
    this.statusValue = { ...this.statusValue, ...patch };
    this.emit('status', this.statusValue);
  }
}

/** Decodes an OpenEXR region in the decode workers and paints its sRGB preview; or says why not. */
async function paintExr(
  context: CanvasRenderingContext2D,
  payload: Uint8Array,
  header: { frame: number; x: number; y: number; regionWidth: number; regionHeight: number },
): Promise<string | null> {
  const bytes = new Uint8Array(payload.byteLength);
  bytes.set(payload);
  const file = new File([bytes], `live-${header.frame}.exr`);
  let image;
  try {
    ({ image } = await sharedDecodePool().decode(file, 'exr', { layer: null, window: 'display' }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `OpenEXR frame ${header.frame} could not be decoded: ${reason}`;
  }
  if (image.width !== header.regionWidth || image.height !== header.regionHeight)
    return `OpenEXR frame ${header.frame} is ${image.width}×${image.height}, not the ${header.regionWidth}×${header.regionHeight} its header says`;
  context.putImageData(
    new ImageData(floatImageToRgba8(asFloatImage(image)), image.width, image.height),
    header.x,
    header.y,
  );
  return null;
}
