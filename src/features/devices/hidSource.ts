// Contour ShuttlePRO / ShuttleXpress over WebHID: asks the browser for the device (a user
// gesture opens its chooser), opens it, feeds each input report through ShuttleReportParser to
// the controller, and reports garbage and disconnects. WebHID is not in TypeScript's DOM types;
// the few members used are declared here.
import { contourModel, CONTOUR_VENDOR_ID, ShuttleReportParser } from './shuttlePro';
import type { DeviceController } from './DeviceController';

interface HidInputReportEvent extends Event {
  readonly device: HidDevice;
  readonly reportId: number;
  readonly data: DataView;
}

export interface HidDevice extends EventTarget {
  readonly opened: boolean;
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string;
  open(): Promise<void>;
  close(): Promise<void>;
}

export interface Hid extends EventTarget {
  requestDevice(options: {
    filters: Array<{ vendorId: number; productId?: number }>;
  }): Promise<HidDevice[]>;
}

export function webHid(): Hid | null {
  return (navigator as Navigator & { hid?: Hid }).hid ?? null;
}

export class HidSource {
  /** Open devices and how to stop listening to each (`lost`: tell the controller it went away). */
  private readonly disposeHid: () => void;
  private readonly open = new Map<HidDevice, (lost: boolean) => void>();

  constructor(
    private readonly hid: Hid,
    private readonly controller: DeviceController,
    private readonly changed: () => void,
  ) {
    const onDisconnect = (event: Event): void => {
      const device = (event as Event & { device?: HidDevice }).device;
      if (device) this.forget(device, true);
    };
    hid.addEventListener('disconnect', onDisconnect);
    this.disposeHid = () => hid.removeEventListener('disconnect', onDisconnect);
  }

  get devices(): string[] {
    return [...this.open.keys()].map((device) => device.productName || 'Contour device');
  }

  /** Asks the browser for a Contour device and opens it; resolves with what to tell the person. */
  async connect(): Promise<string> {
    let chosen: HidDevice[];
    try {
      chosen = await this.hid.requestDevice({ filters: [{ vendorId: CONTOUR_VENDOR_ID }] });
    } catch (error) {
      return `The browser did not open the device chooser (${errorText(error)}).`;
    }
    const device = chosen[0];
    if (!device) return 'No device chosen.';
    const model = contourModel(device.productId);
    if (!model)
      return `${device.productName || 'This device'} is a Contour device ReelSync does not know (product 0x${device.productId.toString(16)}).`;
    if (this.open.has(device)) return `${model.name} is already connected.`;
    try {
      if (!device.opened) await device.open();
    } catch (error) {
      return `${model.name} could not be opened (${errorText(error)}); another program may be using it.`;
    }
    const parser = new ShuttleReportParser(model);
    const prefix = model.name === 'ShuttleXpress' ? 'shuttlexpress' : 'shuttlepro';
    const onReport = (event: Event): void => {
      const { data } = event as HidInputReportEvent;
      const bytes =
        data instanceof DataView
          ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
          : [];
      const result = parser.parse(bytes);
      if (!result.ok) return this.controller.garbage(model.name, result.reason);
      for (const change of result.events) {
        if (change.kind === 'button')
          this.controller.handle({
            input: `${prefix}:button:${change.button}`,
            kind: 'button',
            pressed: change.pressed,
          });
        else if (change.kind === 'jog')
          this.controller.handle({ input: `${prefix}:jog`, kind: 'delta', delta: change.delta });
        else
          this.controller.handle({
            input: `${prefix}:ring`,
            kind: 'position',
            position: change.position,
            steps: true,
          });
      }
    };
    device.addEventListener('inputreport', onReport);
    this.open.set(device, (lost) => {
      device.removeEventListener('inputreport', onReport);
      if (lost) this.controller.lost(model.name, prefix);
    });
    this.changed();
    return `${model.name} connected.`;
  }

  dispose(): void {
    this.disposeHid();
    for (const device of [...this.open.keys()]) {
      this.forget(device, false);
      void device.close().catch(() => undefined);
    }
  }

  private forget(device: HidDevice, lost: boolean): void {
    const stop = this.open.get(device);
    if (!stop) return;
    this.open.delete(device);
    stop(lost);
    this.changed();
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
