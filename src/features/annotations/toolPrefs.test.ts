import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../../test/support/memoryStorage';
import { DEFAULT_TOOL_PREFS, loadToolPrefs, saveToolPrefs, TOOL_PREFS_KEY } from './toolPrefs';

const memory = (initial: Record<string, string> = {}) => new MemoryStorage(initial);

describe('tool preferences', () => {
  it('round-trip through storage', () => {
    const store = memory();
    const prefs = { tool: 'arrow' as const, color: '#007aff', width: 9, ghosting: true, hold: 12 };
    saveToolPrefs(prefs, store);
    expect(loadToolPrefs(store)).toEqual(prefs);
  });

  it('ignore missing, broken or foreign values field by field', () => {
    expect(loadToolPrefs(memory())).toEqual(DEFAULT_TOOL_PREFS);
    expect(loadToolPrefs(memory({ [TOOL_PREFS_KEY]: '{not json' }))).toEqual(DEFAULT_TOOL_PREFS);
    const odd = JSON.stringify({
      tool: 'laser',
      color: 'red',
      width: 999,
      ghosting: true,
      hold: -3,
    });
    expect(loadToolPrefs(memory({ [TOOL_PREFS_KEY]: odd }))).toEqual({
      ...DEFAULT_TOOL_PREFS,
      ghosting: true,
    });
  });

  it('a storage that throws loses the choice, nothing else', () => {
    const broken = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(loadToolPrefs(broken)).toEqual(DEFAULT_TOOL_PREFS);
    expect(() => saveToolPrefs(DEFAULT_TOOL_PREFS, broken)).not.toThrow();
  });
});
