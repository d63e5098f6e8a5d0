// Game controllers through the Gamepad API: polled once per animation frame while one is
// connected (the API has no input events), each pad's snapshot diffed by PadReader and fed to
// the controller as `gamepad:button:N` / `gamepad:axis:N`. A pad that disconnects is reported.
import type { DeviceController } from './DeviceController';
import { PadReader } from './gamepad';

export class PadSource {
  private readonly readers = new Map<number, { reader: PadReader; name: string }>();
  private frame: number | null = null;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly controller: DeviceController,
    private readonly changed: () => void,
  ) {
    const onConnect = (event: GamepadEvent): void => {
      this.readers.set(event.gamepad.index, { reader: new PadReader(), name: event.gamepad.id });
      this.changed();
      this.poll();
    };
    const onDisconnect = (event: GamepadEvent): void => {
      const known = this.readers.get(event.gamepad.index);
      if (!known) return;
      this.readers.delete(event.gamepad.index);
      this.controller.lost(`Game controller "${known.name}"`, 'gamepad:');
      this.changed();
    };
    window.addEventListener('gamepadconnected', onConnect);
    window.addEventListener('gamepaddisconnected', onDisconnect);
    this.cleanups.push(
      () => window.removeEventListener('gamepadconnected', onConnect),
      () => window.removeEventListener('gamepaddisconnected', onDisconnect),
    );
  }

  get devices(): string[] {
    return [...this.readers.values()].map((entry) => entry.name);
  }

  dispose(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private poll(): void {
    if (this.frame !== null || this.readers.size === 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      this.read();
      this.poll();
    });
  }

  private read(): void {
    const pads = typeof navigator.getGamepads === 'function' ? navigator.getGamepads() : [];
    for (const pad of pads) {
      const known = pad ? this.readers.get(pad.index) : undefined;
      if (!pad || !known) continue;
      const axes = pad.axes.map((value) => (Number.isFinite(value) ? value : 0));
      if (axes.some((value, index) => value !== pad.axes[index]))
        this.controller.garbage(
          `Game controller "${known.name}"`,
          'a stick position that is not a number',
        );
      const events = known.reader.read({
        buttons: pad.buttons.map((button) => button.pressed),
        axes,
      });
      for (const event of events) {
        if (event.kind === 'button')
          this.controller.handle({
            input: `gamepad:button:${event.button}`,
            kind: 'button',
            pressed: event.pressed,
          });
        else
          this.controller.handle({
            input: `gamepad:axis:${event.axis}`,
            kind: 'position',
            position: event.position,
          });
      }
    }
  }
}
