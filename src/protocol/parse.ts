// Parsing and validation: raw text → typed message, or a typed error with a stable code.
// Validators are compiled lazily per message type (TypeBox JIT; falls back to an
// interpreter where a Content-Security-Policy forbids `new Function`).
import Compile from 'typebox/compile';
import type { Validator } from 'typebox/compile';
import type { TSchema } from 'typebox';
import { ERROR_CODES, type ErrorCode } from './constants';
import { ClientMessageSchemas, type ClientMessage, type ClientMessageType } from './schemas/client';
import { LookState } from './schemas/common';
import { RoomState } from './schemas/room';
import {
  LiveBatchSchema,
  ServerMessageSchemas,
  type LiveBatch,
  type ServerMessage,
  type ServerMessageType,
} from './schemas/server';

export interface ProtocolError {
  code: ErrorCode;
  /** Human-readable: the code's message, plus which field was wrong when known. */
  message: string;
  /** JSON pointer to the offending field (e.g. `/payload/motion/fps`). */
  path?: string;
}

export type ParseResult<Message> =
  { ok: true; message: Message } | { ok: false; error: ProtocolError };

function failure(
  code: ErrorCode,
  detail?: string,
  path?: string,
): { ok: false; error: ProtocolError } {
  const message = detail ? `${ERROR_CODES[code]}: ${detail}` : ERROR_CODES[code];
  return { ok: false, error: path === undefined ? { code, message } : { code, message, path } };
}

function createValidatorTable<Type extends string>(schemas: Record<Type, TSchema>) {
  const compiled = new Map<string, Validator>();
  return {
    has: (type: string): type is Type => Object.hasOwn(schemas, type),
    isBuilt: (type: Type): boolean => compiled.has(type),
    get(type: Type): Validator {
      let validator = compiled.get(type);
      if (!validator) {
        validator = Compile(schemas[type]);
        compiled.set(type, validator);
      }
      return validator;
    },
  };
}

const clientValidators = createValidatorTable<ClientMessageType>(ClientMessageSchemas);
const serverValidators = createValidatorTable<ServerMessageType>(ServerMessageSchemas);

function validate<Message, Type extends string>(
  value: unknown,
  table: ReturnType<typeof createValidatorTable<Type>>,
): ParseResult<Message> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return failure('INVALID_MESSAGE', 'expected a JSON object', '');
  }
  const type: unknown = (value as { type?: unknown }).type;
  if (typeof type !== 'string')
    return failure('INVALID_MESSAGE', '"type" must be a string', '/type');
  if (!table.has(type)) return failure('UNKNOWN_TYPE', JSON.stringify(type.slice(0, 64)), '/type');
  const validator = table.get(type);
  if (validator.Check(value)) return { ok: true, message: value as Message };
  // Only reached for bad input, so the slower error walk is fine here. Skip the bare
  // "schema is false" entries additionalProperties produces in favour of a named reason.
  const errors = validator.Errors(value);
  const best = errors.find((error) => error.keyword !== 'boolean') ?? errors[0];
  if (!best) return failure('INVALID_MESSAGE');
  const where = best.instancePath || '/';
  const extra = (best.params as { additionalProperties?: unknown }).additionalProperties;
  const reason =
    best.keyword === 'additionalProperties' && Array.isArray(extra)
      ? `unknown field ${extra.map((name) => JSON.stringify(name)).join(', ')}`
      : best.message;
  return failure('INVALID_MESSAGE', `${where} ${reason}`, best.instancePath);
}

/** Validates an already-parsed value as a client → server message. */
export function validateClientMessage(value: unknown): ParseResult<ClientMessage> {
  return validate<ClientMessage, ClientMessageType>(value, clientValidators);
}

/** Validates an already-parsed value as a server → client message. */
export function validateServerMessage(value: unknown): ParseResult<ServerMessage> {
  return validate<ServerMessage, ServerMessageType>(value, serverValidators);
}

function parseJson(
  raw: string,
): { ok: true; value: unknown } | { ok: false; error: ProtocolError } {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch (error) {
    return failure('INVALID_JSON', error instanceof Error ? error.message : undefined);
  }
}

/** Parses one client → server text frame. Never throws. */
export function parseClientMessage(raw: string): ParseResult<ClientMessage> {
  const json = parseJson(raw);
  return json.ok ? validateClientMessage(json.value) : json;
}

/** Parses one server → client text frame. Never throws. */
export function parseServerMessage(raw: string): ParseResult<ServerMessage> {
  const json = parseJson(raw);
  return json.ok ? validateServerMessage(json.value) : json;
}

let liveBatchValidator: ReturnType<typeof Compile<typeof LiveBatchSchema>> | null = null;

/**
 * Parses one server → client text frame into the messages it carries: one, or several for a
 * `live.batch` frame (sent only to clients that announced the feature). Never throws.
 */
export function parseServerFrame(raw: string): ParseResult<ServerMessage[]> {
  const json = parseJson(raw);
  if (!json.ok) return json;
  const value = json.value as { type?: unknown } | null;
  if (typeof value === 'object' && value !== null && value.type === 'live.batch') {
    liveBatchValidator ??= Compile(LiveBatchSchema);
    if (!liveBatchValidator.Check(value)) return failure('INVALID_MESSAGE', 'malformed live.batch');
    return { ok: true, message: (value as LiveBatch).payload.messages };
  }
  const single = validateServerMessage(value);
  return single.ok ? { ok: true, message: [single.message] } : single;
}

/** What a join waits on, in the order it arrives: their validators are built first. */
const JOIN_MESSAGES: readonly ServerMessageType[] = [
  'welcome',
  'room.joined',
  'sync.state',
  'room.users',
];

/**
 * The server message types whose validators are not built yet, the join's first. Validators are
 * built on a type's first message otherwise; the room state's takes tens of ms, which a joiner
 * would wait for (a page builds them while idle: `prepareServerValidator`).
 */
export function unpreparedServerTypes(): ServerMessageType[] {
  const rest = (Object.keys(ServerMessageSchemas) as ServerMessageType[]).filter(
    (type) => !JOIN_MESSAGES.includes(type),
  );
  return [...JOIN_MESSAGES, ...rest].filter((type) => !serverValidators.isBuilt(type));
}

/** Builds one server message type's validator now (no-op when built). */
export function prepareServerValidator(type: ServerMessageType): void {
  serverValidators.get(type);
}

export function isClientMessageType(type: string): type is ClientMessageType {
  return clientValidators.has(type);
}

export function isServerMessageType(type: string): type is ServerMessageType {
  return serverValidators.has(type);
}

/**
 * A checker for one schema, compiled on first use: null when `value` is valid, else what is
 * wrong (`/settings/othersCanEdit must be boolean`).
 */
function schemaChecker(schema: TSchema, what: string): (value: unknown) => string | null {
  let validator: Validator | null = null;
  return (value) => {
    validator ??= Compile(schema);
    if (validator.Check(value)) return null;
    const errors = validator.Errors(value);
    const best = errors.find((error) => error.keyword !== 'boolean') ?? errors[0];
    if (!best) return `invalid ${what}`;
    const extra = (best.params as { additionalProperties?: unknown }).additionalProperties;
    const reason =
      best.keyword === 'additionalProperties' && Array.isArray(extra)
        ? `unknown field ${extra.map((name) => JSON.stringify(name)).join(', ')}`
        : best.message;
    return `${best.instancePath || '/'} ${reason}`;
  };
}

/** Checks a whole room state (closed objects, proper types). Stores run every new room through it. */
export const checkRoomState = schemaChecker(RoomState, 'room state');

/** Checks a Color category look (per-source looks and the display stage) before it is used. */
export const checkLookState = schemaChecker(LookState, 'look');
