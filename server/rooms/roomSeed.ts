// The one place a new room's state is built and checked: the creator's seed (what its player
// shows) over the defaults, its settings, then the whole state against the protocol schema.
// Both stores check every room they create with checkNewRoomState, so a forged or mistyped
// seed can never be stored, whichever store runs.
import {
  checkRoomState,
  createDefaultRoomState,
  type RoomSettingsPatch,
  type RoomState,
  type RoomStateSeed,
} from '../../src/protocol/index';

export type SeedResult = { ok: true; state: RoomState } | { ok: false; detail: string };

/** Only these seed fields exist; anything else is refused (the wire schema is closed too). */
const SEED_FIELDS = new Set(['motion', 'view', 'color', 'audio', 'media']);
// joinDefaults and sendLocks come back when a host restores a lost room with its copy of it.
const SETTING_FIELDS = new Set([
  'presentationMode',
  'othersCanEdit',
  'waitForEveryone',
  'joinDefaults',
  'sendLocks',
]);

export function seedRoomState(
  seed: RoomStateSeed | undefined,
  settings: RoomSettingsPatch | undefined,
): SeedResult {
  const state = createDefaultRoomState();
  for (const [key, value] of Object.entries(seed ?? {})) {
    if (!SEED_FIELDS.has(key)) return { ok: false, detail: `state seed: unknown field "${key}"` };
    if (value !== undefined) (state as Record<string, unknown>)[key] = structuredClone(value);
  }
  for (const [key, value] of Object.entries(settings ?? {})) {
    if (!SETTING_FIELDS.has(key)) return { ok: false, detail: `settings: unknown field "${key}"` };
    if (value !== undefined)
      (state.settings as Record<string, unknown>)[key] = structuredClone(value);
  }
  const problem = checkRoomState(state);
  return problem ? { ok: false, detail: `state seed: ${problem}` } : { ok: true, state };
}

/** A room state that does not match the schema; thrown by a store asked to create one. */
export class InvalidRoomStateError extends Error {
  override readonly name = 'InvalidRoomStateError';
}

/** Throws InvalidRoomStateError unless `state` is a complete, well-typed room state. */
export function checkNewRoomState(state: unknown): void {
  const problem = checkRoomState(state);
  if (problem) throw new InvalidRoomStateError(`room state: ${problem}`);
}
