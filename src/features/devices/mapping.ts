// The one mapping table from device controls to player actions: editable (set, remove, learn,
// reset), checked (a button cannot shuttle, a jog wheel cannot press play), and saved in
// localStorage. Control ids: `shuttlepro:button:3`, `shuttlepro:jog`, `shuttlepro:ring`
// (likewise `shuttlexpress:`), `gamepad:button:0`, `gamepad:axis:0`, `midi:note:60`,
// `midi:cc:16`. No DOM.
import type { KeyValueStorage } from '../../network/types';
import { EventEmitter } from '../../utils/EventEmitter';
import { ACTIONS, isActionId, type ActionId, type InputKind } from './actions';

export const MAPPING_STORAGE_KEY = 'reelsync.deviceMapping';

export interface MappingEntry {
  input: string;
  action: ActionId;
}

const INPUT_PATTERNS: ReadonlyArray<[RegExp, readonly InputKind[]]> = [
  [/^(shuttlepro|shuttlexpress):button:([1-9]|1[0-5])$/, ['button']],
  [/^(shuttlepro|shuttlexpress):jog$/, ['delta']],
  [/^(shuttlepro|shuttlexpress):ring$/, ['position']],
  [/^gamepad:button:([0-9]|[1-3][0-9])$/, ['button']],
  [/^gamepad:axis:[0-9]$/, ['position']],
  [/^midi:note:([0-9]|[1-9][0-9]|1[01][0-9]|12[0-7])$/, ['button']],
  // A control change is a jog wheel (relative) or a knob/fader (absolute): the action decides.
  [/^midi:cc:([0-9]|[1-9][0-9]|1[01][0-9]|12[0-7])$/, ['delta', 'position']],
];

/** What actions a control can drive (empty: not a control id). */
export function inputKinds(input: string): readonly InputKind[] {
  return INPUT_PATTERNS.find(([pattern]) => pattern.test(input))?.[1] ?? [];
}

/** "ShuttlePRO button 3", "Gamepad stick 0"… for the table. */
export function describeInput(input: string): string {
  const [device = '', kind = '', index = ''] = input.split(':');
  const name =
    { shuttlepro: 'ShuttlePRO', shuttlexpress: 'ShuttleXpress', gamepad: 'Gamepad', midi: 'MIDI' }[
      device
    ] ?? device;
  const what =
    {
      button: 'button',
      jog: 'jog wheel',
      ring: 'shuttle ring',
      axis: 'stick axis',
      note: 'note',
      cc: 'CC',
    }[kind] ?? kind;
  return [name, what, index].filter(Boolean).join(' ');
}

const pro = (button: number, action: ActionId): MappingEntry => ({
  input: `shuttlepro:button:${button}`,
  action,
});

/** Out of the box: the ShuttlePRO's middle row is the transport, as on most NLEs. */
export const DEFAULT_MAPPING: readonly MappingEntry[] = [
  { input: 'shuttlepro:jog', action: 'jog' },
  { input: 'shuttlepro:ring', action: 'shuttle' },
  pro(1, 'setInPoint'),
  pro(2, 'setOutPoint'),
  pro(3, 'resetInOut'),
  pro(4, 'cycleLoopMode'),
  pro(5, 'goToStart'),
  pro(6, 'stepBackward'),
  pro(7, 'togglePlayback'),
  pro(8, 'stepForward'),
  pro(9, 'goToEnd'),
  pro(10, 'stepBackward10'),
  pro(11, 'stepForward10'),
  pro(12, 'toggleDirection'),
  { input: 'shuttlexpress:jog', action: 'jog' },
  { input: 'shuttlexpress:ring', action: 'shuttle' },
  { input: 'shuttlexpress:button:1', action: 'goToStart' },
  { input: 'shuttlexpress:button:2', action: 'stepBackward' },
  { input: 'shuttlexpress:button:3', action: 'togglePlayback' },
  { input: 'shuttlexpress:button:4', action: 'stepForward' },
  { input: 'shuttlexpress:button:5', action: 'goToEnd' },
  // Standard gamepad layout: A, X/Y, shoulders, D-pad, Start; left stick left/right shuttles.
  { input: 'gamepad:button:0', action: 'togglePlayback' },
  { input: 'gamepad:button:2', action: 'setInPoint' },
  { input: 'gamepad:button:3', action: 'setOutPoint' },
  { input: 'gamepad:button:4', action: 'stepBackward10' },
  { input: 'gamepad:button:5', action: 'stepForward10' },
  { input: 'gamepad:button:9', action: 'cycleLoopMode' },
  { input: 'gamepad:button:12', action: 'goToStart' },
  { input: 'gamepad:button:13', action: 'goToEnd' },
  { input: 'gamepad:button:14', action: 'stepBackward' },
  { input: 'gamepad:button:15', action: 'stepForward' },
  { input: 'gamepad:axis:0', action: 'shuttle' },
];

export type MappingCheck = { ok: true } | { ok: false; reason: string };

export function checkEntry(input: string, action: unknown): MappingCheck {
  const kinds = inputKinds(input);
  if (kinds.length === 0) return { ok: false, reason: `"${input.slice(0, 40)}" is not a control` };
  if (!isActionId(action))
    return { ok: false, reason: `"${String(action).slice(0, 40)}" is not an action` };
  const accepts = ACTIONS[action].accepts;
  if (!kinds.includes(accepts))
    return {
      ok: false,
      reason: `${describeInput(input)} cannot ${ACTIONS[action].label.toLowerCase()} (${
        accepts === 'button'
          ? 'a button does that'
          : accepts === 'delta'
            ? 'a jog wheel does that'
            : 'a ring or stick does that'
      })`,
    };
  return { ok: true };
}

export class MappingTable extends EventEmitter<{ changed: readonly MappingEntry[] }> {
  private list: MappingEntry[] = [...DEFAULT_MAPPING];

  constructor(private readonly storage: KeyValueStorage | null) {
    super();
  }

  get entries(): readonly MappingEntry[] {
    return this.list;
  }

  /** Reads the saved table; a problem (unreadable, or entries dropped) is described. */
  load(): string | null {
    let raw: string | null = null;
    try {
      raw = this.storage?.getItem(MAPPING_STORAGE_KEY) ?? null;
    } catch {
      return 'The saved device mapping could not be read (storage blocked); using the defaults.';
    }
    if (raw === null) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = null;
    }
    if (!Array.isArray(parsed)) {
      this.list = [...DEFAULT_MAPPING];
      return 'The saved device mapping was damaged; using the defaults.';
    }
    const kept: MappingEntry[] = [];
    for (const entry of parsed as unknown[]) {
      const record = entry as Partial<MappingEntry> | null;
      const input = typeof record?.input === 'string' ? record.input : '';
      if (checkEntry(input, record?.action).ok && !kept.some((item) => item.input === input))
        kept.push({ input, action: record?.action as ActionId });
    }
    this.list = kept;
    this.emit('changed', this.list);
    const dropped = parsed.length - kept.length;
    return dropped > 0
      ? `${dropped} saved device mapping(s) could not be used and were dropped.`
      : null;
  }

  actionFor(input: string): ActionId | null {
    return this.list.find((entry) => entry.input === input)?.action ?? null;
  }

  /** Maps a control to an action (replacing its previous one); refused with the reason. */
  set(input: string, action: ActionId): MappingCheck {
    const check = checkEntry(input, action);
    if (!check.ok) return check;
    const index = this.list.findIndex((entry) => entry.input === input);
    if (index >= 0) this.list[index] = { input, action };
    else this.list.push({ input, action });
    this.commit();
    return check;
  }

  remove(input: string): void {
    const before = this.list.length;
    this.list = this.list.filter((entry) => entry.input !== input);
    if (this.list.length !== before) this.commit();
  }

  reset(): void {
    this.list = [...DEFAULT_MAPPING];
    this.commit();
  }

  private commit(): void {
    try {
      this.storage?.setItem(MAPPING_STORAGE_KEY, JSON.stringify(this.list));
    } catch {
      // Storage full or blocked: the table still works for this visit.
    }
    this.emit('changed', this.list);
  }
}
