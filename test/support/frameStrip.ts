// Reads the frame-ID strip (docs/demo-clip.md) of one decoded frame of a file: ffmpeg decodes the
// frame to raw 8-bit gray pixels, and src/core/media/frameId.ts's reader reads the number.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { readFrameIdStrip, type FrameIdReading } from '../../src/core/media/frameId';

const run = promisify(execFile);

/** The `index`-th decoded frame (0 = the first) of `file` as gray pixels, one byte each. */
export async function decodeGrayFrame(
  file: string,
  index: number,
  size: { width: number; height: number },
): Promise<Uint8Array> {
  const { stdout } = await run(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-i',
      `file:${path.resolve(file)}`,
      '-map',
      '0:v:0',
      // Counts decoded frames (n), not timestamps: the frame the file holds at that position.
      '-vf',
      `select=eq(n\\,${index})`,
      '-fps_mode',
      'passthrough',
      '-frames:v',
      '1',
      '-pix_fmt',
      'gray',
      '-f',
      'rawvideo',
      'pipe:1',
    ],
    { encoding: 'buffer', maxBuffer: size.width * size.height * 2 },
  );
  if (stdout.length !== size.width * size.height) {
    throw new Error(
      `frame ${index} of ${path.basename(file)}: got ${stdout.length} bytes, expected ${size.width}x${size.height}`,
    );
  }
  return new Uint8Array(stdout);
}

/** The frame number the strip of the `index`-th frame shows (null when unreadable). */
export async function readStripOfFrame(
  file: string,
  index: number,
  size: { width: number; height: number },
): Promise<FrameIdReading> {
  const gray = await decodeGrayFrame(file, index, size);
  const rgba = new Uint8Array(gray.length * 4);
  for (let i = 0; i < gray.length; i++) {
    const value = gray[i] ?? 0;
    rgba[i * 4] = value;
    rgba[i * 4 + 1] = value;
    rgba[i * 4 + 2] = value;
    rgba[i * 4 + 3] = 255;
  }
  return readFrameIdStrip(rgba, size.width, size.height);
}
