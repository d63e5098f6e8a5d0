// Fetches a soundtrack another member attached from the room media library, by its SHA-256:
// waits while it uploads and is checked, then downloads the original with progress.
import type { RoomLibrary } from '../../protocol/index';
import { MediaTokens, mediaPath, withToken } from '../library/mediaAccess';

/** The NetworkSyncManager's part used here (it satisfies it). */
export interface SoundtrackLibrary {
  readonly roomCode: string | null;
  readonly library: RoomLibrary;
  mediaCredentials(): { room: string; sessionToken: string } | null;
}

export type FetchProgress = (fraction: number, text: string) => void;

export class SoundtrackFetcher {
  private readonly tokens: MediaTokens;
  private wake: (() => void) | null = null;
  private disposed = false;

  constructor(private readonly network: SoundtrackLibrary) {
    this.tokens = new MediaTokens(() => network.mediaCredentials());
  }

  /** The library changed: a waiting fetch looks again. */
  libraryChanged(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  dispose(): void {
    this.disposed = true;
    this.libraryChanged();
  }

  async fetch(id: string, name: string, progress: FetchProgress): Promise<Blob> {
    for (;;) {
      if (this.disposed) throw new Error('closed');
      if (!this.network.roomCode)
        throw new Error(`${name} is a soundtrack of the room: join the room to hear it.`);
      const item = this.network.library.items.find((entry) => entry.id === id);
      if (item?.state === 'failed')
        throw new Error(
          `${name} could not be stored in the room library (${item.error?.message ?? 'unknown error'}).`,
        );
      if (item?.state === 'ready') return this.download(id, name, item.size, progress);
      progress(
        item?.progress ?? 0,
        item
          ? `${name} is reaching the room library (${Math.round((item.progress ?? 0) * 100)} %)…`
          : `Waiting for ${name} to reach the room library (the member who attached it uploads it; the host may have to allow participants to add).`,
      );
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private async download(
    id: string,
    name: string,
    size: number,
    progress: FetchProgress,
  ): Promise<Blob> {
    const path = withToken(mediaPath(id, 'original'), await this.tokens.token());
    const response = await fetch(path);
    if (!response.ok || !response.body)
      throw new Error(
        `${name} could not be downloaded from the room library (HTTP ${response.status}).`,
      );
    const reader = response.body.getReader();
    const parts: Uint8Array<ArrayBuffer>[] = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      received += value.length;
      progress(
        size > 0 ? received / size : 0,
        `Downloading ${name} (${Math.round((received / Math.max(size, 1)) * 100)} %)…`,
      );
    }
    return new Blob(parts);
  }
}
