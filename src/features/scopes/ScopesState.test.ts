import { describe, expect, it } from 'vitest';
import { ScopesState } from './ScopesState';
import type { ScopeKind } from './scopeMath';

describe('ScopesState', () => {
  it('starts closed with histogram and waveform chosen, and reports each change once', () => {
    const state = new ScopesState();
    const seen: boolean[] = [];
    state.on('changed', (snapshot) => seen.push(snapshot.panel));
    expect(state.snapshot()).toEqual({
      panel: false,
      scopes: ['histogram', 'waveform'],
      probe: false,
      safeAreas: false,
      mask: null,
    });
    state.setPanel(true);
    state.setPanel(true);
    state.setScope('vectorscope', true);
    state.setScope('histogram', false);
    expect(state.scopes).toEqual(['waveform', 'vectorscope']);
    expect(seen).toEqual([true, true, true]);
  });

  it('refuses an unknown scope or mask with a message naming the choices, keeping the state', () => {
    const state = new ScopesState();
    expect(() => state.setScope('rainbow' as ScopeKind, true)).toThrow(/histogram, waveform/);
    expect(() => state.setGuides({ mask: '3.00' as never })).toThrow(/1\.85/);
    state.setGuides({ safeAreas: true, mask: '2.39' });
    expect(state.guides).toEqual({ safeAreas: true, mask: '2.39' });
    expect(() => state.setGuides({ safeAreas: false, mask: 'x' as never })).toThrow();
    expect(state.guides).toEqual({ safeAreas: true, mask: '2.39' });
  });
});
