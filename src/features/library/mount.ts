// The room library in the App: the header toggle and badge, the side panel, uploads (picker, drop
// on the panel, drop on the player while in a room), media tokens, following the room's shot
// from the library (RoomShotFollower), "Play from the room" for media identity's banner, and
// window.reelsync.library.
import type { FeatureContext } from '../../feature';
import { el, listen } from '../../ui/components/shared/dom';
import { sidePanelToggle } from '../../ui/components/SidePanel';
import { LibraryModel } from './LibraryModel';
import { LibraryPanel } from './LibraryPanel';
import { MediaCopies } from './MediaCopies';
import { MediaTokens, mediaPath, remoteMediaOf, withToken } from './mediaAccess';
import { RoomShotFollower, streamableShot } from './RoomShotFollower';
import { DEFAULT_CHUNK_BYTES, UploadManager } from './UploadManager';
import type { LibraryItem } from './types';

const OPENING_CLASS = 'rs-app--opening';

/** `window.REELSYNC_CONFIG.uploadChunkBytes` (tests use small chunks to cut an upload midway). */
function pageChunkBytes(): number {
  const config = (window as { REELSYNC_CONFIG?: { uploadChunkBytes?: unknown } }).REELSYNC_CONFIG;
  const value = config?.uploadChunkBytes;
  return typeof value === 'number' && Number.isFinite(value) && value >= 1024
    ? value
    : DEFAULT_CHUNK_BYTES;
}

export function mountLibrary(context: FeatureContext): () => void {
  const { network, session, toasts } = context;
  const tokens = new MediaTokens(() => network.mediaCredentials());
  const uploads = new UploadManager(network, tokens, { chunkBytes: pageChunkBytes() });
  const copies = MediaCopies.supported ? new MediaCopies(tokens) : null;
  /** A kept copy when there is one, else streamed. */
  const open = async (item: LibraryItem): Promise<boolean> => {
    const blob = await copies?.blob(item).catch(() => null);
    if (blob) return context.openKept({ blob, name: item.name, fingerprint: item.id });
    const remote = remoteMediaOf(item, tokens);
    return remote ? context.openRemote(remote) : false;
  };
  const model = new LibraryModel(network, uploads, {
    currentShot: () => (network.roomCode ? (network.roomMedia?.fingerprint ?? null) : null),
    open,
    copies,
  });
  const panel = new LibraryPanel(model, {
    thumbnail: async (id) => withToken(mediaPath(id, 'thumbnail'), await tokens.token()),
    download: (id) => {
      void tokens.token().then((token) => {
        const link = el('a', { attrs: { href: withToken(mediaPath(id, 'download'), token) } });
        link.style.display = 'none';
        document.body.append(link);
        link.click();
        link.remove();
      });
    },
  });

  const toggle = sidePanelToggle({
    slot: context.header.librarySlot,
    side: context.side,
    panel,
    label: 'Room library: shots everyone can play',
    testId: 'library-button',
    icon: 'upload',
    badgeClass: 'rs-library-button__count',
    badgeTestId: 'library-count',
  });
  const { badge, setOpen } = toggle;

  const follower = new RoomShotFollower();
  let following = false;
  /** Opens the room's shot from the library when this page should (see RoomShotFollower). */
  const follow = (): void => {
    const inputs = {
      roomCode: network.roomCode,
      isHost: network.isHost,
      roomMedia: network.roomCode ? network.roomMedia : null,
      items: network.library.items,
      local: session.media?.info ?? null,
      opening: following || context.root.classList.contains(OPENING_CLASS),
    };
    const shot = streamableShot(inputs.roomMedia, inputs.items);
    context.roomShot.set(shot && !network.isHost ? () => open(shot) : null);
    const item = follower.next(inputs);
    if (!item) return;
    following = true;
    void open(item).finally(() => {
      following = false;
    });
  };
  let copiesFor = '';
  const update = (): void => {
    badge.textContent = model.items.length > 0 ? String(model.items.length) : '';
    // Which items have a kept copy: asked again when the set of items changes.
    const ids = model.items.map((item) => item.id).join(',');
    if (copies && ids !== copiesFor) {
      copiesFor = ids;
      void copies.refresh(model.items).catch(() => undefined);
    }
    model.roomChanged();
    follow();
  };
  const joined = (): void => {
    void uploads.refresh();
    // Ask for the media token now: the first stream or upload then starts without waiting.
    if (network.roomCode) void tokens.token().catch(() => undefined);
    update();
  };

  const cleanups: Array<() => void> = [
    panel.on('closeRequested', () => setOpen(false)),
    model.on('notice', (message) => toasts.show(message, { kind: 'info' })),
    // A refusal while the panel is closed: open it, the row says why.
    model.on('changed', () => {
      if (model.refusals.length > 0) setOpen(true);
    }),
    uploads.on('uploaded', ({ file }) =>
      toasts.show(`${file.name} is uploaded; the server is checking it.`, { kind: 'info' }),
    ),
    network.on('libraryChanged', () => {
      uploads.libraryChanged();
      update();
    }),
    network.on('roomMediaChanged', update),
    network.on('roomJoined', joined),
    network.on('roleChanged', update),
    network.on('roomLeft', update),
    network.on('roomEnded', update),
    session.on('mediaChanged', update),
    // Files dropped on the player in a room also go to the library (the App opens them too).
    listen(context.stage, 'drop', (event) => {
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length > 0 && model.canAdd) model.addFiles(files);
    }),
  ];
  context.scripting.library = {
    list: () => structuredClone([...network.library.items]),
    uploads: () => uploads.uploads,
    add: (files) => model.addFiles(files),
    addUrl: (url) => model.addUrl(url),
    remove: (id) => model.remove(id),
    open: (id) => model.open(id),
    setParticipantsMayAdd: (allowed) => model.setParticipantsMayAdd(allowed),
  };
  joined();

  return () => {
    context.scripting.library = null;
    context.roomShot.set(null);
    for (const cleanup of cleanups.splice(0)) cleanup();
    uploads.dispose();
    copies?.dispose();
    model.dispose();
    panel.dispose();
    toggle.dispose();
  };
}
