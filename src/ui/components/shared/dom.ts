// Tiny DOM helpers shared by the UI components: element creation with class, test id and text.

export interface ElementOptions {
  className?: string;
  testId?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: readonly Node[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.testId) element.dataset.testid = options.testId;
  if (options.text !== undefined) element.textContent = options.text;
  if (options.title) element.title = options.title;
  for (const [name, value] of Object.entries(options.attrs ?? {}))
    element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** A button of `type=button`, so it never submits a form. */
export function button(
  options: ElementOptions = {},
  children: readonly Node[] = [],
): HTMLButtonElement {
  const element = el('button', options, children);
  element.type = 'button';
  return element;
}

/** An `<input>` of `type` (checkbox, range, file…). */
export function inputOfType(type: string, options: ElementOptions = {}): HTMLInputElement {
  const element = el('input', options);
  element.type = type;
  return element;
}

/** A button with an aria-label (and tooltip). */
export function iconButton(label: string, options: ElementOptions = {}): HTMLButtonElement {
  const element = button({ title: label, ...options });
  element.setAttribute('aria-label', label);
  element.classList.add('rs-icon-button');
  return element;
}

/** A labelled button in the house style (`rs-button`, `rs-button--primary` when `primary`). */
export function textButton(text: string, testId: string, primary = false): HTMLButtonElement {
  return button({
    className: primary ? 'rs-button rs-button--primary' : 'rs-button',
    testId,
    text,
  });
}

/** Adds an event listener and returns the function that removes it (for dispose()). */
export function listen<K extends keyof HTMLElementEventMap>(
  target: HTMLElement,
  type: K,
  handler: (event: HTMLElementEventMap[K]) => void,
  options?: AddEventListenerOptions,
): () => void {
  target.addEventListener(type, handler as EventListener, options);
  return () => target.removeEventListener(type, handler as EventListener, options);
}

/**
 * Calls `handler` when a pointer goes down anywhere outside `host` (capture phase, so the page's
 * own handlers cannot swallow it): how popovers close on an outside click. `host` may be a
 * function giving the elements that count as inside (e.g. a button and a panel docked elsewhere).
 * Returns the remover.
 */
export function onPointerDownOutside(
  host: HTMLElement | (() => readonly HTMLElement[]),
  handler: () => void,
): () => void {
  const onDown = (event: Event): void => {
    const target = event.target;
    const inside = typeof host === 'function' ? host() : [host];
    if (target instanceof Node && inside.some((element) => element.contains(target))) return;
    handler();
  };
  document.addEventListener('pointerdown', onDown, true);
  return () => document.removeEventListener('pointerdown', onDown, true);
}

/**
 * Runs `action` once, after the next frame is painted (the task after the next animation frame),
 * or after `fallbackMs` when no frame comes (a hidden page).
 */
export function afterPaint(action: () => void, fallbackMs = 1000): void {
  let done = false;
  const run = (): void => {
    if (!done) action();
    done = true;
  };
  requestAnimationFrame(() => setTimeout(run));
  setTimeout(run, fallbackMs);
}
