// Transient notifications in the status area atop the timeline bar (chrome, never over the
// picture): errors (media that cannot be opened), info and success messages, each with an
// optional action button (e.g. the network's "Reconnect"). The viewer shrinks for them, so
// while a pointer gesture is on the picture (a stroke, a pan) none expires: the picture keeps
// its place under the pointer, and the expired ones go when the gesture ends.
import { button, el, iconButton } from './shared/dom';
import { setIcon } from './shared/Icons';
import '../styles/toasts.css';

export type ToastKind = 'info' | 'success' | 'warning' | 'error';

export interface ToastOptions {
  kind?: ToastKind;
  /** Auto-dismiss after this many ms; 0 keeps it until dismissed. Default: 5 s (errors 8 s). */
  durationMs?: number;
  /** An optional button; clicking it runs `run` and dismisses the toast. */
  action?: { label: string; run: () => void };
}

export interface ToastHandle {
  readonly element: HTMLElement;
  dismiss(): void;
}

const DEFAULT_DURATION_MS: Record<ToastKind, number> = {
  info: 5000,
  success: 4000,
  warning: 6000,
  error: 8000,
};
/** Older toasts are dropped beyond this, so a burst cannot fill the screen. */
const MAX_VISIBLE = 4;

export class Toasts {
  readonly element: HTMLElement;
  private readonly active = new Set<{
    handle: ToastHandle;
    timer: ReturnType<typeof setTimeout> | null;
  }>();
  /** A pointer is pressed on the picture: expiring toasts wait in `expired` until it is released. */
  private held = false;
  private readonly expired = new Set<ToastHandle>();

  constructor(container: HTMLElement) {
    this.element = el('div', {
      className: 'rs-toasts',
      testId: 'toasts',
      attrs: { 'aria-live': 'polite', role: 'status' },
    });
    container.append(this.element);
  }

  show(message: string, options: ToastOptions = {}): ToastHandle {
    const kind = options.kind ?? 'info';
    const toast = el('div', {
      className: `rs-toast rs-toast--${kind}`,
      testId: 'toast',
      attrs: { 'data-kind': kind, role: kind === 'error' ? 'alert' : 'status' },
    });
    toast.append(
      el('span', { className: 'rs-toast__message', testId: 'toast-message', text: message }),
    );

    const entry: { handle: ToastHandle; timer: ReturnType<typeof setTimeout> | null } = {
      handle: {
        element: toast,
        dismiss: () => {
          if (entry.timer) clearTimeout(entry.timer);
          this.expired.delete(entry.handle);
          if (!this.active.delete(entry)) return;
          toast.remove();
        },
      },
      timer: null,
    };

    if (options.action) {
      const { label, run } = options.action;
      const action = button({
        className: 'rs-toast__action',
        testId: 'toast-action',
        text: label,
      });
      action.addEventListener('click', () => {
        entry.handle.dismiss();
        run();
      });
      toast.append(action);
    }
    const close = iconButton('Dismiss', { className: 'rs-toast__close', testId: 'toast-close' });
    setIcon(close, 'close');
    close.addEventListener('click', () => entry.handle.dismiss());
    toast.append(close);

    const duration = options.durationMs ?? DEFAULT_DURATION_MS[kind];
    if (duration > 0) entry.timer = setTimeout(() => this.expire(entry.handle), duration);
    this.active.add(entry);
    this.element.append(toast);
    while (this.active.size > MAX_VISIBLE) {
      const oldest = this.active.values().next().value;
      oldest?.handle.dismiss();
    }
    return entry.handle;
  }

  /**
   * Keeps expiring toasts on screen while a pointer is pressed on `target` (the stage: removing
   * one would resize the picture under the pointer); they go when it is released anywhere.
   */
  holdWhilePressed(target: HTMLElement): () => void {
    const start = (): void => {
      this.held = true;
    };
    const end = (): void => {
      if (!this.held) return;
      this.held = false;
      for (const handle of [...this.expired]) handle.dismiss();
    };
    const view = target.ownerDocument.defaultView ?? window;
    target.addEventListener('pointerdown', start, true);
    view.addEventListener('pointerup', end, true);
    view.addEventListener('pointercancel', end, true);
    return () => {
      end();
      target.removeEventListener('pointerdown', start, true);
      view.removeEventListener('pointerup', end, true);
      view.removeEventListener('pointercancel', end, true);
    };
  }

  private expire(handle: ToastHandle): void {
    if (this.held) this.expired.add(handle);
    else handle.dismiss();
  }

  /** Number of toasts on screen. */
  get count(): number {
    return this.active.size;
  }

  dismissAll(): void {
    for (const entry of [...this.active]) entry.handle.dismiss();
  }

  dispose(): void {
    this.dismissAll();
    this.element.remove();
  }
}
