// What the review features (annotations, notes, remote cursors, media identity, audio sync) get
// from the App to mount themselves: the shared objects and the places in the layout.
import type { Session } from '../core/session/Session';
import type { NetworkSyncManager } from '../network/NetworkSyncManager';
import type { KeyBindings } from '../utils/KeyBindings';
import type { HeaderBar } from './components/HeaderBar';
import type { Toasts } from './components/Toasts';
import type { Viewer } from './components/Viewer';

export interface FeatureContext {
  /** The app's root element. */
  readonly root: HTMLElement;
  /** The viewer area (positioned): overlays over the picture go here. */
  readonly stage: HTMLElement;
  /** The column right of the stage, for side panels (empty and hidden until one is added). */
  readonly side: HTMLElement;
  readonly header: HeaderBar;
  readonly session: Session;
  readonly viewer: Viewer;
  readonly network: NetworkSyncManager;
  readonly keyBindings: KeyBindings;
  readonly toasts: Toasts;
  /** The frame number on screen (trails session.currentFrame while a video frame decodes). */
  displayedFrame(): number | null;
  /** Opens local files as the current media (false when they could not be opened). */
  openFiles(files: readonly File[]): Promise<boolean>;
}

/** A mounted feature: its dispose removes its elements and listeners. */
export type MountFeature = (context: FeatureContext) => () => void;
