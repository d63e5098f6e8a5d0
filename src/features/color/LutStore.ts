// The LUT tables this page has read, by library id (SHA-256 of the file): files the user chose,
// and files other participants put in the room library, fetched and read strictly on first use.
import type { LutRef } from '../../protocol/index';
import type { CubeLut } from '../../render/look/cube';
import { parseLut } from '../../render/look/lutFormats';
import { EventEmitter } from '../../utils/EventEmitter';

/** The text of a LUT file, or 'waiting' while the room library does not have it ready yet. */
export type LutFetch = (ref: LutRef) => Promise<string | 'waiting'>;

export type LutStatus =
  | { state: 'loading' | 'waiting'; ref: LutRef }
  /** `file`: chosen on this page (it can be offered to a room's library later). */
  | { state: 'ready'; ref: LutRef; lut: CubeLut; file?: File }
  | { state: 'failed'; ref: LutRef; message: string };

export class LutStore extends EventEmitter<{ changed: LutStatus }> {
  private readonly entries = new Map<string, LutStatus>();

  constructor(private readonly fetchText: LutFetch) {
    super();
  }

  /** The table, or null while it loads (a first call starts loading it). */
  get(ref: LutRef): CubeLut | null {
    const entry = this.entries.get(ref.id);
    if (!entry) void this.load(ref);
    return entry?.state === 'ready' ? entry.lut : null;
  }

  status(ref: LutRef): LutStatus | null {
    return this.entries.get(ref.id) ?? null;
  }

  /** Reads a LUT file's text by its name's format (throws LookFileError), kept under `ref`. */
  add(ref: LutRef, text: string, file?: File): CubeLut {
    const lut = parseLut(text, ref.name);
    this.set(file ? { state: 'ready', ref, lut, file } : { state: 'ready', ref, lut });
    return lut;
  }

  /** The file a LUT was read from on this page (null: fetched, or not read). */
  localFile(id: string): File | null {
    const entry = this.entries.get(id);
    return entry?.state === 'ready' ? (entry.file ?? null) : null;
  }

  /** The room library changed: LUTs that were not there yet are asked for again. */
  retryWaiting(): void {
    for (const entry of [...this.entries.values()])
      if (entry.state === 'waiting') void this.load(entry.ref);
  }

  private async load(ref: LutRef): Promise<void> {
    this.set({ state: 'loading', ref });
    try {
      const text = await this.fetchText(ref);
      if (text === 'waiting') this.set({ state: 'waiting', ref });
      else this.add(ref, text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.set({ state: 'failed', ref, message: `${ref.name}: ${message}` });
    }
  }

  private set(status: LutStatus): void {
    this.entries.set(status.ref.id, status);
    this.emit('changed', status);
  }
}
