// The room playlist in the App: the header toggle with its count, the side panel, PageDown /
// PageUp for the next / previous item (key registry and help overlay), and the notices of
// refused edits. Following the room's moves needs nothing here: the switch carries the room's
// media, motion and view (PlayerSync applies them; the library feature opens the shot).
import type { FeatureContext } from '../../feature';
import { el, iconButton, listen } from '../../ui/components/shared/dom';
import { setIcon } from '../../ui/components/shared/Icons';
import { PlaylistModel } from './PlaylistModel';
import { PlaylistPanel } from './PlaylistPanel';

export function mountPlaylist(context: FeatureContext): () => void {
  const { network, toasts } = context;
  const model = new PlaylistModel(network);
  const panel = new PlaylistPanel(model);

  const toggle = iconButton('Playlist: the room’s shots in order (PageDown / PageUp)', {
    testId: 'playlist-button',
  });
  setIcon(toggle, 'playlist');
  const badge = el('span', { className: 'rs-playlist-button__count', testId: 'playlist-badge' });
  toggle.append(badge);
  toggle.setAttribute('aria-pressed', 'false');
  context.header.playlistSlot.append(toggle);
  const isOpen = () => panel.element.isConnected;
  const setOpen = (open: boolean): void => {
    if (open === isOpen()) return;
    if (open) {
      context.side.append(panel.element);
      panel.render();
    } else panel.element.remove();
    toggle.setAttribute('aria-pressed', String(open));
  };
  const update = (): void => {
    const rows = model.rows;
    const at = rows.findIndex((row) => row.current);
    badge.textContent = rows.length > 0 ? `${at + 1}/${rows.length}` : '';
    model.roomChanged();
  };

  const cleanups: Array<() => void> = [
    listen(toggle, 'click', () => setOpen(!isOpen())),
    panel.on('closeRequested', () => setOpen(false)),
    model.on('notice', ({ kind, message }) => toasts.show(message, { kind })),
    network.on('playlistChanged', update),
    network.on('libraryChanged', update),
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
  ];
  update();

  return () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    panel.dispose();
    model.removeAllListeners();
    toggle.remove();
  };
}
