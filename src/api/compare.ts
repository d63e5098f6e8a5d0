// window.reelsync.compare: A/B compare and stereo (docs/scripting.md, docs/compare.md), through the
// compare feature's own model, so a script's change syncs like the panel's.
import type { App } from '../App';
import { mountedPart } from './mounted';
import type { CompareScripting } from '../features/compare/scripting';

export type ReelSyncCompareApi = CompareScripting;

export function createCompareApi(app: App): ReelSyncCompareApi {
  const compare = mountedPart(app, 'compare', 'the compare feature is not mounted');
  return Object.freeze({
    state: () => compare().state(),
    setMode: (...args: Parameters<CompareScripting['setMode']>) => compare().setMode(...args),
    setSource: (key: string | null) => compare().setSource(key),
    openFiles: (files: File[]) => compare().openFiles(files),
    setWipe: (...args: Parameters<CompareScripting['setWipe']>) => compare().setWipe(...args),
    setGain: (gain: number) => compare().setGain(gain),
    setBlend: (blend: number) => compare().setBlend(blend),
    toggleAB: () => compare().toggleAB(),
    choices: () => compare().choices(),
    status: () => compare().status(),
    stereo: () => compare().stereo(),
    setStereo: (...args: Parameters<CompareScripting['setStereo']>) => compare().setStereo(...args),
    composedCount: () => compare().composedCount(),
  });
}
