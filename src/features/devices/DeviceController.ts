// Turns device input (from the WebHID, Gamepad and MIDI sources) into player actions through the
// mapping table: buttons on press, jog wheels as frame steps, rings and sticks as shuttle speeds.
// Also "learn" (the next control touched is reported instead of acted on), and the notices for
// garbage and devices that disappear (a lost device that was shuttling stops playback). No DOM.
import { EventEmitter } from '../../utils/EventEmitter';
import {
  ACTIONS,
  runButtonAction,
  shuttleStep,
  SHUTTLE_SPEEDS,
  type DevicePlayback,
} from './actions';
import type { MappingTable } from './mapping';
import { absolutePosition, relativeTicks } from './midi';

export type DeviceInput =
  | { input: string; kind: 'button'; pressed: boolean }
  | { input: string; kind: 'delta'; delta: number }
  /** `steps`: the position is already a ring step (-7…7), else -1…1. */
  | { input: string; kind: 'position'; position: number; steps?: boolean }
  /** A MIDI control change, 0…127: relative ticks for jog, absolute for shuttle. */
  | { input: string; kind: 'control'; value: number };

export interface DeviceNotice {
  kind: 'info' | 'warning' | 'error';
  message: string;
}

/** Garbage from one device is reported at most once per this many ms (a flood stays one line). */
const GARBAGE_NOTICE_MS = 10_000;

export class DeviceController extends EventEmitter<{
  notice: DeviceNotice;
  /** Any input, acted on or not (the panel shows the last control touched). */
  input: DeviceInput;
}> {
  /** Which control is shuttling now (its ring/stick left the centre and started playback). */
  private shuttling: string | null = null;
  private learner: ((input: string) => void) | null = null;
  private readonly garbageAt = new Map<string, number>();
  private garbageCount = 0;

  constructor(
    private readonly playback: DevicePlayback,
    private readonly mapping: MappingTable,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  /** Inputs ignored as garbage since the start. */
  get ignoredReports(): number {
    return this.garbageCount;
  }

  /** The next control touched (pressed, turned, moved) goes to `onInput` instead of acting. */
  learn(onInput: ((input: string) => void) | null): void {
    this.learner = onInput;
  }

  handle(event: DeviceInput): void {
    this.emit('input', event);
    const touched = event.kind !== 'button' || event.pressed;
    if (this.learner && touched) {
      const learner = this.learner;
      this.learner = null;
      learner(event.input);
      return;
    }
    const action = this.mapping.actionFor(event.input);
    if (!action) return;
    const accepts = ACTIONS[action].accepts;
    if (event.kind === 'button') {
      if (event.pressed && accepts === 'button') runButtonAction(this.playback, action);
      return;
    }
    if (accepts === 'delta') {
      const delta =
        event.kind === 'delta'
          ? event.delta
          : event.kind === 'control'
            ? relativeTicks(event.value)
            : 0;
      if (Number.isInteger(delta) && delta !== 0) this.playback.step(delta);
      return;
    }
    if (accepts === 'position') {
      if (event.kind === 'position')
        this.shuttle(event.input, shuttleStep(event.position, event.steps));
      else if (event.kind === 'control')
        this.shuttle(event.input, shuttleStep(absolutePosition(event.value)));
    }
  }

  /** A device sent something unreadable: counted, and said at most every few seconds. */
  garbage(device: string, reason: string): void {
    this.garbageCount += 1;
    const last = this.garbageAt.get(device) ?? -Infinity;
    if (this.now() - last < GARBAGE_NOTICE_MS) return;
    this.garbageAt.set(device, this.now());
    this.emit('notice', {
      kind: 'warning',
      message: `${device} sent ${reason}; ignored. If this repeats, unplug it and connect it again.`,
    });
  }

  /** A device went away (unplugged, or the browser closed it). */
  lost(device: string, prefix: string): void {
    if (this.shuttling?.startsWith(prefix)) {
      this.shuttling = null;
      this.playback.pause();
    }
    this.emit('notice', {
      kind: 'warning',
      message: `${device} disconnected. Plug it in again and connect it from Control devices.`,
    });
  }

  private shuttle(input: string, step: number): void {
    if (step === 0) {
      if (this.shuttling === input) {
        this.shuttling = null;
        this.playback.pause();
      }
      return;
    }
    const speed = SHUTTLE_SPEEDS[Math.abs(step) - 1] ?? 1;
    this.playback.setDirection(step > 0 ? 1 : -1);
    this.playback.setSpeed(speed);
    if (!this.playback.isPlaying) this.playback.play();
    this.shuttling = input;
  }
}
