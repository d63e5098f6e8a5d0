// Envelope builders: every message is { type, id, timestamp, payload } plus optional
// routing fields, so the message list below stays one line per type.
import Type, { type TSchema } from 'typebox';
import { MessageId, RoomCode, UserId, Version } from './common';

export const closed = { additionalProperties: false } as const;

/** `{}`: messages without data still carry an (empty) payload object. */
export const EmptyPayload = Type.Object({}, closed);

/**
 * Client → server envelope. `roomId` and `userId` are informational: the server always uses
 * the identity bound to the connection, never these fields.
 */
export function clientMessage<Kind extends string, Payload extends TSchema>(
  type: Kind,
  payload: Payload,
  description: string,
) {
  return Type.Object(
    {
      type: Type.Literal(type),
      id: MessageId,
      timestamp: Type.Number({ description: 'Sender clock, ms' }),
      roomId: Type.Optional(Type.String({ maxLength: 16 })),
      userId: Type.Optional(Type.String({ maxLength: 64 })),
      payload,
    },
    { ...closed, title: type, description },
  );
}

/** Server → client envelope. Sequenced state changes also carry `version`. */
export function serverMessage<Kind extends string, Payload extends TSchema>(
  type: Kind,
  payload: Payload,
  description: string,
) {
  return Type.Object(
    {
      type: Type.Literal(type),
      id: MessageId,
      timestamp: Type.Number({ description: 'Server clock, ms' }),
      roomId: Type.Optional(RoomCode),
      userId: Type.Optional(UserId),
      /** Id of the client message this answers or was caused by. */
      replyTo: Type.Optional(MessageId),
      /** Room version after this change (sequenced state changes only). */
      version: Type.Optional(Version),
      payload,
    },
    { ...closed, title: type, description },
  );
}
