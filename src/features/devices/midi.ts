// MIDI messages from control surfaces as device input: notes are buttons, control changes are
// jog wheels (relative: 1…63 up, 65…127 down, as most controllers' "relative 2's complement"
// mode) or faders/knobs (absolute 0…127, 64 the centre) — which one, the mapping decides.
// Anything else (clock, sysex, aftertouch) is ignored; a truncated message is refused. No DOM.

export type MidiInput =
  | { kind: 'note'; channel: number; note: number; pressed: boolean }
  | { kind: 'cc'; channel: number; control: number; value: number };

export type MidiParse = { ok: true; input: MidiInput | null } | { ok: false; reason: string };

export function parseMidi(data: ArrayLike<number>): MidiParse {
  const status = data[0];
  if (status === undefined) return { ok: false, reason: 'an empty MIDI message' };
  const type = status & 0xf0;
  const channel = (status & 0x0f) + 1;
  if (type !== 0x80 && type !== 0x90 && type !== 0xb0) return { ok: true, input: null };
  const first = data[1];
  const second = data[2];
  if (data.length < 3 || first === undefined || second === undefined || first > 127 || second > 127)
    return { ok: false, reason: 'a truncated MIDI message' };
  if (type === 0xb0)
    return { ok: true, input: { kind: 'cc', channel, control: first, value: second } };
  // Note on with velocity 0 is a note off (running-status keyboards send it).
  return {
    ok: true,
    input: { kind: 'note', channel, note: first, pressed: type === 0x90 && second > 0 },
  };
}

/** A relative CC value as ticks: 1…63 → +1…+63, 65…127 → -63…-1, 0 and 64 → 0. */
export function relativeTicks(value: number): number {
  if (value === 0 || value === 64) return 0;
  return value < 64 ? value : value - 128;
}

/** An absolute CC value as a position -1…1 (64 is the centre). */
export function absolutePosition(value: number): number {
  return Math.max(-1, Math.min(1, (value - 64) / 63));
}
