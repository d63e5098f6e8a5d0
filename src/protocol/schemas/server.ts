// Server → client messages: one schema each; the union and its static type derive from them.
import Type, { type Static } from 'typebox';
import { ERROR_CODE_LIST, type ErrorCode } from '../constants';
import {
  Annotation,
  AudioLevels,
  AudioTrackChange,
  ColorAdjustments,
  CssColor,
  ItemId,
  LibraryItem,
  LibraryItemId,
  MediaDescriptor,
  Motion,
  Note,
  Role,
  RoomCode,
  RoomSettings,
  SyncCategorySchema,
  Token,
  User,
  UserId,
  Version,
  ViewState,
  LiveCursorFields,
  LiveStroke,
} from './common';
import { closed, defineMessage, serverMessage, serverMessages } from './envelope';
import { CompareState, StereoState } from './compare';
import { PlaylistChange } from './playlist';
import { RoomState } from './room';

/** Messages per live.batch frame at most. */
export const LIVE_BATCH_MAX = 128;

export const ErrorCodeSchema = Type.Unsafe<ErrorCode>(Type.Enum(ERROR_CODE_LIST));

/** Sequenced state changes: broadcast to the room with `version`, kept in the change log. */
export const ServerChangeSchemas = serverMessages({
  'sync.playback': defineMessage(
    Type.Object({ motion: Motion }, closed),
    'The room motion after an accepted playback change (sync.playback or sync.frame).',
  ),
  'sync.view': defineMessage(Type.Object({ view: ViewState }, closed), 'View state changed.'),
  'sync.color': defineMessage(Type.Object({ color: ColorAdjustments }, closed), 'Color changed.'),
  'sync.audio': defineMessage(Type.Object({ audio: AudioLevels }, closed), 'Volume/mute changed.'),
  'sync.audioTrack': defineMessage(
    AudioTrackChange,
    "One media's audio slip and soundtrack changed (null: removed).",
  ),
  'sync.media': defineMessage(
    Type.Object({ media: Type.Union([MediaDescriptor, Type.Null()]) }, closed),
    'The host media changed.',
  ),
  'sync.compare': defineMessage(
    Type.Object({ compare: CompareState }, closed),
    'A/B compare settings changed.',
  ),
  'sync.stereo': defineMessage(
    Type.Object({ stereo: StereoState }, closed),
    'Stereo settings changed.',
  ),
  'sync.annotation': defineMessage(
    Type.Union([
      Type.Object({ op: Type.Literal('add'), annotation: Annotation }, closed),
      Type.Object({ op: Type.Literal('remove'), ids: Type.Array(ItemId) }, closed),
    ]),
    'An annotation was added/replaced, or annotations were removed (clear is sent as remove).',
  ),
  'sync.note': defineMessage(
    Type.Union([
      Type.Object({ op: Type.Literal('upsert'), note: Note }, closed),
      Type.Object({ op: Type.Literal('remove'), id: ItemId }, closed),
    ]),
    'A note was added/updated or removed.',
  ),
  'room.settings': defineMessage(
    Type.Object({ settings: RoomSettings }, closed),
    'Room settings changed.',
  ),
  'sync.library': defineMessage(
    Type.Union([
      Type.Object({ op: Type.Literal('upsert'), item: LibraryItem }, closed),
      Type.Object({ op: Type.Literal('remove'), id: LibraryItemId }, closed),
      Type.Object({ op: Type.Literal('policy'), participantsMayAdd: Type.Boolean() }, closed),
    ]),
    'The room media library changed: an item was added or updated (upload, processing, proxy ' +
      'progress), removed, or the host changed who may add.',
  ),
  'sync.playlist': defineMessage(
    PlaylistChange,
    'The room playlist changed: items added, removed, moved or renamed, the room moved to ' +
      'another item (`current`, or `remove` of the current item: the switch carries the ' +
      "room's new media, motion and view and the state saved for the item left), or the host " +
      'changed its settings.',
  ),
});

type ChangeSchemaMap = typeof ServerChangeSchemas;
export type ServerChangeType = keyof ChangeSchemaMap;
/** A sequenced change as broadcast and as kept in the change log. */
export type ServerChange = {
  [K in ServerChangeType]: Static<ChangeSchemaMap[K]>;
}[ServerChangeType];

export const SERVER_CHANGE_TYPES = Object.keys(ServerChangeSchemas) as ServerChangeType[];

const serverChangeTypes: ReadonlySet<string> = new Set(SERVER_CHANGE_TYPES);
/** Sequenced changes (applied to room state with applyServerChange, in version order). */
export function isServerChange(message: ServerMessage): message is ServerChange {
  return serverChangeTypes.has(message.type);
}

// Object.values loses the tuple type, so the union's static type is restated from the map.
export const ServerChangeSchema = Type.Unsafe<ServerChange>(
  Type.Union(Object.values(ServerChangeSchemas), { title: 'ServerChange' }),
);

export const ServerMessageSchemas = {
  ...ServerChangeSchemas,
  ...serverMessages({
    welcome: defineMessage(
      Type.Object(
        {
          protocolVersion: Type.Integer(),
          serverTime: Type.Number(),
          heartbeatIntervalMs: Type.Integer(),
          limits: Type.Object(
            {
              maxMessageBytes: Type.Integer(),
              roomCapacity: Type.Integer(),
              stateMessagesPerSecond: Type.Number(),
              liveMessagesPerSecond: Type.Number(),
            },
            closed,
          ),
        },
        closed,
      ),
      'Handshake accepted.',
    ),
    pong: defineMessage(
      Type.Object({ clientTime: Type.Number(), serverTime: Type.Number() }, closed),
      'Answer to ping: echoes clientTime, adds the server clock (ms) when answered.',
    ),
    error: defineMessage(
      Type.Object(
        {
          code: ErrorCodeSchema,
          message: Type.String(),
          /** JSON pointer to the offending field, for INVALID_MESSAGE. */
          path: Type.Optional(Type.String()),
          retryAfterMs: Type.Optional(Type.Integer({ minimum: 0 })),
          /** FORBIDDEN by a host's send lock: the sync category the sender may not change. */
          category: Type.Optional(SyncCategorySchema),
        },
        closed,
      ),
      'A request failed or a message was refused; replyTo names the message.',
    ),
    'room.joined': defineMessage(
      Type.Object(
        {
          roomId: RoomCode,
          userId: UserId,
          role: Role,
          mode: Type.Union([
            Type.Literal('created'),
            Type.Literal('joined'),
            Type.Literal('resumed'),
          ]),
          /** Secret for room.resume; keep it for the session (e.g. sessionStorage). */
          sessionToken: Token,
          /** Only to the creator: reclaims the host role (room.claimHost / room.resume). */
          hostToken: Type.Optional(Token),
          pinProtected: Type.Boolean(),
          capacity: Type.Integer(),
          /**
           * A first media token for the room library's streams (GET /api/media/…?token=), so the
           * player needs no POST /api/media/token before its first frame; renewed through that
           * endpoint before `expiresAt` (server clock ms). Absent on servers without a library.
           */
          media: Type.Optional(
            Type.Object(
              { token: Type.String({ minLength: 1, maxLength: 512 }), expiresAt: Type.Integer() },
              closed,
            ),
          ),
        },
        closed,
      ),
      'You are in the room; sync.state and room.users follow.',
    ),
    'room.info': defineMessage(
      Type.Object(
        {
          roomId: RoomCode,
          /** The host's display name (null while the host is away). */
          hostName: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
          pinRequired: Type.Boolean(),
          full: Type.Boolean(),
        },
        closed,
      ),
      'Answer to room.peek (ROOM_NOT_FOUND when there is no such room).',
    ),
    'room.left': defineMessage(
      Type.Object({}, closed),
      'You left the room (answer to room.leave).',
    ),
    'room.users': defineMessage(
      Type.Object({ users: Type.Array(User) }, closed),
      'The full member list, after any join/leave/role/presence change.',
    ),
    'room.ended': defineMessage(
      Type.Object(
        {
          reason: Type.Union([Type.Literal('host'), Type.Literal('idle'), Type.Literal('server')]),
        },
        closed,
      ),
      'The room is over; the server closes with 4004.',
    ),
    'room.removed': defineMessage(
      Type.Object(
        { reason: Type.Literal('host'), message: Type.String({ maxLength: 200 }) },
        closed,
      ),
      'The host removed you from the room; the server closes with 4010 and your session token ' +
        'no longer resumes.',
    ),
    'room.pinChanged': defineMessage(
      Type.Object({ pinProtected: Type.Boolean() }, closed),
      'The host set a new PIN (or removed it); new joiners need the new one.',
    ),
    'room.hostToken': defineMessage(
      Type.Object({ hostToken: Token }, closed),
      'Only to a member who was handed the host role: its new host token (the previous one ' +
        'no longer works).',
    ),
    'sync.state': defineMessage(
      Type.Union([
        Type.Object({ mode: Type.Literal('snapshot'), version: Version, state: RoomState }, closed),
        Type.Object(
          {
            mode: Type.Literal('changes'),
            fromVersion: Version,
            version: Version,
            changes: Type.Array(ServerChangeSchema),
          },
          closed,
        ),
      ]),
      'Late-joiner snapshot, or the changes missed since fromVersion (apply in order).',
    ),
    'sync.rejected': defineMessage(
      Type.Object(
        { code: ErrorCodeSchema, message: Type.String(), motion: Motion, version: Version },
        closed,
      ),
      'Your playback change was not applied: it lost to a newer host change (STALE_CHANGE), or ' +
        'it would start play while someone is not ready (WAITING_FOR_USERS, held until they are). ' +
        'Snap to motion (room version `version`).',
    ),
    'room.waiting': defineMessage(
      Type.Object(
        {
          hold: Type.Union([
            Type.Object(
              {
                requestedBy: UserId,
                userIds: Type.Array(UserId, { description: 'Present users not ready yet' }),
              },
              closed,
            ),
            Type.Null(),
          ]),
        },
        closed,
      ),
      'Ephemeral (wait for everyone): a play is held until these users are ready; null: the hold ' +
        'is over (play started, or it was cancelled).',
    ),
    'live.cursor': defineMessage(
      Type.Object({ ...LiveCursorFields, color: CssColor }, closed),
      'Ephemeral: another user pointer (userId in the envelope).',
    ),
    'live.stroke': defineMessage(LiveStroke, 'Ephemeral: another user stroke in progress.'),
  }),
};

const LiveCursorMessage = ServerMessageSchemas['live.cursor'];
const LiveStrokeMessage = ServerMessageSchemas['live.stroke'];

/** Only to clients whose hello listed the "live.batch" feature. */
export const LiveBatchSchema = serverMessage(
  'live.batch',
  Type.Object(
    {
      messages: Type.Array(Type.Union([LiveCursorMessage, LiveStrokeMessage]), {
        minItems: 1,
        maxItems: LIVE_BATCH_MAX,
      }),
    },
    closed,
  ),
  'Ephemeral: several live.cursor / live.stroke messages in one frame, in the order they were relayed (for clients that announced the "live.batch" feature).',
);

export type ServerMessageType = keyof typeof ServerMessageSchemas;
export const SERVER_MESSAGE_TYPES = Object.keys(ServerMessageSchemas) as ServerMessageType[];

export const ServerMessageSchema = Type.Unsafe<ServerMessage>(
  Type.Union(Object.values(ServerMessageSchemas), { title: 'ServerMessage' }),
);

export type LiveBatch = Static<typeof LiveBatchSchema>;

type SchemaMap = typeof ServerMessageSchemas;
/** Server → client messages, discriminated by `type`. */
export type ServerMessage = { [K in ServerMessageType]: Static<SchemaMap[K]> }[ServerMessageType];
// Picked from the union (not Static<SchemaMap[K]>) so a generic K still has a known payload.
export type ServerMessageOf<K extends ServerMessageType> = Extract<ServerMessage, { type: K }>;
export type ServerPayload<K extends ServerMessageType> = ServerMessageOf<K>['payload'];
