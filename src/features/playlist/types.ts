// What the playlist feature works with: the room playlist as the protocol describes it, and the
// narrow part of the network it talks to (NetworkSyncManager satisfies PlaylistNetwork).
import type { PlaylistRequestType } from '../../network/NetworkSyncManager';
import type {
  ClientPayload,
  LibraryItem,
  Note,
  PlaylistItem,
  RoomLibrary,
  RoomPlaylist,
} from '../../protocol/index';

export type { LibraryItem, PlaylistItem, RoomPlaylist };

export interface PlaylistNetwork {
  readonly roomCode: string | null;
  readonly userId: string | null;
  /** The room's members (a local item's row names whose file it is). */
  readonly users: readonly { userId: string; displayName: string }[];
  readonly isHost: boolean;
  /** True in a room with a role that may change shared state (not a viewer). */
  readonly canEdit: boolean;
  readonly playlist: RoomPlaylist;
  readonly library: RoomLibrary;
  /** The room's notes (each names the media it was written on). */
  readonly notes: readonly Note[];
  /** Resolves once the room applied it; rejects with a NetworkError (code, reason). */
  playlistRequest<K extends PlaylistRequestType>(type: K, payload: ClientPayload<K>): Promise<void>;
}
