// What the library feature works with: the room library as the protocol describes it, and the
// narrow part of the network it talks to (NetworkSyncManager satisfies LibraryNetwork).

import type { LibraryItem, LibraryItemInput, RoomLibrary } from '../../protocol/index';

export type { LibraryItem, RoomLibrary };

/** The item fields a client registers before uploading (library.add). */
export type NewLibraryItem = LibraryItemInput;

/** The part of the NetworkSyncManager the library uses. */
export interface LibraryNetwork {
  readonly roomCode: string | null;
  readonly userId: string | null;
  readonly isHost: boolean;
  /** True in a room with a role that may change shared state (not a viewer). */
  readonly canEdit: boolean;
  /** The room's library (empty outside a room). */
  readonly library: RoomLibrary;
  /** Registers an item; rejects with a NetworkError (code, message) when the server refuses. */
  addLibraryItem(item: NewLibraryItem): Promise<void>;
  /** Removes an item (host, or the one who added it). */
  removeLibraryItem(id: string): Promise<void>;
  /** Host: lets participants add (or not). */
  setLibraryPolicy(participantsMayAdd: boolean): Promise<void>;
  /** The room code and this member's session token, for the media token (null outside a room). */
  mediaCredentials(): { room: string; sessionToken: string } | null;
}
