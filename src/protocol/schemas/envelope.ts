// Envelope builders: every message is { type, id, timestamp, payload } plus optional
// routing fields. The message lists (client.ts, server.ts) map each type name, written once,
// to its payload schema and description.
import Type, { type TSchema } from 'typebox';
import { MessageId, RoomCode, UserId, Version } from './primitives';

export const closed = { additionalProperties: false } as const;

/** `{}`: messages without data still carry an (empty) payload object. */
export const EmptyPayload = Type.Object({}, closed);

/** A message's payload schema and its one-line description (the JSON Schema's). */
export interface MessageDefinition<Payload extends TSchema = TSchema> {
  payload: Payload;
  description: string;
}

export function defineMessage<Payload extends TSchema>(
  payload: Payload,
  description: string,
): MessageDefinition<Payload> {
  return { payload, description };
}

type ClientEnvelope<Kind extends string, Payload extends TSchema> = ReturnType<
  typeof clientMessage<Kind, Payload>
>;
type ServerEnvelope<Kind extends string, Payload extends TSchema> = ReturnType<
  typeof serverMessage<Kind, Payload>
>;

/** Client message schemas keyed by type, each built from its definition. */
export function clientMessages<Definitions extends Record<string, MessageDefinition>>(
  definitions: Definitions,
): { [Kind in keyof Definitions & string]: ClientEnvelope<Kind, Definitions[Kind]['payload']> } {
  return buildEach(definitions, clientMessage) as never;
}

/** Server message schemas keyed by type, each built from its definition. */
export function serverMessages<Definitions extends Record<string, MessageDefinition>>(
  definitions: Definitions,
): { [Kind in keyof Definitions & string]: ServerEnvelope<Kind, Definitions[Kind]['payload']> } {
  return buildEach(definitions, serverMessage) as never;
}

function buildEach(
  definitions: Record<string, MessageDefinition>,
  build: (type: string, payload: TSchema, description: string) => TSchema,
): Record<string, TSchema> {
  return Object.fromEntries(
    Object.entries(definitions).map(([type, { payload, description }]) => [
      type,
      build(type, payload, description),
    ]),
  );
}

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
