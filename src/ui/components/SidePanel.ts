// The frame every side panel shares (library, notes, playlist…): a section beside the picture —
// never over it — with a header holding the title and a close button. The feature fills the
// body; the frame owns the layout and the house style (side-panel.css).
import { el, iconButton } from './shared/dom';
import { setIcon, type IconName } from './shared/Icons';
import '../styles/side-panel.css';

export interface SidePanelOptions {
  /** The feature's own class, kept beside `rs-side-panel` for its specific rules. */
  className: string;
  testId: string;
  /** The heading's content: plain text, or nodes (a title with a live count). */
  title: string | readonly Node[];
  /** Tooltip and accessible name of the close button, e.g. "Close notes". */
  closeLabel: string;
  closeTestId: string;
  ariaLabel?: string;
}

export interface SidePanelFrame {
  element: HTMLElement;
  close: HTMLButtonElement;
}

export function sidePanelFrame(options: SidePanelOptions, body: readonly Node[]): SidePanelFrame {
  const close = iconButton(options.closeLabel, { testId: options.closeTestId });
  setIcon(close, 'close');
  const heading =
    typeof options.title === 'string'
      ? el('h2', { className: 'rs-side-panel__title', text: options.title })
      : el('h2', { className: 'rs-side-panel__title' }, options.title);
  const element = el(
    'section',
    {
      className: `rs-side-panel ${options.className}`,
      testId: options.testId,
      attrs: options.ariaLabel ? { 'aria-label': options.ariaLabel } : {},
    },
    [el('header', { className: 'rs-side-panel__header' }, [heading, close]), ...body],
  );
  return { element, close };
}

/** What a header toggle shows and hides: a side panel that renders itself when shown. */
export interface TogglablePanel {
  readonly element: HTMLElement;
  render(): void;
}

export interface SidePanelToggle {
  readonly button: HTMLButtonElement;
  /** The count beside the icon ('' hides it). */
  readonly badge: HTMLElement;
  isOpen(): boolean;
  setOpen(open: boolean): void;
  dispose(): void;
}

/**
 * A header button with a count badge that docks `panel` in the side column (`side`) and takes it
 * out again; `aria-pressed` says which. The library and playlist toggles are this.
 */
export function sidePanelToggle(options: {
  slot: HTMLElement;
  side: HTMLElement;
  panel: TogglablePanel;
  label: string;
  testId: string;
  icon: IconName;
  badgeClass: string;
  badgeTestId: string;
}): SidePanelToggle {
  const { panel, side } = options;
  const toggle = iconButton(options.label, { testId: options.testId });
  setIcon(toggle, options.icon);
  const badge = el('span', { className: options.badgeClass, testId: options.badgeTestId });
  toggle.append(badge);
  toggle.setAttribute('aria-pressed', 'false');
  options.slot.append(toggle);
  const isOpen = () => panel.element.isConnected;
  const setOpen = (open: boolean): void => {
    if (open === isOpen()) return;
    if (open) {
      side.append(panel.element);
      panel.render();
    } else panel.element.remove();
    toggle.setAttribute('aria-pressed', String(open));
  };
  const onClick = () => setOpen(!isOpen());
  toggle.addEventListener('click', onClick);
  return {
    button: toggle,
    badge,
    isOpen,
    setOpen,
    dispose: () => {
      toggle.removeEventListener('click', onClick);
      toggle.remove();
    },
  };
}
