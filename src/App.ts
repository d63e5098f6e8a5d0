// The player application: builds the Playback, the Viewer, media, the UI shell and the keyboard
// shortcuts (sound is the audio feature's), and runs the one display loop that puts the session's
// frame on screen.
import { setDpxUnpackMode } from './core/media/images/packedImage';
import { localClock } from './core/clock';
import { createDemoClip } from './core/media/DemoClip';
import {
  MediaError,
  openKeptMedia,
  openMediaFiles,
  openRemoteMedia,
  type KeptMedia,
  type RemoteMedia,
} from './core/media/openMedia';
import type { MediaSource } from './core/media/types';
import { Playback } from './core/playback/Playback';
import { NetworkSyncManager } from './network/NetworkSyncManager';
import { ChannelSelector } from './ui/components/ChannelSelector';
import { ColorPanel } from './ui/components/ColorPanel';
import { DropZone } from './ui/components/DropZone';
import { HeaderBar } from './ui/components/HeaderBar';
import { HelpOverlay } from './ui/components/HelpOverlay';
import { afterPaint, el } from './ui/components/shared/dom';
import { sessionStore } from './ui/components/shared/storage';
import { Timeline } from './ui/components/Timeline';
import { Toasts } from './ui/components/Toasts';
import { TransportBar } from './ui/components/TransportBar';
import { Viewer } from './ui/components/Viewer';
import { RoomShotStream, type FeatureContext, type FeatureScripting } from './feature';
import { LinkItems } from './features/deepLink/LinkItems';
import { MediaPreloads } from './features/playlist/MediaPreloads';
import { ShotSwitches } from './features/playlist/ShotSwitches';
import { pageNetworkOptions } from './features/room/pageNetworkOptions';
import { ShareBase } from './features/room/shareBase';
import { SignedInUser } from './features/signIn/account';
import { FEATURES } from './featureList';
import { registerPlayerShortcuts } from './ui/playerShortcuts';
import { KeyBindings } from './utils/KeyBindings';
import './ui/styles/tokens.css';
import './ui/styles/app.css';
import { ClockWorkerSource } from './core/clockWorker/ClockWorkerSource';
import { DisplayInterval } from './core/displayInterval';

export interface AppOptions {
  /** The media shown at start; default: the built-in demo clip. */
  media?: MediaSource;
  /** The sync server's WebSocket URL; default: /sync on the page's own host (ws: or wss:). */
  syncUrl?: string;
}

/** ws[s]://<host>/sync of the page's server (the server that serves the player also syncs). */
export function defaultSyncUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const secure = location.protocol === 'https:';
  return `${secure ? 'wss' : 'ws'}://${location.host || 'localhost'}/sync`;
}

export class App {
  readonly element: HTMLElement;
  readonly session: Playback;
  readonly viewer: Viewer;
  /** Room sync: bound to the session and the viewer; idle until a room is created or joined. */
  readonly network: NetworkSyncManager;
  /** The base of share links: the server's --public-url (asked at start), else this page's address. */
  readonly shareBase: ShareBase;
  readonly keyBindings = new KeyBindings();
  readonly header: HeaderBar;
  readonly toasts: Toasts;
  /** The viewer area (positioned), for overlays drawn over the picture (e.g. presence avatars). */
  readonly stage: HTMLElement;
  /** The side column (notes panel), right of the stage. */
  readonly side: HTMLElement;
  /** The status area atop the timeline bar (media status, toasts): chrome, never on the picture. */
  readonly statusBar: HTMLElement;
  /** Between the header and the picture: tool palettes (drawing), chrome, never on the picture. */
  readonly toolStrip = el('div', { className: 'rs-app__tools', testId: 'tool-strip' });
  /** What features publish for window.reelsync (the room library). */
  readonly scripting: FeatureScripting = {
    library: null,
    audio: null,
    color: null,
    scopes: null,
    compare: null,
    format: null,
  };
  /** Media the playlist opened ahead: an open of the same media takes it instead. */
  readonly preloads = new MediaPreloads();
  /** The room's last move to another shot, timed (reelsync.playlist.lastSwitch). */
  readonly switches = new ShotSwitches();
  private readonly timeline: Timeline;
  private readonly transport: TransportBar;
  private readonly help: HelpOverlay;
  private readonly colorPanel: ColorPanel;
  private readonly channelSelector: ChannelSelector;
  private readonly dropZone: DropZone;
  private readonly cleanups: Array<() => void> = [];
  private readonly featureCleanups: Array<() => void> = [];
  private frameRequest = 0;
  /** The display's frame interval: frames are chosen for when they will be shown. */
  private readonly display = new DisplayInterval();
  /** What the viewer shows: the last frame pushed to it (kept while the next one decodes). */
  private shown: { media: MediaSource | null; frame: number } = { media: null, frame: Number.NaN };
  /** Only the newest open attempt may replace the media. */
  private openToken = 0;
  private disposed = false;

  constructor(root: HTMLElement, options: AppOptions = {}) {
    this.element = el('div', { className: 'rs-app', testId: 'app' });
    root.append(this.element);

    this.session = new Playback({ clock: localClock, media: options.media ?? createDemoClip() });

    this.header = new HeaderBar(this.element);
    const main = el('main', { className: 'rs-app__main' });
    const stage = el('div', { className: 'rs-app__stage' });
    this.stage = stage;
    const viewerHost = el('div', { className: 'rs-app__viewer' });
    stage.append(viewerHost);
    this.side = el('aside', { className: 'rs-app__side', testId: 'side-panel' });
    main.append(stage, this.side);
    this.element.append(this.toolStrip, main);
    const controls = el('footer', { className: 'rs-app__controls' });
    this.statusBar = el('div', { className: 'rs-app__status', testId: 'status-bar' });
    controls.append(this.statusBar);
    this.element.append(controls);

    this.viewer = new Viewer(viewerHost);
    this.dropZone = new DropZone(stage);
    this.colorPanel = new ColorPanel(this.viewer);
    this.header.colorSlot.append(this.colorPanel.element);
    this.channelSelector = new ChannelSelector(this.viewer);
    this.header.channelSlot.append(this.channelSelector.element);
    this.timeline = new Timeline(controls, this.session);
    this.transport = new TransportBar(controls, this.session, {
      viewer: this.viewer,
      fullscreenTarget: this.element,
      notify: (message) => this.toasts.show(message, { kind: 'error' }),
    });
    this.toasts = new Toasts(this.statusBar);
    this.help = new HelpOverlay(this.element, this.keyBindings);
    const syncUrl = options.syncUrl ?? defaultSyncUrl(window.location);
    const pageConfig = (
      window as { REELSYNC_CONFIG?: { clockWorker?: unknown; dpxUnpack?: unknown } }
    ).REELSYNC_CONFIG;
    // Who unpacks 10-bit DPX (packedImage.ts): REELSYNC_CONFIG { dpxUnpack: 'gpu' | 'worker' }.
    setDpxUnpackMode(pageConfig?.dpxUnpack);
    this.network = new NetworkSyncManager({
      url: syncUrl,
      session: this.session,
      viewer: this.viewer,
      storage: sessionStore(),
      // The server clock is measured in a worker (a busy page cannot bias it); REELSYNC_CONFIG
      // { clockWorker: false } measures it on the page's own connection, for comparison.
      ...(pageConfig?.clockWorker === false
        ? {}
        : { clockSync: { source: new ClockWorkerSource(syncUrl) } }),
      // window.REELSYNC_CONFIG (set before load) can shorten the retry schedule, e.g. for tests.
      ...pageNetworkOptions(pageConfig),
    });
    // A reload of a room's tab rejoins it (token in sessionStorage); failures: the error event.
    const resumed = this.network.resumeStoredRoom().catch(() => undefined);
    this.shareBase = new ShareBase(window.location.origin, (url, init) => fetch(url, init));

    this.keyBindings.attach(window);
    // A <select> keeps keyboard focus after a choice and would swallow the shortcuts (Space,
    // letters); hand focus back to the page once the choice is made.
    const onChange = (event: Event): void => {
      if (event.target instanceof HTMLSelectElement) event.target.blur();
    };
    this.element.addEventListener('change', onChange);
    this.cleanups.push(() => this.element.removeEventListener('change', onChange));
    this.cleanups.push(
      registerPlayerShortcuts(this.keyBindings, {
        session: this.session,
        viewer: this.viewer,
        toggleHelp: () => this.help.toggle(),
        openMedia: () => this.header.openPicker(),
        toggleFullscreen: () => void this.transport.toggleFullscreen(),
      }),
      this.header.on('filesChosen', (files) => void this.openFiles(files)),
      this.header.on('helpRequested', () => this.help.toggle()),
      this.dropZone.on('filesDropped', (files) => void this.openFiles(files)),
      this.toasts.holdWhilePressed(stage),
      this.session.on('mediaChanged', () =>
        this.header.showMedia(this.session.media?.info ?? null),
      ),
      // Before the features' listeners (the library would look for a kept copy and open it).
      this.network.on('roomMediaChanged', (media) => this.roomShotChanged(media?.fingerprint)),
    );
    // After the player's shortcuts, so the help overlay lists the features' groups after them.
    const features: FeatureContext = {
      root: this.element,
      stage,
      side: this.side,
      status: this.statusBar,
      toolStrip: this.toolStrip,
      header: this.header,
      colorPanel: this.colorPanel,
      session: this.session,
      viewer: this.viewer,
      network: this.network,
      keyBindings: this.keyBindings,
      toasts: this.toasts,
      roomResumed: resumed,
      shareBase: this.shareBase,
      openFiles: (files) => this.openFiles(files),
      openRemote: (remote) => this.openRemote(remote),
      openKept: (kept) => this.openKept(kept),
      preloads: this.preloads,
      displayedFrame: () => (this.shown.media ? this.shown.frame : null),
      markup: { painter: null },
      roomShot: new RoomShotStream(),
      linkItems: new LinkItems(),
      scripting: this.scripting,
      pointer: { probe: false },
      signedIn: new SignedInUser(),
    };
    for (const mount of FEATURES) this.featureCleanups.push(mount(features));
    this.header.showMedia(this.session.media?.info ?? null);
    this.frameRequest = requestAnimationFrame(this.onAnimationFrame);
  }

  /** The frame on screen and its media (may trail the session's while a frame decodes). */
  get displayed(): { frame: number; fingerprint: string | null } | null {
    const { media, frame } = this.shown;
    return media ? { frame, fingerprint: media.info.fingerprint } : null;
  }

  /**
   * Opens local files as the new media. On failure shows the error as a toast and keeps the
   * current media (and its playback) untouched. Resolves true when the media was replaced.
   */
  openFiles(files: readonly File[]): Promise<boolean> {
    const name = files.length > 1 ? `${files.length} files` : (files[0]?.name ?? 'media');
    return this.openMedia(name, () => openMediaFiles(files));
  }

  /** Streams media over HTTP (a room library item, a media URL); otherwise like openFiles. */
  openRemote(remote: RemoteMedia): Promise<boolean> {
    const ready = this.preloads.take(remote.fingerprint);
    return this.openMedia(remote.name, () =>
      ready ? Promise.resolve(ready) : openRemoteMedia(remote),
    );
  }

  /** Opens a kept copy of streamed media (known fingerprint, no network). */
  openKept(kept: KeptMedia): Promise<boolean> {
    const ready = this.preloads.take(kept.fingerprint);
    return this.openMedia(kept.name, () => (ready ? Promise.resolve(ready) : openKeptMedia(kept)));
  }

  private async openMedia(name: string, open: () => Promise<MediaSource>): Promise<boolean> {
    const token = ++this.openToken;
    this.element.classList.add('rs-app--opening');
    let source: MediaSource;
    try {
      source = await open();
    } catch (error) {
      if (token === this.openToken) this.element.classList.remove('rs-app--opening');
      const mediaError =
        error instanceof MediaError
          ? error
          : new MediaError('DECODE_FAILED', `${name} could not be opened.`, { cause: error });
      if (!this.disposed) {
        // Media messages usually name the file already; add it when they do not.
        const message = mediaError.message.includes(name)
          ? mediaError.message
          : `${name}: ${mediaError.message}`;
        this.toasts.show(`Could not open media. ${message}`, { kind: 'error' });
      }
      return false;
    }
    if (token !== this.openToken || this.disposed) {
      // A newer open (or dispose) superseded this one.
      source.dispose();
      return false;
    }
    this.element.classList.remove('rs-app--opening');
    this.replaceMedia(source);
    return true;
  }

  /**
   * The room moved to another shot. One the playlist preloaded goes on screen in this task, on
   * the room's frame (decoded ahead): no open to wait for; opens in flight are superseded.
   */
  private roomShotChanged(fingerprint: string | undefined): void {
    if (!fingerprint || !this.network.roomCode) return;
    if (this.session.media?.info.fingerprint === fingerprint) return;
    const source = this.preloads.take(fingerprint);
    this.switches.arrived(fingerprint, source !== null);
    if (!source) return;
    this.openToken++;
    this.element.classList.remove('rs-app--opening');
    this.replaceMedia(source);
    this.viewer.render();
  }

  /** `source` becomes the session's media, shown on the room's frame when it is the room's shot. */
  private replaceMedia(source: MediaSource): void {
    const previous = this.session.media;
    this.session.setMedia(source);
    this.network.followOpened();
    this.showCurrentFrame();
    // Released once the new frame is on screen: closing a source's frames and decoder took up to
    // a few hundred ms under load, all of it in a switch's time (docs/performance.md).
    if (previous && previous !== source) afterPaint(() => previous.dispose());
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    cancelAnimationFrame(this.frameRequest);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    for (const cleanup of this.featureCleanups.splice(0).reverse()) cleanup();
    this.preloads.dispose();
    this.network.dispose();
    this.keyBindings.dispose();
    this.help.dispose();
    this.toasts.dispose();
    this.transport.dispose();
    this.timeline.dispose();
    this.dropZone.dispose();
    this.channelSelector.dispose();
    this.colorPanel.dispose();
    this.viewer.dispose();
    this.header.dispose();
    const media = this.session.media;
    this.session.dispose();
    media?.dispose();
    this.element.remove();
  }

  // One loop for everything on screen: the session derives the frame from its clock, the media
  // gives that frame if decoded (otherwise the last image stays up), the viewer draws if dirty.
  private readonly onAnimationFrame = (frameStart: number): void => {
    if (this.disposed) return;
    // The timeline is read for the moment this frame will be on screen: the frame's start (vsync)
    // plus one display interval, not whenever this callback got to run; a lag beyond a few
    // frames means the page was busy or hidden, and the present wins.
    const lead = this.display.observe(frameStart);
    const lag = performance.now() - frameStart;
    this.session.tick((lag > 0 && lag < 100 ? lag : 0) - lead);
    this.showCurrentFrame();
    this.viewer.render();
    this.frameRequest = requestAnimationFrame(this.onAnimationFrame);
  };

  private showCurrentFrame(): void {
    const media = this.session.media;
    if (!media) return;
    // (The session itself gives the media its decode-ahead hints.)
    const frame = this.session.currentFrame;
    if (frame === this.shown.frame && media === this.shown.media) return;
    const image = media.getFrame(frame);
    if (!image) return;
    this.viewer.setImage(image, media.info.width, media.info.height);
    this.shown = { media, frame };
    this.switches.shown(media.info.fingerprint);
  }
}
