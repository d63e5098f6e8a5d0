// Web Worker turning decoded VideoFrames into RGBA ImageBitmaps, so the YUV->RGB conversion never
// runs on the main thread and the viewer uploads plain RGBA (see frameConverter.ts).
import type { ConvertReply, ConvertRequest } from './frameConverter';

self.addEventListener('message', (event: MessageEvent<ConvertRequest>) => {
  const { id, frame } = event.data;
  createImageBitmap(frame).then(
    (bitmap) => {
      frame.close();
      self.postMessage({ id, bitmap } satisfies ConvertReply, { transfer: [bitmap] });
    },
    (error: unknown) => {
      frame.close();
      self.postMessage({ id, error: String(error) } satisfies ConvertReply);
    },
  );
});
