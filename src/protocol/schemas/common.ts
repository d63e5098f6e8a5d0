// Over 400 lines: every shared wire shape in one schema module (the JSON Schema generator reads it whole).
// Shared wire shapes (motion, view, color, annotations, notes, media, users, room state),
// matching the player's Playback and Viewer contracts field for field.
import Type, { type Static } from 'typebox';
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
const Coordinate = Type.Number({ minimum: -1e7, maximum: 1e7 });

const closed = { additionalProperties: false } as const;

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
]);
/** Frame guides over the picture: the action/title safe areas and an aspect mask (null: none). */
export const FrameGuides = Type.Object(
  { safeAreas: Type.Boolean(), mask: Type.Union([AspectMask, Type.Null()]) },
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
  },
  closed,
);

/** How a source's code values become scene-linear Rec.709 (docs/color.md lists the formulas). */
export const InputColorSpace = Type.Union([
  Type.Literal('auto'),
  Type.Literal('srgb'),
  Type.Literal('rec709'),
  Type.Literal('linear-rec709'),
  Type.Literal('acescg'),
  Type.Literal('aces2065-1'),
  Type.Literal('acescct'),
  Type.Literal('arri-logc3'),
  Type.Literal('sony-slog3'),
]);
/** Where a source's CDL and look LUT act: on scene-linear values, or ACEScct-encoded ones. */
export const LookSpace = Type.Union([Type.Literal('linear'), Type.Literal('acescct')]);
/** The room's display (view) transform: scene-linear Rec.709 to display code values. */
export const DisplayTransform = Type.Union([
  Type.Literal('srgb'),
  Type.Literal('rec709'),
  Type.Literal('p3'),
  Type.Literal('none'),
]);
const Triple = (min: number, max: number) =>
  Type.Array(Type.Number({ minimum: min, maximum: max }), { minItems: 3, maxItems: 3 });
/** An ASC CDL: out = (in × slope + offset)^power, then saturation about Rec.709 luma. */
export const Cdl = Type.Object(
  {
    slope: Triple(0, 100),
    offset: Triple(-10, 10),
    power: Triple(0.01, 100),
    saturation: Type.Number({ minimum: 0, maximum: 100 }),
  },
  closed,
);
/** A LUT file in the room library: its SHA-256 (the library id) and its file name. */
export const LutRef = Type.Object(
  {
    id: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    name: Type.String({ minLength: 1, maxLength: WIRE_LIMITS.maxNameLength }),
  },
  closed,
);
const Adjust = Type.Number({ minimum: -100, maximum: 100 });
const GRADE_FIELDS = {
  exposure: Adjust,
  gamma: Adjust,
  contrast: Adjust,
  saturation: Adjust,
  brightness: Adjust,
  temperature: Adjust,
  tint: Adjust,
};
/** The seven grade controls (the color panel's sliders). */
export const GradeControls = Type.Object(GRADE_FIELDS, closed);

/** One source's look, keyed in LookState.sources by the source's fingerprint. */
export const SourceLook = Type.Object(
  {
    /** The grade sliders this source was left at (absent: all at their defaults). */
    grade: Type.Optional(GradeControls),
    inputSpace: InputColorSpace,
    lookSpace: LookSpace,
    cdl: Type.Optional(Cdl),
    lut: Type.Optional(LutRef),
  },
  closed,
);
/** The display stage every source goes through. */
export const DisplaySettings = Type.Object(
  {
    transform: DisplayTransform,
    lut: Type.Optional(LutRef),
    falseColor: Type.Boolean(),
    zebra: Type.Boolean(),
  },
  closed,
);
/** Per-source looks (by media fingerprint) and the display stage: the Color category's looks. */
export const LookState = Type.Object(
  {
    sources: Type.Record(Type.String({ minLength: 1, maxLength: 320 }), SourceLook, {
      maxProperties: 500,
    }),
    display: DisplaySettings,
  },
  closed,
);

/**
 * The Color category's state: the seven grade controls of the source on screen, and (optional on
 * the wire, so states from older players parse) the per-source looks and the display stage.
 */
export const ColorAdjustments = Type.Object(
  { ...GRADE_FIELDS, look: Type.Optional(LookState) },
  closed,
);

/** Volume and mute: what `sync.audio` carries. */
export const AudioLevels = Type.Object(
  { volume: Type.Number({ minimum: 0, maximum: 1 }), muted: Type.Boolean() },
  closed,
);

/** Audio offsets (ms; positive: the sound is heard later than the picture), within ±1 hour. */
export const AudioOffsetMs = Type.Number({ minimum: -3_600_000, maximum: 3_600_000 });
/** Which media an audio setting is for: its fingerprint (SHA-256 hex) as the room knows it. */
export const AudioMediaKey = Type.String({ pattern: '^[A-Za-z0-9:._-]{1,128}$' });

/** A separate sound file played with the picture: a room library item, with its offset. */
export const Soundtrack = Type.Object(
  {
    /** The room library item (the file's SHA-256): every member fetches it from there. */
    id: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    name: Type.String({ minLength: 1, maxLength: WIRE_LIMITS.maxNameLength }),
    /** Picture time (ms from the media's first frame) at which the soundtrack's first sample plays. */
    offsetMs: AudioOffsetMs,
  },
  closed,
);

/** One media's audio settings: the slip of its own sound, and an attached soundtrack. */
export const MediaAudioSettings = Type.Object(
  { slipMs: AudioOffsetMs, soundtrack: Type.Optional(Soundtrack) },
  closed,
);

/** `sync.audioTrack` (both ways): one media's audio settings; null clears them. */
export const AudioTrackChange = Type.Object(
  { media: AudioMediaKey, settings: Type.Union([MediaAudioSettings, Type.Null()]) },
  closed,
);

/** Most media with audio settings a room keeps. */
export const MAX_AUDIO_TRACKS = 500;

export const AudioState = Type.Object(
  {
    volume: Type.Number({ minimum: 0, maximum: 1 }),
    muted: Type.Boolean(),
    /** Per media (AudioMediaKey): slip and soundtrack. Absent: none set. */
    tracks: Type.Optional(
      Type.Record(AudioMediaKey, MediaAudioSettings, {
        maxProperties: MAX_AUDIO_TRACKS,
        additionalProperties: false,
      }),
    ),
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
  },
  closed,
);

/** Host-set: per user id, the categories that user may not send (the server refuses them). */
export const SendLocks = Type.Record(
  Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
  Type.Array(SyncCategorySchema, { maxItems: 8, uniqueItems: true }),
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
export type AspectMask = Static<typeof AspectMask>;
export type ColorAdjustments = Static<typeof ColorAdjustments>;
export type InputColorSpace = Static<typeof InputColorSpace>;
export type LookSpace = Static<typeof LookSpace>;
export type DisplayTransform = Static<typeof DisplayTransform>;
export type Cdl = Static<typeof Cdl>;
export type LutRef = Static<typeof LutRef>;
export type SourceLook = Static<typeof SourceLook>;
export type GradeControls = Static<typeof GradeControls>;
export type DisplaySettings = Static<typeof DisplaySettings>;
export type LookState = Static<typeof LookState>;
export type AudioState = Static<typeof AudioState>;
export type AudioLevels = Static<typeof AudioLevels>;
export type Soundtrack = Static<typeof Soundtrack>;
export type MediaAudioSettings = Static<typeof MediaAudioSettings>;
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
export type LibraryItemKind = Static<typeof LibraryItemKind>;
export type LibraryItemState = Static<typeof LibraryItemState>;
export type LibraryMediaInfo = Static<typeof LibraryMediaInfo>;
export type LibraryProxy = Static<typeof LibraryProxy>;
export type LibraryItem = Static<typeof LibraryItem>;
export type LookFileKind = Static<typeof LookFileKind>;
export type LibraryItemInput = Static<typeof LibraryItemInput>;
export type RoomLibrary = Static<typeof RoomLibrary>;
