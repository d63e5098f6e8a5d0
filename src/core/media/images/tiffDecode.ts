// Decodes one TIFF (8- or 16-bit integer, or 32-bit float; RGB, RGBA or grey; any compression
// utif2 reads) to a scene-linear half-float RGBA picture. Integer TIFFs are display-referred:
// they are linearised with the sRGB curve so the viewer shows their values unchanged.
import * as UTIF from 'utif2';
import { ImageDecodeError } from './decodeError';
import { transferTable } from './dpxDecode';
import { floatToHalf, type FloatImage } from './floatImage';

const HALF_ONE = 0x3c00;
/** TIFF SampleFormat 3: IEEE floating point. */
const SAMPLE_FLOAT = 3;

function tag(ifd: UTIF.IFD, name: string): number | undefined {
  const value = ifd[name];
  return Array.isArray(value) && typeof value[0] === 'number' ? value[0] : undefined;
}

export function decodeTiff(buffer: ArrayBuffer): FloatImage {
  let ifds: UTIF.IFD[];
  try {
    ifds = UTIF.decode(buffer);
  } catch (error) {
    throw new ImageDecodeError('CORRUPT', `it is not a readable TIFF (${String(error)})`);
  }
  const ifd = ifds.find((each) => tag(each, 't256') !== undefined);
  if (!ifd) throw new ImageDecodeError('CORRUPT', 'it holds no image');
  try {
    UTIF.decodeImage(buffer, ifd);
  } catch (error) {
    throw new ImageDecodeError('CORRUPT', `its pixels could not be decoded (${String(error)})`);
  }
  const { width, height } = ifd;
  const bits = tag(ifd, 't258') ?? 1;
  const samples = tag(ifd, 't277') ?? 1;
  const float = tag(ifd, 't339') === SAMPLE_FLOAT;
  if (tag(ifd, 't284') === 2) {
    throw new ImageDecodeError('UNSUPPORTED', 'its samples are stored in planes, not supported');
  }
  const supported = float ? bits === 32 : bits === 8 || bits === 16;
  if (!supported || samples < 1 || samples > 4 || !ifd.data || width < 1 || height < 1) {
    throw new ImageDecodeError(
      'UNSUPPORTED',
      `${bits}-bit${float ? ' float' : ''} data with ${samples} samples per pixel is not supported (8/16-bit integer, 32-bit float; grey, RGB, RGBA are)`,
    );
  }
  const bytesPerSample = bits / 8;
  if (ifd.data.length < width * height * samples * bytesPerSample) {
    throw new ImageDecodeError('TRUNCATED', 'the file is truncated (its pixel data ends early)');
  }
  // utif2 hands 16-bit samples over little-endian whatever the file's byte order.
  const view = new DataView(ifd.data.buffer, ifd.data.byteOffset, ifd.data.byteLength);
  const lut = float ? null : transferTable(bits, 'video');
  const maxAlpha = 2 ** bits - 1;
  const read = (index: number): number =>
    bits === 8
      ? (ifd.data[index] ?? 0)
      : bits === 16
        ? view.getUint16(index * 2, true)
        : view.getFloat32(index * 4, true);
  const color = (value: number): number => (lut ? (lut[value] ?? 0) : floatToHalf(value));
  const alpha = (value: number): number =>
    float ? floatToHalf(value) : floatToHalf(value / maxAlpha);
  const grey = samples <= 2;
  const out = new Uint16Array(width * height * 4);
  for (let p = 0, i = 0; p < width * height; p++, i += samples) {
    const o = p * 4;
    if (grey) {
      const v = color(read(i));
      out[o] = out[o + 1] = out[o + 2] = v;
      out[o + 3] = samples === 2 ? alpha(read(i + 1)) : HALF_ONE;
    } else {
      out[o] = color(read(i));
      out[o + 1] = color(read(i + 1));
      out[o + 2] = color(read(i + 2));
      out[o + 3] = samples === 4 ? alpha(read(i + 3)) : HALF_ONE;
    }
  }
  return { kind: 'float', width, height, data: out };
}
