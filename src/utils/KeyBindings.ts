// The one registry of keyboard shortcuts: parses key combos, matches keydown events with exact
// modifiers, ignores typing in text fields, and lists every binding for the help overlay.
import { EventEmitter } from './EventEmitter';

export interface KeyBindingSpec {
  /** Stable id, e.g. 'playback.toggle'. */
  id: string;
  /** Combos such as 'Space', 'Shift+ArrowLeft', 'Shift+Ctrl+N', 'Mod+O', '?'. */
  keys: readonly string[];
  /** One line for the help overlay. */
  description: string;
  /** Help overlay section, e.g. 'Playback'. */
  group: string;
  /** Auto-repeat while the key is held (stepping); off by default so toggles do not flicker. */
  allowRepeat?: boolean;
  handler: (event: KeyboardEvent) => void;
}

export interface KeyBinding extends KeyBindingSpec {
  /** Parsed combos, in the order given. */
  combos: readonly KeyCombo[];
}

export interface KeyCombo {
  /** Normalized key: lower-case letter, digit, symbol, or a KeyboardEvent.key name ('ArrowLeft', ' '). */
  key: string;
  ctrl: boolean;
  shift: boolean;
  alt: boolean;
  meta: boolean;
}

export type KeyBindingsEvents = {
  /** The list of bindings changed (help overlay re-renders). */
  changed: void;
};

/** Minimal surface of a keydown event, so matching is testable without a DOM. */
export interface KeyEventLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

const KEY_ALIASES: Record<string, string> = {
  space: ' ',
  spacebar: ' ',
  left: 'ArrowLeft',
  right: 'ArrowRight',
  up: 'ArrowUp',
  down: 'ArrowDown',
  arrowleft: 'ArrowLeft',
  arrowright: 'ArrowRight',
  arrowup: 'ArrowUp',
  arrowdown: 'ArrowDown',
  home: 'Home',
  end: 'End',
  esc: 'Escape',
  escape: 'Escape',
  enter: 'Enter',
  tab: 'Tab',
  plus: '+',
  minus: '-',
};

/** True on Apple platforms, where 'Mod' means the Command key. */
export function isApplePlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/i.test(navigator.platform ?? '');
}

/**
 * Parses 'Shift+Ctrl+N' into a combo. 'Mod' is Cmd on Apple platforms and Ctrl elsewhere.
 * The key is the last '+'-separated part ('Ctrl++' is Ctrl and '+').
 */
export function parseCombo(text: string, apple = isApplePlatform()): KeyCombo {
  const parts =
    text === '+'
      ? ['+']
      : text.endsWith('++')
        ? [...text.slice(0, -2).split('+'), '+']
        : text.split('+');
  const rawKey = parts.pop();
  if (rawKey === undefined || rawKey === '') throw new Error(`Invalid key combo "${text}"`);
  const combo: KeyCombo = {
    key: normalizeKey(rawKey),
    ctrl: false,
    shift: false,
    alt: false,
    meta: false,
  };
  for (const part of parts) {
    switch (part.toLowerCase()) {
      case 'ctrl':
      case 'control':
        combo.ctrl = true;
        break;
      case 'shift':
        combo.shift = true;
        break;
      case 'alt':
      case 'option':
        combo.alt = true;
        break;
      case 'meta':
      case 'cmd':
        combo.meta = true;
        break;
      case 'mod':
        if (apple) combo.meta = true;
        else combo.ctrl = true;
        break;
      default:
        throw new Error(`Unknown modifier "${part}" in key combo "${text}"`);
    }
  }
  return combo;
}

function normalizeKey(key: string): string {
  const alias = KEY_ALIASES[key.toLowerCase()];
  if (alias) return alias;
  return key.length === 1 ? key.toLowerCase() : key;
}

/** Letters are matched case-insensitively with Shift as a modifier; symbols such as '?' or '+'
 * already imply whatever Shift the keyboard layout needs, so Shift is not compared for them. */
function shiftIsImplied(key: string): boolean {
  return key.length === 1 && !/[a-z0-9 ]/.test(key);
}

/** The key an event stands for, normalized like parseCombo's keys. */
export function eventKey(event: KeyEventLike): string {
  const key = normalizeKey(event.key);
  // Alt (Option on macOS) turns letters into other characters; fall back to the physical key.
  if (!/^[a-z]$/.test(key) && (event.altKey || event.ctrlKey || event.metaKey)) {
    const letter = /^Key([A-Z])$/.exec(event.code ?? '');
    if (letter?.[1]) return letter[1].toLowerCase();
    const digit = /^Digit([0-9])$/.exec(event.code ?? '');
    if (digit?.[1]) return digit[1];
  }
  return key;
}

export function comboMatches(combo: KeyCombo, event: KeyEventLike): boolean {
  if (eventKey(event) !== combo.key) return false;
  if (combo.ctrl !== event.ctrlKey || combo.alt !== event.altKey || combo.meta !== event.metaKey) {
    return false;
  }
  return shiftIsImplied(combo.key) || combo.shift === event.shiftKey;
}

/** How a combo is shown to people: 'Shift+Ctrl+N', 'Space', '←'. */
export function formatCombo(combo: KeyCombo, apple = isApplePlatform()): string {
  const names: Record<string, string> = {
    ' ': 'Space',
    ArrowLeft: '←',
    ArrowRight: '→',
    ArrowUp: '↑',
    ArrowDown: '↓',
    Escape: 'Esc',
  };
  const parts: string[] = [];
  if (combo.shift && !shiftIsImplied(combo.key)) parts.push('Shift');
  if (combo.ctrl) parts.push('Ctrl');
  if (combo.alt) parts.push(apple ? 'Option' : 'Alt');
  if (combo.meta) parts.push(apple ? 'Cmd' : 'Meta');
  parts.push(names[combo.key] ?? (combo.key.length === 1 ? combo.key.toUpperCase() : combo.key));
  return parts.join('+');
}

function comboId(combo: KeyCombo): string {
  const shift = shiftIsImplied(combo.key) ? '' : combo.shift ? 'S' : '';
  return `${combo.ctrl ? 'C' : ''}${shift}${combo.alt ? 'A' : ''}${combo.meta ? 'M' : ''}|${combo.key}`;
}

// Text-like inputs take every key; range sliders keep their own arrow/Home/End keys.
const NON_TEXT_INPUT_TYPES = new Set([
  'button',
  'checkbox',
  'radio',
  'range',
  'color',
  'file',
  'submit',
  'reset',
  'image',
]);
const SLIDER_KEYS = new Set([
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);

/** True when a key event belongs to a form control rather than to the player. */
export function isEditingTarget(target: EventTarget | null, key: string): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    const type = target.type.toLowerCase();
    if (!NON_TEXT_INPUT_TYPES.has(type)) return true;
    return type === 'range' && SLIDER_KEYS.has(key);
  }
  return false;
}

export class KeyBindings extends EventEmitter<KeyBindingsEvents> {
  private readonly bindings = new Map<string, KeyBinding>();
  /** comboId -> binding id, to refuse a combo bound twice. */
  private readonly byCombo = new Map<string, string>();
  private target: Pick<Window, 'addEventListener' | 'removeEventListener'> | null = null;

  /** Starts listening for keydown on the target (usually window). */
  attach(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): void {
    this.detach();
    this.target = target;
    target.addEventListener('keydown', this.onKeyDown);
  }

  detach(): void {
    this.target?.removeEventListener('keydown', this.onKeyDown);
    this.target = null;
  }

  /** Adds a binding; throws if its id or one of its combos is taken. Returns an unregister fn. */
  register(spec: KeyBindingSpec): () => void {
    if (this.bindings.has(spec.id))
      throw new Error(`Key binding "${spec.id}" is already registered`);
    const combos = spec.keys.map((key) => parseCombo(key));
    for (const combo of combos) {
      const taken = this.byCombo.get(comboId(combo));
      if (taken) throw new Error(`${formatCombo(combo)} is already bound to "${taken}"`);
    }
    const binding: KeyBinding = { ...spec, combos };
    this.bindings.set(spec.id, binding);
    for (const combo of combos) this.byCombo.set(comboId(combo), spec.id);
    this.emit('changed', undefined);
    return () => this.unregister(spec.id);
  }

  unregister(id: string): void {
    const binding = this.bindings.get(id);
    if (!binding) return;
    this.bindings.delete(id);
    for (const combo of binding.combos) this.byCombo.delete(comboId(combo));
    this.emit('changed', undefined);
  }

  /** Every binding in registration order. */
  list(): readonly KeyBinding[] {
    return [...this.bindings.values()];
  }

  /** The binding an event would trigger, if any. */
  match(event: KeyEventLike): KeyBinding | undefined {
    for (const binding of this.bindings.values()) {
      if (binding.combos.some((combo) => comboMatches(combo, event))) return binding;
    }
    return undefined;
  }

  /** Runs the matching binding's handler; returns true if one ran. */
  handle(event: KeyboardEvent): boolean {
    if (event.defaultPrevented || event.isComposing) return false;
    if (isEditingTarget(event.target, event.key)) return false;
    const binding = this.match(event);
    if (!binding) return false;
    // Prevent the browser's own action (page scroll on Space, a focused button's click).
    event.preventDefault();
    if (event.repeat && !binding.allowRepeat) return true;
    binding.handler(event);
    return true;
  }

  dispose(): void {
    this.detach();
    this.bindings.clear();
    this.byCombo.clear();
    this.removeAllListeners();
  }

  private readonly onKeyDown = (event: Event): void => {
    this.handle(event as KeyboardEvent);
  };
}
