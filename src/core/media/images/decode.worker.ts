// Web Worker decoding OpenEXR/DPX files into FloatImages (10-bit DPX: its words, unpacked by the
// viewer); the pixels go back transferred.
import { answer, type VfxDecodeRequest, type VfxImage } from './decodeVfx';

self.addEventListener('message', (event: MessageEvent<VfxDecodeRequest>) => {
  void answer(event.data).then((reply) => {
    const transfer = 'picture' in reply ? [pixelBuffer(reply.picture.image)] : [];
    self.postMessage(reply, { transfer });
  });
});

/** The buffer holding the pixels (a DPX file's words live in the file's own buffer). */
function pixelBuffer(image: VfxImage): ArrayBuffer {
  return (image.kind === 'packed10' ? image.words.buffer : image.data.buffer) as ArrayBuffer;
}
