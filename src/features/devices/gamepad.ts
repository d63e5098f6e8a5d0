// Game controllers (Gamepad API) as device input: the browser only offers snapshots (polled
// each animation frame), so this compares each with the previous one and reports what changed —
// buttons pressed/released, sticks moved to another shuttle step. No DOM.
import { shuttleStep } from './actions';

export interface PadSnapshot {
  buttons: readonly boolean[];
  axes: readonly number[];
}

export type PadEvent =
  | { kind: 'button'; button: number; pressed: boolean }
  | { kind: 'axis'; axis: number; position: number };

export class PadReader {
  private previous: PadSnapshot | null = null;
  private steps: number[] = [];

  /** What changed since the last snapshot (the first only records where things stand). */
  read(snapshot: PadSnapshot): PadEvent[] {
    const events: PadEvent[] = [];
    const previous = this.previous;
    const steps = snapshot.axes.map((value) => shuttleStep(value));
    if (previous) {
      snapshot.buttons.forEach((pressed, button) => {
        if (pressed !== (previous.buttons[button] ?? false))
          events.push({ kind: 'button', button, pressed });
      });
      steps.forEach((step, axis) => {
        if (step !== (this.steps[axis] ?? 0))
          events.push({ kind: 'axis', axis, position: snapshot.axes[axis] ?? 0 });
      });
    }
    this.previous = { buttons: [...snapshot.buttons], axes: [...snapshot.axes] };
    this.steps = steps;
    return events;
  }
}
