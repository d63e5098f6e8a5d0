// @vitest-environment happy-dom
// The README's shortcut table is the registry's: this regenerates it and compares.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Playback } from '../core/playback/Playback';
import { formatCombo, KeyBindings, parseCombo } from '../utils/KeyBindings';
import type { Viewer } from './components/Viewer';
import { playerShortcutSpecs, registerPlayerShortcuts } from './playerShortcuts';

// The handlers are not called here except where a test says so; a recording stand-in is enough.
function recorder<T extends object>(): { target: T; calls: string[] } {
  const calls: string[] = [];
  const target = new Proxy({} as T, {
    get: (_, name) => {
      if (name === 'channel') return 'rgb';
      if (name === 'currentFrame' || name === 'frameStart') return 1;
      if (name === 'speed') return 1;
      return (...args: unknown[]) => calls.push(`${String(name)}(${args.join(',')})`);
    },
  });
  return { target, calls };
}

function markdownTable(): string {
  const session = recorder<Playback>().target;
  const viewer = recorder<Viewer>().target;
  const specs = playerShortcutSpecs({ session, viewer, toggleHelp: () => {}, openMedia: () => {} });
  const rows = specs.map((spec) => {
    const keys = spec.keys
      .map((key) => `\`${formatCombo(parseCombo(key, false), false)}\``)
      .join(' or ');
    return `| ${keys} | ${spec.description} |`;
  });
  return ['| Keys | Action |', '| --- | --- |', ...rows].join('\n');
}

describe('player shortcuts', () => {
  it('README.md lists exactly the registered shortcuts', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const match = /<!-- shortcuts:start -->\n([\s\S]*?)\n<!-- shortcuts:end -->/.exec(readme);
    expect(match?.[1], 'README.md needs the table between the shortcuts markers').toBe(
      markdownTable(),
    );
  });

  it('register without collisions and dispatch to the session and viewer', () => {
    const session = recorder<Playback>();
    const viewer = recorder<Viewer>();
    const toggleHelp = vi.fn();
    const bindings = new KeyBindings();
    bindings.attach(window);
    const unregister = registerPlayerShortcuts(bindings, {
      session: session.target,
      viewer: viewer.target,
      toggleHelp,
      openMedia: () => {},
    });
    const press = (key: string, init: KeyboardEventInit = {}) =>
      window.dispatchEvent(new KeyboardEvent('keydown', { key, cancelable: true, ...init }));
    press(' ');
    press('j');
    press('ArrowLeft', { shiftKey: true });
    press('i');
    press('r');
    press('?', { shiftKey: true });
    expect(session.calls).toEqual([
      'togglePlayback()',
      'shuttle(-1)',
      'step(-10)',
      'setInPoint(1)',
    ]);
    expect(viewer.calls).toEqual(['setChannel(red)']);
    expect(toggleHelp).toHaveBeenCalledTimes(1);
    unregister();
    expect(bindings.list()).toHaveLength(0);
    bindings.dispose();
  });
});
