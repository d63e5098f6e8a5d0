// What the chrome says when a local change is not shared: a viewer's or presentation mode's
// put-back, and the host's send locks (when they arrive, and when a change meets one).
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';
import type { SyncCategory } from '../../network/types';
import { SYNC_CATEGORY_NAMES } from '../../protocol/index';
import type { Toasts } from '../../ui/components/Toasts';

export const BLOCKED_TEXT = {
  presentation: 'The host is presenting: only the host controls playback',
  viewer:
    'You are a viewer: you follow the room and cannot change playback. Ask the host to make you a participant.',
  locked: (category: SyncCategory) =>
    `The host stopped you from sharing ${SYNC_CATEGORY_NAMES[category]}: your change stays on your screen. Ask the host to let you share it.`,
} as const;

/** The toast when the host stops this user from sharing `added` categories. */
export function lockedText(added: readonly SyncCategory[]): string {
  const names = added.map((key) => SYNC_CATEGORY_NAMES[key]).join(', ');
  return `The host stopped you from sharing ${names}; your changes there stay on your screen`;
}

/** Once per burst (a held key repeats): the first blocked change says why. */
const BLOCKED_TOAST_GAP_MS = 4000;

/** Subscribes the notices; `render` refreshes the panel (its lock badges). Returns the cleanup. */
export function mountSyncNotices(
  network: NetworkSyncManager,
  toasts: Pick<Toasts, 'show'>,
  render: () => void,
): () => void {
  let lastBlockedToast = -Infinity;
  /** The locks already announced (a toast names only new ones). */
  let shown: readonly SyncCategory[] = [];
  const cleanups = [
    network.on('changeBlocked', ({ category, reason }) => {
      const now = Date.now();
      if (now - lastBlockedToast < BLOCKED_TOAST_GAP_MS) return;
      lastBlockedToast = now;
      toasts.show(reason === 'locked' ? BLOCKED_TEXT.locked(category) : BLOCKED_TEXT[reason], {
        kind: reason === 'locked' ? 'warning' : 'info',
      });
    }),
    network.on('sendLocksChanged', (locked) => {
      const added = locked.filter((key) => !shown.includes(key));
      shown = [...locked];
      if (added.length > 0) toasts.show(lockedText(added), { kind: 'warning', durationMs: 8000 });
      render();
    }),
  ];
  return () => {
    for (const cleanup of cleanups) cleanup();
  };
}
