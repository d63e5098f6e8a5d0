// The player actions a control device can trigger, and carrying one out on the player. Buttons
// trigger the press actions; jog wheels (relative ticks) `jog`; shuttle rings and sticks
// (positions) `shuttle`. No DOM.

/** How a control reports: a button, relative ticks (jog), or a position (shuttle ring, stick). */
export type InputKind = 'button' | 'delta' | 'position';

export const ACTIONS = {
  togglePlayback: { label: 'Play / pause', accepts: 'button' },
  play: { label: 'Play', accepts: 'button' },
  pause: { label: 'Pause', accepts: 'button' },
  stepForward: { label: 'Next frame', accepts: 'button' },
  stepBackward: { label: 'Previous frame', accepts: 'button' },
  stepForward10: { label: '10 frames forward', accepts: 'button' },
  stepBackward10: { label: '10 frames back', accepts: 'button' },
  goToStart: { label: 'Go to in point', accepts: 'button' },
  goToEnd: { label: 'Go to out point', accepts: 'button' },
  setInPoint: { label: 'Set in point here', accepts: 'button' },
  setOutPoint: { label: 'Set out point here', accepts: 'button' },
  resetInOut: { label: 'Clear in/out', accepts: 'button' },
  cycleLoopMode: { label: 'Loop mode (loop → once → ping-pong)', accepts: 'button' },
  toggleDirection: { label: 'Reverse direction', accepts: 'button' },
  jog: { label: 'Jog (frame by frame)', accepts: 'delta' },
  shuttle: { label: 'Shuttle (play at speed)', accepts: 'position' },
} as const satisfies Record<string, { label: string; accepts: InputKind }>;

export type ActionId = keyof typeof ACTIONS;
export const ACTION_IDS = Object.keys(ACTIONS) as ActionId[];

export function isActionId(value: unknown): value is ActionId {
  return typeof value === 'string' && Object.hasOwn(ACTIONS, value);
}

/** Speeds of the shuttle ring's seven positions each way (RV's and most NLEs' steps). */
export const SHUTTLE_SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16] as const;
/** Stick and MIDI positions are -1…1: this many steps each way, like the ring. */
export const SHUTTLE_STEPS = SHUTTLE_SPEEDS.length;
/** A stick this close to the centre counts as centred (they rarely rest at exactly 0). */
export const DEAD_ZONE = 0.15;

/** The player as devices drive it (src/core/playback/Playback). */
export interface DevicePlayback {
  readonly isPlaying: boolean;
  readonly currentFrame: number;
  togglePlayback(): void;
  play(): void;
  pause(): void;
  step(delta: number): void;
  goToStart(): void;
  goToEnd(): void;
  setInPoint(frame: number): void;
  setOutPoint(frame: number): void;
  resetInOut(): void;
  cycleLoopMode(): void;
  toggleDirection(): void;
  setSpeed(speed: number): void;
  setDirection(direction: 1 | -1): void;
}

/** A ring or stick position (-1…1, or -7…7 steps already) as a shuttle step, dead zone applied. */
export function shuttleStep(position: number, steps = false): number {
  if (!Number.isFinite(position)) return 0;
  if (steps) return Math.max(-SHUTTLE_STEPS, Math.min(SHUTTLE_STEPS, Math.round(position)));
  if (Math.abs(position) < DEAD_ZONE) return 0;
  const clamped = Math.max(-1, Math.min(1, position));
  return Math.sign(clamped) * Math.max(1, Math.round(Math.abs(clamped) * SHUTTLE_STEPS));
}

/** Carries out a press action. */
export function runButtonAction(playback: DevicePlayback, action: ActionId): void {
  switch (action) {
    case 'togglePlayback':
      return playback.togglePlayback();
    case 'play':
      return playback.play();
    case 'pause':
      return playback.pause();
    case 'stepForward':
      return playback.step(1);
    case 'stepBackward':
      return playback.step(-1);
    case 'stepForward10':
      return playback.step(10);
    case 'stepBackward10':
      return playback.step(-10);
    case 'goToStart':
      return playback.goToStart();
    case 'goToEnd':
      return playback.goToEnd();
    case 'setInPoint':
      return playback.setInPoint(playback.currentFrame);
    case 'setOutPoint':
      return playback.setOutPoint(playback.currentFrame);
    case 'resetInOut':
      return playback.resetInOut();
    case 'cycleLoopMode':
      return playback.cycleLoopMode();
    case 'toggleDirection':
      return playback.toggleDirection();
    case 'jog':
    case 'shuttle':
      return; // not press actions (the mapping table never pairs them with a button)
    default: {
      const unknown: never = action;
      throw new Error(`unknown action ${String(unknown)}`);
    }
  }
}
