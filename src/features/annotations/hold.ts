// Which other frames' drawings show on a frame: ghosting (the two frames either side, faintly)
// and RV's Hold (each drawing stays on the next N frames, fully drawn). Display only, per viewer.

/** Neighbouring frames shown faintly while ghosting is on. */
export const GHOSTS = [
  { offset: -1, alpha: 0.3 },
  { offset: 1, alpha: 0.3 },
  { offset: -2, alpha: 0.12 },
  { offset: 2, alpha: 0.12 },
] as const;

/** The longest hold offered (about ten seconds at 24 fps). */
export const MAX_HOLD_FRAMES = 250;

/** A hold the toolbar may take: a whole number of frames in 0 … MAX_HOLD_FRAMES (else null). */
export function parseHold(value: unknown): number | null {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) return null;
  return number >= 0 && number <= MAX_HOLD_FRAMES ? number : null;
}

/**
 * The other frames whose drawings show on `frame`, oldest first, with their opacity: held
 * frames (the `hold` frames before) fully, then the ghosts that are not held already.
 */
export function shownNeighbours(
  frame: number,
  ghosting: boolean,
  hold: number,
): Array<{ frame: number; alpha: number }> {
  const shown: Array<{ frame: number; alpha: number }> = [];
  for (let back = hold; back >= 1; back--) shown.push({ frame: frame - back, alpha: 1 });
  if (ghosting)
    for (const ghost of GHOSTS)
      if (!(ghost.offset < 0 && -ghost.offset <= hold))
        shown.push({ frame: frame + ghost.offset, alpha: ghost.alpha });
  return shown;
}
