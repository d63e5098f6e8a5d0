// The notes feature in the App: the header toggle, the side panel, the "add a note" shortcut,
// room status for the panel, toasts for the model's notices, timeline markers and the exports.
// The model lists the notes of the media on screen (mediaKeys.ts): this tells it which that is.
import type { FeatureContext } from '../../feature';
import { el, iconButton, listen } from '../../ui/components/shared/dom';
import { localStore } from '../../ui/components/shared/storage';
import { NotesModel } from './NotesModel';
import { NotesPanel } from './NotesPanel';
import { NotesMarkers } from './NotesMarkers';
import { exportFileName, notesToCsv, notesToJson, type ExportContext } from './notesExport';
import { notesReportHtml, shotsReportHtml } from './notesReport';
import { captureShotsPictures } from './shotsReport';
import type { ShotsSource } from './NotesScope';
import { noteCount, notesByShot } from '../playlist/notesByShot';
import { PlaylistModel } from '../playlist/PlaylistModel';
import { MediaTokens, remoteMediaOf } from '../library/mediaAccess';
import { openRemoteMedia } from '../../core/media/openMedia';
import { captureThumbnails, type MarkupPainter } from './thumbnails';
import type { NoteItem } from './noteTypes';
import { belongsTo, mediaKeysOf } from './mediaKeys';
import { indexedDbUnsentNotes, mirrorUnsentNotes } from './unsentNotes';
import './notes.css';

const NOTES_ICON =
  '<svg class="rs-icon" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><path d="M5 4h14v11l-5 5H5z"/><path d="M14 20v-5h5"/><path d="M8.5 9h7"/><path d="M8.5 12.5h4"/></svg>';

export function mountNotes(context: FeatureContext): () => void {
  const { session, network, toasts } = context;
  const storage = localStore();
  const model = new NotesModel(network, {
    storage,
    localName: () => {
      try {
        return storage?.getItem('reelsync.displayName')?.trim() || 'Me';
      } catch {
        return 'Me';
      }
    },
  });
  // The media on screen, its fingerprint once computed, and (while it is computed) the room's.
  const showMedia = (): void =>
    model.setMedia(
      mediaKeysOf(session.media?.info ?? null, network.roomCode ? network.roomMedia : null),
    );
  const mediaChanged = (): void => {
    showMedia();
    const source = session.media;
    if (source && !source.info.fingerprint)
      source.fingerprint().then(
        () => {
          if (session.media === source) showMedia();
        },
        () => undefined, // no fingerprint: the name, range and size key stays
      );
  };
  const mediaCleanups = [
    session.on('mediaChanged', mediaChanged),
    network.on('roomMediaChanged', showMedia),
    network.on('roomJoined', showMedia),
    network.on('roomLeft', showMedia),
  ];
  mediaChanged();
  // "All shots": the room's notes grouped by the playlist's shots and versions.
  const playlist = new PlaylistModel(network);
  const shots: ShotsSource = {
    available: () => network.roomCode !== null && network.playlist.items.length > 0,
    groups: (notes) => notesByShot(network.playlist.items, notes),
    currentId: () => playlist.currentId,
    goTo: (id) => playlist.goTo(id),
  };
  const panel = new NotesPanel(model, session, shots);
  const tokens = new MediaTokens(() => network.mediaCredentials());
  const markers = new NotesMarkers(context.root, model, session);

  const toggle = iconButton('Notes (N adds one)', { testId: 'notes-button' });
  const badge = el('span', { className: 'rs-notes-button__count', testId: 'notes-button-count' });
  toggle.innerHTML = NOTES_ICON;
  toggle.append(badge);
  toggle.classList.add('rs-notes-button');
  toggle.setAttribute('aria-pressed', 'false');
  context.header.notesSlot.append(toggle);

  const isOpen = () => panel.element.isConnected;
  const setOpen = (open: boolean): void => {
    if (open === isOpen()) return;
    if (open) context.side.append(panel.element);
    else panel.element.remove();
    toggle.setAttribute('aria-pressed', String(open));
  };
  const updateBadge = (): void => {
    const count = model.items.length;
    badge.textContent = count > 0 ? String(count) : '';
  };
  const updateStatus = (): void => {
    const roomCode = network.roomCode;
    panel.setStatus({
      roomCode,
      offline: roomCode !== null && network.connectionState !== 'connected',
    });
  };

  const contextForExport = (): ExportContext => {
    const info = session.media?.info;
    return {
      mediaName: info?.name ?? 'media',
      fingerprint: info?.fingerprint ?? null,
      fps: session.fps,
      frameStart: session.frameStart,
      timecodeStart: info?.timecodeStart ?? 0,
      frameEnd: session.frameEnd,
      roomCode: network.roomCode,
      exportedAt: Date.now(),
    };
  };
  let exporting = false;
  const exportNotes = async (format: 'csv' | 'json' | 'html'): Promise<void> => {
    if (format === 'html' && panel.allShots) {
      if (exporting) return;
      exporting = true;
      try {
        await exportShotsReport();
      } finally {
        exporting = false;
        panel.setExportBusy('html', null);
      }
      return;
    }
    const items = model.items;
    const info = contextForExport();
    if (items.length === 0) {
      toasts.show(
        `There are no notes on ${info.mediaName} to export yet (notes stay with the shot they were written on).`,
        { kind: 'info' },
      );
      return;
    }
    if (format === 'csv') {
      // The byte-order mark makes spreadsheet apps read the file as UTF-8.
      download(
        exportFileName(info.mediaName, 'csv', info.exportedAt),
        'text/csv',
        `\uFEFF${notesToCsv(items, info)}`,
      );
      return;
    }
    if (format === 'json') {
      download(
        exportFileName(info.mediaName, 'json', info.exportedAt),
        'application/json',
        notesToJson(items, info),
      );
      return;
    }
    if (exporting) return;
    exporting = true;
    try {
      await exportReport(items, info);
    } finally {
      exporting = false;
      panel.setExportBusy('html', null);
    }
  };

  /**
   * The report of the shot on screen: thumbnails come from that media (never the playhead, never
   * another shot) with the frame's drawings. The source and the drawings are taken before the
   * first await, so opening another shot meanwhile cannot mix pictures into this report.
   */
  const exportReport = async (items: readonly NoteItem[], info: ExportContext): Promise<void> => {
    const source = session.media;
    const keys = mediaKeysOf(source?.info ?? null);
    // Notes from older players do not say which shot they were written on: no picture for them.
    const ofThisShot = items.filter(
      (item) => item.media !== undefined && belongsTo(item.media, keys),
    );
    const frames = [...new Set(ofThisShot.map((item) => item.frame))];
    const markup = new Map<number, MarkupPainter>();
    for (const frame of frames) {
      const painter = context.markup.painter?.(frame);
      if (painter) markup.set(frame, painter);
    }
    const pictures = await captureThumbnails(source, frames, {
      markup,
      progress: (done, total) => panel.setExportBusy('html', `${done}/${total}`),
    });
    const byNote = new Map(
      items.map((item) => [
        item.id,
        ofThisShot.includes(item) ? (pictures.get(item.frame) ?? null) : null,
      ]),
    );
    download(
      exportFileName(info.mediaName, 'html', info.exportedAt),
      'text/html',
      notesReportHtml(items, info, byNote),
    );
    const unknown = items.length - ofThisShot.length;
    if (unknown > 0)
      toasts.show(
        `${plural(unknown, 'note')} in the report ${unknown === 1 ? 'comes' : 'come'} from an older version that did not record the shot, so ${unknown === 1 ? 'it has' : 'they have'} no thumbnail.`,
        { kind: 'info' },
      );
    const missing = ofThisShot.filter((item) => !pictures.get(item.frame)).length;
    if (missing > 0)
      toasts.show(`${plural(missing, 'frame')} could not be decoded for the report's thumbnails.`, {
        kind: 'warning',
      });
  };

  /**
   * The report of every shot, grouped by shot and version: each version's pictures come from its
   * own media (opened for the report when it is not on screen) with its drawings of that frame.
   */
  const exportShotsReport = async (): Promise<void> => {
    const groups = notesByShot(network.playlist.items, model.allItems);
    if (noteCount(groups) === 0) {
      toasts.show('There are no notes on any shot to export yet.', { kind: 'info' });
      return;
    }
    const exportedAt = Date.now();
    const pictures = await captureShotsPictures({
      groups,
      library: network.library.items,
      onScreen: session.media,
      open: (item) => {
        const remote = remoteMediaOf(item, tokens);
        return remote ? openRemoteMedia(remote) : null;
      },
      painter: (frame, media) => context.markup.painter?.(frame, media) ?? null,
      progress: (done, total) => panel.setExportBusy('html', `${done}/${total}`),
    });
    const roomCode = network.roomCode;
    download(
      exportFileName(`${roomCode ?? 'room'}-all-shots`, 'html', exportedAt),
      'text/html',
      shotsReportHtml(
        groups,
        {
          roomCode,
          exportedAt,
          timing: (id) => pictures.timing.get(id) ?? null,
          noPictures: (id) => pictures.noPictures.get(id) ?? null,
        },
        pictures.thumbnails,
      ),
    );
    if (pictures.failed.length > 0)
      toasts.show(
        `Some frames of ${pictures.failed.join(', ')} could not be decoded for the report's thumbnails.`,
        { kind: 'warning' },
      );
  };

  // Changes written offline survive closing the tab (IndexedDB), sent when back in the room.
  const unsentStore = indexedDbUnsentNotes();
  const cleanups: Array<() => void> = [
    ...mediaCleanups,
    ...(unsentStore ? [mirrorUnsentNotes(unsentStore, model)] : []),
    listen(toggle, 'click', () => setOpen(!isOpen())),
    panel.on('closeRequested', () => setOpen(false)),
    playlist.on('notice', ({ kind, message }) => toasts.show(message, { kind })),
    network.on('playlistChanged', () => panel.refresh()),
    panel.on('notice', (message) => toasts.show(message, { kind: 'info' })),
    panel.on('exportRequested', (format) => {
      exportNotes(format).catch((error: unknown) =>
        toasts.show(`The notes could not be exported: ${String(error)}`, { kind: 'error' }),
      );
    }),
    model.on('changed', updateBadge),
    model.on('notice', ({ kind, message }) => toasts.show(message, { kind })),
    network.on('connectionStateChanged', updateStatus),
    network.on('roomJoined', updateStatus),
    network.on('roomLeft', updateStatus),
    network.on('roomEnded', updateStatus),
    context.keyBindings.register({
      id: 'notes.add',
      keys: ['N'],
      group: 'Notes',
      description: 'Add a note at the current frame (opens the notes panel)',
      handler: (event) => {
        // Otherwise the key's own "n" would be typed into the note it opens.
        event.preventDefault();
        setOpen(true);
        panel.focusComposer();
      },
    }),
  ];
  updateBadge();
  updateStatus();

  return () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    markers.dispose();
    panel.dispose();
    playlist.removeAllListeners();
    model.dispose();
    toggle.remove();
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Saves text as a file through a temporary object URL. */
function download(fileName: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${type};charset=utf-8` }));
  const link = el('a', { attrs: { href: url, download: fileName } });
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
