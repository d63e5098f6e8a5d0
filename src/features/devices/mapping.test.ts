// The mapping table: checked pairs (with reasons), saved and loaded, damaged storage falling back
// to the defaults with a message, and the MIDI and gamepad readers that feed it.
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../../test/support/memoryStorage';
import { PadReader } from './gamepad';
import { DEFAULT_MAPPING, MAPPING_STORAGE_KEY, MappingTable } from './mapping';
import { parseMidi, relativeTicks } from './midi';

describe('MappingTable', () => {
  it('refuses pairs a control cannot drive, and saves what it accepts', () => {
    const storage = new MemoryStorage();
    const table = new MappingTable(storage);
    expect(table.set('shuttlepro:jog', 'togglePlayback')).toEqual({
      ok: false,
      reason: 'ShuttlePRO jog wheel cannot play / pause (a button does that)',
    });
    expect(table.set('gamepad:button:1', 'shuttle')).toMatchObject({ ok: false });
    expect(table.set('keyboard:x', 'play')).toMatchObject({
      reason: '"keyboard:x" is not a control',
    });
    expect(table.set('midi:note:60', 'togglePlayback')).toEqual({ ok: true });
    table.remove('shuttlepro:button:7');
    const reloaded = new MappingTable(storage);
    expect(reloaded.load()).toBeNull();
    expect(reloaded.actionFor('midi:note:60')).toBe('togglePlayback');
    expect(reloaded.actionFor('shuttlepro:button:7')).toBeNull();
    reloaded.reset();
    expect(reloaded.entries).toEqual(DEFAULT_MAPPING);
  });

  it('falls back to the defaults when the saved table is damaged, and drops bad entries', () => {
    const storage = new MemoryStorage();
    storage.setItem(MAPPING_STORAGE_KEY, '{not json');
    const damaged = new MappingTable(storage);
    expect(damaged.load()).toContain('damaged');
    expect(damaged.entries).toEqual(DEFAULT_MAPPING);
    storage.setItem(
      MAPPING_STORAGE_KEY,
      JSON.stringify([
        { input: 'midi:note:60', action: 'play' },
        { input: 'midi:note:60', action: 'pause' },
        { input: 'shuttlepro:jog', action: 'explode' },
        null,
      ]),
    );
    const partial = new MappingTable(storage);
    expect(partial.load()).toBe('3 saved device mapping(s) could not be used and were dropped.');
    expect(partial.entries).toEqual([{ input: 'midi:note:60', action: 'play' }]);
  });
});

describe('MIDI and gamepad input', () => {
  it('reads notes and CCs, ignores clock and sysex, refuses truncated messages', () => {
    expect(parseMidi([0x90, 60, 100])).toEqual({
      ok: true,
      input: { kind: 'note', channel: 1, note: 60, pressed: true },
    });
    expect(parseMidi([0x91, 60, 0])).toMatchObject({ input: { pressed: false, channel: 2 } });
    expect(parseMidi([0xb0, 16, 65])).toMatchObject({
      input: { kind: 'cc', control: 16, value: 65 },
    });
    expect(parseMidi([0xf8])).toEqual({ ok: true, input: null });
    expect(parseMidi([0x90, 60])).toEqual({ ok: false, reason: 'a truncated MIDI message' });
    expect(parseMidi([])).toMatchObject({ ok: false });
    expect([1, 63, 64, 65, 127].map(relativeTicks)).toEqual([1, 63, 0, -63, -1]);
  });

  it('reports pad buttons and stick steps that changed since the last snapshot', () => {
    const reader = new PadReader();
    expect(reader.read({ buttons: [false, false], axes: [0, 0] })).toEqual([]);
    expect(reader.read({ buttons: [true, false], axes: [0.05, 0] })).toEqual([
      { kind: 'button', button: 0, pressed: true },
    ]);
    expect(reader.read({ buttons: [true, false], axes: [0.6, 0] })).toEqual([
      { kind: 'axis', axis: 0, position: 0.6 },
    ]);
    expect(reader.read({ buttons: [false, false], axes: [0.62, 0] })).toEqual([
      { kind: 'button', button: 0, pressed: false },
    ]);
  });
});
