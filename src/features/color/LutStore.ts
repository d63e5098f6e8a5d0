// The LUT tables this page has read, by library id (SHA-256 of the file): files the user chose,
// and files other participants put in the room library, fetched and read strictly on first use.
import type { LutRef } from '../../protocol/index';
import { parseCube, type CubeLut } from '../../render/look/cube';
import { EventEmitter } from '../../utils/EventEmitter';

/** The text of a LUT file, or 'waiting' while the room library does not have it ready yet. */
export type LutFetch = (ref: LutRef) => Promise<string | 'waiting'>;

export type LutStatus =
  | { state: 'loading' | 'waiting'; ref: LutRef }
  | { state: 'ready'; ref: LutRef; lut: CubeLut }
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

  /** Reads a LUT file's text (throws LookFileError) and keeps it under `ref`. */
  add(ref: LutRef, text: string): CubeLut {
    const lut = parseCube(text);
    this.set({ state: 'ready', ref, lut });
    return lut;
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
