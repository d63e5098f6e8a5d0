// Shared wire shapes (motion, view, annotations, notes, media, live cursors and strokes, sync
// categories, room settings, users, the room seed), matching the player's Playback and Viewer
// contracts field for field. The ground (limits, ids) is in primitives.ts; color, audio and the
// media library have files of their own, re-exported here.
import Type, { type Static } from 'typebox';
import { closed } from './envelope';
import { CssColor, Frame, FrameIndex, ItemId, UserId, WIRE_LIMITS } from './primitives';
import { ColorAdjustments } from './color';
import { AudioState } from './audio';

export * from './primitives';
export * from './color';
export * from './audio';
export * from './library';

const Coordinate = Type.Number({ minimum: -1e7, maximum: 1e7 });

export const LoopMode = Type.Union([
  Type.Literal('loop'),
  Type.Literal('once'),
  Type.Literal('pingpong'),
]);
export const PlayDirection = Type.Union([Type.Literal(1), Type.Literal(-1)]);

/** Playback speed range (a factor of the media fps): the wire limit and the player's clamp. */
export const MIN_SPEED = 0.05;
export const MAX_SPEED = 16;

/**
 * The shared-timeline motion (see docs/architecture.md): everything needed to know the frame
 * at any time. The player's Motion type (src/core/playback/motion.ts) is this schema's type.
 */
export const Motion = Type.Object(
  {
    playing: Type.Boolean(),
    /** Position at `anchorTime`; may be fractional (a mid-frame re-anchor keeps the phase). */
    anchorFrame: Frame,
    /** Milliseconds on the session clock (the server clock when synced). */
    anchorTime: Type.Number({ minimum: 0, description: 'Server clock, ms' }),
    fps: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    speed: Type.Number({ minimum: MIN_SPEED, maximum: MAX_SPEED }),
    direction: PlayDirection,
    loopMode: LoopMode,
    /** Inclusive integer play range. */
    inPoint: Frame,
    outPoint: Frame,
  },
  closed,
);

export const ChannelMode = Type.Union([
  Type.Literal('rgb'),
  Type.Literal('red'),
  Type.Literal('green'),
  Type.Literal('blue'),
  Type.Literal('alpha'),
  Type.Literal('luminance'),
]);

/** Delivery aspect ratios a mask can frame (docs/scopes.md). */
export const AspectMask = Type.Union([
  Type.Literal('1.33'),
  Type.Literal('1.78'),
  Type.Literal('1.85'),
  Type.Literal('2.00'),
  Type.Literal('2.39'),
  Type.Literal('1.00'),
  /** A custom ratio (width / height), e.g. 1.66. */
  Type.Number({ minimum: 0.5, maximum: 4 }),
]);
/** Frame guides over the picture: the action/title safe areas and an aspect mask (null: none). */
export const FrameGuides = Type.Object(
  { safeAreas: Type.Boolean(), mask: Type.Union([AspectMask, Type.Null()]) },
  closed,
);

/**
 * How the picture is shown (the Image format category, docs/image-format.md): pixel aspect ratio
 * (null: the file's own), clockwise rotation in 90° steps, flip (upside down) and flop (mirrored
 * left-right), and the opacity of the aspect mask's bars (the mask itself is `guides.mask`).
 */
export const ImageFormat = Type.Object(
  {
    pixelAspect: Type.Union([Type.Number({ minimum: 0.1, maximum: 10 }), Type.Null()]),
    rotation: Type.Union([Type.Literal(0), Type.Literal(90), Type.Literal(180), Type.Literal(270)]),
    flip: Type.Boolean(),
    flop: Type.Boolean(),
    maskOpacity: Type.Number({ minimum: 0, maximum: 1 }),
  },
  closed,
);

export const ViewState = Type.Object(
  {
    zoom: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    pan: Type.Object({ x: Coordinate, y: Coordinate }, closed),
    fit: Type.Boolean(),
    channel: ChannelMode,
    /** Travels with the region (the View category); absent from players before the guides. */
    guides: Type.Optional(FrameGuides),
    /** The Image format category; absent from players before it (leaves the format as it is). */
    format: Type.Optional(ImageFormat),
  },
  closed,
);

export const AnnotationTool = Type.Union([
  Type.Literal('pen'),
  Type.Literal('eraser'),
  Type.Literal('line'),
  Type.Literal('arrow'),
  Type.Literal('rectangle'),
  Type.Literal('ellipse'),
  Type.Literal('text'),
]);

/** Flat [x0, y0, p0, x1, y1, p1, …] in image pixels; p is pen pressure 0–1 (0.5 when unknown). */
const StrokePoints = Type.Array(Coordinate, { maxItems: WIRE_LIMITS.maxStrokePoints * 3 });

const annotationFields = {
  id: ItemId,
  frame: FrameIndex,
  tool: AnnotationTool,
  color: CssColor,
  width: Type.Number({ minimum: 0.1, maximum: 1000 }),
  points: StrokePoints,
  text: Type.Optional(Type.String({ maxLength: WIRE_LIMITS.maxTextLength })),
  fontSize: Type.Optional(Type.Number({ minimum: 1, maximum: 2000 })),
  /**
   * The media the drawing was made on (its fingerprint, as a note's `media`): players show it only
   * over that media, so each playlist item keeps its own drawings. Absent (older players): shown
   * over any media.
   */
  media: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })),
};

/** An annotation as a client sends it (the server stamps author and createdAt). */
export const AnnotationInput = Type.Object(annotationFields, closed);
/** A stored annotation. */
export const Annotation = Type.Object(
  { ...annotationFields, author: UserId, createdAt: Type.Number() },
  closed,
);

const noteFields = {
  id: ItemId,
  frame: FrameIndex,
  endFrame: Type.Optional(FrameIndex),
  text: Type.String({ minLength: 1, maxLength: WIRE_LIMITS.maxNoteLength }),
  /**
   * The media the note was written on: its fingerprint, or `name|first-last|WxH` while the
   * fingerprint was still being computed. Players list a note only with that media open; absent
   * in notes from older players (shown with any media).
   */
  media: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })),
};
export const NoteInput = Type.Object(noteFields, closed);
export const Note = Type.Object(
  { ...noteFields, author: UserId, createdAt: Type.Number(), updatedAt: Type.Number() },
  closed,
);

/** What media the host shows, so participants can check they have the same file. */
export const MediaDescriptor = Type.Object(
  {
    name: Type.String({ maxLength: WIRE_LIMITS.maxNameLength }),
    frameStart: FrameIndex,
    frameEnd: FrameIndex,
    fps: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    width: Type.Integer({ minimum: 0, maximum: 100_000 }),
    height: Type.Integer({ minimum: 0, maximum: 100_000 }),
    fingerprint: Type.Optional(Type.String({ maxLength: 128 })),
    hasAudio: Type.Optional(Type.Boolean()),
  },
  closed,
);

/** Ephemeral pointer position in image pixels (the server adds the user's color). */
export const LiveCursorFields = {
  x: Coordinate,
  y: Coordinate,
  frame: FrameIndex,
  visible: Type.Boolean(),
  /** The laser pointer: receivers draw a fading trail behind it (absent: an ordinary pointer). */
  laser: Type.Optional(Type.Boolean()),
  /** The pixel probe: receivers mark the point and read the picture's values there (absent: off). */
  probe: Type.Optional(Type.Boolean()),
};

/** Ephemeral stroke in progress: the points added since the previous message. */
export const LiveStroke = Type.Object(
  {
    strokeId: ItemId,
    frame: FrameIndex,
    tool: AnnotationTool,
    color: CssColor,
    width: Type.Number({ minimum: 0.1, maximum: 1000 }),
    points: Type.Array(Coordinate, { maxItems: WIRE_LIMITS.maxLiveStrokePoints * 3 }),
    done: Type.Boolean(),
  },
  closed,
);

/**
 * The sync categories (the spec's optional sync elements plus playback and audio). In/out, loop
 * mode and channel mode are fields of the motion and the view on the wire; which category a
 * change touches is found by comparing it with the room's state (src/protocol/syncCategories.ts).
 */
export const SyncCategorySchema = Type.Union([
  Type.Literal('playback'),
  Type.Literal('view'),
  Type.Literal('inout'),
  Type.Literal('loop'),
  Type.Literal('channel'),
  Type.Literal('color'),
  Type.Literal('annotations'),
  Type.Literal('audio'),
  Type.Literal('compare'),
  Type.Literal('stereo'),
  Type.Literal('format'),
]);

/**
 * Which categories a member follows (the player's sync checkboxes). In/out, loop and channel are
 * optional: rooms created before they were categories of their own lack them (read as off).
 */
export const SyncDefaults = Type.Object(
  {
    playback: Type.Boolean(),
    view: Type.Boolean(),
    inout: Type.Optional(Type.Boolean()),
    loop: Type.Optional(Type.Boolean()),
    channel: Type.Optional(Type.Boolean()),
    color: Type.Boolean(),
    annotations: Type.Boolean(),
    audio: Type.Boolean(),
    compare: Type.Optional(Type.Boolean()),
    stereo: Type.Optional(Type.Boolean()),
    /** Optional: rooms created before the Image format category lack it (read as on). */
    format: Type.Optional(Type.Boolean()),
  },
  closed,
);

/** Host-set: per user id, the categories that user may not send (the server refuses them). */
export const SendLocks = Type.Record(
  Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
  Type.Array(SyncCategorySchema, { maxItems: 16, uniqueItems: true }),
  { maxProperties: 1000, additionalProperties: false },
);

export const RoomSettings = Type.Object(
  {
    /** Playback changes are host-only. */
    presentationMode: Type.Boolean(),
    /** Participants may erase/edit others' annotations and notes (the host always may). */
    othersCanEdit: Type.Boolean(),
    /** Play starts only when every present user reports media `ready`. */
    waitForEveryone: Type.Boolean(),
    /**
     * The host's sync settings for people who join (absent: the spec's defaults, playback and
     * view on). Applied to a joiner's categories the joiner has not chosen.
     */
    joinDefaults: Type.Optional(SyncDefaults),
    /** Users the host stopped from sending some categories (absent: nobody). */
    sendLocks: Type.Optional(SendLocks),
  },
  closed,
);
export const RoomSettingsPatch = Type.Partial(RoomSettings);

export const Role = Type.Union([
  Type.Literal('host'),
  Type.Literal('participant'),
  Type.Literal('viewer'),
]);
export const AssignableRole = Type.Union([Type.Literal('participant'), Type.Literal('viewer')]);
export const PresenceStatus = Type.Union([Type.Literal('active'), Type.Literal('idle')]);
export const MediaStatus = Type.Union([
  Type.Literal('none'),
  Type.Literal('loading'),
  Type.Literal('ready'),
  Type.Literal('missing'),
  Type.Literal('mismatch'),
]);

export const User = Type.Object(
  {
    userId: UserId,
    displayName: Type.String({ maxLength: 64 }),
    color: CssColor,
    role: Role,
    /** False during the reconnect grace period after a drop. */
    connected: Type.Boolean(),
    /** Server clock ms when the user joined (the longest-present participant inherits host). */
    joinedAt: Type.Number(),
    status: PresenceStatus,
    mediaStatus: MediaStatus,
  },
  closed,
);

/**
 * Initial state the creator may seed the room with: what the player shows, nothing else (no
 * annotations, notes or settings: those go through their own checked messages). Closed, so an
 * unknown or forged field is refused rather than stored.
 */
export const RoomStateSeed = Type.Partial(
  Type.Object(
    {
      motion: Motion,
      view: ViewState,
      color: ColorAdjustments,
      audio: AudioState,
      media: Type.Union([MediaDescriptor, Type.Null()]),
    },
    closed,
  ),
);

export type LoopMode = Static<typeof LoopMode>;
export type PlayDirection = Static<typeof PlayDirection>;
export type Motion = Static<typeof Motion>;
export type ChannelMode = Static<typeof ChannelMode>;
export type ViewState = Static<typeof ViewState>;
export type FrameGuides = Static<typeof FrameGuides>;
export type ImageFormat = Static<typeof ImageFormat>;
export type AspectMask = Static<typeof AspectMask>;
export type AnnotationTool = Static<typeof AnnotationTool>;
export type AnnotationInput = Static<typeof AnnotationInput>;
export type Annotation = Static<typeof Annotation>;
export type NoteInput = Static<typeof NoteInput>;
export type Note = Static<typeof Note>;
export type MediaDescriptor = Static<typeof MediaDescriptor>;
export type SyncDefaults = Static<typeof SyncDefaults>;
export type SyncCategory = Static<typeof SyncCategorySchema>;
export type SendLocks = Static<typeof SendLocks>;
export type RoomSettings = Static<typeof RoomSettings>;
export type RoomSettingsPatch = Static<typeof RoomSettingsPatch>;
export type Role = Static<typeof Role>;
export type AssignableRole = Static<typeof AssignableRole>;
export type PresenceStatus = Static<typeof PresenceStatus>;
export type MediaStatus = Static<typeof MediaStatus>;
export type User = Static<typeof User>;
export type RoomStateSeed = Static<typeof RoomStateSeed>;
export type LiveStroke = Static<typeof LiveStroke>;
