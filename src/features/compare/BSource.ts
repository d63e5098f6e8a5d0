// The B side of a comparison (and the right eye of two-file stereo): opens the room's chosen
// source here — a room library item (streamed), or a local file this page picked (matched by its
// fingerprint) — and hands the compositor B's frame for the frame A shows. A source that cannot
// be opened or matched is reported by name and reason; A keeps playing whatever happens here.
import {
  MediaError,
  openMediaFiles,
  openRemoteMedia,
  type RemoteMedia,
} from '../../core/media/openMedia';
import type { FrameImage, MediaSource } from '../../core/media/types';
import type { CompareSource, LibraryItem, MediaDescriptor } from '../../protocol/index';
import { EventEmitter } from '../../utils/EventEmitter';
import { sourceKey } from './model';

export type BSourceEvents = {
  /** B was opened, closed, or failed (read `media`, `problem`). */
  changed: void;
  /** A frame of B finished decoding: draw again. */
  frameReady: void;
};

export interface BSourceDeps {
  /** The RemoteMedia of a library item (null: it cannot be streamed yet). */
  remoteOf(item: LibraryItem): RemoteMedia | null;
  libraryItem(id: string): LibraryItem | undefined;
}

export class BSource extends EventEmitter<BSourceEvents> {
  private mediaValue: MediaSource | null = null;
  private keyValue: string | null = null;
  private problemValue: string | null = null;
  private opening = 0;
  /** Local files picked on this page, by fingerprint (a room's local B opens from here). */
  private readonly local = new Map<string, MediaSource>();
  private lastImage: FrameImage | null = null;
  private pendingFrame: number | null = null;

  constructor(private readonly deps: BSourceDeps) {
    super();
  }

  get media(): MediaSource | null {
    return this.mediaValue;
  }

  /** Why B is not shown (null: it is, or none is chosen). */
  get problem(): string | null {
    return this.problemValue;
  }

  /**
   * Opens local files as a B candidate and returns the room's description of it (with its
   * fingerprint); throws a MediaError naming the file when it cannot be opened.
   */
  async openFiles(files: readonly File[]): Promise<CompareSource> {
    const name = files.length > 1 ? `${files.length} files` : (files[0]?.name ?? 'media');
    let source: MediaSource;
    try {
      source = await openMediaFiles(files);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new MediaError(
        'DECODE_FAILED',
        message.includes(name) ? message : `${name}: ${message}`,
        { cause: error },
      );
    }
    const fingerprint = await source.fingerprint();
    const previous = this.local.get(fingerprint);
    if (previous && previous !== this.mediaValue) previous.dispose();
    this.local.set(fingerprint, source);
    const { info } = source;
    const media: MediaDescriptor = {
      name: info.name,
      frameStart: info.frameStart,
      frameEnd: info.frameEnd,
      fps: info.fps,
      width: info.width,
      height: info.height,
      fingerprint,
    };
    return { kind: 'local', media };
  }

  /** Shows the room's source (null: none); re-opens only when it changed. */
  async follow(source: CompareSource, retry = false): Promise<void> {
    const key = sourceKey(source);
    if (key === this.keyValue && (retry ? this.mediaValue : this.mediaValue || this.problemValue))
      return;
    const token = ++this.opening;
    this.keyValue = key;
    this.setMedia(null, null);
    if (!source) return;
    try {
      const media = await this.open(source);
      if (token !== this.opening) {
        if (!this.isLocal(media)) media.dispose();
        return;
      }
      this.setMedia(media, null);
    } catch (error) {
      if (token !== this.opening) return;
      const name = source.kind === 'library' ? this.nameOf(source.id) : source.media.name;
      const reason = error instanceof Error ? error.message : String(error);
      this.setMedia(null, reason.includes(name) ? reason : `${name}: ${reason}`);
    }
  }

  /** B's picture for `frame` (B's numbering): now if decoded, else the last one while it decodes. */
  frame(frame: number, direction: 1 | -1, playing: boolean): FrameImage | null {
    const media = this.mediaValue;
    if (!media) return null;
    media.setPlayhead(frame, direction, playing);
    const image = media.getFrame(frame);
    if (image) {
      this.lastImage = image;
      return image;
    }
    if (this.pendingFrame !== frame) {
      this.pendingFrame = frame;
      media.loadFrame(frame).then(
        () => {
          if (this.mediaValue === media) this.emit('frameReady', undefined);
        },
        (error: unknown) => {
          if (this.mediaValue !== media) return;
          const reason = error instanceof Error ? error.message : String(error);
          this.problemValue = `${media.info.name}: frame ${frame} cannot be shown (${reason})`;
          this.emit('changed', undefined);
        },
      );
    }
    return this.lastImage;
  }

  dispose(): void {
    this.opening += 1;
    this.setMedia(null, null);
    for (const media of this.local.values()) media.dispose();
    this.local.clear();
    this.removeAllListeners();
  }

  private async open(source: NonNullable<CompareSource>): Promise<MediaSource> {
    if (source.kind === 'local') {
      const fingerprint = source.media.fingerprint;
      const media = fingerprint ? this.local.get(fingerprint) : undefined;
      if (!media)
        throw new Error(
          `${source.media.name} is a local file on another computer: choose your copy of it as B (Compare panel, "B: local file…")`,
        );
      return media;
    }
    const item = this.deps.libraryItem(source.id);
    if (!item) throw new Error('it is not in the room library (any more)');
    const remote = this.deps.remoteOf(item);
    if (!remote) throw new Error('it is still being uploaded or processed');
    return openRemoteMedia(remote);
  }

  private nameOf(id: string): string {
    return this.deps.libraryItem(id)?.name ?? `library item ${id.slice(0, 12)}…`;
  }

  private isLocal(media: MediaSource): boolean {
    for (const value of this.local.values()) if (value === media) return true;
    return false;
  }

  private setMedia(media: MediaSource | null, problem: string | null): void {
    const previous = this.mediaValue;
    if (previous && previous !== media && !this.isLocal(previous)) previous.dispose();
    this.mediaValue = media;
    this.problemValue = problem;
    this.lastImage = null;
    this.pendingFrame = null;
    this.emit('changed', undefined);
  }
}
