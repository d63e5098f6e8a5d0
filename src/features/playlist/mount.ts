// The room playlist in the App: the header toggle with its count, the side panel, PageDown /
// PageUp for the next / previous item (key registry and help overlay), and the notices of
// refused edits. Following the room's moves needs nothing here: the switch carries the room's
// media, motion and view (PlayerSync applies them; the library feature opens the shot).
import type { FeatureContext } from '../../feature';
import { sidePanelToggle } from '../../ui/components/SidePanel';
import { PlaylistModel } from './PlaylistModel';
import { PlaylistPanel } from './PlaylistPanel';

export function mountPlaylist(context: FeatureContext): () => void {
  const { network, toasts } = context;
  const model = new PlaylistModel(network);
  const panel = new PlaylistPanel(model);

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
  const update = (): void => {
    const rows = model.rows;
    const at = rows.findIndex((row) => row.current);
    toggle.badge.textContent = rows.length > 0 ? `${at + 1}/${rows.length}` : '';
    model.roomChanged();
  };

  // A deep link's ?item= opens that playlist item (src/features/deepLink/).
  context.linkItems.open = (id) => model.openForLink(id);
  const cleanups: Array<() => void> = [
    () => {
      context.linkItems.open = null;
    },
    panel.on('closeRequested', () => toggle.setOpen(false)),
    model.on('notice', ({ kind, message }) => toasts.show(message, { kind })),
    network.on('playlistChanged', update),
    network.on('libraryChanged', update),
    network.on('notesChanged', update),
    network.on('roomJoined', update),
    network.on('roleChanged', update),
    network.on('roomLeft', update),
    network.on('roomEnded', update),
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
    for (const cleanup of cleanups.splice(0)) cleanup();
    panel.dispose();
    model.removeAllListeners();
    toggle.dispose();
  };
}
