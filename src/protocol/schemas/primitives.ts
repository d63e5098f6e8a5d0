// The protocol's ground: its hard limits and the ids, names, versions, frames and colors every
// other schema builds on (imports none of them).
import Type from 'typebox';
import { MESSAGE_ID_PATTERN, ROOM_CODE_PATTERN } from '../ids';

/** Hard limits that are part of the protocol (the server may enforce lower ones). */
export const WIRE_LIMITS = {
  /** Frame numbers and in/out points. */
  maxFrame: 100_000_000,
  /** Annotation points per stroke (each point is 3 numbers: x, y, pressure). */
  maxStrokePoints: 4096,
  /** Points per live-stroke message. */
  maxLiveStrokePoints: 256,
  maxTextLength: 2000,
  maxNoteLength: 4000,
  maxIdsPerRemove: 1000,
  maxNameLength: 256,
  /** Items in a room's media library (the server may allow fewer). */
  maxLibraryItems: 500,
  /** Media URLs (library items added by URL). */
  maxUrlLength: 2048,
} as const;

export const MessageId = Type.String({
  pattern: MESSAGE_ID_PATTERN,
  description: 'Unique per sender',
});
export const RoomCode = Type.String({
  pattern: ROOM_CODE_PATTERN,
  description: 'Room code XXXX-XXXX',
});
export const UserId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
export const Token = Type.String({ minLength: 16, maxLength: 128 });
export const Pin = Type.String({ minLength: 4, maxLength: 32, description: 'Room PIN' });
export const DisplayName = Type.String({
  maxLength: 64,
  description: 'Sanitized and cut to 32 characters by the server',
});
/** Ids chosen by clients for annotations/notes/strokes: globally unique, e.g. `<userId>-<counter>`. */
export const ItemId = Type.String({ pattern: '^[A-Za-z0-9_:.-]{1,96}$' });
export const Version = Type.Integer({
  minimum: 0,
  description: 'Room version (server sequence number)',
});
export const Frame = Type.Number({ minimum: -WIRE_LIMITS.maxFrame, maximum: WIRE_LIMITS.maxFrame });
export const FrameIndex = Type.Integer({
  minimum: -WIRE_LIMITS.maxFrame,
  maximum: WIRE_LIMITS.maxFrame,
});
export const CssColor = Type.String({ pattern: '^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$' });
