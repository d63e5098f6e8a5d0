// The public scripting object on `window.reelsync` (docs/scripting.md): session and viewer state
// and commands, media info, and typed events, as a thin facade over the app's real objects. Each
// other part (network, library, audio, images, scopes, compare, format, color, playlist) is
// declared and wired in its own file here.
import { version as packageVersion } from '../../package.json';
import type { App } from '../App';
import { nameOfUrl, urlFingerprint } from '../core/media/remoteMedia';
import { createImagesApi, type ReelSyncImagesApi } from './images';
import { createScopesApi, type ReelSyncScopesApi } from './scopes';
import { createCompareApi, type ReelSyncCompareApi } from './compare';
import { createFormatApi, type ReelSyncFormatApi } from './format';
import { createPlaylistApi, type ReelSyncPlaylistApi } from './playlist';
import { createNetworkApi, type ReelSyncNetworkApi } from './network';
import { createLibraryApi, createAudioApi, type ReelSyncLibraryApi } from './library';
import { setStartFrame } from '../core/media/startFrame';
import type { MediaInfo } from '../core/media/types';
import type { LoopMode, Motion, PlayDirection, PlaybackEvents } from '../core/playback/Playback';
import type {
  ChannelMode,
  ColorAdjustments,
  ViewState,
  ViewerEvents,
} from '../ui/components/Viewer';
import type { Unsubscribe } from '../utils/EventEmitter';
import { createColorApi, type ReelSyncColorApi } from './color';
import { gradeOf } from '../render/color';
import type { AudioScripting } from '../features/audio/scripting';

export type { ReelSyncNetworkApi, ReelSyncNetworkEvents } from './network';
export type { ReelSyncLibraryApi } from './library';

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
  /** The seven grade controls of the source on screen (looks: `reelsync.color`). */
  readonly color: ColorAdjustments;
  /** The frame number actually on screen (trails currentFrame while a video frame decodes). */
  readonly displayedFrame: number | null;
  /**
   * The fingerprint of the media whose frame is on screen: right after a switch the old shot's
   * last frame stays up until the new one's first is decoded.
   */
  readonly displayedFingerprint: string | null;
  /** The canvas the image is drawn on. */
  readonly canvas: HTMLCanvasElement;
  /** How often the color chain was baked into one 3D table (docs/color.md); 0 without WebGL2. */
  readonly lookBakes: number;
  /** 10-bit DPX pictures unpacked on the GPU (docs/media.md); 0 where the CPU unpacks them. */
  readonly gpuUnpacks: number;
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

export interface ReelSyncApi {
  readonly version: string;
  readonly session: ReelSyncSessionApi;
  readonly viewer: ReelSyncViewerApi;
  readonly media: ReelSyncMediaApi;
  /** OpenEXR/DPX picture settings: layer, overscan (images.ts). */
  readonly images: ReelSyncImagesApi;
  /** Scopes, pixel probe, safe areas and aspect masks (scopes.ts, docs/scopes.md). */
  readonly scopes: ReelSyncScopesApi;
  /** A/B compare and stereo (compare.ts, docs/compare.md). */
  readonly compare: ReelSyncCompareApi;
  /** Image format: pixel aspect, rotation, flip/flop, mask (format.ts, docs/image-format.md). */
  readonly format: ReelSyncFormatApi;
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
      // The seven controls; the looks are reelsync.color.looks().
      return gradeOf(viewer.color);
    },
    get displayedFrame() {
      return app.displayed?.frame ?? null;
    },
    get displayedFingerprint() {
      return app.displayed?.fingerprint ?? null;
    },
    get canvas() {
      return viewer.canvas;
    },
    get lookBakes() {
      return viewer.gpu?.bakes ?? 0;
    },
    get gpuUnpacks() {
      return viewer.gpu?.gpuUnpacks ?? 0;
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

  return Object.freeze({
    version: packageVersion,
    session: Object.freeze(sessionApi),
    viewer: Object.freeze(viewerApi),
    media: Object.freeze(mediaApi),
    images: createImagesApi(app),
    scopes: createScopesApi(app),
    compare: createCompareApi(app),
    format: createFormatApi(app),
    network: createNetworkApi(app),
    library: createLibraryApi(app),
    audio: createAudioApi(app),
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
