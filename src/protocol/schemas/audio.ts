// The Audio category's wire shapes: volume and mute, and per media the slip of its own sound
// and an attached soundtrack (docs/audio.md).
import Type, { type Static } from 'typebox';
import { closed } from './envelope';
import { WIRE_LIMITS } from './primitives';

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

export type AudioState = Static<typeof AudioState>;
export type AudioLevels = Static<typeof AudioLevels>;
export type Soundtrack = Static<typeof Soundtrack>;
export type MediaAudioSettings = Static<typeof MediaAudioSettings>;
