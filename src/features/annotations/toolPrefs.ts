// The drawing tool, color, width, ghosting and hold are remembered between visits (localStorage), so a
// reviewer's usual red 4 px pen is ready next time. Bad or foreign stored values are ignored.
import { MAX_WIDTH, MIN_WIDTH, SWATCHES, TOOLS } from './AnnotationToolbar';
import { parseHold } from './hold';
import type { AnnotationTool } from './types';

export const TOOL_PREFS_KEY = 'reelsync.annotate';

export interface ToolPrefs {
  tool: AnnotationTool;
  color: string;
  width: number;
  ghosting: boolean;
  /** Hold: frames each drawing stays on after its own (0: off). */
  hold: number;
}

export const DEFAULT_TOOL_PREFS: ToolPrefs = {
  tool: 'pen',
  color: SWATCHES[0] ?? '#ff3b30',
  width: 4,
  ghosting: false,
  hold: 0,
};

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage blocked (privacy settings): nothing is remembered
  }
}

export function loadToolPrefs(store: Storage | null = storage()): ToolPrefs {
  const prefs = { ...DEFAULT_TOOL_PREFS };
  try {
    const raw: unknown = JSON.parse(store?.getItem(TOOL_PREFS_KEY) ?? 'null');
    if (typeof raw !== 'object' || raw === null) return prefs;
    const stored = raw as Record<string, unknown>;
    if (TOOLS.includes(stored.tool as AnnotationTool)) prefs.tool = stored.tool as AnnotationTool;
    if (typeof stored.color === 'string' && SWATCHES.includes(stored.color))
      prefs.color = stored.color;
    if (typeof stored.width === 'number' && stored.width >= MIN_WIDTH && stored.width <= MAX_WIDTH)
      prefs.width = Math.round(stored.width);
    if (typeof stored.ghosting === 'boolean') prefs.ghosting = stored.ghosting;
    prefs.hold = parseHold(stored.hold) ?? 0;
  } catch {
    // Not JSON: keep the defaults.
  }
  return prefs;
}

export function saveToolPrefs(prefs: ToolPrefs, store: Storage | null = storage()): void {
  try {
    store?.setItem(TOOL_PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // Quota or blocked storage: the choice just is not remembered.
  }
}
