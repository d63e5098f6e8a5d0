// The one error of LUT and CDL files and look settings: a stable code, a human message and (where known) the line.

export type LookFileErrorCode =
  | 'LUT_MALFORMED'
  | 'LUT_TRUNCATED'
  | 'LUT_WRONG_SIZE'
  | 'LUT_OUT_OF_RANGE'
  | 'CDL_MALFORMED'
  | 'CDL_MISSING_FIELD'
  | 'CDL_OUT_OF_RANGE'
  | 'LOOK_UNKNOWN_FORMAT'
  | 'LOOK_UNKNOWN_SPACE'
  | 'LOOK_NO_SOURCE';

export class LookFileError extends Error {
  override readonly name = 'LookFileError';
  constructor(
    readonly code: LookFileErrorCode,
    readonly detail: string,
    readonly line?: number,
  ) {
    super(line === undefined ? detail : `line ${line}: ${detail}`);
  }
}

export function isLookFileError(error: unknown): error is LookFileError {
  return error instanceof LookFileError;
}
