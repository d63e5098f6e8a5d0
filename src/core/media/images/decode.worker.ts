// Web Worker decoding OpenEXR/DPX files into FloatImages; the pixels go back transferred.
import { answer, type VfxDecodeRequest } from './decodeVfx';

self.addEventListener('message', (event: MessageEvent<VfxDecodeRequest>) => {
  void answer(event.data).then((reply) => {
    const transfer = 'picture' in reply ? [reply.picture.image.data.buffer] : [];
    self.postMessage(reply, { transfer });
  });
});
