// Contour ShuttlePRO / ShuttleXpress input reports (WebHID, no report id): 5 bytes —
//   0: shuttle ring position, int8, -7 (full left) … 0 (centre) … 7 (full right)
//   1: jog wheel counter, uint8, +1 per click clockwise, wrapping 255 → 0
//   2: unused (0)
//   3–4: buttons, uint16 little-endian, one bit per button (ShuttlePRO v1/v2: bits 0–14 are
//        buttons 1–15; ShuttleXpress: bits 4–8 are its buttons 1–5)
// (layout as in the ShuttleControlUSB and vrpn_Contour drivers). The parser turns each report
// into what changed since the previous one. Garbage (wrong length, ring outside ±7) is refused
// with a reason; nothing is thrown. No DOM.

export const CONTOUR_VENDOR_ID = 0x0b33;

export interface ContourModel {
  name: string;
  productId: number;
  /** Bit of each button, in the device's button order (button n = masks[n - 1]). */
  buttonMasks: readonly number[];
}

const bits = (from: number, count: number) =>
  Array.from({ length: count }, (_, index) => 1 << (from + index));

export const CONTOUR_MODELS: readonly ContourModel[] = [
  { name: 'ShuttlePRO', productId: 0x0010, buttonMasks: bits(0, 15) },
  { name: 'ShuttleXpress', productId: 0x0020, buttonMasks: bits(4, 5) },
  { name: 'ShuttlePRO v2', productId: 0x0030, buttonMasks: bits(0, 15) },
];

export function contourModel(productId: number): ContourModel | null {
  return CONTOUR_MODELS.find((model) => model.productId === productId) ?? null;
}

export const REPORT_BYTES = 5;
const RING_LIMIT = 7;

export type ShuttleEvent =
  | { kind: 'button'; button: number; pressed: boolean }
  | { kind: 'jog'; delta: number }
  | { kind: 'ring'; position: number };

export type ParseResult = { ok: true; events: ShuttleEvent[] } | { ok: false; reason: string };

export class ShuttleReportParser {
  private jog: number | null = null;
  private ring = 0;
  private buttons = 0;

  constructor(private readonly model: ContourModel) {}

  parse(report: ArrayLike<number>): ParseResult {
    if (report.length !== REPORT_BYTES)
      return {
        ok: false,
        reason: `a ${report.length}-byte report (a ${this.model.name} sends ${REPORT_BYTES})`,
      };
    for (let index = 0; index < REPORT_BYTES; index++) {
      const byte = report[index];
      if (byte === undefined || !Number.isInteger(byte) || byte < 0 || byte > 255)
        return { ok: false, reason: 'a report that is not bytes' };
    }
    const raw = report[0] ?? 0;
    const ring = raw > 127 ? raw - 256 : raw;
    if (Math.abs(ring) > RING_LIMIT)
      return { ok: false, reason: `shuttle position ${ring} (the ring has ±${RING_LIMIT})` };
    const events: ShuttleEvent[] = [];
    const jog = report[1] ?? 0;
    // The first report only sets where the counter stands: the wheel has not moved yet.
    if (this.jog !== null && jog !== this.jog) {
      // Shortest way round the 8-bit counter: a report is sent per click, never 128 apart.
      const delta = ((jog - this.jog + 384) % 256) - 128;
      if (delta !== 0) events.push({ kind: 'jog', delta });
    }
    this.jog = jog;
    if (ring !== this.ring) events.push({ kind: 'ring', position: ring });
    this.ring = ring;
    const buttons = (report[3] ?? 0) | ((report[4] ?? 0) << 8);
    this.model.buttonMasks.forEach((mask, index) => {
      const was = (this.buttons & mask) !== 0;
      const is = (buttons & mask) !== 0;
      if (was !== is) events.push({ kind: 'button', button: index + 1, pressed: is });
    });
    this.buttons = buttons;
    return { ok: true, events };
  }
}
