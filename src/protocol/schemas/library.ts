// The room media library's wire shapes: its items (uploads, URLs, look files), what the server
// found in them, their proxies, and what a client sends to add one (docs/media-library.md).
import Type, { type Static } from 'typebox';
import { closed } from './envelope';
import { FrameIndex, UserId, WIRE_LIMITS } from './primitives';

/** SHA-256 (lowercase hex) of a media file's bytes: its identity in the room's media store. */
export const MediaSha = Type.String({ pattern: '^[0-9a-f]{64}$' });
/** A library item: the file's SHA-256, or `url-` + the SHA-256 of the URL for URL items. */
export const LibraryItemId = Type.String({ pattern: '^(url-)?[0-9a-f]{64}$' });
export const LibraryItemKind = Type.Union([Type.Literal('upload'), Type.Literal('url')]);
export const LibraryItemState = Type.Union([
  Type.Literal('uploading'),
  Type.Literal('processing'),
  Type.Literal('ready'),
  Type.Literal('failed'),
]);
const Fraction = Type.Number({ minimum: 0, maximum: 1 });
const ByteCount = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/** What ffprobe found in an uploaded file. */
export const LibraryMediaInfo = Type.Object(
  {
    codec: Type.String({ maxLength: 64 }),
    width: Type.Integer({ minimum: 0, maximum: 100_000 }),
    height: Type.Integer({ minimum: 0, maximum: 100_000 }),
    fps: Type.Number({ minimum: 0, maximum: 1000 }),
    frames: Type.Integer({ minimum: 0, maximum: WIRE_LIMITS.maxFrame }),
    durationS: Type.Number({ minimum: 0 }),
    startFrame: FrameIndex,
    startTimecode: Type.Optional(Type.String({ maxLength: 32 })),
    hasAudio: Type.Boolean(),
  },
  closed,
);

/** The browser proxy the server makes when browsers cannot decode the original. */
export const LibraryProxy = Type.Object(
  {
    state: Type.Union([
      Type.Literal('pending'),
      Type.Literal('running'),
      Type.Literal('ready'),
      Type.Literal('failed'),
    ]),
    progress: Type.Optional(Fraction),
    error: Type.Optional(Type.String({ maxLength: 500 })),
  },
  closed,
);

/** A look file the server recognised (docs/color.md): a .cube LUT or an ASC CDL (.cdl/.cc/.ccc). */
export const LookFileKind = Type.Union([Type.Literal('cube'), Type.Literal('cdl')]);

/** One shot in the room's media library (docs/media-library.md). */
export const LibraryItem = Type.Object(
  {
    id: LibraryItemId,
    kind: LibraryItemKind,
    /** Sanitised by the server: no path separators or control characters. */
    name: Type.String({ minLength: 1, maxLength: WIRE_LIMITS.maxNameLength }),
    size: ByteCount,
    addedBy: UserId,
    addedByName: Type.String({ maxLength: 64 }),
    addedAt: Type.Number(),
    state: LibraryItemState,
    /** 0..1 of the current state (upload, processing). */
    progress: Type.Optional(Fraction),
    error: Type.Optional(
      Type.Object(
        { code: Type.String({ maxLength: 64 }), message: Type.String({ maxLength: 500 }) },
        closed,
      ),
    ),
    /** URL items only: http(s). */
    url: Type.Optional(Type.String({ maxLength: WIRE_LIMITS.maxUrlLength })),
    media: Type.Optional(LibraryMediaInfo),
    proxy: Type.Optional(LibraryProxy),
    /** Set for look files (LUT, CDL): not a shot, applied through the color panel. */
    look: Type.Optional(LookFileKind),
    thumbnail: Type.Boolean(),
    browserPlayable: Type.Boolean(),
  },
  closed,
);

/** What a client sends to register an item (before its upload). */
export const LibraryItemInput = Type.Object(
  {
    id: LibraryItemId,
    kind: LibraryItemKind,
    name: Type.String({ minLength: 1, maxLength: WIRE_LIMITS.maxNameLength }),
    size: ByteCount,
    url: Type.Optional(Type.String({ maxLength: WIRE_LIMITS.maxUrlLength })),
  },
  closed,
);

/** The room's media library: its items and whether participants (not only the host) may add. */
export const RoomLibrary = Type.Object(
  {
    items: Type.Array(LibraryItem, { maxItems: WIRE_LIMITS.maxLibraryItems }),
    participantsMayAdd: Type.Boolean(),
  },
  closed,
);

export type LibraryItemKind = Static<typeof LibraryItemKind>;
export type LibraryItemState = Static<typeof LibraryItemState>;
export type LibraryMediaInfo = Static<typeof LibraryMediaInfo>;
export type LibraryProxy = Static<typeof LibraryProxy>;
export type LibraryItem = Static<typeof LibraryItem>;
export type LookFileKind = Static<typeof LookFileKind>;
export type LibraryItemInput = Static<typeof LibraryItemInput>;
export type RoomLibrary = Static<typeof RoomLibrary>;
