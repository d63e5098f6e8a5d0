// Building blocks of the network panel: its text fields and buttons, the sync setting labels,
// and the user list rows ("You (Host)", names, roles, each in the user's color).
import type { SyncSettings } from '../../network/types';
import type { RoomSettings, User } from '../../protocol/index';
import { el, listen } from '../../ui/components/shared/dom';

export const SETTING_LABELS: ReadonlyArray<[keyof SyncSettings, string]> = [
  ['playback', 'Playback'],
  ['view', 'View (Pan/Zoom)'],
  ['color', 'Color Adjustments'],
  ['annotations', 'Annotations'],
  ['audio', 'Audio (Volume/Mute)'],
];

/** The host's room settings: key, label, test id, tooltip. */
export const ROOM_SETTING_LABELS: ReadonlyArray<[keyof RoomSettings, string, string, string]> = [
  [
    'presentationMode',
    'Presentation mode',
    'network-room-presentation',
    'Only the host controls playback',
  ],
  [
    'othersCanEdit',
    "Others can edit everyone's notes & drawings",
    'network-room-others-edit',
    "Participants may erase or edit other people's annotations and notes",
  ],
  [
    'waitForEveryone',
    'Wait for everyone',
    'network-room-wait-all',
    "Play starts only when every user's media is ready",
  ],
];

/** What the host can do to another user from the list. */
export type UserAction = { userId: string; kind: 'participant' | 'viewer' | 'host' };

const ROLE_LABELS: Record<User['role'], string> = {
  host: 'Host',
  participant: 'Participant',
  viewer: 'Viewer',
};

/** What each media state says in the user list ('none': nothing announced, nothing shown). */
export const MEDIA_STATUS_LABELS: Record<Exclude<User['mediaStatus'], 'none'>, string> = {
  ready: 'Media ready',
  loading: 'Loading media…',
  missing: 'Media missing',
  mismatch: 'Different media',
};

/** One row per user: self first, then the host, then by join time (like the spec's mock-up). */
export function userItems(
  list: readonly User[],
  selfId: string | null,
  onAction: ((action: UserAction) => void) | null = null,
): HTMLElement[] {
  const rank = (u: User) => (u.userId === selfId ? 0 : u.role === 'host' ? 1 : 2);
  const users = [...list].sort((a, b) => rank(a) - rank(b) || a.joinedAt - b.joinedAt);
  return users.map((user) => {
    const self = user.userId === selfId;
    const role = ROLE_LABELS[user.role];
    const item = el('li', {
      className: 'rs-network__user',
      testId: `network-user-${user.userId}`,
      attrs: {
        'data-role': user.role,
        'data-connected': String(user.connected),
        'data-media': user.mediaStatus,
      },
    });
    item.style.setProperty('--rs-user-color', user.color);
    item.append(
      el('span', { className: 'rs-network__dot', attrs: { 'aria-hidden': 'true' } }),
      el('span', {
        className: 'rs-network__user-name',
        text: self ? `You (${role})` : user.displayName,
      }),
    );
    if (!self)
      item.append(
        el('span', {
          className: 'rs-network__role',
          text: user.connected ? role : `${role} · reconnecting`,
        }),
      );
    if (onAction && !self && user.role !== 'host') item.append(userActions(user, onAction));
    if (user.mediaStatus !== 'none')
      item.append(
        el('span', {
          className: `rs-network__media rs-network__media--${user.mediaStatus}`,
          testId: `network-user-media-${user.userId}`,
          text: MEDIA_STATUS_LABELS[user.mediaStatus],
        }),
      );
    return item;
  });
}

/** The host's menu for one user: role and host handover. */
function userActions(user: User, onAction: (action: UserAction) => void): HTMLElement {
  const select = el('select', {
    className: 'rs-select rs-network__user-action',
    testId: `network-user-action-${user.userId}`,
    attrs: { 'aria-label': `Role of ${user.displayName}` },
  });
  const options: Array<[UserAction['kind'], string]> = [
    ['participant', 'Participant'],
    ['viewer', 'Viewer (watch only)'],
    ['host', 'Make host'],
  ];
  for (const [value, text] of options) {
    const option = el('option', { text });
    option.value = value;
    select.append(option);
  }
  select.value = user.role;
  // The list is rebuilt on every update, which drops this listener with the element.
  listen(select, 'change', () => {
    const kind = select.value as UserAction['kind'];
    if (kind !== user.role) onAction({ userId: user.userId, kind });
  });
  return select;
}

export function textInput(testId: string, placeholder: string, type: string): HTMLInputElement {
  const input = el('input', {
    className: 'rs-input rs-network__input',
    testId,
    attrs: { placeholder },
  });
  input.type = type;
  return input;
}

export function field(label: string, input: HTMLInputElement): HTMLElement {
  return el('label', { className: 'rs-network__field' }, [
    el('span', { className: 'rs-network__label', text: label }),
    input,
  ]);
}

export function textButton(text: string, testId: string, primary = false): HTMLButtonElement {
  const button = el('button', {
    className: primary ? 'rs-button rs-button--primary' : 'rs-button',
    testId,
    text,
  });
  button.type = 'button';
  return button;
}
