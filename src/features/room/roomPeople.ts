// The people side of the room UI: join/leave toasts that name the person, the notice when your
// role changes, the host's defaults for people who join, presentation mode's shared drawings,
// and the header hint that stays until answered when the room's drawings are hidden here.
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';
import type { SyncSettings } from '../../network/types';
import type { Role } from '../../protocol/index';
import type { Toasts } from '../../ui/components/Toasts';
import { DrawingsHint, HINT_TEXTS } from './DrawingsHint';
import {
  ChosenSettings,
  joinDefaultsPatch,
  PEOPLE_TEXTS,
  personName,
  PresentationDrawings,
  roleChangeText,
  SYNC_CATEGORIES,
} from './people';

export interface RoomPeopleDeps {
  network: NetworkSyncManager;
  toasts: Pick<Toasts, 'show'>;
  /** Where the drawings hint goes (the header's network slot). */
  slot: HTMLElement;
  /** Where the sync categories the user chose are remembered (sessionStorage). */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
}

export interface RoomPeople {
  readonly hint: DrawingsHint;
  /** The user set sync categories themselves (the panel's checkboxes). */
  chose(patch: Partial<SyncSettings>): void;
  dispose(): void;
}

export function mountRoomPeople(deps: RoomPeopleDeps): RoomPeople {
  const { network, toasts } = deps;
  const chosen = new ChosenSettings(deps.storage);
  const presentation = new PresentationDrawings();
  const dismissedRooms = new Set<string>();
  let role: Role | null = null;

  const chose = (patch: Partial<SyncSettings>): void => {
    chosen.add(patch);
    if ('annotations' in patch) presentation.chose();
  };

  // What this feature sets on the user's behalf (join defaults, presentation) is not a choice;
  // any other change (the panel, the scripting API) is, and join defaults leave it alone.
  let applying = false;
  let last: SyncSettings = { ...network.settings };
  const apply = (patch: Partial<SyncSettings>): void => {
    applying = true;
    try {
      network.setSettings(patch);
    } finally {
      applying = false;
    }
  };

  const hint = new DrawingsHint({
    show: () => {
      chose({ annotations: true });
      network.setSettings({ annotations: true });
    },
    dismiss: () => {
      if (network.roomCode) dismissedRooms.add(network.roomCode);
    },
  });
  deps.slot.prepend(hint.element);

  const offerDrawings = (what: string): void => {
    const room = network.roomCode;
    if (room === null || network.settings.annotations || dismissedRooms.has(room)) return;
    hint.show(what);
  };

  const followPresentation = (): void => {
    if (!network.roomCode) return;
    const patch = presentation.update(
      network.roomSettings.presentationMode,
      network.isHost,
      network.settings,
    );
    if (!patch) return;
    apply(patch);
    toasts.show(patch.annotations ? PEOPLE_TEXTS.presenting : PEOPLE_TEXTS.presentingEnded, {
      kind: 'info',
    });
  };

  const leftRoom = (): void => {
    hint.hide();
    role = null;
    if (presentation.active) apply({ annotations: false });
    presentation.reset();
  };

  const cleanups = [
    network.on('roomJoined', (info) => {
      role = info.role;
      // The room's snapshot is here: a joiner takes the host's defaults for what they have
      // not chosen themselves (the host keeps their own).
      if (info.role !== 'host') {
        const patch = joinDefaultsPatch(
          network.settings,
          network.roomSettings.joinDefaults,
          chosen.keys,
        );
        if (Object.keys(patch).length > 0) apply(patch);
      }
      followPresentation();
      if (network.annotations.length > 0) offerDrawings(HINT_TEXTS.roomHasDrawings);
    }),
    network.on('roomSettingsChanged', followPresentation),
    network.on('roomLeft', leftRoom),
    network.on('roomEnded', leftRoom),
    network.on('settingsChanged', (settings) => {
      if (!applying) {
        const changed = Object.fromEntries(
          SYNC_CATEGORIES.filter((key) => settings[key] !== last[key]).map((key) => [
            key,
            settings[key],
          ]),
        ) as Partial<SyncSettings>;
        if (Object.keys(changed).length > 0) chose(changed);
      }
      last = { ...settings };
      if (settings.annotations) hint.hide();
    }),
    network.on('remoteStroke', ({ userId }) => {
      const user = network.users.find((u) => u.userId === userId);
      offerDrawings(HINT_TEXTS.othersDrawing(personName(user)));
    }),
    network.on('userJoined', (user) =>
      toasts.show(PEOPLE_TEXTS.joined(personName(user)), { kind: 'info' }),
    ),
    network.on('userLeft', (user) => {
      if (user.userId !== network.userId)
        toasts.show(PEOPLE_TEXTS.left(personName(user)), { kind: 'info' });
    }),
    network.on('roleChanged', (next) => {
      const before = role;
      role = next;
      if (before === null || before === next) return;
      const host = network.users.find((user) => user.role === 'host');
      const by = host && host.userId !== network.userId ? personName(host) : null;
      toasts.show(roleChangeText(next, before, by), {
        kind: next === 'viewer' ? 'warning' : 'info',
        durationMs: 10_000,
      });
      followPresentation();
    }),
  ];

  return {
    hint,
    chose,
    dispose() {
      for (const cleanup of cleanups.splice(0)) cleanup();
      hint.dispose();
    },
  };
}
