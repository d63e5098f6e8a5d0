// The scopes as window.reelsync.scopes sees them (docs/scripting.md): set by the scopes feature's
// mount, read by src/api.
import type { ProbeReading } from './probeModel';
import type { ScopeKind, ScopeSample } from './scopeMath';
import type { ScopesSnapshot, Guides } from './ScopesState';

/** One scope's counts as plain numbers (RGBA per cell, row 0 = level 0). */
export interface ScopeCountsJson {
  columns: number;
  rows: number;
  data: number[];
}

export interface ScopeReadout {
  /** The displayed picture as the scopes read it (RGBA 0..255, bottom row first). */
  sample: { width: number; height: number; data: number[] };
  /** 'gpu' (scattered on the GPU) or 'cpu' (the fallback without float render targets). */
  path: 'gpu' | 'cpu';
  counts: Partial<Record<ScopeKind, ScopeCountsJson>>;
}

export interface ScopesScripting {
  state(): ScopesSnapshot;
  setPanel(open: boolean): void;
  setScope(kind: ScopeKind, on: boolean): void;
  setProbe(on: boolean): void;
  setGuides(guides: Partial<Guides>): void;
  /** Computes the given scopes (default: all) from the picture on screen now; null without one. */
  read(kinds?: readonly ScopeKind[]): ScopeReadout | null;
  /** The picture at image px (x, y): source and displayed values; null outside it. */
  probe(x: number, y: number): ProbeReading | null;
  /** The panel's updates so far and the last one's cost in ms (diagnostics, the benchmark). */
  stats(): { updates: number; lastMs: number };
}

export function sampleJson(sample: ScopeSample): ScopeReadout['sample'] {
  return { width: sample.width, height: sample.height, data: Array.from(sample.data) };
}
