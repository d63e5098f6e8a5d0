// Who may send what, when: connection phase and member role per client message type.
// A Record over the message union, so a new message type must be classified here.
import type { ClientMessageType, ErrorCode, Role } from '../../src/protocol/index';

/** `clock`: a connection that said hello with the `clock.only` feature (a player's clock worker):
 * it may only ping, never enter a room. */
export type Phase = 'handshake' | 'lobby' | 'room' | 'clock';

interface Rule {
  /** Where the message is allowed: before hello, outside a room, inside a room, or after hello anywhere. */
  phase: 'handshake' | 'lobby' | 'room' | 'greeted';
  /** Roles allowed inside a room (omitted: every role). */
  roles?: readonly Role[];
}

const EDITORS: readonly Role[] = ['host', 'participant'];
const HOST: readonly Role[] = ['host'];

export const PERMISSIONS: Record<ClientMessageType, Rule> = {
  hello: { phase: 'handshake' },
  ping: { phase: 'greeted' },
  'room.create': { phase: 'lobby' },
  'room.join': { phase: 'lobby' },
  'room.peek': { phase: 'lobby' },
  'room.resume': { phase: 'lobby' },
  'room.leave': { phase: 'room' },
  'room.end': { phase: 'room', roles: HOST },
  'room.settings': { phase: 'room', roles: HOST },
  'room.setRole': { phase: 'room', roles: HOST },
  'room.transferHost': { phase: 'room', roles: HOST },
  'room.removeMember': { phase: 'room', roles: HOST },
  'room.setPin': { phase: 'room', roles: HOST },
  'room.claimHost': { phase: 'room' },
  'user.presence': { phase: 'room' },
  'sync.requestState': { phase: 'room' },
  'sync.playback': { phase: 'room', roles: EDITORS },
  'sync.frame': { phase: 'room', roles: EDITORS },
  'sync.view': { phase: 'room', roles: EDITORS },
  'sync.color': { phase: 'room', roles: EDITORS },
  'sync.compare': { phase: 'room', roles: EDITORS },
  'sync.stereo': { phase: 'room', roles: EDITORS },
  'sync.audio': { phase: 'room', roles: EDITORS },
  'sync.audioTrack': { phase: 'room', roles: EDITORS },
  'sync.media': { phase: 'room', roles: HOST },
  'sync.annotation': { phase: 'room', roles: EDITORS },
  'sync.note': { phase: 'room', roles: EDITORS },
  // Participants may add only when the host allows it (checked in server/rooms/roomLibrary.ts).
  'library.add': { phase: 'room', roles: EDITORS },
  'library.remove': { phase: 'room', roles: EDITORS },
  'library.open': { phase: 'room', roles: EDITORS },
  'room.setLibraryPolicy': { phase: 'room', roles: HOST },
  // Participants edit only when the host allows it (checked in server/rooms/roomPlaylist.ts).
  'playlist.add': { phase: 'room', roles: EDITORS },
  'playlist.remove': { phase: 'room', roles: EDITORS },
  'playlist.move': { phase: 'room', roles: EDITORS },
  'playlist.rename': { phase: 'room', roles: EDITORS },
  'playlist.setCurrent': { phase: 'room', roles: EDITORS },
  'playlist.setPolicy': { phase: 'room', roles: HOST },
  'live.cursor': { phase: 'room' },
  'live.stroke': { phase: 'room', roles: EDITORS },
};

/** Null when allowed; otherwise the error code to reply with. */
export function checkPermission(
  type: ClientMessageType,
  phase: Phase,
  role: Role | null,
): ErrorCode | null {
  const rule = PERMISSIONS[type];
  if (phase === 'handshake') return rule.phase === 'handshake' ? null : 'HANDSHAKE_REQUIRED';
  if (phase === 'clock') return rule.phase === 'greeted' ? null : 'FORBIDDEN';
  switch (rule.phase) {
    case 'handshake':
      return 'INVALID_MESSAGE';
    case 'greeted':
      return null;
    case 'lobby':
      return phase === 'lobby' ? null : 'ALREADY_IN_ROOM';
    case 'room':
      if (phase !== 'room') return 'NOT_IN_ROOM';
      return !rule.roles || (role !== null && rule.roles.includes(role)) ? null : 'FORBIDDEN';
  }
}
