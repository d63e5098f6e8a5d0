// The room playlist, DOM-free: the room's items as rows (playlistRows.ts), who may edit, and the
// actions (next / previous / go to an item, add from the library, remove, rename, reorder, the
// host's settings). Every refusal becomes a notice that says why.
import type { PlaylistRequestType } from '../../network/NetworkSyncManager';
import { NetworkError } from '../../network/types';
import {
  MAX_PLAYLIST_ADD,
  notAShot,
  randomString,
  type ClientPayload,
  type MediaDescriptor,
} from '../../protocol/index';
import {
  exportPlaylist,
  matchLibrary,
  parsePlaylistFile,
  type PlaylistEntry,
} from './playlistFile';
import { EventEmitter } from '../../utils/EventEmitter';
import { otherVersion } from './versions';
import { notesByShot, type ShotNotes } from './notesByShot';
import { playlistRows, type PlaylistRow } from './playlistRows';
import type { LibraryItem, PlaylistNetwork, RoomPlaylist } from './types';

export type PlaylistModelEvents = {
  changed: void;
  notice: { kind: 'info' | 'error'; message: string };
};

export class PlaylistModel extends EventEmitter<PlaylistModelEvents> {
  constructor(private readonly network: PlaylistNetwork) {
    super();
  }

  get inRoom(): boolean {
    return this.network.roomCode !== null;
  }

  get isHost(): boolean {
    return this.network.isHost;
  }

  /** The host; participants when the host allows it. */
  get canEdit(): boolean {
    if (!this.inRoom || !this.network.canEdit) return false;
    return this.network.isHost || this.network.playlist.participantsMayEdit;
  }

  get appendLibraryAdditions(): boolean {
    return this.network.playlist.appendLibraryAdditions;
  }

  get participantsMayEdit(): boolean {
    return this.network.playlist.participantsMayEdit;
  }

  /** Play all: the room plays the playlist end to end (host setting). */
  get playAll(): boolean {
    return this.inRoom && this.network.playlist.playAll === true;
  }

  get currentId(): string | null {
    return this.inRoom ? this.network.playlist.currentId : null;
  }

  get rows(): PlaylistRow[] {
    return this.inRoom ? playlistRows(this.network) : [];
  }

  /** Every note of the room, grouped by shot and version in playlist order. */
  get notesByShot(): ShotNotes[] {
    return this.inRoom ? notesByShot(this.network.playlist.items, this.network.notes) : [];
  }

  /** Library items not in the playlist yet (what "Add from library" offers). */
  get addable(): LibraryItem[] {
    const listed = new Set(
      this.network.playlist.items.flatMap((item) =>
        item.source.kind === 'library' ? [item.source.id] : [],
      ),
    );
    return this.network.library.items.filter(
      (item) => !listed.has(item.id) && notAShot(item) === null,
    );
  }

  /** The room moves to the item `offset` places from the current one (no wrap). */
  step(offset: 1 | -1): void {
    const rows = this.rows;
    if (rows.length === 0) {
      this.notice(
        'info',
        this.inRoom ? 'The playlist is empty.' : 'The playlist is a room’s: create or join one.',
      );
      return;
    }
    const at = rows.findIndex((row) => row.current);
    const target = rows[at + offset];
    if (!target) {
      this.notice(
        'info',
        offset > 0
          ? 'This is the last item of the playlist.'
          : 'This is the first item of the playlist.',
      );
      return;
    }
    this.goTo(target.id);
  }

  /**
   * The room moves to the previous (`-1`) or next (`1`) version of the current item's shot,
   * keeping the frame (and in/out, loop and view) it is on.
   */
  version(direction: 1 | -1): void {
    const { items, currentId } = this.network.playlist;
    const target = this.inRoom ? otherVersion(items, currentId, direction) : null;
    if (!target) {
      const which = direction < 0 ? 'earlier' : 'later';
      this.notice(
        'info',
        `No ${which} version of this shot in the playlist (names like sh010_comp_v002).`,
      );
      return;
    }
    this.goTo(target.id, true);
  }

  goTo(id: string, keepFrame = false): void {
    const row = this.rows.find((candidate) => candidate.id === id);
    if (!row || row.current) return;
    if (!this.canEdit) {
      this.notice(
        'info',
        'Only the host moves the room between playlist items (the host can let participants do it).',
      );
      return;
    }
    if (!row.playable) {
      this.notice('error', `${row.name} cannot be played: ${row.status}.`);
      return;
    }
    this.request(`Could not go to ${row.name}`, 'playlist.setCurrent', {
      id,
      ...(keepFrame ? { keepFrame } : {}),
    });
  }

  /** A deep link's item (`?item=`): made current; true once the room is on it, else why not. */
  async openForLink(id: string): Promise<true | string> {
    if (!this.inRoom) return 'the link’s room is not open';
    const row = this.rows.find((candidate) => candidate.id === id);
    if (!row) return 'it is not in the room’s playlist';
    if (row.current) return true;
    if (!this.canEdit) return 'only the host moves the room between playlist items';
    if (!row.playable) return `${row.name} cannot be played: ${row.status}`;
    try {
      await this.network.playlistRequest('playlist.setCurrent', { id });
      return true;
    } catch (error) {
      return reasonOf(error);
    }
  }

  addFromLibrary(libraryIds: readonly string[]): void {
    const library = this.network.library.items;
    const items = libraryIds.flatMap((libraryId) => {
      const entry = library.find((candidate) => candidate.id === libraryId);
      return entry
        ? [
            {
              id: newItemId(),
              name: entry.name,
              source: { kind: 'library' as const, id: entry.id },
            },
          ]
        : [];
    });
    if (items.length === 0) return;
    this.request('Could not add to the playlist', 'playlist.add', { items });
  }

  /**
   * Adds a local file as an item (its descriptor with the fingerprint): each member plays their
   * own copy, matched by fingerprint as media identity does.
   */
  addLocal(media: MediaDescriptor): void {
    if (!this.canEdit) {
      this.notice('error', 'Only the host edits the playlist (the host can let participants).');
      return;
    }
    if (!media.fingerprint) {
      this.notice('error', `${media.name}: its fingerprint is not known yet; try again.`);
      return;
    }
    this.request(`Could not add ${media.name}`, 'playlist.add', {
      items: [{ id: newItemId(), name: media.name, source: { kind: 'local', media } }],
    });
  }

  /**
   * Adds the clips of a playlist file (JSON list or OTIO timeline) that match library shots by
   * file name; says which are missing, or why the file cannot be read.
   */
  importText(text: string, fileName: string): void {
    if (!this.canEdit) {
      this.notice(
        'error',
        `${fileName}: only the host edits the playlist (the host can let participants).`,
      );
      return;
    }
    let entries: PlaylistEntry[];
    try {
      entries = parsePlaylistFile(text);
    } catch (error) {
      this.notice('error', `${fileName} cannot be imported: ${reasonOf(error)}.`);
      return;
    }
    const { matched, missing } = matchLibrary(entries, this.network.library.items);
    const missingText = missing.map((entry) => entry.file).join(', ');
    if (matched.length === 0) {
      this.notice(
        'error',
        `None of the ${entries.length} clips of ${fileName} is in the room’s library (${missingText}): add the files to the library, then import again.`,
      );
      return;
    }
    const items = matched.map(({ name, libraryId }) => ({
      id: newItemId(),
      name,
      source: { kind: 'library' as const, id: libraryId },
    }));
    for (let start = 0; start < items.length; start += MAX_PLAYLIST_ADD)
      this.request(`Could not import ${fileName}`, 'playlist.add', {
        items: items.slice(start, start + MAX_PLAYLIST_ADD),
      });
    this.notice(
      missing.length > 0 ? 'error' : 'info',
      `Imported ${matched.length} of ${entries.length} clips from ${fileName}.` +
        (missing.length > 0 ? ` Not in the room’s library: ${missingText}.` : ''),
    );
  }

  /** The playlist as a JSON file (readable back by importText). */
  exportText(): string {
    return exportPlaylist(this.network.playlist, this.network.library.items);
  }

  remove(id: string): void {
    this.request('Could not remove the item', 'playlist.remove', { id });
  }

  rename(id: string, name: string): void {
    const trimmed = name.trim();
    if (!trimmed) {
      this.notice('error', 'A playlist item needs a name.');
      return;
    }
    this.request('Could not rename the item', 'playlist.rename', { id, name: trimmed });
  }

  move(id: string, index: number): void {
    this.request('Could not move the item', 'playlist.move', { id, index: Math.max(0, index) });
  }

  setAppendLibraryAdditions(on: boolean): void {
    this.request('Could not change the playlist setting', 'playlist.setPolicy', {
      appendLibraryAdditions: on,
    });
  }

  setPlayAll(on: boolean): void {
    if (!this.isHost) {
      this.notice('info', 'Only the host turns play all on or off.');
      return;
    }
    this.request('Could not change play all', 'playlist.setPolicy', { playAll: on });
  }

  /**
   * Play all crossed the out point of item `from` at server time `at`: the room moves to `to`,
   * playing from its in point from that instant (a no-op when someone else moved it already).
   */
  advance(to: string, from: string, at: number): void {
    this.network
      .playlistRequest('playlist.setCurrent', { id: to, advance: { from, at } })
      .catch((error: unknown) => {
        // No answer: the room had moved on already (the server ignores a stale advance).
        if (error instanceof NetworkError && error.code === 'REQUEST_TIMEOUT') return;
        this.notice('error', `Play all could not move on: ${reasonOf(error)}`);
      });
  }

  setParticipantsMayEdit(on: boolean): void {
    this.request('Could not change the playlist setting', 'playlist.setPolicy', {
      participantsMayEdit: on,
    });
  }

  /** The room's playlist or library changed. */
  roomChanged(): void {
    this.emit('changed', undefined);
  }

  private request<K extends PlaylistRequestType>(
    failure: string,
    type: K,
    payload: ClientPayload<K>,
  ): void {
    this.network.playlistRequest(type, payload).catch((error: unknown) => {
      this.notice('error', `${failure}: ${reasonOf(error)}`);
    });
  }

  private notice(kind: 'info' | 'error', message: string): void {
    this.emit('notice', { kind, message });
  }
}

/** The id of the item `offset` places from the current one (null: none there). */
export function neighbourId(playlist: RoomPlaylist, offset: 1 | -1): string | null {
  const at = playlist.items.findIndex((item) => item.id === playlist.currentId);
  if (at < 0) return null;
  return playlist.items[at + offset]?.id ?? null;
}

/** The reason of a refusal, without its code prefix ("FORBIDDEN: …"). */
function reasonOf(error: unknown): string {
  if (error instanceof NetworkError) return error.message.replace(`${error.code}: `, '');
  return error instanceof Error ? error.message : String(error);
}

/** A new item id, unique in practice (the server refuses a duplicate with a clear reason). */
export function newItemId(): string {
  return `pl-${randomString(16)}`;
}
