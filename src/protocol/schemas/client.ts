// Over 400 lines: one schema per client → server message, listed together so the union and its static type derive from one list.
import Type, { type Static } from 'typebox';
import {
  Annotation,
  AnnotationInput,
  AssignableRole,
  AudioLevels,
  AudioTrackChange,
  ColorAdjustments,
  DisplayName,
  Frame,
  FrameIndex,
  ItemId,
  LibraryItemId,
  LibraryItemInput,
  Note,
  MediaDescriptor,
  MediaStatus,
  Motion,
  NoteInput,
  Pin,
  PresenceStatus,
  RoomCode,
  RoomSettingsPatch,
  RoomStateSeed,
  Token,
  UserId,
  Version,
  ViewState,
  WIRE_LIMITS,
  LiveCursorFields,
  LiveStroke,
} from './common';
import { CompareState, StereoState } from './compare';
import { clientMessages, closed, defineMessage, EmptyPayload } from './envelope';
import { MAX_PLAYLIST_ADD, MAX_PLAYLIST_ITEMS, PlaylistItemInput } from './playlist';

export const ClientMessageSchemas = clientMessages({
  hello: defineMessage(
    Type.Object(
      {
        protocolVersion: Type.Integer({ minimum: 0 }),
        client: Type.Optional(
          Type.String({ maxLength: 64, description: 'Client name/version, for logs' }),
        ),
        features: Type.Optional(
          Type.Array(Type.String({ maxLength: 32 }), {
            maxItems: 16,
            description:
              'Optional protocol features the client understands, e.g. "live.batch"; "clock.only" makes a ping-only clock connection; unknown ones are ignored',
          }),
        ),
      },
      closed,
    ),
    'Handshake; must be the first message on a connection.',
  ),
  ping: defineMessage(
    Type.Object({ clientTime: Type.Number({ description: 'Client clock at send, ms' }) }, closed),
    'Clock sync and liveness; answered by pong.',
  ),
  'room.create': defineMessage(
    Type.Object(
      {
        displayName: Type.Optional(DisplayName),
        pin: Type.Optional(Pin),
        settings: Type.Optional(RoomSettingsPatch),
        state: Type.Optional(RoomStateSeed),
        /**
         * Re-create a room the server lost (a restart without a persistent store) under its
         * old code: the host's tokens from that room prove it held it; `members` are let back
         * in with their session tokens, under the same names and roles.
         */
        restore: Type.Optional(
          Type.Object(
            {
              roomId: RoomCode,
              hostToken: Token,
              sessionToken: Token,
              members: Type.Array(
                Type.Object(
                  { userId: UserId, displayName: DisplayName, role: AssignableRole },
                  closed,
                ),
                { maxItems: 64 },
              ),
              /** The host's copy of the room's drawings and notes (the server keeps its limits). */
              annotations: Type.Optional(Type.Array(Annotation)),
              notes: Type.Optional(Type.Array(Note)),
            },
            closed,
          ),
        ),
      },
      closed,
    ),
    'Create a room and join it as host (or restore a lost room with its host token).',
  ),
  'room.join': defineMessage(
    Type.Object(
      {
        roomId: RoomCode,
        pin: Type.Optional(Pin),
        displayName: Type.Optional(DisplayName),
        role: Type.Optional(AssignableRole),
      },
      closed,
    ),
    'Join a room by code (and PIN when it has one).',
  ),
  'room.peek': defineMessage(
    Type.Object({ roomId: RoomCode }, closed),
    'Before joining from a link: who hosts the room and whether it needs a PIN. Answer: room.info.',
  ),
  'room.resume': defineMessage(
    Type.Object(
      {
        roomId: RoomCode,
        sessionToken: Token,
        lastVersion: Version,
        hostToken: Type.Optional(Token),
      },
      closed,
    ),
    'Reconnect to a room with the session token; the server replays missed changes or sends a snapshot.',
  ),
  'room.leave': defineMessage(EmptyPayload, 'Leave the room for good (no grace period).'),
  'room.end': defineMessage(EmptyPayload, 'Host only: end the room for everyone.'),
  'room.settings': defineMessage(
    Type.Object({ settings: RoomSettingsPatch }, closed),
    'Host only: change room settings.',
  ),
  'room.setRole': defineMessage(
    Type.Object({ userId: UserId, role: AssignableRole }, closed),
    'Host only: make a user participant or viewer.',
  ),
  'room.transferHost': defineMessage(
    Type.Object({ userId: UserId }, closed),
    'Host only: hand the host role to another user.',
  ),
  'room.removeMember': defineMessage(
    Type.Object({ userId: UserId }, closed),
    'Host only: remove a member from the room; its rejoin token stops working.',
  ),
  'room.setPin': defineMessage(
    Type.Object({ pin: Type.Union([Pin, Type.Null()]) }, closed),
    'Host only: set a new room PIN (null: no PIN). Members already in the room stay.',
  ),
  'room.claimHost': defineMessage(
    Type.Object({ hostToken: Token }, closed),
    'Take the host role back with the host token returned by room.create.',
  ),
  'user.presence': defineMessage(
    Type.Object(
      {
        displayName: Type.Optional(DisplayName),
        status: Type.Optional(PresenceStatus),
        mediaStatus: Type.Optional(MediaStatus),
      },
      closed,
    ),
    'Update your own presence (name, idle, media readiness).',
  ),
  'sync.requestState': defineMessage(
    Type.Object({ lastVersion: Type.Optional(Version) }, closed),
    'Ask for the changes since lastVersion, or a full snapshot.',
  ),
  'sync.playback': defineMessage(
    Type.Object({ motion: Motion, baseVersion: Version }, closed),
    'New room motion (play/pause/seek/speed/direction/loop/in/out), based on room version baseVersion.',
  ),
  'sync.frame': defineMessage(
    Type.Object({ frame: Frame, baseVersion: Version }, closed),
    'Seek to a frame, keeping the rest of the motion; the server re-anchors it at its clock.',
  ),
  'sync.view': defineMessage(Type.Object({ view: ViewState }, closed), 'Pan/zoom/fit/channel.'),
  'sync.color': defineMessage(
    Type.Object({ color: ColorAdjustments }, closed),
    'Color adjustments.',
  ),
  'sync.audio': defineMessage(Type.Object({ audio: AudioLevels }, closed), 'Volume and mute.'),
  'sync.audioTrack': defineMessage(
    AudioTrackChange,
    "One media's audio slip and soundtrack (null: back to none).",
  ),
  'sync.media': defineMessage(
    Type.Object({ media: Type.Union([MediaDescriptor, Type.Null()]) }, closed),
    'Host only: what media the host shows.',
  ),
  'sync.compare': defineMessage(
    Type.Object({ compare: CompareState }, closed),
    'A/B compare: mode, the B source, wipe, difference gain, blend, A/B toggle.',
  ),
  'sync.stereo': defineMessage(
    Type.Object({ stereo: StereoState }, closed),
    'Stereo: eye layout of the source, display mode, eye swap, convergence.',
  ),
  'sync.annotation': defineMessage(
    Type.Union([
      Type.Object({ op: Type.Literal('add'), annotation: AnnotationInput }, closed),
      Type.Object(
        {
          op: Type.Literal('remove'),
          ids: Type.Array(ItemId, { minItems: 1, maxItems: WIRE_LIMITS.maxIdsPerRemove }),
        },
        closed,
      ),
      Type.Object(
        { op: Type.Literal('clear'), frame: Type.Union([FrameIndex, Type.Null()]) },
        closed,
      ),
    ]),
    'Add (or replace your own), remove by id, or clear a frame (null: all frames).',
  ),
  'sync.note': defineMessage(
    Type.Union([
      Type.Object({ op: Type.Literal('add'), note: NoteInput }, closed),
      Type.Object({ op: Type.Literal('update'), note: NoteInput }, closed),
      Type.Object({ op: Type.Literal('remove'), id: ItemId }, closed),
    ]),
    'Frame-anchored notes.',
  ),
  'library.add': defineMessage(
    Type.Object({ item: LibraryItemInput }, closed),
    'Register a media item in the room library before uploading it (or a URL item). The host, ' +
      'or anyone when the room allows it; checked against the per-file limit, the room quota and ' +
      'the free disk. Answered by the sync.library change or an error.',
  ),
  'library.remove': defineMessage(
    Type.Object({ id: LibraryItemId }, closed),
    'Remove an item from the room library (the host, or whoever added it).',
  ),
  'library.open': defineMessage(
    Type.Object({ id: LibraryItemId }, closed),
    "Make a ready library item the room's current shot (rvpush): the server announces its media " +
      'descriptor (sync.media) from what it probed. The host, or anyone when the room lets ' +
      'participants add media.',
  ),
  'room.setLibraryPolicy': defineMessage(
    Type.Object({ participantsMayAdd: Type.Boolean() }, closed),
    'Host only: whether participants may add media to the library.',
  ),
  'playlist.add': defineMessage(
    Type.Object(
      {
        items: Type.Array(PlaylistItemInput, { minItems: 1, maxItems: MAX_PLAYLIST_ADD }),
        /** Where to insert (absent: at the end). */
        index: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_PLAYLIST_ITEMS })),
      },
      closed,
    ),
    'Add items to the room playlist (the host, or participants when the host allows it).',
  ),
  'playlist.remove': defineMessage(
    Type.Object({ id: ItemId }, closed),
    'Remove an item; removing the current one moves the room to its neighbour.',
  ),
  'playlist.move': defineMessage(
    Type.Object(
      { id: ItemId, index: Type.Integer({ minimum: 0, maximum: MAX_PLAYLIST_ITEMS }) },
      closed,
    ),
    'Move an item to `index` (its position in the list once moved; past the end: last).',
  ),
  'playlist.rename': defineMessage(
    Type.Object(
      { id: ItemId, name: Type.String({ minLength: 1, maxLength: WIRE_LIMITS.maxNameLength }) },
      closed,
    ),
    'Rename an item.',
  ),
  'playlist.setCurrent': defineMessage(
    Type.Object(
      {
        id: ItemId,
        /** Land on the frame, in/out, loop and view of the item left (another version of a shot). */
        keepFrame: Type.Optional(Type.Boolean()),
        /**
         * Play all: the room crossed the out point of item `from` at server time `at`; it lands
         * on this item's in point, playing from that instant (a no-op once the room left `from`).
         */
        advance: Type.Optional(
          Type.Object({ from: ItemId, at: Type.Number({ minimum: 0 }) }, closed),
        ),
      },
      closed,
    ),
    'Move the room to an item: the item left keeps its frame, in/out, loop and view; the room ' +
      "lands on the item's remembered ones (its start the first time). With `advance` (play " +
      "all), it lands on the item's in point, playing from the boundary's server time.",
  ),
  'playlist.setPolicy': defineMessage(
    Type.Object(
      {
        appendLibraryAdditions: Type.Optional(Type.Boolean()),
        participantsMayEdit: Type.Optional(Type.Boolean()),
        /** Play all: playing through an item's out point moves the room on to the next item. */
        playAll: Type.Optional(Type.Boolean()),
      },
      closed,
    ),
    'Host only: whether library additions are appended, whether participants may edit, and ' +
      'play all (the room plays the playlist end to end).',
  ),
  'live.cursor': defineMessage(
    Type.Object(LiveCursorFields, closed),
    'Ephemeral: pointer position in image pixels. Relayed, never stored.',
  ),
  'live.stroke': defineMessage(
    LiveStroke,
    'Ephemeral: points of a stroke being drawn (new points since the last message). Relayed, never stored.',
  ),
});

export type ClientMessageType = keyof typeof ClientMessageSchemas;
export const CLIENT_MESSAGE_TYPES = Object.keys(ClientMessageSchemas) as ClientMessageType[];

// Object.values loses the tuple type, so the union's static type is restated from the map.
export const ClientMessageSchema = Type.Unsafe<ClientMessage>(
  Type.Union(Object.values(ClientMessageSchemas), { title: 'ClientMessage' }),
);

type SchemaMap = typeof ClientMessageSchemas;
/** Client → server messages, discriminated by `type`. */
export type ClientMessage = { [K in ClientMessageType]: Static<SchemaMap[K]> }[ClientMessageType];
// Picked from the union (not Static<SchemaMap[K]>) so a generic K still has a known payload.
export type ClientMessageOf<K extends ClientMessageType> = Extract<ClientMessage, { type: K }>;
export type ClientPayload<K extends ClientMessageType> = ClientMessageOf<K>['payload'];

/** Client messages that ask for a sequenced state change (answered by a ServerChange broadcast). */
export const CLIENT_CHANGE_TYPES = [
  'room.settings',
  'sync.playback',
  'sync.frame',
  'sync.view',
  'sync.color',
  'sync.audio',
  'sync.audioTrack',
  'sync.media',
  'sync.compare',
  'sync.stereo',
  'sync.annotation',
  'sync.note',
  'library.add',
  'library.remove',
  'library.open',
  'room.setLibraryPolicy',
  'playlist.add',
  'playlist.remove',
  'playlist.move',
  'playlist.rename',
  'playlist.setCurrent',
  'playlist.setPolicy',
] as const satisfies readonly ClientMessageType[];
export type ClientChangeType = (typeof CLIENT_CHANGE_TYPES)[number];
export type ClientChange = ClientMessageOf<ClientChangeType>;

const clientChangeTypes: ReadonlySet<string> = new Set(CLIENT_CHANGE_TYPES);
export function isClientChange(message: ClientMessage): message is ClientChange {
  return clientChangeTypes.has(message.type);
}

/**
 * Rate-limit category of each client message. A Record over the union, so adding a message
 * type is a compile error until it is classified here.
 * - control: handshake and clock sync; room: membership and admin; state: sequenced room
 *   state; live: ephemeral (relayed, never stored, first dropped under load).
 */
export type MessageCategory = 'control' | 'room' | 'state' | 'live';
export const CLIENT_MESSAGE_CATEGORY: Record<ClientMessageType, MessageCategory> = {
  hello: 'control',
  ping: 'control',
  'room.create': 'room',
  'room.join': 'room',
  'room.peek': 'room',
  'room.resume': 'room',
  'room.leave': 'room',
  'room.end': 'room',
  'room.settings': 'room',
  'room.setRole': 'room',
  'room.transferHost': 'room',
  'room.removeMember': 'room',
  'room.setPin': 'room',
  'room.claimHost': 'room',
  'user.presence': 'state',
  'sync.requestState': 'state',
  'sync.playback': 'state',
  'sync.frame': 'state',
  'sync.view': 'state',
  'sync.color': 'state',
  'sync.audio': 'state',
  'sync.audioTrack': 'state',
  'sync.media': 'state',
  'sync.compare': 'state',
  'sync.stereo': 'state',
  'sync.annotation': 'state',
  'sync.note': 'state',
  'library.add': 'state',
  'library.remove': 'state',
  'library.open': 'state',
  'room.setLibraryPolicy': 'room',
  'playlist.add': 'state',
  'playlist.remove': 'state',
  'playlist.move': 'state',
  'playlist.rename': 'state',
  'playlist.setCurrent': 'state',
  'playlist.setPolicy': 'room',
  'live.cursor': 'live',
  'live.stroke': 'live',
};
