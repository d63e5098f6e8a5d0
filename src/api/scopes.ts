// window.reelsync.scopes: the scopes panel, the pixel probe and the frame guides
// (docs/scripting.md, docs/scopes.md), through the scopes feature's own state.
import type { App } from '../App';
import { mountedPart } from './mounted';
import type { ScopesScripting } from '../features/scopes/scripting';

export type ReelSyncScopesApi = ScopesScripting;

export function createScopesApi(app: App): ReelSyncScopesApi {
  const scopes = mountedPart(app, 'scopes', 'the scopes are not mounted');
  return Object.freeze({
    state: () => scopes().state(),
    setPanel: (open: boolean) => scopes().setPanel(open),
    setScope: (...args: Parameters<ScopesScripting['setScope']>) => scopes().setScope(...args),
    setProbe: (on: boolean) => scopes().setProbe(on),
    setGuides: (...args: Parameters<ScopesScripting['setGuides']>) => scopes().setGuides(...args),
    read: (...args: Parameters<ScopesScripting['read']>) => scopes().read(...args),
    probe: (x: number, y: number) => scopes().probe(x, y),
    stats: () => scopes().stats(),
  });
}
