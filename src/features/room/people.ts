// The people side of a room, without the DOM: the texts that name who joined, left or changed
// your role, what a viewer is told when a control does nothing, the host's defaults for people
// who join (applied to the sync settings the joiner has not chosen), and presentation mode's
// "everyone sees the presenter's drawings".
import { SYNC_CATEGORIES, type Role, type SyncDefaults, type User } from '../../protocol/index';
import { DEFAULT_SYNC_SETTINGS, type SyncCategory, type SyncSettings } from '../../network/types';

export { SYNC_CATEGORIES };

/** A user's name as people read it (the server gives everyone one; never empty here). */
export function personName(user: Pick<User, 'displayName'> | null | undefined): string {
  const name = user?.displayName.trim();
  return name ? name : 'Someone';
}

export const PEOPLE_TEXTS = {
  joined: (name: string) => `${name} joined`,
  left: (name: string) => `${name} left`,
  /** Why a viewer's control does nothing, and what to do about it. */
  viewer:
    'You are a viewer: you can watch but not draw or control playback. Ask the host to make you a participant.',
  drawViewer:
    'You are a viewer: you cannot draw in this room. Ask the host to make you a participant.',
  presenting: 'The host is presenting: you see the host’s drawings (annotation sync is on).',
  presentingEnded: 'The presentation ended: annotation sync is back off.',
} as const;

/**
 * What someone is told when their role changes. `by`: the host's name (who made the change);
 * `before`: the role they had.
 */
export function roleChangeText(role: Role, before: Role | null, by: string | null): string {
  const host = by ?? 'The host';
  if (role === 'host') return 'You are now the host: you control the room’s settings and roles.';
  if (before === 'host')
    return role === 'viewer'
      ? `${host} is now the host; you are a viewer — you can watch but not draw or control playback`
      : `${host} is now the host; you are a participant`;
  if (role === 'viewer')
    return `${host} made you a viewer — you can watch but not draw or control playback`;
  return `${host} made you a participant — you can draw, write notes and control playback`;
}

/**
 * The sync settings to change when joining a room: the room's defaults for people who join
 * (the spec's defaults when the host set none), for each category the user has not chosen.
 */
export function joinDefaultsPatch(
  current: SyncSettings,
  defaults: SyncDefaults | undefined,
  chosen: ReadonlySet<SyncCategory>,
): Partial<SyncSettings> {
  // Rooms whose defaults predate in/out, loop and channel leave those at the spec's default.
  const target: SyncSettings = { ...DEFAULT_SYNC_SETTINGS, ...defaults };
  const patch: Partial<SyncSettings> = {};
  for (const key of SYNC_CATEGORIES)
    if (!chosen.has(key) && current[key] !== target[key]) patch[key] = target[key];
  return patch;
}

/** The sync categories this tab's user set themselves (kept for the tab, like the settings). */
export class ChosenSettings {
  static readonly KEY = 'reelsync.room.chosenSync';
  private readonly chosen = new Set<SyncCategory>();

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null) {
    try {
      const raw = storage?.getItem(ChosenSettings.KEY);
      const list: unknown = raw ? JSON.parse(raw) : [];
      if (Array.isArray(list))
        for (const key of list)
          if (SYNC_CATEGORIES.includes(key as SyncCategory)) this.chosen.add(key as SyncCategory);
    } catch {
      // Unreadable storage: nothing was chosen.
    }
  }

  get keys(): ReadonlySet<SyncCategory> {
    return this.chosen;
  }

  add(patch: Partial<SyncSettings>): void {
    for (const key of Object.keys(patch) as SyncCategory[])
      if (SYNC_CATEGORIES.includes(key)) this.chosen.add(key);
    try {
      this.storage?.setItem(ChosenSettings.KEY, JSON.stringify([...this.chosen]));
    } catch {
      // Best effort, like the settings themselves.
    }
  }
}

/**
 * Presentation mode shows the presenter's drawings to everyone: while the host presents, a
 * member with annotation sync off has it turned on; when the presentation ends it goes back
 * off, unless the member chose it meanwhile.
 */
export class PresentationDrawings {
  private forced = false;

  /** The settings patch for the room's current state (null: nothing to change). */
  update(
    presenting: boolean,
    isHost: boolean,
    settings: SyncSettings,
  ): Partial<SyncSettings> | null {
    if (presenting && !isHost) {
      if (settings.annotations) return null;
      this.forced = true;
      return { annotations: true };
    }
    if (!this.forced) return null;
    this.forced = false;
    return settings.annotations ? { annotations: false } : null;
  }

  /** The member set annotation sync themselves: theirs from now on. */
  chose(): void {
    this.forced = false;
  }

  /** Left the room. */
  reset(): void {
    this.forced = false;
  }

  get active(): boolean {
    return this.forced;
  }
}
