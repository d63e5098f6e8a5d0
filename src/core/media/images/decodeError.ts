// Why an OpenEXR/DPX/TIFF file could not be decoded: a stable code and a reason to show the user
// (the caller names the file). Crosses the decode worker's boundary as plain data.

export type ImageDecodeErrorCode =
  /** Not the format its name says, or damaged bytes. */
  | 'CORRUPT'
  /** The file ends before its data does. */
  | 'TRUNCATED'
  /** A valid file using something the decoder does not support (compression, deep data, …). */
  | 'UNSUPPORTED'
  /** A frame whose size differs from the sequence's. */
  | 'MIXED_SIZES';

export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError';
  constructor(
    readonly code: ImageDecodeErrorCode,
    /** A reason that completes "<file> cannot be shown: …". */
    readonly reason: string,
  ) {
    super(reason);
  }
}
