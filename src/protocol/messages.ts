// Building and serializing messages: fills the envelope (id, timestamp) so callers only
// supply the type and payload, with the payload type checked against the message type.
import { createMessageId } from './ids';
import type {
  ClientMessage,
  ClientMessageOf,
  ClientMessageType,
  ClientPayload,
} from './schemas/client';
import type {
  ServerMessage,
  ServerMessageOf,
  ServerMessageType,
  ServerPayload,
} from './schemas/server';

export interface ClientEnvelopeOptions {
  id?: string;
  /** Defaults to Date.now(); pass the server-clock estimate when you have one. */
  timestamp?: number;
  roomId?: string;
  userId?: string;
}

export interface ServerEnvelopeOptions {
  id?: string;
  /** Server clock ms; required so the server stamps every message with its own clock. */
  timestamp: number;
  roomId?: string;
  userId?: string;
  replyTo?: string;
  version?: number;
}

export function createClientMessage<K extends ClientMessageType>(
  type: K,
  payload: ClientPayload<K>,
  options: ClientEnvelopeOptions = {},
): ClientMessageOf<K> {
  const message: Record<string, unknown> = {
    type,
    id: options.id ?? createMessageId(),
    timestamp: options.timestamp ?? Date.now(),
    payload,
  };
  if (options.roomId !== undefined) message.roomId = options.roomId;
  if (options.userId !== undefined) message.userId = options.userId;
  return message as ClientMessageOf<K>;
}

export function createServerMessage<K extends ServerMessageType>(
  type: K,
  payload: ServerPayload<K>,
  options: ServerEnvelopeOptions,
): ServerMessageOf<K> {
  const message: Record<string, unknown> = {
    type,
    id: options.id ?? createMessageId(),
    timestamp: options.timestamp,
  };
  // Optional fields only when set, so the wire never carries `undefined`-dropped keys ambiguously.
  if (options.roomId !== undefined) message.roomId = options.roomId;
  if (options.userId !== undefined) message.userId = options.userId;
  if (options.replyTo !== undefined) message.replyTo = options.replyTo;
  if (options.version !== undefined) message.version = options.version;
  message.payload = payload;
  return message as ServerMessageOf<K>;
}

/** One JSON text frame. Serialize a broadcast once and send the same string to everyone. */
export function serializeMessage(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message);
}
