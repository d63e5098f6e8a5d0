// Remote cursors, mounted into the App: others' pointers drawn over the stage (following this
// viewer's zoom and pan), our pointer sent to the room, and a shortcut to hide the others' pointers.
import type { User } from '../../protocol/index';
import type { FeatureContext } from '../../feature';
import { CursorOverlay } from './CursorOverlay';
import { CursorSender } from './CursorSender';

const SHOW_KEY = 'reelsync.showCursors';
/** The trail key of this user's own laser (others' trails are keyed by user id). */
const OWN_TRAIL = 'self';
/** Outside a room (no user color yet): the laser's red. */
const LASER_COLOR = '#ff3b30';

function preferences(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage blocked (privacy settings): the choice lasts for the page only
  }
}

export function mountCursors(context: FeatureContext): () => void {
  const { network, session, stage, viewer } = context;
  const names = new Map<string, string>();
  const rememberUsers = (users: readonly User[]) => {
    names.clear();
    for (const user of users) names.set(user.userId, user.displayName || 'Guest');
  };
  rememberUsers(network.users);

  const overlay = new CursorOverlay({
    container: stage,
    imageToClient: (p) => viewer.imageToClient(p),
    frame: () => ({ frame: session.currentFrame, playing: session.isPlaying }),
  });
  const storage = preferences();
  overlay.setEnabled(storage?.getItem(SHOW_KEY) !== 'false');

  // Laser mode: our pointer leaves a fading trail, here and on everyone's screen.
  let laser = false;
  const ownTrail = (event: PointerEvent): void => {
    if (!laser) return;
    const point = viewer.clientToImage({ x: event.clientX, y: event.clientY });
    if (!Number.isFinite(point.x) || !Number.isFinite(point.y)) return;
    const self = network.users.find((user) => user.userId === network.userId);
    overlay.trails.add(OWN_TRAIL, point, self?.color ?? LASER_COLOR);
  };
  stage.addEventListener('pointermove', ownTrail);

  const sender = new CursorSender({
    stage,
    clientToImage: (p) => viewer.clientToImage(p),
    frame: () => session.currentFrame,
    laser: () => laser,
    probe: () => context.pointer.probe,
    active: () => network.roomCode !== null && network.users.length > 1,
    send: (cursor) => network.sendCursor(cursor),
  });

  // The picture moved under a still pointer (zoom, pan, a resize, a flip): the others' arrows
  // follow it here, and ours is re-sent, since it now rests on another image point.
  const viewMoved = (): void => {
    overlay.reposition();
    sender.refresh();
  };
  const resizeObserver =
    typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(viewMoved);
  resizeObserver?.observe(stage);

  const cleanups: Array<() => void> = [
    network.on('remoteCursor', (cursor) => {
      const user = network.users.find((u) => u.userId === cursor.userId);
      // A pointer from someone the list does not know (yet) still shows; the name follows.
      overlay.update(cursor, user?.displayName || names.get(cursor.userId) || 'Guest');
    }),
    network.on('usersChanged', (users) => {
      rememberUsers(users);
      const present = new Set(users.filter((u) => u.connected).map((u) => u.userId));
      for (const userId of overlay.userIds) {
        if (!present.has(userId)) overlay.remove(userId);
        else overlay.setName(userId, names.get(userId) ?? 'Guest');
      }
    }),
    network.on('userLeft', (user) => overlay.remove(user.userId)),
    network.on('roomLeft', () => overlay.clear()),
    network.on('roomEnded', () => overlay.clear()),
    viewer.on('zoomChanged', viewMoved),
    viewer.on('panChanged', viewMoved),
    viewer.on('fitZoomChanged', viewMoved),
    // A flip or flop moves every image point without changing the zoom.
    viewer.on('formatChanged', viewMoved),
    session.on('playbackChanged', (playing) => {
      overlay.reposition();
      if (!playing) sender.refresh(); // announce the frame our pointer now rests on
    }),
    session.on('frameChanged', () => {
      // Only a paused player marks pointers on other frames (see CursorOverlay); a paused
      // step re-sends our pointer with its new frame.
      if (session.isPlaying) return;
      overlay.reposition();
      sender.refresh();
    }),
    () => stage.removeEventListener('pointermove', ownTrail),
    context.keyBindings.register({
      id: 'cursors.laser',
      keys: ['Shift+X'],
      group: 'Network',
      description: 'Laser pointer on / off (a fading trail others see)',
      handler: () => {
        laser = !laser;
        stage.classList.toggle('rs-stage--laser', laser);
        if (!laser) overlay.trails.clear(OWN_TRAIL);
        sender.refresh();
        context.toasts.show(
          laser ? 'Laser pointer on (Shift+X turns it off)' : 'Laser pointer off',
          {
            durationMs: 2000,
          },
        );
      },
    }),
    context.keyBindings.register({
      id: 'cursors.toggle',
      keys: ['Shift+P'],
      group: 'Network',
      description: "Show / hide other people's pointers",
      handler: () => {
        const on = !overlay.enabled;
        overlay.setEnabled(on);
        storage?.setItem(SHOW_KEY, String(on));
        context.toasts.show(on ? "Showing others' pointers" : "Others' pointers hidden", {
          durationMs: 2000,
        });
      },
    }),
  ];

  return () => {
    for (const cleanup of cleanups) cleanup();
    resizeObserver?.disconnect();
    sender.dispose();
    overlay.dispose();
  };
}
