// Converts decoded VideoFrames to ImageBitmaps in a worker: the conversion leaves the main thread,
// a 1080p RGBA upload is several times cheaper for the viewer than a YUV VideoFrame, and decoder
// output buffers are released at once (hardware decoders stall when the page holds many frames).

export interface ConvertRequest {
  id: number;
  frame: VideoFrame;
}
export type ConvertReply = { id: number; bitmap: ImageBitmap } | { id: number; error: string };

type Pending = { resolve: (bitmap: ImageBitmap) => void; reject: (error: Error) => void };

export class FrameConverter {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;

  /** Takes ownership of `frame` (it is transferred and closed) and resolves with its RGBA copy. */
  toBitmap(frame: VideoFrame): Promise<ImageBitmap> {
    if (this.disposed) {
      frame.close();
      return Promise.reject(new Error('frame converter disposed'));
    }
    const worker = this.ensureWorker();
    if (!worker) {
      // No workers (unusual): convert here, still off the render path.
      return createImageBitmap(frame).finally(() => frame.close());
    }
    const id = this.nextId++;
    return new Promise<ImageBitmap>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, frame } satisfies ConvertRequest, { transfer: [frame] });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.worker?.terminate();
    this.worker = null;
    for (const entry of this.pending.values()) entry.reject(new Error('frame converter disposed'));
    this.pending.clear();
  }

  private ensureWorker(): Worker | null {
    if (this.worker || typeof Worker === 'undefined') return this.worker;
    const worker = new Worker(new URL('./frameConvert.worker.ts', import.meta.url), {
      type: 'module',
    });
    worker.addEventListener('message', (event: MessageEvent<ConvertReply>) => {
      const entry = this.pending.get(event.data.id);
      if (!entry) {
        if ('bitmap' in event.data) event.data.bitmap.close();
        return;
      }
      this.pending.delete(event.data.id);
      if ('bitmap' in event.data) entry.resolve(event.data.bitmap);
      else entry.reject(new Error(`frame conversion failed: ${event.data.error}`));
    });
    worker.addEventListener('error', (event: ErrorEvent) => {
      for (const entry of this.pending.values()) {
        entry.reject(new Error(`frame converter failed: ${event.message}`));
      }
      this.pending.clear();
    });
    this.worker = worker;
    return worker;
  }
}
