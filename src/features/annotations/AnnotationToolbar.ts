// The annotation controls: a toggle in the header, and a palette in the tool strip between the
// header and the picture (chrome: it never covers the picture) with tools, color swatches, width,
// undo/redo, clear frame, ghosting and a line saying where drawings go (only here, or the room).
import { el, iconButton, inputOfType } from '../../ui/components/shared/dom';
import { EventEmitter } from '../../utils/EventEmitter';
import { ICONS, TOOL_ICONS } from './icons';
import { MAX_HOLD_FRAMES, parseHold } from './hold';
import type { AnnotationTool } from './types';

export const TOOLS: readonly AnnotationTool[] = [
  'pen',
  'eraser',
  'line',
  'arrow',
  'rectangle',
  'ellipse',
  'text',
];

const TOOL_LABELS: Record<AnnotationTool, string> = {
  pen: 'Pen',
  eraser: 'Eraser (removes whole annotations)',
  line: 'Line (Shift: 45° steps)',
  arrow: 'Arrow (Shift: 45° steps)',
  rectangle: 'Rectangle (Shift: square)',
  ellipse: 'Ellipse (Shift: circle)',
  text: 'Text (click where it goes)',
};

/** Bright colors that read on most pictures; the first is the default. */
export const SWATCHES: readonly string[] = [
  '#ff3b30',
  '#ff9500',
  '#ffcc00',
  '#34c759',
  '#00c7be',
  '#007aff',
  '#af52de',
  '#ffffff',
  '#000000',
];

export const MIN_WIDTH = 1;
export const MAX_WIDTH = 32;

export interface ToolbarState {
  active: boolean;
  /** False: the toggle is disabled (a viewer in a room), with `reason` as its tooltip. */
  canDraw: boolean;
  reason: string;
  tool: AnnotationTool;
  color: string;
  /** Screen px at the zoom the stroke is drawn at. */
  width: number;
  ghosting: boolean;
  hold: number;
  canUndo: boolean;
  canRedo: boolean;
  canClear: boolean;
  /** Where drawings go, e.g. "Only on this screen". */
  mode: string;
}

export type ToolbarEvents = {
  toggle: void;
  tool: AnnotationTool;
  color: string;
  width: number;
  ghosting: boolean;
  /** Frames each drawing holds for (validated: 0 … MAX_HOLD_FRAMES). */
  hold: number;
  undo: void;
  redo: void;
  clear: void;
};

export class AnnotationToolbar extends EventEmitter<ToolbarEvents> {
  readonly toggleButton: HTMLButtonElement;
  readonly panel: HTMLElement;
  private readonly toolButtons = new Map<AnnotationTool, HTMLButtonElement>();
  private readonly swatches = new Map<string, HTMLButtonElement>();
  private readonly widthInput: HTMLInputElement;
  private readonly widthValue: HTMLElement;
  private readonly undoButton: HTMLButtonElement;
  private readonly redoButton: HTMLButtonElement;
  private readonly clearButton: HTMLButtonElement;
  private readonly ghostButton: HTMLButtonElement;
  private readonly holdInput: HTMLInputElement;
  private readonly modeText: HTMLElement;

  constructor(slot: HTMLElement, strip: HTMLElement) {
    super();
    this.toggleButton = iconButton('Draw on the picture (D)', { testId: 'annotate-toggle' });
    this.toggleButton.innerHTML = ICONS.draw;
    this.toggleButton.setAttribute('aria-pressed', 'false');
    this.toggleButton.addEventListener('click', () => this.emit('toggle', undefined));
    slot.append(this.toggleButton);

    const tools = el('div', {
      className: 'rs-annotations__group',
      attrs: { role: 'group', 'aria-label': 'Tools' },
    });
    for (const tool of TOOLS) {
      const button = iconButton(TOOL_LABELS[tool], { testId: `annotate-tool-${tool}` });
      button.innerHTML = TOOL_ICONS[tool];
      button.dataset.tool = tool;
      button.addEventListener('click', () => this.emit('tool', tool));
      this.toolButtons.set(tool, button);
      tools.append(button);
    }

    const colors = el('div', {
      className: 'rs-annotations__group',
      attrs: { role: 'group', 'aria-label': 'Colors' },
    });
    for (const color of SWATCHES) {
      const button = iconButton(`Color ${color}`, {
        className: 'rs-annotations__swatch',
        testId: `annotate-color-${color.slice(1)}`,
      });
      button.style.setProperty('--swatch', color);
      button.addEventListener('click', () => this.emit('color', color));
      this.swatches.set(color, button);
      colors.append(button);
    }

    this.widthInput = el('input', {
      className: 'rs-annotations__width',
      testId: 'annotate-width',
      title: 'Line width',
      attrs: {
        type: 'range',
        min: String(MIN_WIDTH),
        max: String(MAX_WIDTH),
        step: '1',
        'aria-label': 'Line width',
      },
    });
    this.widthValue = el('span', {
      className: 'rs-annotations__width-value',
      testId: 'annotate-width-value',
    });
    this.widthInput.addEventListener('input', () => {
      const value = Number(this.widthInput.value);
      if (Number.isFinite(value)) this.emit('width', value);
    });

    this.undoButton = this.action('undo', 'Undo my last change (Ctrl+Z)', ICONS.undo);
    this.redoButton = this.action('redo', 'Redo (Ctrl+Shift+Z)', ICONS.redo);
    this.clearButton = this.action('clear', 'Clear this frame (what you may remove)', ICONS.clear);
    this.ghostButton = iconButton('Show neighbouring frames faintly (ghosting)', {
      testId: 'annotate-ghosting',
    });
    this.ghostButton.innerHTML = ICONS.ghost;
    this.ghostButton.addEventListener('click', () =>
      this.emit('ghosting', this.ghostButton.getAttribute('aria-pressed') !== 'true'),
    );
    this.holdInput = inputOfType('number', {
      className: 'rs-input rs-annotations__hold',
      testId: 'annotate-hold',
      title: `Hold: each drawing stays on the next frames too (0 = off, up to ${MAX_HOLD_FRAMES})`,
      attrs: { min: '0', max: String(MAX_HOLD_FRAMES), step: '1', 'aria-label': 'Hold frames' },
    });
    this.holdInput.addEventListener('change', () => {
      const hold = parseHold(this.holdInput.value);
      this.holdInput.setCustomValidity(
        hold === null ? `Hold is a whole number of frames from 0 to ${MAX_HOLD_FRAMES}` : '',
      );
      if (hold === null) this.holdInput.reportValidity();
      else this.emit('hold', hold);
    });
    this.modeText = el('span', { className: 'rs-annotations__mode', testId: 'annotate-mode' });

    this.panel = el(
      'div',
      {
        className: 'rs-annotations__toolbar',
        testId: 'annotate-toolbar',
        attrs: { role: 'toolbar', 'aria-label': 'Annotation tools' },
      },
      [
        tools,
        colors,
        el('div', { className: 'rs-annotations__group' }, [this.widthInput, this.widthValue]),
        el('div', { className: 'rs-annotations__group' }, [
          this.undoButton,
          this.redoButton,
          this.clearButton,
          this.ghostButton,
        ]),
        el('label', { className: 'rs-annotations__group rs-annotations__hold-label' }, [
          document.createTextNode('Hold'),
          this.holdInput,
        ]),
        this.modeText,
      ],
    );
    this.panel.hidden = true;
    strip.append(this.panel);
  }

  render(state: ToolbarState): void {
    this.toggleButton.setAttribute('aria-pressed', String(state.active));
    this.toggleButton.disabled = !state.canDraw;
    this.toggleButton.title = state.canDraw ? 'Draw on the picture (D)' : state.reason;
    this.panel.hidden = !state.active;
    for (const [tool, button] of this.toolButtons)
      button.setAttribute('aria-pressed', String(tool === state.tool));
    for (const [color, button] of this.swatches)
      button.setAttribute('aria-pressed', String(color === state.color));
    this.widthInput.value = String(state.width);
    this.widthValue.textContent = `${state.width}px`;
    this.undoButton.disabled = !state.canUndo;
    this.redoButton.disabled = !state.canRedo;
    this.clearButton.disabled = !state.canClear;
    this.ghostButton.setAttribute('aria-pressed', String(state.ghosting));
    if (document.activeElement !== this.holdInput) this.holdInput.value = String(state.hold);
    this.modeText.textContent = state.mode;
  }

  dispose(): void {
    this.toggleButton.remove();
    this.panel.remove();
    this.removeAllListeners();
  }

  private action(event: 'undo' | 'redo' | 'clear', label: string, icon: string): HTMLButtonElement {
    const button = iconButton(label, { testId: `annotate-${event}` });
    button.innerHTML = icon;
    button.addEventListener('click', () => this.emit(event, undefined));
    return button;
  }
}
