// Copying text from a click: navigator.clipboard where it exists (secure contexts), else the
// older copy command on a hidden text field (which also works at http://<lan-address>).
import { el } from './dom';

/** The copy command on a hidden text field: works where navigator.clipboard does not exist. */
export function copyCommand(text: string): boolean {
  const area = el('textarea', {
    className: 'rs-visually-hidden',
    attrs: { 'aria-hidden': 'true' },
  });
  area.value = text;
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** Copies `text`; false when neither the clipboard nor the copy command took it. */
export async function copyText(text: string): Promise<boolean> {
  try {
    const clipboard = globalThis.navigator?.clipboard;
    if (!clipboard) throw new Error('no clipboard');
    await clipboard.writeText(text);
    return true;
  } catch {
    return copyCommand(text);
  }
}
