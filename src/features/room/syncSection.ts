// The room panel's sync settings: one row per category with its checkbox (on = share and follow)
// and RV's compact send/accept switches (share mine / follow theirs), a lock badge when the host
// stopped this user from sharing a category, and the host's per-user send locks in the user list.
import type { SyncCategory, SyncDirections, SyncSettings } from '../../network/types';
import type { SendLocks } from '../../protocol/index';
import { el, inputOfType, listen } from '../../ui/components/shared/dom';
import { SETTING_LABELS, type RoomPanelEmitter } from './roomPanelParts';

/** Annotations share one mode (the drawings shown are the room's or one's own): no split. */
const SPLIT_DIRECTIONS = (key: SyncCategory): boolean => key !== 'annotations';

interface CategoryRow {
  row: HTMLElement;
  box: HTMLInputElement;
  send: HTMLInputElement | null;
  accept: HTMLInputElement | null;
  /** "Share" on the send switch, swapped for the lock badge while the host locks it. */
  sendText: HTMLElement | null;
  lock: HTMLElement;
}

export class SyncSection {
  readonly element: HTMLElement;
  private readonly rows = new Map<SyncCategory, CategoryRow>();
  private readonly cleanups: Array<() => void> = [];

  constructor(emitter: RoomPanelEmitter) {
    this.element = el('div', { className: 'rs-network__settings', testId: 'network-sync' }, [
      el('div', { className: 'rs-network__label', text: 'Sync Settings:' }),
    ]);
    for (const [key, label] of SETTING_LABELS) {
      const box = inputOfType('checkbox', { testId: `network-sync-${key}` });
      this.cleanups.push(
        listen(box, 'change', () => emitter.emit('syncSettingsChanged', { [key]: box.checked })),
      );
      const lock = el('span', {
        className: 'rs-network__locked',
        testId: 'network-sync-locked',
        text: 'Locked',
        attrs: { 'data-category': key, hidden: '' },
        title: `The host stopped you from sharing ${label}; your changes stay on your screen`,
      });
      const row = el(
        'div',
        { className: 'rs-network__sync-row', testId: `network-sync-row-${key}` },
        [
          el('label', { className: 'rs-network__check', title: label }, [
            box,
            el('span', { className: 'rs-network__sync-name', text: label }),
          ]),
        ],
      );
      const entry: CategoryRow = { row, box, send: null, accept: null, sendText: null, lock };
      if (SPLIT_DIRECTIONS(key)) {
        entry.sendText = el('span', { text: 'Share' });
        const send = this.direction(
          emitter,
          key,
          'send',
          [entry.sendText, lock],
          `Share my ${label} with the room (share mine)`,
        );
        const accept = this.direction(
          emitter,
          key,
          'accept',
          [el('span', { text: 'Follow' })],
          `Follow the room's ${label} (follow theirs)`,
        );
        entry.send = send.input;
        entry.accept = accept.input;
        row.append(el('span', { className: 'rs-network__directions' }, [send.label, accept.label]));
      } else row.append(lock);
      this.element.append(row);
      this.rows.set(key, entry);
    }
  }

  update(
    settings: SyncSettings,
    directions: SyncDirections | undefined,
    locks: readonly SyncCategory[],
  ): void {
    for (const [key, row] of this.rows) {
      const direction = directions?.[key] ?? { send: settings[key], accept: settings[key] };
      const locked = locks.includes(key);
      row.box.checked = direction.send && direction.accept;
      // One direction only: neither on nor off.
      row.box.indeterminate = direction.send !== direction.accept;
      if (row.send) {
        row.send.checked = direction.send;
        row.send.disabled = locked;
      }
      if (row.accept) row.accept.checked = direction.accept;
      row.lock.hidden = !locked;
      if (row.sendText) row.sendText.hidden = locked;
      row.row.classList.toggle('rs-network__sync-row--locked', locked);
    }
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private direction(
    emitter: RoomPanelEmitter,
    key: SyncCategory,
    which: 'send' | 'accept',
    content: readonly HTMLElement[],
    title: string,
  ): { input: HTMLInputElement; label: HTMLElement } {
    const input = inputOfType('checkbox', { testId: `network-sync-${key}-${which}` });
    const label = el('label', { className: 'rs-network__direction', title }, [input, ...content]);
    this.cleanups.push(
      listen(input, 'change', () =>
        emitter.emit('syncDirectionChanged', { category: key, [which]: input.checked }),
      ),
    );
    return { input, label };
  }
}

/**
 * Host: under every other member's row of `list`, "May share…" with one switch per category
 * (`network-user-send-<userId>-<category>`, on = allowed). Returns the listeners' cleanups.
 */
export function addSendLockControls(
  list: HTMLElement,
  userIds: readonly string[],
  locks: SendLocks | undefined,
  emitter: RoomPanelEmitter,
  /** Whose "May share…" is open (kept across the list's rebuilds). */
  open: Set<string>,
): Array<() => void> {
  const cleanups: Array<() => void> = [];
  for (const userId of userIds) {
    const row = list.querySelector(`[data-testid="network-user-${CSS.escape(userId)}"]`);
    if (!row) continue;
    const locked = locks?.[userId] ?? [];
    const details = el(
      'details',
      { className: 'rs-network__user-locks', testId: `network-user-locks-${userId}` },
      [
        el('summary', {
          text: locked.length > 0 ? `May share… (${locked.length} stopped)` : 'May share…',
          title: 'Stop this person from sending a category (the server refuses it)',
        }),
      ],
    );
    details.open = open.has(userId);
    cleanups.push(
      listen(details, 'toggle', () => {
        if (details.open) open.add(userId);
        else open.delete(userId);
      }),
    );
    for (const [key, label] of SETTING_LABELS) {
      const box = inputOfType('checkbox', { testId: `network-user-send-${userId}-${key}` });
      box.checked = !locked.includes(key);
      cleanups.push(
        listen(box, 'change', () =>
          emitter.emit('sendLockChanged', { userId, category: key, locked: !box.checked }),
        ),
      );
      details.append(
        el('label', { className: 'rs-network__check' }, [box, document.createTextNode(label)]),
      );
    }
    row.append(details);
  }
  return cleanups;
}
