// Building blocks of the room panel: its events and state, its text fields, the sync setting
// labels, and the user list rows ("You (Host)", names, roles, each in the user's color).
import type {
  ConnectionState,
  SyncCategory,
  SyncDirection,
  SyncDirections,
  SyncSettings,
} from '../../network/types';
import type { AssignableRole, RoomSettings, User } from '../../protocol/index';
import type { EventEmitter } from '../../utils/EventEmitter';
import { el, inputOfType, listen } from '../../ui/components/shared/dom';

export type RoomPanelEvents = {
  createRoom: { displayName: string; pin: string | null };
  joinRoom: { code: string; pin: string | null; displayName: string };
  leaveRoom: void;
  syncSettingsChanged: Partial<SyncSettings>;
  /** One direction of a category (share mine / follow theirs). */
  syncDirectionChanged: { category: SyncCategory } & Partial<SyncDirection>;
  /** Host: stop (or let again) a user from sending a category. */
  sendLockChanged: { userId: string; category: SyncCategory; locked: boolean };
  /** Re-follow the room (turn playback sync back on and snap to the room's state). */
  followHost: void;
  reconnect: void;
  /** The share link was written to the clipboard (or `null` when the clipboard refused). */
  linkCopied: string | null;
  panelToggled: boolean;
  /** Host: change a room setting. */
  roomSettingsChanged: Partial<RoomSettings>;
  /** Host: make a user participant or viewer. */
  setRole: { userId: string; role: AssignableRole };
  /** Host: hand the host role to a user. */
  transferHost: { userId: string };
  /** Host: remove a member from the room. */
  removeMember: { userId: string };
  /** Host: set a new room PIN (null: none). */
  setPin: { pin: string | null };
};

/** How the panel's parts emit the panel's events. */
export type RoomPanelEmitter = Pick<EventEmitter<RoomPanelEvents>, 'emit'>;

export interface RoomPanelState {
  connection: ConnectionState;
  roomCode: string | null;
  selfId: string | null;
  users: readonly User[];
  settings: SyncSettings;
  /** Send/accept per category (absent: as the checkboxes say). */
  directions?: SyncDirections;
  /** The categories the host stopped this user from sending. */
  sendLocks?: readonly SyncCategory[];
  /** The room's settings (only the host may change them). */
  roomSettings?: RoomSettings;
}

export const SETTING_LABELS: ReadonlyArray<[keyof SyncSettings, string]> = [
  ['playback', 'Playback'],
  ['view', 'View (Pan/Zoom)'],
  ['inout', 'In/out points'],
  ['loop', 'Loop mode'],
  ['channel', 'Channel mode'],
  ['color', 'Color Adjustments'],
  ['annotations', 'Annotations'],
  ['audio', 'Audio (Volume, Slip, Soundtrack)'],
  ['compare', 'A/B Compare'],
  ['stereo', 'Stereo'],
  ['format', 'Image format (Aspect, Rotation, Mask)'],
];

/** The room's on/off settings (joinDefaults has its own section). */
export type RoomFlag = Exclude<keyof RoomSettings, 'joinDefaults'>;

/** The host's room settings: key, label, test id, tooltip. */
export const ROOM_SETTING_LABELS: ReadonlyArray<[RoomFlag, string, string, string]> = [
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
    const name = self ? `You (${role})` : user.displayName;
    // Line one: who (the name ellipsizes, its title keeps it whole) and their role; line two:
    // the host's role menu and the media state, so neither squeezes the name away.
    const head = el('div', { className: 'rs-network__user-head' }, [
      el('span', { className: 'rs-network__dot', attrs: { 'aria-hidden': 'true' } }),
      el('span', {
        className: 'rs-network__user-name',
        testId: `network-user-name-${user.userId}`,
        text: name,
        attrs: { title: self ? `${user.displayName} (you, ${role})` : user.displayName },
      }),
    ]);
    if (!self)
      head.append(
        el('span', {
          className: 'rs-network__role',
          text: user.connected ? role : `${role} · reconnecting`,
        }),
      );
    item.append(head);
    const meta = el('div', { className: 'rs-network__user-meta' });
    if (onAction && !self && user.role !== 'host') meta.append(userActions(user, onAction));
    if (user.mediaStatus !== 'none')
      meta.append(
        el('span', {
          className: `rs-network__media rs-network__media--${user.mediaStatus}`,
          testId: `network-user-media-${user.userId}`,
          text: MEDIA_STATUS_LABELS[user.mediaStatus],
        }),
      );
    if (meta.childElementCount > 0) item.append(meta);
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
  return inputOfType(type, {
    className: 'rs-input rs-network__input',
    testId,
    attrs: { placeholder },
  });
}

export function field(label: string, input: HTMLInputElement): HTMLElement {
  return el('label', { className: 'rs-network__field' }, [
    el('span', { className: 'rs-network__label', text: label }),
    input,
  ]);
}
