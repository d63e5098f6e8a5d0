// The ShuttlePRO v2 report parser on a session of reports in the device's 5-byte format (ring,
// jog counter, 0, buttons LE): jog clicks both ways across the counter's wrap, the ring out and
// back, buttons pressed and released — and garbage refused with a reason.
import { describe, expect, it } from 'vitest';
import { contourModel, ShuttleReportParser, type ShuttleEvent } from './shuttlePro';

const PRO_V2 = contourModel(0x0030);
const XPRESS = contourModel(0x0020);

/** A jog/shuttle session: each line is one input report, as the device sends them. */
const SESSION: ReadonlyArray<[string, number[]]> = [
  ['at rest (counter at 254)', [0x00, 0xfe, 0x00, 0x00, 0x00]],
  ['jog one click clockwise', [0x00, 0xff, 0x00, 0x00, 0x00]],
  ['jog one more: the counter wraps to 0', [0x00, 0x00, 0x00, 0x00, 0x00]],
  ['jog back three clicks at once (fast turn)', [0x00, 0xfd, 0x00, 0x00, 0x00]],
  ['ring to +3', [0x03, 0xfd, 0x00, 0x00, 0x00]],
  ['ring to -7 (full left)', [0xf9, 0xfd, 0x00, 0x00, 0x00]],
  ['ring back to the centre', [0x00, 0xfd, 0x00, 0x00, 0x00]],
  ['button 7 down', [0x00, 0xfd, 0x00, 0x40, 0x00]],
  ['button 15 down too', [0x00, 0xfd, 0x00, 0x40, 0x40]],
  ['both up', [0x00, 0xfd, 0x00, 0x00, 0x00]],
];

describe('ShuttleReportParser', () => {
  it('turns a ShuttlePRO v2 session into jog, ring and button events', () => {
    if (!PRO_V2) throw new Error('no ShuttlePRO v2 model');
    const parser = new ShuttleReportParser(PRO_V2);
    const events = SESSION.map(([, report]) => {
      const result = parser.parse(report);
      if (!result.ok) throw new Error(result.reason);
      return result.events;
    });
    expect(events).toEqual<ShuttleEvent[][]>([
      [],
      [{ kind: 'jog', delta: 1 }],
      [{ kind: 'jog', delta: 1 }],
      [{ kind: 'jog', delta: -3 }],
      [{ kind: 'ring', position: 3 }],
      [{ kind: 'ring', position: -7 }],
      [{ kind: 'ring', position: 0 }],
      [{ kind: 'button', button: 7, pressed: true }],
      [{ kind: 'button', button: 15, pressed: true }],
      [
        { kind: 'button', button: 7, pressed: false },
        { kind: 'button', button: 15, pressed: false },
      ],
    ]);
  });

  it("reads the ShuttleXpress's five buttons from bits 4–8", () => {
    if (!XPRESS) throw new Error('no ShuttleXpress model');
    const parser = new ShuttleReportParser(XPRESS);
    parser.parse([0, 0, 0, 0, 0]);
    expect(parser.parse([0, 0, 0, 0x10, 0x01])).toEqual({
      ok: true,
      events: [
        { kind: 'button', button: 1, pressed: true },
        { kind: 'button', button: 5, pressed: true },
      ],
    });
  });

  it('refuses garbage with a reason and keeps working after it', () => {
    if (!PRO_V2) throw new Error('no ShuttlePRO v2 model');
    const parser = new ShuttleReportParser(PRO_V2);
    expect(parser.parse([0, 0, 0])).toEqual({
      ok: false,
      reason: 'a 3-byte report (a ShuttlePRO v2 sends 5)',
    });
    expect(parser.parse([0x40, 0, 0, 0, 0])).toEqual({
      ok: false,
      reason: 'shuttle position 64 (the ring has ±7)',
    });
    expect(parser.parse([0, 0, 0, 300, 0])).toMatchObject({ ok: false });
    expect(parser.parse([0, 0, 0, 0, 0])).toEqual({ ok: true, events: [] });
    expect(parser.parse([0, 1, 0, 0, 0])).toEqual({
      ok: true,
      events: [{ kind: 'jog', delta: 1 }],
    });
  });
});
