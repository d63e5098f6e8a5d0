// This client's choice per sync category (RV's send and accept: share my changes, follow the
// room's), kept in the injectable storage so it survives reconnects and reloads, and the host's
// send locks on this user, which turn sending off whatever the choice.
import { SYNC_CATEGORIES, type SendLocks } from '../protocol/index';
import type { RejoinStore } from './RejoinStore';
import {
  DEFAULT_SYNC_SETTINGS,
  NetworkError,
  directionsOf,
  type SyncCategory,
  type SyncDirection,
  type SyncDirections,
  type SyncSettings,
} from './types';

export type DirectionsPatch = Partial<Record<SyncCategory, Partial<SyncDirection>>>;

/** Categories whose send and accept must stay together (their feature shares one mode). */
const PAIRED: ReadonlySet<SyncCategory> = new Set(['annotations']);

export class SyncPreferences {
  private current: SyncDirections;
  private locked: readonly SyncCategory[] = [];

  constructor(
    private readonly stored: RejoinStore,
    initial: Partial<SyncSettings> = {},
  ) {
    // Options given override what was stored, which overrides the spec's defaults.
    this.current = {
      ...directionsOf({ ...DEFAULT_SYNC_SETTINGS }),
      ...stored.loadDirections(),
    };
    for (const key of SYNC_CATEGORIES) {
      const given = initial[key];
      if (given !== undefined) this.current[key] = { send: given, accept: given };
    }
  }

  /** Each category's send and accept as chosen (locks not applied). */
  get directions(): SyncDirections {
    const copy = {} as SyncDirections;
    for (const key of SYNC_CATEGORIES) copy[key] = { ...this.current[key] };
    return copy;
  }

  /** The checkboxes: a category is on while either direction is. */
  get settings(): SyncSettings {
    const settings = {} as SyncSettings;
    for (const key of SYNC_CATEGORIES)
      settings[key] = this.current[key].send || this.current[key].accept;
    return settings;
  }

  /** What this client does now: sending off where the host locked it. */
  get effective(): SyncDirections {
    const effective = this.directions;
    for (const key of this.locked) effective[key].send = false;
    return effective;
  }

  get sendLocks(): readonly SyncCategory[] {
    return this.locked;
  }

  sends(category: SyncCategory): boolean {
    return this.current[category].send && !this.locked.includes(category);
  }

  accepts(category: SyncCategory): boolean {
    return this.current[category].accept;
  }

  /**
   * Sets directions; returns the effective directions before, or null when nothing changed.
   * The whole patch is checked first: a bad entry throws and changes nothing.
   */
  update(patch: DirectionsPatch): SyncDirections | null {
    const next = this.directions;
    for (const [key, direction] of Object.entries(patch) as Array<
      [SyncCategory, Partial<SyncDirection> | undefined]
    >) {
      if (!SYNC_CATEGORIES.includes(key))
        throw new NetworkError('INVALID_MESSAGE', `"${key}" is not a sync category`);
      if (!direction) continue;
      const merged = { ...next[key], ...direction };
      if (typeof merged.send !== 'boolean' || typeof merged.accept !== 'boolean')
        throw new NetworkError('INVALID_MESSAGE', `${key}: send and accept are true or false`);
      if (PAIRED.has(key) && merged.send !== merged.accept)
        throw new NetworkError(
          'INVALID_MESSAGE',
          `${key}: sending and accepting go together (turn the category on or off)`,
        );
      next[key] = { send: merged.send, accept: merged.accept };
    }
    const changed = SYNC_CATEGORIES.some(
      (key) =>
        next[key].send !== this.current[key].send || next[key].accept !== this.current[key].accept,
    );
    if (!changed) return null;
    const before = this.effective;
    this.current = next;
    this.stored.saveDirections(this.current);
    return before;
  }

  /** The room's locks for `userId` (none for the host); true when this user's locks changed. */
  setLocks(locks: SendLocks | undefined, userId: string | null, isHost: boolean): boolean {
    const next = isHost || userId === null ? [] : (locks?.[userId] ?? []);
    const sorted = SYNC_CATEGORIES.filter((key) => next.includes(key));
    if (sorted.join() === this.locked.join()) return false;
    this.locked = sorted;
    return true;
  }
}
