// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import {
  comboMatches,
  formatCombo,
  KeyBindings,
  parseCombo,
  type KeyEventLike,
} from './KeyBindings';

function key(k: string, mods: Partial<KeyEventLike> = {}): KeyEventLike {
  return { key: k, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...mods };
}

describe('parseCombo', () => {
  it('parses modifiers and normalizes the key', () => {
    expect(parseCombo('Shift+Ctrl+N', false)).toEqual({
      key: 'n',
      ctrl: true,
      shift: true,
      alt: false,
      meta: false,
    });
    expect(parseCombo('Space', false).key).toBe(' ');
    expect(parseCombo('Ctrl++', false)).toMatchObject({ key: '+', ctrl: true });
  });

  it('maps Mod to Cmd on Apple platforms and Ctrl elsewhere', () => {
    expect(parseCombo('Mod+O', true)).toMatchObject({ meta: true, ctrl: false });
    expect(parseCombo('Mod+O', false)).toMatchObject({ meta: false, ctrl: true });
  });

  it('rejects unknown modifiers', () => {
    expect(() => parseCombo('Hyper+X', false)).toThrow(/Unknown modifier/);
  });
});

describe('comboMatches', () => {
  it('matches modifiers exactly for letters', () => {
    const n = parseCombo('N', false);
    const shiftN = parseCombo('Shift+N', false);
    const shiftCtrlN = parseCombo('Shift+Ctrl+N', false);
    const pressedShiftN = key('N', { shiftKey: true });
    const pressedShiftCtrlN = key('N', { shiftKey: true, ctrlKey: true });
    expect(comboMatches(n, key('n'))).toBe(true);
    expect(comboMatches(n, pressedShiftN)).toBe(false);
    expect(comboMatches(shiftN, pressedShiftN)).toBe(true);
    expect(comboMatches(shiftN, pressedShiftCtrlN)).toBe(false);
    expect(comboMatches(shiftCtrlN, pressedShiftCtrlN)).toBe(true);
    expect(comboMatches(shiftCtrlN, pressedShiftN)).toBe(false);
  });

  it('treats Shift as implied for symbols such as ? and +', () => {
    expect(comboMatches(parseCombo('?', false), key('?', { shiftKey: true }))).toBe(true);
    expect(comboMatches(parseCombo('+', false), key('+', { shiftKey: true }))).toBe(true);
    expect(comboMatches(parseCombo('?', false), key('?', { shiftKey: true, ctrlKey: true }))).toBe(
      false,
    );
  });

  it('falls back to the physical key when Alt changes the character (macOS Option)', () => {
    expect(comboMatches(parseCombo('Alt+I', false), key('ˆ', { altKey: true, code: 'KeyI' }))).toBe(
      true,
    );
  });
});

describe('formatCombo', () => {
  it('shows combos the way people read them', () => {
    expect(formatCombo(parseCombo('Space', false), false)).toBe('Space');
    expect(formatCombo(parseCombo('Shift+ArrowLeft', false), false)).toBe('Shift+←');
    expect(formatCombo(parseCombo('Shift+Ctrl+N', false), false)).toBe('Shift+Ctrl+N');
    expect(formatCombo(parseCombo('?', false), false)).toBe('?');
  });
});

describe('KeyBindings', () => {
  function press(
    k: string,
    init: KeyboardEventInit = {},
    target: EventTarget = window,
  ): KeyboardEvent {
    const event = new KeyboardEvent('keydown', {
      key: k,
      bubbles: true,
      cancelable: true,
      ...init,
    });
    target.dispatchEvent(event);
    return event;
  }

  it('runs the matching handler and prevents the browser default', () => {
    const bindings = new KeyBindings();
    bindings.attach(window);
    const handler = vi.fn();
    bindings.register({
      id: 'play',
      keys: ['Space'],
      description: 'Play',
      group: 'Playback',
      handler,
    });
    const event = press(' ');
    expect(handler).toHaveBeenCalledTimes(1);
    expect(event.defaultPrevented).toBe(true);
    bindings.dispose();
    press(' ');
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('ignores keys typed into text inputs but not into buttons', () => {
    const bindings = new KeyBindings();
    bindings.attach(window);
    const handler = vi.fn();
    bindings.register({ id: 'k', keys: ['K'], description: 'Pause', group: 'Playback', handler });
    const input = document.createElement('input');
    const button = document.createElement('button');
    document.body.append(input, button);
    press('k', {}, input);
    expect(handler).not.toHaveBeenCalled();
    press('k', {}, button);
    expect(handler).toHaveBeenCalledTimes(1);
    bindings.dispose();
    input.remove();
    button.remove();
  });

  it('leaves arrow keys to a focused range slider', () => {
    const bindings = new KeyBindings();
    bindings.attach(window);
    const handler = vi.fn();
    bindings.register({
      id: 'step',
      keys: ['ArrowRight'],
      description: 'Step',
      group: 'Playback',
      handler,
    });
    const slider = document.createElement('input');
    slider.type = 'range';
    document.body.append(slider);
    press('ArrowRight', {}, slider);
    expect(handler).not.toHaveBeenCalled();
    bindings.dispose();
    slider.remove();
  });

  it('skips auto-repeat unless the binding allows it', () => {
    const bindings = new KeyBindings();
    bindings.attach(window);
    const toggle = vi.fn();
    const step = vi.fn();
    bindings.register({
      id: 't',
      keys: ['Space'],
      description: 'Toggle',
      group: 'g',
      handler: toggle,
    });
    bindings.register({
      id: 's',
      keys: ['ArrowRight'],
      description: 'Step',
      group: 'g',
      allowRepeat: true,
      handler: step,
    });
    press(' ', { repeat: true });
    press('ArrowRight', { repeat: true });
    expect(toggle).not.toHaveBeenCalled();
    expect(step).toHaveBeenCalledTimes(1);
    bindings.dispose();
  });

  it('refuses a combo bound twice and lists bindings in order, emitting changed', () => {
    const bindings = new KeyBindings();
    const changed = vi.fn();
    bindings.on('changed', changed);
    const unregister = bindings.register({
      id: 'a',
      keys: ['N'],
      description: 'A',
      group: 'g',
      handler: () => {},
    });
    bindings.register({
      id: 'b',
      keys: ['Shift+N'],
      description: 'B',
      group: 'g',
      handler: () => {},
    });
    expect(() =>
      bindings.register({ id: 'c', keys: ['n'], description: 'C', group: 'g', handler: () => {} }),
    ).toThrow(/already bound/);
    expect(bindings.list().map((b) => b.id)).toEqual(['a', 'b']);
    unregister();
    expect(bindings.list().map((b) => b.id)).toEqual(['b']);
    expect(changed).toHaveBeenCalledTimes(3);
    bindings.dispose();
  });
});
