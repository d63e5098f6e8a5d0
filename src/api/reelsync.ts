// Over 400 lines: the whole public scripting surface is declared and wired in one place.
// The public scripting object on `window.reelsync` (docs/scripting.md): session and viewer state
// and commands, media info, and typed events, as a thin facade over the app's real objects.
import { version as packageVersion } from '../../package.json';
import type { App } from '../App';
import { nameOfUrl, urlFingerprint } from '../core/media/remoteMedia';
import { createImagesApi, type ReelSyncImagesApi } from './images';
import { createScopesApi, type ReelSyncScopesApi } from './scopes';
import { createPlaylistApi, type ReelSyncPlaylistApi } from './playlist';
import { setStartFrame } from '../core/media/startFrame';
import type { MediaInfo } from '../core/media/types';
import type { LoopMode, Motion, PlayDirection, PlaybackEvents } from '../core/playback/Playback';
import type {
  ChannelMode,
  ColorAdjustments,
  ViewState,
  ViewerEvents,
} from '../ui/components/Viewer';
import type {
  ConnectionState,
  NetworkSyncEvents,
  PlayHold,
  RoomInfo,
  SyncCategory,
  SyncDirection,
  SyncDirections,
  SyncSettings,
  SyncStatus,
} from '../network/types';
import type {
  Annotation,
  MediaDescriptor,
  Motion as RoomMotion,
  Note,
  RoomLibrary,
  RoomSettings,
  User,
} from '../protocol/index';
import type { Unsubscribe } from '../utils/EventEmitter';
import { buildShareLink } from '../features/room/shareLink';
import { createColorApi, type ReelSyncColorApi } from './color';
import type { LibraryScripting } from '../features/library/scripting';
import type { AudioScripting } from '../features/audio/scripting';

/** Everything `reelsync.on` can listen to: the session's and the viewer's events. */
export type ReelSyncEvents = PlaybackEvents & ViewerEvents;

export interface ReelSyncSessionApi {
  readonly currentFrame: number;
  /** The session-clock instant currentFrame was derived for (the display frame's start). */
  readonly frameTime: number;
  readonly isPlaying: boolean;
  readonly fps: number;
  readonly speed: number;
  readonly direction: PlayDirection;
  readonly loopMode: LoopMode;
  readonly inPoint: number;
  readonly outPoint: number;
  readonly frameStart: number;
  readonly frameEnd: number;
  readonly volume: number;
  readonly muted: boolean;
  /** A copy of the playback motion (anchor frame/time, rate, loop, range). */
  readonly motion: Motion;
  /** The session clock's current time in ms (what motion.anchorTime is measured on). */
  now(): number;
  play(): void;
  pause(): void;
  togglePlayback(): void;
  seek(frame: number): void;
  step(delta: number): void;
  goToStart(): void;
  goToEnd(): void;
  shuttle(direction: PlayDirection): void;
  setSpeed(speed: number): void;
  setDirection(direction: PlayDirection): void;
  setLoopMode(mode: LoopMode): void;
  setInPoint(frame: number): void;
  setOutPoint(frame: number): void;
  resetInOut(): void;
  setVolume(volume: number): void;
  setMuted(muted: boolean): void;
}

export interface ReelSyncViewerApi {
  readonly viewState: ViewState;
  readonly zoom: number;
  readonly pan: { x: number; y: number };
  readonly channel: ChannelMode;
  readonly color: ColorAdjustments;
  /** The frame number actually on screen (trails currentFrame while a video frame decodes). */
  readonly displayedFrame: number | null;
  /** The canvas the image is drawn on. */
  readonly canvas: HTMLCanvasElement;
  setZoom(zoom: number, anchorClient?: { x: number; y: number }): void;
  zoomBy(factor: number, anchorClient?: { x: number; y: number }): void;
  setPan(x: number, y: number): void;
  /** Fits the image to the window and keeps it fitted on resize (viewState.fit). */
  fit(): void;
  actualSize(): void;
  setChannel(mode: ChannelMode): void;
  setColor(partial: Partial<ColorAdjustments>): void;
  resetColor(): void;
  /** Image pixel -> page (client) coordinates, and back. */
  imageToClient(point: { x: number; y: number }): { x: number; y: number };
  clientToImage(point: { x: number; y: number }): { x: number; y: number };
}

export interface ReelSyncMediaApi {
  /** Identity of the current media (a copy), or null. */
  readonly info: MediaInfo | null;
  /** Opens local files like the Open button does; resolves false (with a toast) on failure. */
  open(files: File[]): Promise<boolean>;
  /**
   * Streams a video from an http(s) URL with range requests (no full download); the media's
   * fingerprint is `url-` + the SHA-256 of the URL. Resolves false (with a toast) on failure.
   */
  openUrl(url: string, options?: { name?: string }): Promise<boolean>;
  /**
   * Numbers the video's frames from `frame` (e.g. 1001), as the timeline's Start field does;
   * the picture and timecode stay. Throws an Error saying why for image sequences, the demo clip
   * or a number that is not a whole number from 0 to 1,000,000.
   */
  setStartFrame(frame: number): void;
}

/** Events of `reelsync.network.on` (docs/scripting.md, "Network sync"). */
export type ReelSyncNetworkEvents = NetworkSyncEvents;

export interface ReelSyncNetworkApi {
  readonly connectionState: ConnectionState;
  readonly syncStatus: SyncStatus;
  readonly roomCode: string | null;
  readonly roomInfo: RoomInfo | null;
  readonly userId: string | null;
  readonly isHost: boolean;
  readonly users: readonly User[];
  readonly settings: SyncSettings;
  /** Send (share mine) and accept (follow the room's) per category. */
  readonly directions: SyncDirections;
  /** The categories the host stopped this user from sending. */
  readonly sendLocks: readonly SyncCategory[];
  /** The room's motion as the server last described it (anchorTime on the server clock). */
  readonly roomMotion: RoomMotion | null;
  /** Smoothed round trip to the server, ms. */
  readonly rtt: number | null;
  /** Estimated server − local clock offset, ms. */
  readonly clockOffset: number | null;
  /** 'worker' while the clock is measured off the main thread, 'page' on the page's connection. */
  readonly clockSource: 'worker' | 'page';
  /** The room's annotations (server state; copies). */
  readonly annotations: readonly Annotation[];
  /** The room's notes (server state; copies). */
  readonly notes: readonly Note[];
  /** What the host announced it shows (null: nothing announced). */
  readonly roomMedia: MediaDescriptor | null;
  /** Presentation mode, others-can-edit, wait-for-everyone. */
  /** The room's media library (copies; empty outside a room). */
  readonly library: RoomLibrary;
  readonly roomSettings: RoomSettings;
  /** A play held until these users' media is ready (wait for everyone), or null. */
  readonly playHold: PlayHold | null;
  /** The server clock estimate, ms (the session clock while in a room). */
  serverNow(): number;
  /**
   * The room's share link (null outside a room), on the server's --public-url if it has one,
   * else on the address this page was opened at; with `pin`, the link carries it.
   */
  shareLink(options?: { pin?: string }): string | null;
  createRoom(options?: { displayName?: string; pin?: string }): Promise<RoomInfo>;
  joinRoom(
    code: string,
    pin?: string,
    options?: { displayName?: string; role?: 'participant' | 'viewer' },
  ): Promise<RoomInfo>;
  leaveRoom(): Promise<void>;
  /** Manual reconnect after automatic retries gave up. */
  reconnect(): void;
  /** Snap every enabled category back to the room's state. */
  resync(): void;
  setSettings(patch: Partial<SyncSettings>): void;
  /** E.g. `{ color: { send: false } }`; throws a NetworkError for an unknown category. */
  setDirections(patch: Partial<Record<SyncCategory, Partial<SyncDirection>>>): void;
  /** Host: stop (true) or let again (false) a user send a category; false when not sent. */
  setSendLock(userId: string, category: SyncCategory, locked: boolean): boolean;
  setDisplayName(name: string): void;
  on<K extends keyof ReelSyncNetworkEvents>(
    event: K,
    listener: (payload: ReelSyncNetworkEvents[K]) => void,
  ): Unsubscribe;
}

/** window.reelsync.library: the room library's items, this page's uploads, and its actions. */
export type ReelSyncLibraryApi = LibraryScripting;

export interface ReelSyncApi {
  readonly version: string;
  readonly session: ReelSyncSessionApi;
  readonly viewer: ReelSyncViewerApi;
  readonly media: ReelSyncMediaApi;
  /** OpenEXR/DPX picture settings: layer, overscan (images.ts). */
  readonly images: ReelSyncImagesApi;
  /** Scopes, pixel probe, safe areas and aspect masks (scopes.ts, docs/scopes.md). */
  readonly scopes: ReelSyncScopesApi;
  /** The room's playlist (playlist.ts, docs/playlist.md). */
  readonly playlist: ReelSyncPlaylistApi;
  readonly network: ReelSyncNetworkApi;
  /** The room's media library (docs/media-library.md): list, add, remove, open. */
  readonly library: ReelSyncLibraryApi;
  /** Audio review (docs/audio.md): slip, soundtrack, output capture. */
  readonly audio: AudioScripting;
  /** Looks and the display stage (docs/color.md): input space, CDL, LUTs, false color, zebra. */
  readonly color: ReelSyncColorApi;
  /** Subscribes to a session or viewer event; returns the unsubscribe function. */
  on<K extends keyof ReelSyncEvents>(
    event: K,
    listener: (payload: ReelSyncEvents[K]) => void,
  ): Unsubscribe;
}

const VIEWER_EVENTS: ReadonlySet<string> = new Set<keyof ViewerEvents>([
  'panChanged',
  'zoomChanged',
  'channelChanged',
  'colorChanged',
]);

export function createReelSyncApi(app: App): ReelSyncApi {
  const { session, viewer } = app;
  const sessionApi: ReelSyncSessionApi = {
    get currentFrame() {
      return session.currentFrame;
    },
    get frameTime() {
      return session.frameTime;
    },
    get isPlaying() {
      return session.isPlaying;
    },
    get fps() {
      return session.fps;
    },
    get speed() {
      return session.speed;
    },
    get direction() {
      return session.direction;
    },
    get loopMode() {
      return session.loopMode;
    },
    get inPoint() {
      return session.inPoint;
    },
    get outPoint() {
      return session.outPoint;
    },
    get frameStart() {
      return session.frameStart;
    },
    get frameEnd() {
      return session.frameEnd;
    },
    get volume() {
      return session.volume;
    },
    get muted() {
      return session.muted;
    },
    get motion() {
      return { ...session.motion };
    },
    now: () => session.clock.now(),
    play: () => session.play(),
    pause: () => session.pause(),
    togglePlayback: () => session.togglePlayback(),
    seek: (frame) => session.seek(frame),
    step: (delta) => session.step(delta),
    goToStart: () => session.goToStart(),
    goToEnd: () => session.goToEnd(),
    shuttle: (direction) => session.shuttle(direction),
    setSpeed: (speed) => session.setSpeed(speed),
    setDirection: (direction) => session.setDirection(direction),
    setLoopMode: (mode) => session.setLoopMode(mode),
    setInPoint: (frame) => session.setInPoint(frame),
    setOutPoint: (frame) => session.setOutPoint(frame),
    resetInOut: () => session.resetInOut(),
    setVolume: (volume) => session.setVolume(volume),
    setMuted: (muted) => session.setMuted(muted),
  };

  const viewerApi: ReelSyncViewerApi = {
    get viewState() {
      return viewer.viewState;
    },
    get zoom() {
      return viewer.zoom;
    },
    get pan() {
      return viewer.pan;
    },
    get channel() {
      return viewer.channel;
    },
    get color() {
      return viewer.color;
    },
    get displayedFrame() {
      return app.displayedFrame;
    },
    get canvas() {
      return viewer.canvas;
    },
    setZoom: (zoom, anchor) => viewer.setZoom(zoom, anchor),
    zoomBy: (factor, anchor) => viewer.zoomBy(factor, anchor),
    setPan: (x, y) => viewer.setPan(x, y),
    fit: () => viewer.fit(),
    actualSize: () => viewer.actualSize(),
    setChannel: (mode) => viewer.setChannel(mode),
    setColor: (partial) => viewer.setColor(partial),
    resetColor: () => viewer.resetColor(),
    imageToClient: (point) => viewer.imageToClient(point),
    clientToImage: (point) => viewer.clientToImage(point),
  };

  const mediaApi: ReelSyncMediaApi = {
    get info() {
      const info = session.media?.info;
      return info ? { ...info } : null;
    },
    open: (files) => app.openFiles(files),
    openUrl: async (url, options) =>
      app.openRemote({
        url,
        name: options?.name ?? nameOfUrl(url),
        fingerprint: await urlFingerprint(url),
      }),
    setStartFrame: (frame) => {
      const refusal = setStartFrame(session, frame);
      if (refusal) throw new Error(refusal);
    },
  };

  const { network } = app;
  const networkApi: ReelSyncNetworkApi = {
    get connectionState() {
      return network.connectionState;
    },
    get syncStatus() {
      return network.syncStatus;
    },
    get roomCode() {
      return network.roomCode;
    },
    get roomInfo() {
      return network.roomInfo;
    },
    get userId() {
      return network.userId;
    },
    get isHost() {
      return network.isHost;
    },
    get users() {
      return network.users.map((user) => ({ ...user }));
    },
    get settings() {
      return network.settings;
    },
    get directions() {
      return network.directions;
    },
    get sendLocks() {
      return [...network.sendLocks];
    },
    get roomMotion() {
      const motion = network.roomMotion;
      return motion ? { ...motion } : null;
    },
    get rtt() {
      return network.rtt;
    },
    get clockOffset() {
      return network.clockOffset;
    },
    get clockSource() {
      return network.clockSource === 'source' ? ('worker' as const) : ('page' as const);
    },
    get annotations() {
      return structuredClone(network.annotations);
    },
    get notes() {
      return structuredClone(network.notes);
    },
    get roomMedia() {
      const media = network.roomMedia;
      return media ? { ...media } : null;
    },
    get roomSettings() {
      return { ...network.roomSettings };
    },
    get library() {
      return structuredClone(network.library);
    },
    get playHold() {
      const hold = network.playHold;
      return hold ? { requestedBy: hold.requestedBy, userIds: [...hold.userIds] } : null;
    },
    serverNow: () => network.serverNow(),
    shareLink: (options) =>
      network.roomCode ? buildShareLink(app.shareBase.url, network.roomCode, options?.pin) : null,
    createRoom: (options) => network.createRoom(options),
    joinRoom: (code, pin, options) => network.joinRoom(code, pin, options),
    leaveRoom: () => network.leaveRoom(),
    reconnect: () => network.reconnect(),
    resync: () => network.resync(),
    setSettings: (patch) => network.setSettings(patch),
    setDirections: (patch) => network.setDirections(patch),
    setSendLock: (userId, category, locked) => network.setSendLock(userId, category, locked),
    setDisplayName: (name) => network.setDisplayName(name),
    on: (event, listener) => network.on(event, listener),
  };

  const library = (): LibraryScripting => {
    const mounted = app.scripting.library;
    if (!mounted) throw new Error('the room library is not mounted');
    return mounted;
  };
  const libraryApi: ReelSyncLibraryApi = {
    list: () => library().list(),
    uploads: () => library().uploads(),
    add: (files) => library().add(files),
    addUrl: (url) => library().addUrl(url),
    remove: (id) => library().remove(id),
    open: (id) => library().open(id),
    setParticipantsMayAdd: (allowed) => library().setParticipantsMayAdd(allowed),
  };

  const audio = (): AudioScripting => {
    const mounted = app.scripting.audio;
    if (!mounted) throw new Error('the audio feature is not mounted');
    return mounted;
  };
  const audioApi: AudioScripting = {
    settings: () => audio().settings(),
    message: () => audio().message(),
    soundtrackReady: () => audio().soundtrackReady(),
    setSlip: (value, unit) => audio().setSlip(value, unit),
    setSoundtrackOffset: (value, unit) => audio().setSoundtrackOffset(value, unit),
    attachSoundtrack: (file) => audio().attachSoundtrack(file),
    removeSoundtrack: () => audio().removeSoundtrack(),
    capture: (ms) => audio().capture(ms),
    openPanel: (open) => audio().openPanel(open),
  };

  return Object.freeze({
    version: packageVersion,
    session: Object.freeze(sessionApi),
    viewer: Object.freeze(viewerApi),
    media: Object.freeze(mediaApi),
    images: createImagesApi(app),
    scopes: createScopesApi(app),
    network: Object.freeze(networkApi),
    library: Object.freeze(libraryApi),
    audio: Object.freeze(audioApi),
    color: createColorApi(app),
    playlist: createPlaylistApi(app),
    on<K extends keyof ReelSyncEvents>(
      event: K,
      listener: (payload: ReelSyncEvents[K]) => void,
    ): Unsubscribe {
      // The two event maps do not share names, so the name says which object emits it.
      if (VIEWER_EVENTS.has(event as string)) {
        return viewer.on(event as keyof ViewerEvents, listener as (payload: unknown) => void);
      }
      return session.on(event as keyof PlaybackEvents, listener as (payload: unknown) => void);
    },
  });
}

declare global {
  interface Window {
    /** The player's scripting API (docs/scripting.md). */
    reelsync?: ReelSyncApi;
  }
}
