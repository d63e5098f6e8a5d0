// The room's playlist for programs (docs/playlist.md, docs/sdk.md): its items and current item,
// moving the room between them, and editing the list. Each action resolves with the room's state
// once the server applied it, or rejects with the server's reason.
import {
  randomString,
  roomPlaylist,
  type ClientMessageType,
  type ClientPayload,
  type PlaylistItem,
  type PlaylistItemInput,
  type PlaylistPolicy,
  type RoomState,
} from '../src/protocol/index';

/** What the playlist needs of its client (ReelSyncClient passes its own). */
export interface PlaylistHost {
  state(): RoomState | null;
  change<K extends ClientMessageType>(type: K, payload: ClientPayload<K>): Promise<RoomState>;
}

export class RoomPlaylistClient {
  constructor(private readonly host: PlaylistHost) {}

  /** The items in order (empty outside a room). */
  get items(): PlaylistItem[] {
    const state = this.host.state();
    return state ? [...roomPlaylist(state).items] : [];
  }

  /** The item the room is on (null: none). */
  get currentId(): string | null {
    const state = this.host.state();
    return state ? roomPlaylist(state).currentId : null;
  }

  /** Moves the room to an item (`keepFrame`: on the frame of the item left, another version). */
  goTo(id: string, keepFrame = false): Promise<RoomState> {
    return this.host.change('playlist.setCurrent', { id, ...(keepFrame ? { keepFrame } : {}) });
  }

  /** Adds library items by library id (at the end, or at `index`). */
  addFromLibrary(
    entries: ReadonlyArray<{ libraryId: string; name: string }>,
    index?: number,
  ): Promise<RoomState> {
    const items: PlaylistItemInput[] = entries.map(({ libraryId, name }) => ({
      id: `pl-${randomString(16)}`,
      name,
      source: { kind: 'library', id: libraryId },
    }));
    return this.host.change('playlist.add', { items, ...(index === undefined ? {} : { index }) });
  }

  remove(id: string): Promise<RoomState> {
    return this.host.change('playlist.remove', { id });
  }

  rename(id: string, name: string): Promise<RoomState> {
    return this.host.change('playlist.rename', { id, name });
  }

  move(id: string, index: number): Promise<RoomState> {
    return this.host.change('playlist.move', { id, index });
  }

  /** Host: append library additions, let participants edit. */
  setPolicy(policy: Partial<PlaylistPolicy>): Promise<RoomState> {
    return this.host.change('playlist.setPolicy', policy);
  }
}
