// The player's keyboard shortcuts, registered in the KeyBindings registry (which feeds the help
// overlay and the README table). Other features (e.g. the network panel) register their own.
import type { Playback } from '../core/playback/Playback';
import type { KeyBindings, KeyBindingSpec } from '../utils/KeyBindings';
import type { ChannelMode, Viewer } from './components/Viewer';
import { nextSpeedPreset } from './components/TransportBar';

/** Zoom factor per +/- press (a third of a stop in 2× steps). */
const ZOOM_STEP = Math.SQRT2;

export interface PlayerShortcutTargets {
  session: Playback;
  viewer: Viewer;
  toggleHelp(): void;
  openMedia(): void;
  /** Enters or leaves full screen (the transport bar's button). */
  toggleFullscreen?(): void;
}

/** The shortcut table without handlers, so docs and tests can list it. */
export function playerShortcutSpecs(targets: PlayerShortcutTargets): KeyBindingSpec[] {
  const { session, viewer } = targets;
  const channel = (mode: ChannelMode) => () =>
    viewer.setChannel(viewer.channel === mode ? 'rgb' : mode);
  return [
    {
      id: 'playback.toggle',
      keys: ['Space'],
      group: 'Playback',
      description: 'Play / pause',
      handler: () => session.togglePlayback(),
    },
    {
      id: 'playback.shuttleReverse',
      keys: ['J'],
      group: 'Playback',
      description: 'Play in reverse (press again to go faster, up to 8×)',
      handler: () => session.shuttle(-1),
    },
    {
      id: 'playback.stop',
      keys: ['K'],
      group: 'Playback',
      description: 'Pause',
      handler: () => session.pause(),
    },
    {
      id: 'playback.shuttleForward',
      keys: ['L'],
      group: 'Playback',
      description: 'Play forward (press again to go faster, up to 8×)',
      handler: () => session.shuttle(1),
    },
    {
      id: 'playback.stepBack',
      keys: ['ArrowLeft'],
      group: 'Playback',
      description: 'Step back one frame',
      allowRepeat: true,
      handler: () => session.step(-1),
    },
    {
      id: 'playback.stepForward',
      keys: ['ArrowRight'],
      group: 'Playback',
      description: 'Step forward one frame',
      allowRepeat: true,
      handler: () => session.step(1),
    },
    {
      id: 'playback.stepBack10',
      keys: ['Shift+ArrowLeft'],
      group: 'Playback',
      description: 'Step back 10 frames',
      allowRepeat: true,
      handler: () => session.step(-10),
    },
    {
      id: 'playback.stepForward10',
      keys: ['Shift+ArrowRight'],
      group: 'Playback',
      description: 'Step forward 10 frames',
      allowRepeat: true,
      handler: () => session.step(10),
    },
    {
      id: 'playback.faster',
      keys: ['ArrowUp'],
      group: 'Playback',
      description: 'Next faster speed preset',
      handler: () => session.setSpeed(nextSpeedPreset(session.speed, 1)),
    },
    {
      id: 'playback.slower',
      keys: ['ArrowDown'],
      group: 'Playback',
      description: 'Next slower speed preset',
      handler: () => session.setSpeed(nextSpeedPreset(session.speed, -1)),
    },
    {
      id: 'playback.goToStart',
      keys: ['Home'],
      group: 'Playback',
      description: 'Go to the in point',
      handler: () => session.goToStart(),
    },
    {
      id: 'playback.goToEnd',
      keys: ['End'],
      group: 'Playback',
      description: 'Go to the out point',
      handler: () => session.goToEnd(),
    },
    {
      id: 'playback.loopMode',
      keys: ['Shift+L'],
      group: 'Playback',
      description: 'Cycle loop mode (loop, once, ping-pong)',
      handler: () => session.cycleLoopMode(),
    },
    {
      id: 'playback.mute',
      keys: ['M'],
      group: 'Playback',
      description: 'Mute / unmute',
      handler: () => session.toggleMute(),
    },
    {
      id: 'range.setIn',
      keys: ['I'],
      group: 'In / out',
      description: 'Set the in point at the current frame',
      handler: () => session.setInPoint(session.currentFrame),
    },
    {
      id: 'range.setOut',
      keys: ['O'],
      group: 'In / out',
      description: 'Set the out point at the current frame',
      handler: () => session.setOutPoint(session.currentFrame),
    },
    {
      id: 'range.clearIn',
      keys: ['Shift+I'],
      group: 'In / out',
      description: 'Clear the in point (back to the first frame)',
      handler: () => session.setInPoint(session.frameStart),
    },
    {
      id: 'range.clearOut',
      keys: ['Shift+O'],
      group: 'In / out',
      description: 'Clear the out point (back to the last frame)',
      handler: () => session.setOutPoint(session.frameEnd),
    },
    {
      id: 'view.fit',
      keys: ['F'],
      group: 'View',
      description: 'Fit the image to the window',
      handler: () => viewer.fit(),
    },
    {
      id: 'view.fullscreen',
      keys: ['Shift+F'],
      group: 'View',
      description: 'Full screen on / off (Esc also leaves)',
      handler: () => targets.toggleFullscreen?.(),
    },
    {
      id: 'view.actualSize',
      keys: ['1'],
      group: 'View',
      description: 'Actual size (1:1)',
      handler: () => viewer.actualSize(),
    },
    {
      id: 'view.zoomIn',
      keys: ['+', '='],
      group: 'View',
      description: 'Zoom in',
      allowRepeat: true,
      handler: () => viewer.zoomBy(ZOOM_STEP),
    },
    {
      id: 'view.zoomOut',
      keys: ['-'],
      group: 'View',
      description: 'Zoom out',
      allowRepeat: true,
      handler: () => viewer.zoomBy(1 / ZOOM_STEP),
    },
    {
      id: 'channel.red',
      keys: ['R'],
      group: 'Channels',
      description: 'Red channel (again: back to RGB)',
      handler: channel('red'),
    },
    {
      id: 'channel.green',
      keys: ['G'],
      group: 'Channels',
      description: 'Green channel (again: back to RGB)',
      handler: channel('green'),
    },
    {
      id: 'channel.blue',
      keys: ['B'],
      group: 'Channels',
      description: 'Blue channel (again: back to RGB)',
      handler: channel('blue'),
    },
    {
      id: 'channel.alpha',
      keys: ['A'],
      group: 'Channels',
      description: 'Alpha channel (again: back to RGB)',
      handler: channel('alpha'),
    },
    {
      id: 'channel.luminance',
      keys: ['Y'],
      group: 'Channels',
      description: 'Luminance (again: back to RGB)',
      handler: channel('luminance'),
    },
    {
      id: 'channel.rgb',
      keys: ['C'],
      group: 'Channels',
      description: 'All channels (RGB)',
      handler: () => viewer.setChannel('rgb'),
    },
    {
      id: 'app.open',
      keys: ['Mod+O'],
      group: 'General',
      description: 'Open media',
      handler: () => targets.openMedia(),
    },
    {
      id: 'app.help',
      keys: ['?'],
      group: 'General',
      description: 'Show / hide this help',
      handler: () => targets.toggleHelp(),
    },
  ];
}

/** Registers every player shortcut; returns a function that unregisters them. */
export function registerPlayerShortcuts(
  bindings: KeyBindings,
  targets: PlayerShortcutTargets,
): () => void {
  const unregister = playerShortcutSpecs(targets).map((spec) => bindings.register(spec));
  return () => {
    for (const off of unregister) off();
  };
}
