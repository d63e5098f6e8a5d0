// A/B compare and stereo as window.reelsync.compare sees them (docs/scripting.md): set by the
// compare feature's mount, read by src/api.
import type { CompareMode, CompareState, StereoState } from '../../protocol/index';
import type { SourceChoice } from './ComparePanel';

export interface CompareStatus {
  /** B's name when it is open here (null: none or not available). */
  b: string | null;
  /** Why B is not shown (cannot be opened, not on this computer), naming the file. */
  problem: string | null;
  /** Why B is not matched exactly (another frame rate, size or length), naming the files. */
  mismatch: string[];
}

export interface CompareScripting {
  state(): CompareState;
  setMode(mode: CompareMode): void;
  /** B by its key (`library:<id>`, `playlist:<itemId>`, `local:<fingerprint>`); null: none. */
  setSource(key: string | null): void;
  /** Opens local files as B (resolves once they are open and chosen). */
  openFiles(files: File[]): Promise<void>;
  setWipe(wipe: Partial<CompareState['wipe']>): void;
  setGain(gain: number): void;
  setBlend(blend: number): void;
  toggleAB(): void;
  /** The B candidates of the room (playlist items, library items, local files picked here). */
  choices(): SourceChoice[];
  status(): CompareStatus;
  stereo(): StereoState;
  setStereo(patch: Partial<StereoState>): void;
  /** Canvas pictures composed from two sources so far (diagnostics and the benchmark). */
  composedCount(): number;
}
