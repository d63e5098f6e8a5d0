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

/** Words shown beside the light (`text`, short) and its longer explanation (`title`). */
export interface StatusDetail {
  text: string;
  title: string;
}

export class StatusIndicator {
  readonly element: HTMLElement;
  private readonly icon: HTMLElement;
  /** Words beside the light while they matter (e.g. "Reconnecting…"); empty otherwise. */
  private readonly text: HTMLElement;
  private detailTitle = '';
  private current: SyncStatus | null = null;

  constructor() {
    this.element = el('span', {
      className: 'rs-sync-status',
      testId: 'sync-status',
      attrs: { role: 'status' },
    });
    this.icon = el('span', { className: 'rs-sync-status__icon' });
    this.text = el('span', { className: 'rs-sync-status__text', testId: 'sync-status-text' });
    this.element.append(this.icon, this.text);
    this.set('offline', false);
  }

  get status(): SyncStatus | null {
    return this.current;
  }

  /**
   * Shows `status`; `visible` false hides the light (no room, nothing to report); `detail`
   * is said in words beside it (its title replaces the tooltip) while set.
   */
  set(status: SyncStatus, visible = true, detail: StatusDetail | null = null): void {
    this.element.hidden = !visible;
    const text = detail?.text ?? '';
    if (this.text.textContent !== text || this.detailTitle !== (detail?.title ?? '')) {
      this.text.textContent = text;
      this.detailTitle = detail?.title ?? '';
      const label = this.detailTitle || LOOK[status].label;
      this.element.title = label;
      this.element.setAttribute('aria-label', label);
    }
    if (status === this.current) return;
    this.current = status;
    const look = LOOK[status];
    this.element.dataset.status = status;
    const label = this.detailTitle || look.label;
    this.element.title = label;
    this.element.setAttribute('aria-label', label);
    setIcon(this.icon, look.icon);
  }

  dispose(): void {
    this.element.remove();
  }
}
