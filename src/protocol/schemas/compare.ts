// A/B compare and stereo: the room's two-source display settings (docs/compare.md). Each is a
// sync category of its own: `compare` (mode, the B source, wipe, difference gain, blend) and
// `stereo` (how the source carries the eyes, how they are shown, eye swap, convergence).
import Type, { type Static } from 'typebox';
import { closed } from './envelope';
import { PlaylistSource } from './playlist';

export const CompareMode = Type.Union([
  Type.Literal('off'),
  Type.Literal('wipe'),
  Type.Literal('split'),
  Type.Literal('sideBySide'),
  Type.Literal('overUnder'),
  Type.Literal('difference'),
  Type.Literal('blend'),
  Type.Literal('toggle'),
]);

/** The B source: a room library item, or a local file by its fingerprint (each opens their own). */
export const CompareSource = Type.Union([PlaylistSource, Type.Null()]);

export const CompareState = Type.Object(
  {
    mode: CompareMode,
    /** What A is compared with (null: none chosen yet). */
    source: CompareSource,
    /**
     * The wipe divider: a point of the picture in image fractions (0..1 from the top left) and
     * the divider's angle in degrees (0: vertical, A left of it; 90: horizontal, A above it).
     */
    wipe: Type.Object(
      {
        x: Type.Number({ minimum: 0, maximum: 1 }),
        y: Type.Number({ minimum: 0, maximum: 1 }),
        angle: Type.Number({ minimum: -180, maximum: 180 }),
      },
      closed,
    ),
    /** Difference mode: |A − B| × gain. */
    gain: Type.Number({ minimum: 1, maximum: 64 }),
    /** Blend (onion skin): B's opacity over A. */
    blend: Type.Number({ minimum: 0, maximum: 1 }),
    /** Quick A/B toggle: which source is shown. */
    show: Type.Union([Type.Literal('A'), Type.Literal('B')]),
  },
  closed,
);

/** How the source carries the two eyes. */
export const StereoInput = Type.Union([
  /** One picture packed with both eyes: left eye left. */
  Type.Literal('sideBySide'),
  /** One picture packed with both eyes: left eye on top. */
  Type.Literal('overUnder'),
  /** Two files: A is the left eye, the compare source B the right. */
  Type.Literal('twoFiles'),
]);

export const StereoDisplay = Type.Union([
  Type.Literal('off'),
  Type.Literal('left'),
  Type.Literal('right'),
  Type.Literal('sideBySide'),
  Type.Literal('overUnder'),
  Type.Literal('anaglyph'),
  Type.Literal('checkerboard'),
  Type.Literal('rows'),
  Type.Literal('mirror'),
]);

export const StereoState = Type.Object(
  {
    input: StereoInput,
    display: StereoDisplay,
    swapEyes: Type.Boolean(),
    /** Horizontal offset of the right eye against the left, in image px (+: right eye right). */
    convergence: Type.Number({ minimum: -1000, maximum: 1000 }),
  },
  closed,
);

export type CompareMode = Static<typeof CompareMode>;
export type CompareSource = Static<typeof CompareSource>;
export type CompareState = Static<typeof CompareState>;
export type StereoInput = Static<typeof StereoInput>;
export type StereoDisplay = Static<typeof StereoDisplay>;
export type StereoState = Static<typeof StereoState>;

export const DEFAULT_COMPARE: Readonly<CompareState> = Object.freeze({
  mode: 'off',
  source: null,
  wipe: { x: 0.5, y: 0.5, angle: 0 },
  gain: 4,
  blend: 0.5,
  show: 'A',
});

export const DEFAULT_STEREO: Readonly<StereoState> = Object.freeze({
  input: 'sideBySide',
  display: 'off',
  swapEyes: false,
  convergence: 0,
});

/** The room's compare settings (absent in rooms older than compare: the defaults). */
export function roomCompare(state: { compare?: CompareState }): CompareState {
  return state.compare ?? { ...DEFAULT_COMPARE, wipe: { ...DEFAULT_COMPARE.wipe } };
}

/** The room's stereo settings (absent in older rooms: the defaults). */
export function roomStereo(state: { stereo?: StereoState }): StereoState {
  return state.stereo ?? { ...DEFAULT_STEREO };
}

/** A deep copy (the reducer never shares objects between states). */
export function copyCompare(compare: CompareState): CompareState {
  const { source } = compare;
  return {
    ...compare,
    wipe: { ...compare.wipe },
    source:
      source === null
        ? null
        : source.kind === 'library'
          ? { ...source }
          : { kind: 'local', media: { ...source.media } },
  };
}
