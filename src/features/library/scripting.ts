// The room library as window.reelsync.library sees it (docs/scripting.md): set by the library
// feature's mount, read by src/api.
import type { UploadStatus } from './UploadManager';
import type { LibraryItem } from './types';

export interface LibraryScripting {
  /** The room's library items (copies; empty outside a room). */
  list(): LibraryItem[];
  /** This page's uploads in progress. */
  uploads(): UploadStatus[];
  /** Adds files (hash, register, upload); refusals show in the panel. */
  add(files: File[]): void;
  /** Adds a media URL; resolves false when refused (the panel says why). */
  addUrl(url: string): Promise<boolean>;
  remove(id: string): Promise<void>;
  /** Opens an item on this page (for the room, when host); false when it cannot be played. */
  open(id: string): Promise<boolean>;
  /** Host: lets participants add (or not). */
  setParticipantsMayAdd(allowed: boolean): Promise<void>;
}
