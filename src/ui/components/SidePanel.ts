// The frame every side panel shares (library, notes, playlist…): a section beside the picture —
// never over it — with a header holding the title and a close button. The feature fills the
// body; the frame owns the layout and the house style (side-panel.css).
import { el, iconButton } from './shared/dom';
import { setIcon } from './shared/Icons';
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
