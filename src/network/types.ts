// Shared types of the client sync engine: states, settings, events, and the minimal structural
// interfaces it needs from the Playback, the Viewer, sockets and storage (so network/ stays DOM-free).
import type { Clock } from '../core/clock';
import type { Motion } from '../core/playback/motion';
import type {
  Annotation,
  AudioState,
  ChannelMode,
  ColorAdjustments,
  ErrorCode,
  FrameGuides,
  ImageFormat,
  LiveStroke,
  MediaDescriptor,
  Note,
  Role,
  RoomSettings,
  User,
  ViewState,
  RoomLibrary,
  RoomPlaylist,
  CompareState,
  StereoState,
} from '../protocol/index';

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';
export type SyncStatus = 'synced' | 'syncing' | 'conflict' | 'offline';

/**
 * The category checkboxes: on when the category is both sent and accepted (the simple way;
 * `SyncDirections` says each direction separately).
 */
export interface SyncSettings {
  playback: boolean;
  view: boolean;
  /** In/out points (off by default). */
  inout: boolean;
  /** Loop mode (off by default). */
  loop: boolean;
  /** Channel mode (off by default). */
  channel: boolean;
  color: boolean;
  annotations: boolean;
  /** Volume and mute (off by default). */
  audio: boolean;
  /** A/B compare: mode, B source, wipe (off by default, like every optional category). */
  compare: boolean;
  /** Stereo display (off by default: it depends on each viewer's display and glasses). */
  stereo: boolean;
  /** Image format: pixel aspect, rotation, flip/flop, aspect mask (on by default). */
  format: boolean;
}
export type SyncCategory = keyof SyncSettings;

/** RV's send/accept: share my changes of a category, follow the room's. */
export interface SyncDirection {
  send: boolean;
  accept: boolean;
}
export type SyncDirections = Record<SyncCategory, SyncDirection>;

/** Spec NET-070: playback and view on, the others off (and the later Image format on). */
export const DEFAULT_SYNC_SETTINGS: Readonly<SyncSettings> = Object.freeze({
  playback: true,
  view: true,
  inout: false,
  loop: false,
  channel: false,
  color: false,
  annotations: false,
  audio: false,
  compare: false,
  stereo: false,
  // How the picture is shown (aspect, rotation, mask) is part of what everyone reviews, like
  // the view; the aspect mask synced with the view before it had a category of its own.
  format: true,
});

/** Both directions of every category as the checkboxes say. */
export function directionsOf(settings: SyncSettings): SyncDirections {
  const directions = {} as SyncDirections;
  for (const key of Object.keys(settings) as SyncCategory[])
    directions[key] = { send: settings[key], accept: settings[key] };
  return directions;
}

/** Errors the client raises itself, beside the server's protocol error codes. */
export type ClientErrorCode =
  | 'INVALID_ROOM_CODE'
  | 'CONNECTION_FAILED'
  | 'CONNECTION_LOST'
  | 'HEARTBEAT_TIMEOUT'
  | 'NOT_CONNECTED'
  | 'REQUEST_TIMEOUT'
  | 'ROOM_LOST'
  | 'DISPOSED';
export type NetworkErrorCode = ErrorCode | ClientErrorCode;

/** A typed failure; `message` is for logs, the UI picks its own text by `code`. */
export class NetworkError extends Error {
  constructor(
    readonly code: NetworkErrorCode,
    detail?: string,
  ) {
    super(detail && detail !== code ? `${code}: ${detail}` : code);
    this.name = 'NetworkError';
  }
}

export interface RoomInfo {
  roomId: string;
  userId: string;
  role: Role;
  pinProtected: boolean;
  capacity: number;
}

/** The part of Playback the sync engine drives (Playback satisfies it structurally). */
export interface PlaybackTarget {
  readonly motion: Motion;
  readonly clock: Clock;
  /** Volume and mute, to seed a room when audio sync is on (Playback has them). */
  readonly volume?: number;
  readonly muted?: boolean;
  /**
   * The media shown (Playback has it): a motion change that comes with new media is the reset
   * of opening it, which the room's own motion for that media replaces (PlayerSync).
   */
  readonly media?: { readonly info: OpenedMedia } | null;
  applyMotion(motion: Motion): void;
  setClock(clock: Clock): void;
  on(event: 'motionChanged', listener: (motion: Motion) => void): () => void;
}

/** What PlayerSync compares with the room's media descriptor. */
export interface OpenedMedia {
  readonly name: string;
  readonly frameStart: number;
  readonly frameEnd: number;
  readonly fingerprint: string | null;
}

/** The part of the Viewer the sync engine drives (Viewer satisfies it structurally; no DOM here). */
export interface ViewTarget {
  readonly viewState: ViewState;
  readonly color: ColorAdjustments;
  /** The zoom at which the image fits the viewer (view sync sends zoom relative to it). */
  readonly fitZoom?: number;
  setZoom(zoom: number): void;
  setPan(x: number, y: number): void;
  fit(): void;
  setChannel(mode: ChannelMode): void;
  setColor(partial: Partial<ColorAdjustments>): void;
  /** Frame guides (safe areas, aspect mask): optional, a target without them ignores them. */
  setGuides?(guides: FrameGuides): void;
  /** The image format (a target with it emits 'formatChanged'): optional like the guides. */
  setFormat?(format: ImageFormat): void;
  on(event: 'guidesChanged', listener: (guides: FrameGuides) => void): () => void;
  on(event: 'zoomChanged', listener: (zoom: number) => void): () => void;
  on(event: 'panChanged', listener: (pan: { x: number; y: number }) => void): () => void;
  on(event: 'channelChanged', listener: (mode: ChannelMode) => void): () => void;
  on(event: 'colorChanged', listener: (color: ColorAdjustments) => void): () => void;
}

/** The subset of the browser WebSocket API used here (`ws` in Node provides it too). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

/** sessionStorage-like persistence (a page reload can resume the room). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Where `online` events come from (the browser window); absent in Node. */
export interface OnlineEventSource {
  addEventListener(type: 'online', listener: () => void): void;
  removeEventListener(type: 'online', listener: () => void): void;
}

export type NetworkSyncEvents = {
  connectionStateChanged: ConnectionState;
  syncStatusChanged: SyncStatus;
  usersChanged: readonly User[];
  userJoined: User;
  userLeft: User;
  roomJoined: RoomInfo;
  roomLeft: { roomId: string };
  /** The room is over (host ended it, it expired, or it could not be recovered). */
  roomEnded: { roomId: string; reason: 'host' | 'idle' | 'server' | 'lost' | 'removed' };
  /** The host changed the room's PIN (`pinProtected`: whether new joiners need one). */
  roomPinChanged: { pinProtected: boolean };
  /** The server lost the room (restart without persistence); the host re-created it under a new code. */
  roomRecreated: { previousRoomId: string; roomId: string };
  /** The server lost the room; waiting for its host to restore it (retried until then). */
  waitingForHost: { roomId: string };
  roleChanged: Role;
  /** The categories or their directions changed (see `directions` for send/accept). */
  settingsChanged: SyncSettings;
  /** The host stopped (or let again) this user from sending these categories. */
  sendLocksChanged: readonly SyncCategory[];
  /**
   * `replyTo`: the id of our message the server refused (absent for connection errors);
   * `retryAfterMs`: with RATE_LIMITED, how long the server asks us to wait.
   */
  error: {
    code: NetworkErrorCode;
    message: string;
    replyTo?: string;
    retryAfterMs?: number;
    /** FORBIDDEN by the host's send lock: the category refused. */
    category?: SyncCategory;
  };
  /** Wait for everyone holds a play until these present users are ready (null: no hold). */
  playHoldChanged: PlayHold | null;
  reconnecting: { attempt: number; delayMs: number };
  reconnected: { roomId: string | null };
  reconnectExhausted: { attempts: number };
  /** A local change lost to the room's authority (host authority or an annotation overlap). */
  conflict: { category: SyncCategory; reason: 'stale' | 'overlap' };
  /** A local change was put back: viewers, and participants in presentation mode, cannot steer. */
  changeBlocked: { category: SyncCategory; reason: 'viewer' | 'presentation' | 'locked' };
  /** The room's annotations changed (only while annotation sync is on). */
  annotationsChanged: readonly Annotation[];
  /** The room's notes (after a snapshot or any note change, own ones included). */
  notesChanged: readonly Note[];
  /** What media the room's host shows (after a snapshot or a change). */
  roomMediaChanged: MediaDescriptor | null;
  /** The room's media library changed (items, their states, who may add). */
  libraryChanged: RoomLibrary;
  /** The room's playlist changed (an edit, a move between items, its settings, a snapshot). */
  playlistChanged: RoomPlaylist;
  /** The room's volume/mute (only while audio sync is on). */
  audioChanged: AudioState;
  /** The room's per-media audio slips and soundtracks (while the Audio category accepts). */
  audioTracksChanged: NonNullable<AudioState['tracks']>;
  /** The room's settings (presentation mode, others-can-edit, wait-for-everyone). */
  roomSettingsChanged: RoomSettings;
  /** The room's A/B compare settings (while the Compare category accepts). */
  compareChanged: CompareState;
  /** The room's stereo settings (while the Stereo category accepts). */
  stereoChanged: StereoState;
  /** Another user's pointer (ephemeral; never stored). */
  remoteCursor: RemoteCursor;
  /** Points of another user's stroke in progress (ephemeral). */
  remoteStroke: LiveStroke & { userId: string };
};

export interface PlayHold {
  /** Who asked to play. */
  requestedBy: string;
  /** Present users whose media is not ready yet. */
  userIds: string[];
}

export interface RemoteCursor {
  userId: string;
  x: number;
  y: number;
  frame: number;
  visible: boolean;
  color: string;
  /** Laser mode: a fading trail follows the pointer. */
  laser?: boolean;
  /** The pixel probe: mark the point and read the picture there. */
  probe?: boolean;
}
