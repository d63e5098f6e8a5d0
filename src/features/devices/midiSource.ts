// MIDI control surfaces through Web MIDI: asks for access (the browser prompts), listens to every
// input, feeds notes as `midi:note:N` and control changes as `midi:cc:N` to the controller,
// and reports inputs that disappear and messages that cannot be read.
import type { DeviceController } from './DeviceController';
import { parseMidi } from './midi';

export class MidiSource {
  private access: MIDIAccess | null = null;
  private readonly inputs = new Map<string, MIDIInput>();

  constructor(
    private readonly controller: DeviceController,
    private readonly changed: () => void,
  ) {}

  static get supported(): boolean {
    return typeof navigator.requestMIDIAccess === 'function';
  }

  get devices(): string[] {
    return [...this.inputs.values()].map((input) => input.name ?? 'MIDI input');
  }

  async connect(): Promise<string> {
    if (this.access) return `MIDI is on (${this.inputs.size} input(s)).`;
    try {
      this.access = await navigator.requestMIDIAccess();
    } catch (error) {
      return `The browser refused MIDI access (${error instanceof Error ? error.message : String(error)}).`;
    }
    this.access.onstatechange = (event) => {
      const port = (event as MIDIConnectionEvent).port;
      if (!port || port.type !== 'input') return;
      if (port.state === 'connected') this.attach(port as MIDIInput);
      else if (this.inputs.delete(port.id)) {
        this.controller.lost(`MIDI input "${port.name ?? port.id}"`, 'midi:');
        this.changed();
      }
    };
    this.access.inputs.forEach((input) => this.attach(input));
    return this.inputs.size > 0
      ? `MIDI on: ${this.devices.join(', ')}.`
      : 'MIDI on, but no MIDI input is connected yet; plug one in.';
  }

  dispose(): void {
    if (this.access) this.access.onstatechange = null;
    for (const input of this.inputs.values()) input.onmidimessage = null;
    this.inputs.clear();
  }

  private attach(input: MIDIInput): void {
    if (this.inputs.has(input.id)) return;
    this.inputs.set(input.id, input);
    const name = `MIDI input "${input.name ?? input.id}"`;
    input.onmidimessage = (event) => {
      const result = parseMidi(event.data ?? []);
      if (!result.ok) return this.controller.garbage(name, result.reason);
      const message = result.input;
      if (!message) return;
      if (message.kind === 'note')
        this.controller.handle({
          input: `midi:note:${message.note}`,
          kind: 'button',
          pressed: message.pressed,
        });
      else
        this.controller.handle({
          input: `midi:cc:${message.control}`,
          kind: 'control',
          value: message.value,
        });
    };
    this.changed();
  }
}
