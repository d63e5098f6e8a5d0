// The feature contract: what each feature in src/features/ gets from the App to mount itself (the
// shared objects and the places in the layout), and the shape of its mount function.
import type { KeptMedia } from './core/media/openMedia';
import type { RemoteMedia } from './core/media/remoteMedia';
import type { Playback } from './core/playback/Playback';
import type { NetworkSyncManager } from './network/NetworkSyncManager';
import type { AudioScripting } from './features/audio/scripting';
import type { LinkItems } from './features/deepLink/LinkItems';
import type { LibraryScripting } from './features/library/scripting';
import type { MediaPreloads } from './features/playlist/MediaPreloads';
import type { ShareBase } from './features/room/shareBase';
import type { ScopesScripting } from './features/scopes/scripting';
import type { SignedInUser } from './features/signIn/account';
import type { FormatScripting } from './features/imageFormat/scripting';
import { EventEmitter } from './utils/EventEmitter';
import type { KeyBindings } from './utils/KeyBindings';
import type { ColorScripting } from './features/color/scripting';
import type { CompareScripting } from './features/compare/scripting';
import type { ColorPanel } from './ui/components/ColorPanel';
import type { HeaderBar } from './ui/components/HeaderBar';
import type { Toasts } from './ui/components/Toasts';
import type { Viewer } from './ui/components/Viewer';

export interface FeatureContext {
  /** The app's root element. */
  readonly root: HTMLElement;
  /** The viewer area (positioned): overlays over the picture go here. */
  readonly stage: HTMLElement;
  /** The column right of the stage, for side panels (empty and hidden until one is added). */
  readonly side: HTMLElement;
  /** The status area atop the timeline bar: status lines and notices (never over the picture). */
  readonly status: HTMLElement;
  /** Between the header and the picture: tool palettes (never over the picture; empty: no height). */
  readonly toolStrip: HTMLElement;
  readonly header: HeaderBar;
  /** The header's color panel: features add their sections to it (the looks). */
  readonly colorPanel: ColorPanel;
  readonly session: Playback;
  readonly viewer: Viewer;
  readonly network: NetworkSyncManager;
  readonly keyBindings: KeyBindings;
  readonly toasts: Toasts;
  /** Settles once a stored room (page reload) was resumed or not; share links wait for it. */
  readonly roomResumed: Promise<unknown>;
  /** The base of share links: the server's --public-url, else the page's address. */
  readonly shareBase: ShareBase;
  /** The frame number on screen (trails session.currentFrame while a video frame decodes). */
  displayedFrame(): number | null;
  /** Opens local files as the current media (false when they could not be opened). */
  openFiles(files: readonly File[]): Promise<boolean>;
  /** Streams media over HTTP as the current media (false when it could not be opened). */
  openRemote(remote: RemoteMedia): Promise<boolean>;
  /** Opens a kept copy of streamed media (a Blob with its known fingerprint). */
  openKept(kept: KeptMedia): Promise<boolean>;
  /** Media opened ahead (the playlist's neighbours): openRemote/openKept take it when it is there. */
  readonly preloads: MediaPreloads;
  /** The drawings on frames of the media on screen, for pictures made outside the viewer. */
  readonly markup: FrameMarkup;
  /** Set by the library feature: plays the room's current shot from the room's library. */
  readonly roomShot: RoomShotStream;
  /** Opens a deep link's `item`: the playlist feature sets `open` (docs/deep-links.md). */
  readonly linkItems: LinkItems;
  /** What features publish on window.reelsync (null until the feature mounts). */
  readonly scripting: FeatureScripting;
  /** What our pointer means to the room, beyond where it is (set by the scopes' pixel probe). */
  readonly pointer: PointerMode;
  /** The signed-in person's name when the server uses sign-in (set by the signIn feature). */
  readonly signedIn: SignedInUser;
}

/** Flags the cursors feature sends with our pointer. */
export interface PointerMode {
  /** The pixel probe is on: others mark our point and read the picture there. */
  probe: boolean;
}

export interface FeatureScripting {
  library: LibraryScripting | null;
  audio: AudioScripting | null;
  color: ColorScripting | null;
  scopes: ScopesScripting | null;
  /** Optional: contexts built before compare (tests) leave it out. */
  compare?: CompareScripting | null;
  format: FormatScripting | null;
}

/**
 * "Play from the room": the library feature sets the player when the room's current shot is in
 * the room's library and can be streamed; media identity offers it in its banner.
 */
export class RoomShotStream extends EventEmitter<{ changed: void }> {
  private player: (() => Promise<boolean>) | null = null;

  get available(): boolean {
    return this.player !== null;
  }

  set(player: (() => Promise<boolean>) | null): void {
    if (player === this.player) return;
    this.player = player;
    this.emit('changed', undefined);
  }

  /** Streams the room's shot; false when it is not available or could not be opened. */
  play(): Promise<boolean> {
    return this.player ? this.player() : Promise.resolve(false);
  }
}

/**
 * Set by the annotations feature (null without it): `painter(frame)` snapshots the drawings on
 * `frame` as they are now and returns what paints them onto a 2D canvas holding the picture at
 * `scale` canvas px per image px, or null when the frame has none. `media` (a fingerprint) asks
 * for the room's drawings on that frame of that media instead of the media on screen (the
 * report of every shot). The notes report uses it.
 */
export interface FrameMarkup {
  painter:
    | ((
        frame: number,
        media?: string,
      ) => ((context: CanvasRenderingContext2D, scale: number) => void) | null)
    | null;
}

/** Mounts a feature; the returned dispose removes its elements and listeners. */
export type FeatureMount = (context: FeatureContext) => () => void;
