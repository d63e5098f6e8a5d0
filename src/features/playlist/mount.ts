// The room playlist in the App: the header toggle with its count, the side panel, PageDown /
// PageUp for the next / previous item (key registry and help overlay), and the notices of
// refused edits. Following the room's moves needs nothing here: the switch carries the room's
// media, motion and view (PlayerSync applies them; the library feature opens the shot).
import type { FeatureContext } from '../../feature';
import { sidePanelToggle } from '../../ui/components/SidePanel';
import { PlaylistModel } from './PlaylistModel';
import { PlaylistPanel } from './PlaylistPanel';
import { PlayAll } from './PlayAll';
import { openKeptMedia, openRemoteMedia } from '../../core/media/openMedia';
import { MediaCopies } from '../library/MediaCopies';
import { MediaTokens, remoteMediaOf } from '../library/mediaAccess';
import { preloadTargets, Preloader } from './Preloader';
import { annotatedFramePng, framePngName } from './framePng';
import { describeMedia } from '../mediaIdentity/mediaMatch';
import { PlayAllTimeline } from './PlayAllTimeline';
import { itemMedia } from './notesByShot';

/** How long after the room settles on a shot the neighbours start to preload. */
const PRELOAD_SETTLE_MS = 1000;

/** `window.REELSYNC_CONFIG.preload === false` turns preloading off (the bench compares). */
function preloadingOn(): boolean {
  const config = (window as { REELSYNC_CONFIG?: { preload?: unknown } }).REELSYNC_CONFIG;
  return config?.preload !== false;
}

export function mountPlaylist(context: FeatureContext): () => void {
  const { network, toasts, session } = context;
  const model = new PlaylistModel(network);
  const panel = new PlaylistPanel(model);
  // Play all: the host's page moves the room on at each item's out point (server time).
  const playAll = new PlayAll({
    model,
    motion: () => (network.roomCode ? session.motion : null),
    loopMode: () => session.loopMode,
    setLoopMode: (mode) => session.setLoopMode(mode),
    serverNow: () => network.serverNow(),
    stuck: (_from, to) => {
      const name = model.rows.find((row) => row.id === to)?.name ?? 'the next item';
      toasts.show(
        `Play all could not move the room on to ${name}: the server did not take it. Press PageDown to go on.`,
        { kind: 'error' },
      );
    },
  });

  // Play all's sequence on the timeline (the current item's live in–out once this page shows it).
  const sequence = new PlayAllTimeline({
    root: context.root,
    model,
    library: () => network.library.items,
    currentSpan: () => {
      const current = model.rows.find((row) => row.current);
      const shown = session.media?.info.fingerprint;
      return current && shown && itemMedia(current.item) === shown
        ? { inPoint: session.inPoint, outPoint: session.outPoint }
        : null;
    },
    session,
  });
  const toggle = sidePanelToggle({
    slot: context.header.playlistSlot,
    side: context.side,
    panel,
    label: 'Playlist: the room’s shots in order (PageDown / PageUp)',
    testId: 'playlist-button',
    icon: 'playlist',
    badgeClass: 'rs-playlist-button__count',
    badgeTestId: 'playlist-badge',
  });
  // Preloading: the next and previous items opened ahead (the App takes them on a switch), from
  // this browser's kept copy when it has one (as playing them would), else streamed.
  const tokens = new MediaTokens(() => network.mediaCredentials());
  const copies = MediaCopies.supported ? new MediaCopies(tokens) : null;
  const preloader = preloadingOn()
    ? new Preloader({
        pool: context.preloads,
        open: (item) => {
          const remote = remoteMediaOf(item, tokens);
          if (!remote) return null;
          return (copies?.blob(item).catch(() => null) ?? Promise.resolve(null)).then((blob) =>
            blob
              ? openKeptMedia({ blob, name: item.name, fingerprint: item.id })
              : openRemoteMedia(remote),
          );
        },
      })
    : null;
  // Preloading starts once this page shows the room's shot and has had a moment to settle on it
  // (opening the neighbours competes for the decoder and the network with the shot coming up).
  let preloadTimer: ReturnType<typeof setTimeout> | null = null;
  const preloadNow = (): void => {
    preloadTimer = null;
    if (!preloader) return;
    const shot = network.roomCode ? (network.roomMedia?.fingerprint ?? null) : null;
    const shown = session.media?.info.fingerprint ?? null;
    if (shot !== null && shown !== shot) return; // after the room's shot is up (mediaChanged)
    preloader.update(
      network.roomCode ? preloadTargets(network.playlist, network.library.items, shot) : [],
    );
  };
  const preload = (): void => {
    if (!preloader) return;
    if (preloadTimer !== null) clearTimeout(preloadTimer);
    preloadTimer = setTimeout(preloadNow, PRELOAD_SETTLE_MS);
  };
  const update = (): void => {
    preload();
    const rows = model.rows;
    const at = rows.findIndex((row) => row.current);
    toggle.badge.textContent = rows.length > 0 ? `${at + 1}/${rows.length}` : '';
    model.roomChanged();
    playAll.refresh();
    sequence.render();
  };

  // Local-file items this page added: its own files, opened again when the room moves there.
  const localFiles = new Map<string, File[]>();
  const addLocalFiles = async (files: File[]): Promise<void> => {
    if (!model.canEdit) {
      toasts.show('Only the host edits the playlist (the host can let participants).', {
        kind: 'info',
      });
      return;
    }
    if (!(await context.openFiles(files))) return;
    const media = session.media;
    if (!media) return;
    const fingerprint = await media.fingerprint().catch(() => null);
    if (!fingerprint) {
      toasts.show(`${media.info.name} could not be fingerprinted.`, { kind: 'error' });
      return;
    }
    localFiles.set(fingerprint, files);
    model.addLocal(describeMedia(media.info));
  };
  /** The room moved to a local item whose file this page holds: open it. */
  const followLocal = (): void => {
    const fingerprint = network.roomCode ? network.roomMedia?.fingerprint : undefined;
    const files = fingerprint ? localFiles.get(fingerprint) : undefined;
    if (!files || session.media?.info.fingerprint === fingerprint) return;
    void context.openFiles(files);
  };

  /** The frame on screen with its drawings, downloaded as a full-size PNG. */
  const exportFramePng = async (): Promise<void> => {
    const media = session.media;
    if (!media) return;
    const frame = context.displayedFrame() ?? session.currentFrame;
    const url = await annotatedFramePng(media, frame, context.markup).catch(() => null);
    if (!url) {
      toasts.show(`Frame ${frame} could not be decoded for the PNG.`, { kind: 'error' });
      return;
    }
    const link = document.createElement('a');
    link.href = url;
    link.download = framePngName(media.info.name, frame);
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
  };

  // A deep link's ?item= opens that playlist item (src/features/deepLink/).
  context.linkItems.open = (id) => model.openForLink(id);
  const cleanups: Array<() => void> = [
    () => {
      context.linkItems.open = null;
    },
    panel.on('closeRequested', () => toggle.setOpen(false)),
    panel.on('framePngRequested', () => void exportFramePng()),
    panel.on('localFilesChosen', (files) => void addLocalFiles(files)),
    network.on('roomMediaChanged', followLocal),
    model.on('notice', ({ kind, message }) => toasts.show(message, { kind })),
    network.on('playlistChanged', update),
    network.on('libraryChanged', update),
    network.on('notesChanged', update),
    network.on('roomJoined', update),
    network.on('roleChanged', update),
    network.on('roomLeft', update),
    network.on('roomEnded', update),
    session.on('motionChanged', () => playAll.refresh()),
    session.on('inOutChanged', () => sequence.render()),
    session.on('mediaChanged', () => sequence.render()),
    session.on('frameChanged', () => sequence.frame()),
    network.on('roomMediaChanged', preload),
    session.on('mediaChanged', preload),
    context.keyBindings.register({
      id: 'playlist.next',
      keys: ['PageDown'],
      group: 'Playlist',
      description: 'Next playlist item (the room follows)',
      handler: (event) => {
        event.preventDefault();
        model.step(1);
      },
    }),
    context.keyBindings.register({
      id: 'playlist.previous',
      keys: ['PageUp'],
      group: 'Playlist',
      description: 'Previous playlist item (the room follows)',
      handler: (event) => {
        event.preventDefault();
        model.step(-1);
      },
    }),
    context.keyBindings.register({
      id: 'playlist.previousVersion',
      keys: ['V'],
      group: 'Playlist',
      description: 'Previous version of this shot, on the same frame (sh010_comp_v002 …)',
      handler: () => model.version(-1),
    }),
    context.keyBindings.register({
      id: 'playlist.nextVersion',
      keys: ['Alt+V'],
      group: 'Playlist',
      description: 'Next version of this shot, on the same frame',
      handler: () => model.version(1),
    }),
  ];
  update();

  return () => {
    playAll.dispose();
    sequence.dispose();
    if (preloadTimer !== null) clearTimeout(preloadTimer);
    preloader?.dispose();
    copies?.dispose();
    for (const cleanup of cleanups.splice(0)) cleanup();
    panel.dispose();
    model.removeAllListeners();
    toggle.dispose();
  };
}
