// What the scopes feature shows: the panel, which scopes, the probe, the safe areas and the aspect
// mask. One changed event; no DOM.
import { EventEmitter } from '../../utils/EventEmitter';
import { isAspectMask, type AspectMask } from './safeAreas';
import { SCOPE_KINDS, type ScopeKind } from './scopeMath';

export interface ScopesSnapshot {
  panel: boolean;
  scopes: ScopeKind[];
  probe: boolean;
  safeAreas: boolean;
  mask: AspectMask | null;
}

/** The frame guides: what `guides` changes carry (the part others can be shown). */
export interface Guides {
  safeAreas: boolean;
  mask: AspectMask | null;
}

export class ScopesState extends EventEmitter<{ changed: ScopesSnapshot }> {
  private panelOpen = false;
  private readonly shown = new Set<ScopeKind>(['histogram', 'waveform']);
  private probeOn = false;
  private safe = false;
  private maskValue: AspectMask | null = null;

  get panel(): boolean {
    return this.panelOpen;
  }
  get probe(): boolean {
    return this.probeOn;
  }
  get guides(): Guides {
    return { safeAreas: this.safe, mask: this.maskValue };
  }
  /** The scopes on, in display order. */
  get scopes(): ScopeKind[] {
    return SCOPE_KINDS.filter((kind) => this.shown.has(kind));
  }

  snapshot(): ScopesSnapshot {
    return { panel: this.panelOpen, scopes: this.scopes, probe: this.probeOn, ...this.guides };
  }

  setPanel(open: boolean): void {
    if (open === this.panelOpen) return;
    this.panelOpen = open;
    this.changed();
  }

  setScope(kind: ScopeKind, on: boolean): void {
    if (!SCOPE_KINDS.includes(kind))
      throw new Error(`Unknown scope "${String(kind)}": use one of ${SCOPE_KINDS.join(', ')}.`);
    if (on === this.shown.has(kind)) return;
    if (on) this.shown.add(kind);
    else this.shown.delete(kind);
    this.changed();
  }

  setProbe(on: boolean): void {
    if (on === this.probeOn) return;
    this.probeOn = on;
    this.changed();
  }

  setGuides(guides: Partial<Guides>): void {
    const safe = guides.safeAreas ?? this.safe;
    const mask = guides.mask === undefined ? this.maskValue : guides.mask;
    if (mask !== null && !isAspectMask(mask)) {
      throw new Error(
        `Unknown aspect mask "${String(mask)}": use one of 1.33, 1.78, 1.85, 2.00, 2.39, 1.00, a ratio from 0.5 to 4 (number) or null.`,
      );
    }
    if (safe === this.safe && mask === this.maskValue) return;
    this.safe = safe;
    this.maskValue = mask;
    this.changed();
  }

  private changed(): void {
    this.emit('changed', this.snapshot());
  }
}
