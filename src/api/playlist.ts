// window.reelsync.playlist: the room's playlist and its actions, through the same requests as
// the playlist panel (docs/scripting.md, docs/playlist.md). Actions resolve once the room applied
// them and reject with the server's reason when refused.
import type { App } from '../App';
import { neighbourId, newItemId } from '../features/playlist/PlaylistModel';
import type { ShotSwitch } from '../features/playlist/ShotSwitches';
import type { PlaylistItem, PlaylistPolicy } from '../protocol/index';

export interface ReelSyncPlaylistApi {
  /** The items in order (copies; empty outside a room). */
  readonly items: PlaylistItem[];
  /** The item the room is on (null: none). */
  readonly currentId: string | null;
  readonly appendLibraryAdditions: boolean;
  readonly participantsMayEdit: boolean;
  /** Fingerprints of the media this page has opened ahead (the next and previous items). */
  readonly preloaded: string[];
  /** How many switches took a preloaded source. */
  readonly preloadsTaken: number;
  /**
   * The room's last move to another shot on this page: when it arrived, when the shot's first
   * frame was on screen (wall clock, ms) and whether a preloaded source was taken; null: none.
   */
  readonly lastSwitch: ShotSwitch | null;
  /** Play all: the room plays the playlist end to end (host: setPolicy({ playAll })). */
  readonly playAll: boolean;
  /** Moves the room to the next / previous item (rejects at either end). */
  next(): Promise<void>;
  previous(): Promise<void>;
  goTo(id: string): Promise<void>;
  /** Adds library items by their library id (at the end, or at `index`); resolves to the new ids. */
  addFromLibrary(libraryIds: string[], index?: number): Promise<string[]>;
  remove(id: string): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  move(id: string, index: number): Promise<void>;
  /** Host: append library additions, let participants edit, play all. */
  setPolicy(policy: Partial<PlaylistPolicy>): Promise<void>;
}

export function createPlaylistApi(app: App): ReelSyncPlaylistApi {
  const network = app.network;
  const step = (offset: 1 | -1): Promise<void> => {
    const id = neighbourId(network.playlist, offset);
    if (!id)
      return Promise.reject(new Error(offset > 0 ? 'at the last item' : 'at the first item'));
    return network.playlistRequest('playlist.setCurrent', { id });
  };
  return Object.freeze({
    get items() {
      return structuredClone(network.playlist.items);
    },
    get currentId() {
      return network.playlist.currentId;
    },
    get appendLibraryAdditions() {
      return network.playlist.appendLibraryAdditions;
    },
    get participantsMayEdit() {
      return network.playlist.participantsMayEdit;
    },
    get preloaded() {
      return app.preloads.fingerprints;
    },
    get preloadsTaken() {
      return app.preloads.taken;
    },
    get lastSwitch() {
      return app.switches.last;
    },
    get playAll() {
      return network.playlist.playAll === true;
    },
    next: () => step(1),
    previous: () => step(-1),
    goTo: (id: string) => network.playlistRequest('playlist.setCurrent', { id }),
    addFromLibrary: async (libraryIds: string[], index?: number) => {
      const library = network.library.items;
      const items = libraryIds.map((libraryId) => {
        const entry = library.find((item) => item.id === libraryId);
        if (!entry) throw new Error(`${libraryId} is not in the room's library`);
        return {
          id: newItemId(),
          name: entry.name,
          source: { kind: 'library' as const, id: entry.id },
        };
      });
      await network.playlistRequest('playlist.add', {
        items,
        ...(index === undefined ? {} : { index }),
      });
      return items.map((item) => item.id);
    },
    remove: (id: string) => network.playlistRequest('playlist.remove', { id }),
    rename: (id: string, name: string) => network.playlistRequest('playlist.rename', { id, name }),
    move: (id: string, index: number) => network.playlistRequest('playlist.move', { id, index }),
    setPolicy: (policy: Partial<PlaylistPolicy>) =>
      network.playlistRequest('playlist.setPolicy', policy),
  });
}
