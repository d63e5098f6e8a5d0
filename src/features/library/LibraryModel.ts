// The room library, DOM-free: the room's items merged with this page's uploads as rows, who may
// add and remove, the refusals to show (why and what to do), and the actions (add files or a
// URL, remove, cancel, allow participants to add, open an item for the room).
import { nameOfUrl, urlFingerprint } from '../../core/media/remoteMedia';
import { EventEmitter } from '../../utils/EventEmitter';
import { libraryRow, type LibraryRow } from './libraryRows';
import { streamPart } from './mediaAccess';
import type { MediaCopies } from './MediaCopies';
import { refusal, type LibraryRefusal } from './refusals';
import type { UnfinishedUpload, UploadManager } from './UploadManager';
import type { LibraryItem, LibraryNetwork } from './types';

export type LibraryModelEvents = {
  changed: void;
  /** Something to tell the user in passing (a toast). */
  notice: string;
};

export interface LibraryModelOptions {
  /** The room's current shot's fingerprint (null: none). */
  currentShot(): string | null;
  /** Opens an item on this page (and so, for the host, for the room). */
  open(item: LibraryItem): Promise<boolean>;
  /** Kept copies in this browser (null where the Cache API is missing). */
  copies: MediaCopies | null;
}

export class LibraryModel extends EventEmitter<LibraryModelEvents> {
  private refusalList: LibraryRefusal[] = [];
  private readonly cleanups: Array<() => void> = [];
  private disposed = false;

  constructor(
    private readonly network: LibraryNetwork,
    private readonly uploads: UploadManager,
    private readonly options: LibraryModelOptions,
  ) {
    super();
    this.cleanups.push(
      uploads.on('changed', () => this.changed()),
      uploads.on('refused', (entry) => this.refuse(entry)),
      uploads.on('alreadyThere', ({ name }) =>
        this.emit('notice', `${name} is already in the room’s library (same content).`),
      ),
    );
    const copies = options.copies;
    if (copies)
      this.cleanups.push(
        copies.on('changed', () => this.changed()),
        copies.on('failed', ({ name, message }) =>
          this.refuse(refusal(name, 'COPY_FAILED', `The copy could not be kept: ${message}.`)),
        ),
      );
  }

  get inRoom(): boolean {
    return this.network.roomCode !== null;
  }

  get isHost(): boolean {
    return this.network.isHost;
  }

  get participantsMayAdd(): boolean {
    return this.network.library.participantsMayAdd;
  }

  /** This user may add media now. */
  get canAdd(): boolean {
    if (!this.inRoom) return false;
    return this.network.isHost || (this.network.canEdit && this.participantsMayAdd);
  }

  /** Why this user cannot add (null when they can). */
  get addBlockedReason(): string | null {
    if (!this.inRoom) return 'Create or join a room to share shots through its library.';
    if (this.canAdd) return null;
    if (!this.network.canEdit) return 'Viewers cannot add media.';
    return 'Only the host adds media here; the host can turn on “Participants may add”.';
  }

  get items(): readonly LibraryItem[] {
    return this.network.library.items;
  }

  get refusals(): readonly LibraryRefusal[] {
    return this.refusalList;
  }

  get unfinished(): readonly UnfinishedUpload[] {
    const inLibrary = new Set(this.items.map((item) => item.id));
    // Only those the room still waits for (a finished or removed one is gone for good).
    return this.uploads.unfinishedUploads.filter((entry) => inLibrary.has(entry.id));
  }

  /** The rows: the room's items in the order added, then this page's uploads not yet in it. */
  get rows(): LibraryRow[] {
    const uploads = this.uploads.uploads;
    const byId = new Map(uploads.filter((u) => u.id !== null).map((u) => [u.id, u]));
    const copies = this.options.copies;
    const options = {
      currentId: this.options.currentShot(),
      playable: (item: LibraryItem) => streamPart(item) !== null,
      ...(copies ? { copy: (id: string) => copies.state(id) } : {}),
    };
    const rows = this.items.map((item) => libraryRow(item, byId.get(item.id) ?? null, options));
    const listed = new Set(this.items.map((item) => item.id));
    for (const upload of uploads)
      if (upload.id === null || !listed.has(upload.id))
        rows.push(libraryRow(null, upload, options));
    return rows;
  }

  canRemove(item: LibraryItem): boolean {
    return this.inRoom && (this.network.isHost || item.addedBy === this.network.userId);
  }

  /** Adds files (refused with a row when this user may not add). */
  addFiles(files: readonly File[]): void {
    const blocked = this.addBlockedReason;
    if (blocked !== null) {
      for (const file of files)
        this.refuse(refusal(file.name, this.inRoom ? 'FORBIDDEN' : 'NOT_IN_ROOM', blocked));
      return;
    }
    for (const file of files) void this.uploads.add(file);
  }

  /** Adds a media URL (each browser streams it directly; the server never fetches it). */
  async addUrl(text: string): Promise<boolean> {
    const url = text.trim();
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      this.refuse(refusal(url || 'URL', 'BAD_URL', `“${url}” is not an http(s) address.`));
      return false;
    }
    const blocked = this.addBlockedReason;
    if (blocked !== null) {
      this.refuse(refusal(url, this.inRoom ? 'FORBIDDEN' : 'NOT_IN_ROOM', blocked));
      return false;
    }
    const item = {
      id: await urlFingerprint(parsed.href),
      kind: 'url' as const,
      name: nameOfUrl(parsed.href),
      size: 0,
      url: parsed.href,
    };
    try {
      await this.network.addLibraryItem(item);
      return true;
    } catch (error) {
      this.refuse(refusalOf(error, parsed.href, 'add'));
      return false;
    }
  }

  async remove(id: string): Promise<void> {
    const item = this.items.find((entry) => entry.id === id);
    try {
      await this.network.removeLibraryItem(id);
    } catch (error) {
      this.refuse(refusalOf(error, item?.name ?? id, 'remove'));
    }
  }

  cancel(key: string): Promise<void> {
    return this.uploads.cancel(key);
  }

  forgetUnfinished(id: string): Promise<void> {
    return this.uploads.forget(id);
  }

  async setParticipantsMayAdd(allowed: boolean): Promise<void> {
    try {
      await this.network.setLibraryPolicy(allowed);
    } catch (error) {
      this.refuse(refusalOf(error, 'Participants may add', 'policy'));
    }
  }

  /** Opens an item (the host's choice becomes the room's current shot). */
  async open(id: string): Promise<boolean> {
    const item = this.items.find((entry) => entry.id === id);
    if (!item) return false;
    if (streamPart(item) === null) {
      this.emit('notice', `${item.name} cannot be played yet (${item.state}).`);
      return false;
    }
    return this.options.open(item);
  }

  /** Keeps a copy of the item in this browser, or drops the one kept (or being kept). */
  async toggleCopy(id: string): Promise<void> {
    const item = this.items.find((entry) => entry.id === id);
    const copies = this.options.copies;
    if (!item || !copies) return;
    if (copies.state(id).kind === 'none') await copies.keep(item);
    else await copies.drop(item);
  }

  /** Copies can be kept in this browser. */
  get canKeepCopies(): boolean {
    return this.options.copies !== null;
  }

  dismiss(key: string): void {
    this.refusalList = this.refusalList.filter((entry) => entry.key !== key);
    this.changed();
  }

  /** Room state or membership changed: re-render (and re-read unfinished uploads). */
  roomChanged(): void {
    this.changed();
  }

  dispose(): void {
    this.disposed = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.removeAllListeners();
  }

  private refuse(entry: LibraryRefusal): void {
    this.refusalList = [...this.refusalList, entry].slice(-5);
    this.changed();
  }

  private changed(): void {
    if (!this.disposed) this.emit('changed', undefined);
  }
}

function refusalOf(
  error: unknown,
  subject: string,
  action: 'add' | 'remove' | 'policy',
): LibraryRefusal {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return refusal(subject, typeof code === 'string' ? code : 'UPLOAD_FAILED', message, action);
}
