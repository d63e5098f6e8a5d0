// Waveform-similarity overlap-add (WSOLA): where to take the next grain so that it continues the
// sound of the previous one, which keeps the pitch of audio played faster or slower than 1x
// without the comb-filter ripple of plain overlap-add. Pure functions on PCM samples.

/** Grain length at 1x (s): the pitch-corrected sound is made of such grains, half overlapped. */
export const STRETCH_GRAIN_S = 0.06;
/** How far (s) a grain may move from its nominal place to line up with the previous grain. */
export const ALIGN_TOLERANCE_S = 0.012;
/** Correlation is computed on every STRIDE-th sample (cheap enough for the main thread). */
const STRIDE = 4;

/**
 * The start index in `samples` near `nominal` (within ±`tolerance`) whose next `length` samples
 * best match `samples[target … target + length)`: the natural continuation of the previous
 * grain. Indexes outside the array count as silence.
 */
export function bestAlignment(
  samples: Float32Array,
  nominal: number,
  target: number,
  length: number,
  tolerance: number,
): number {
  const score = (start: number): number => {
    let product = 0;
    let energy = 1e-9;
    for (let i = 0; i < length; i += STRIDE) {
      const a = samples[start + i] ?? 0;
      const b = samples[target + i] ?? 0;
      product += a * b;
      energy += a * a;
    }
    // Normalised by the candidate's energy so a loud stretch does not win by loudness alone.
    return product / Math.sqrt(energy);
  };
  // Ties (silence) keep the nominal place.
  let best = nominal;
  let bestScore = score(nominal);
  for (let shift = -tolerance; shift <= tolerance; shift++) {
    const candidate = score(nominal + shift);
    if (candidate > bestScore + 1e-9) {
      bestScore = candidate;
      best = nominal + shift;
    }
  }
  return best;
}

/** The channels averaged to one (alignment looks at the mix). */
export function mixDown(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const mix = new Float32Array(first.length);
  for (const channel of channels) {
    for (let i = 0; i < mix.length; i++)
      mix[i] = (mix[i] ?? 0) + (channel[i] ?? 0) / channels.length;
  }
  return mix;
}
