// The small sync status light next to the network button: synced (green check), syncing (yellow
// spinner), conflict (red warning) or offline (gray), hidden while not in a room.
import type { SyncStatus } from '../../network/types';
import { el } from '../../ui/components/shared/dom';
import { setIcon, type IconName } from '../../ui/components/shared/Icons';
import './room.css';

const LOOK: Record<SyncStatus, { icon: IconName; label: string }> = {
  synced: { icon: 'check', label: 'Synced with the room' },
  syncing: { icon: 'sync', label: 'Syncing…' },
  conflict: { icon: 'warning', label: 'Conflict: another change won; use Follow host to catch up' },
  offline: { icon: 'offline', label: 'Offline: not connected to the room' },
};

export class StatusIndicator {
  readonly element: HTMLElement;
  private current: SyncStatus | null = null;

  constructor() {
    this.element = el('span', {
      className: 'rs-sync-status',
      testId: 'sync-status',
      attrs: { role: 'status' },
    });
    this.set('offline', false);
  }

  get status(): SyncStatus | null {
    return this.current;
  }

  /** Shows `status`; `visible` false hides the light (no room, nothing to report). */
  set(status: SyncStatus, visible = true): void {
    this.element.hidden = !visible;
    if (status === this.current) return;
    this.current = status;
    const look = LOOK[status];
    this.element.dataset.status = status;
    this.element.title = look.label;
    this.element.setAttribute('aria-label', look.label);
    setIcon(this.element, look.icon);
  }

  dispose(): void {
    this.element.remove();
  }
}
