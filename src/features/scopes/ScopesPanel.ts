// The scopes side panel: a toggle per scope, the scopes' canvases, the pixel probe's readout and
// the safe-area / mask choices. Beside the picture (the side column), never over it.
import { button, el, listen } from '../../ui/components/shared/dom';
import { sidePanelFrame } from '../../ui/components/SidePanel';
import { EventEmitter } from '../../utils/EventEmitter';
import {
  histogramImage,
  SKIN_TONE_DEGREES,
  traceImage,
  vectorTargets,
  type ScopePixels,
} from './scopeImage';
import { SCOPE_KINDS, type ScopeCounts, type ScopeKind } from './scopeMath';
import { ASPECT_MASKS, isAspectMask, type AspectMask } from './safeAreas';
import './scopes.css';

const SCOPE_LABELS: Record<ScopeKind, string> = {
  histogram: 'Histogram',
  waveform: 'Waveform',
  parade: 'RGB parade',
  vectorscope: 'Vectorscope',
};

export type ScopesPanelEvents = {
  scopeToggled: ScopeKind;
  safeAreasToggled: void;
  maskChosen: AspectMask | null;
  probeToggled: void;
  closeRequested: void;
};

export class ScopesPanel extends EventEmitter<ScopesPanelEvents> {
  readonly element: HTMLElement;
  private readonly toggles = new Map<ScopeKind, HTMLButtonElement>();
  private readonly canvases = new Map<ScopeKind, HTMLCanvasElement>();
  private readonly info: HTMLElement;
  private readonly probeButton: HTMLButtonElement;
  private readonly safeButton: HTMLButtonElement;
  private readonly maskSelect: HTMLSelectElement;
  private readonly cleanups: Array<() => void> = [];

  constructor() {
    super();
    const toggles = el('div', { className: 'rs-scopes__toggles' });
    for (const kind of SCOPE_KINDS) {
      const toggle = button({
        className: 'rs-button rs-scopes__toggle',
        testId: `scope-toggle-${kind}`,
        text: SCOPE_LABELS[kind],
      });
      this.cleanups.push(listen(toggle, 'click', () => this.emit('scopeToggled', kind)));
      this.toggles.set(kind, toggle);
      toggles.append(toggle);
    }
    const views = el('div', { className: 'rs-scopes__views' });
    for (const kind of SCOPE_KINDS) {
      const canvas = el('canvas', { className: 'rs-scopes__canvas', testId: `scope-${kind}` });
      canvas.setAttribute('aria-label', SCOPE_LABELS[kind]);
      canvas.classList.add(`rs-scopes__canvas--${kind}`);
      canvas.hidden = true;
      this.canvases.set(kind, canvas);
      views.append(canvas);
    }
    this.info = el('p', { className: 'rs-scopes__info', testId: 'scopes-info' });

    this.probeButton = button({
      className: 'rs-button rs-scopes__toggle',
      testId: 'probe-toggle',
      text: 'Pixel probe',
    });
    this.safeButton = button({
      className: 'rs-button rs-scopes__toggle',
      testId: 'safe-areas-toggle',
      text: 'Safe areas',
    });
    this.maskSelect = el('select', { className: 'rs-scopes__mask', testId: 'aspect-mask' });
    this.maskSelect.setAttribute('aria-label', 'Aspect mask');
    this.maskSelect.append(el('option', { text: 'No mask', attrs: { value: '' } }));
    for (const mask of ASPECT_MASKS) {
      this.maskSelect.append(el('option', { text: mask.label, attrs: { value: mask.id } }));
    }
    const guides = el('div', { className: 'rs-scopes__toggles' }, [
      this.probeButton,
      this.safeButton,
      this.maskSelect,
    ]);
    this.cleanups.push(
      listen(this.probeButton, 'click', () => this.emit('probeToggled', undefined)),
      listen(this.safeButton, 'click', () => this.emit('safeAreasToggled', undefined)),
      listen(this.maskSelect, 'change', () => {
        const value = this.maskSelect.value;
        const chosen = ASPECT_MASKS.find((mask) => mask.id === value)?.id ?? Number(value);
        this.emit('maskChosen', value !== '' && isAspectMask(chosen) ? chosen : null);
      }),
    );
    const frame = sidePanelFrame(
      {
        className: 'rs-scopes',
        testId: 'scopes-panel',
        title: 'Scopes',
        closeLabel: 'Close scopes (Shift+S)',
        closeTestId: 'scopes-close',
        ariaLabel: 'Scopes',
      },
      [toggles, views, this.info, guides],
    );
    this.element = frame.element;
    this.cleanups.push(listen(frame.close, 'click', () => this.emit('closeRequested', undefined)));
  }

  /** Shows which scopes are on (their canvases appear; the others hide). */
  setScopes(on: ReadonlySet<ScopeKind>): void {
    for (const kind of SCOPE_KINDS) {
      this.toggles.get(kind)?.setAttribute('aria-pressed', String(on.has(kind)));
      const canvas = this.canvases.get(kind);
      if (canvas) canvas.hidden = !on.has(kind);
    }
  }

  setGuides(state: { probe: boolean; safeAreas: boolean; mask: AspectMask | null }): void {
    this.probeButton.setAttribute('aria-pressed', String(state.probe));
    this.safeButton.setAttribute('aria-pressed', String(state.safeAreas));
    // A custom ratio (set in the image format section) gets an option of its own while chosen.
    this.maskSelect.querySelector('[data-custom]')?.remove();
    if (typeof state.mask === 'number') {
      const custom = el('option', {
        text: `${state.mask.toFixed(2)} (custom)`,
        attrs: { value: String(state.mask), 'data-custom': '' },
      });
      this.maskSelect.append(custom);
    }
    this.maskSelect.value = state.mask === null ? '' : String(state.mask);
  }

  /** Draws one scope's counts; `samplesPerColumn` sets the trace brightness. */
  showCounts(counts: ScopeCounts, samplesPerColumn: number): void {
    const canvas = this.canvases.get(counts.kind);
    if (!canvas || canvas.hidden) return;
    const pixels =
      counts.kind === 'histogram' ? histogramImage(counts) : traceImage(counts, samplesPerColumn);
    paintCanvas(canvas, pixels);
    if (counts.kind === 'vectorscope') paintGraticule(canvas);
  }

  /** The line under the scopes: what they read, or why they show nothing. */
  setInfo(text: string): void {
    this.info.textContent = text;
  }

  dispose(): void {
    for (const cleanup of this.cleanups) cleanup();
    this.removeAllListeners();
    this.element.remove();
  }
}

function paintCanvas(canvas: HTMLCanvasElement, pixels: ScopePixels): void {
  if (canvas.width !== pixels.width) canvas.width = pixels.width;
  if (canvas.height !== pixels.height) canvas.height = pixels.height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = new ImageData(pixels.width, pixels.height);
  image.data.set(pixels.data);
  context.putImageData(image, 0, 0);
}

/** The vectorscope's graticule: centre cross, the 75 % bar targets and the skin-tone line. */
function paintGraticule(canvas: HTMLCanvasElement): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const centre = canvas.width / 2;
  context.save();
  context.strokeStyle = 'rgba(255, 255, 255, 0.35)';
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(centre, 0);
  context.lineTo(centre, canvas.height);
  context.moveTo(0, centre);
  context.lineTo(canvas.width, centre);
  const angle = (SKIN_TONE_DEGREES * Math.PI) / 180;
  context.moveTo(centre, centre);
  context.lineTo(centre + Math.cos(angle) * centre, centre - Math.sin(angle) * centre);
  context.stroke();
  context.fillStyle = 'rgba(255, 255, 255, 0.7)';
  context.font = '9px sans-serif';
  for (const target of vectorTargets()) {
    context.strokeRect(target.x - 4, target.y - 4, 8, 8);
    context.fillText(target.label, target.x + 6, target.y + 3);
  }
  context.restore();
}
