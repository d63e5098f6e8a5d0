// Carries out one deep link once the player is ready for it: in the link's room (after the
// person joined it from the share-link dialog), with media open; then the item (LinkItems),
// the in/out range and the frame. Reports what it waits for and what it could not do. No DOM.
import { EventEmitter } from '../../utils/EventEmitter';
import { movesPlayhead, type DeepLinkTarget } from '../../protocol/index';
import type { LinkItems } from './LinkItems';

/** The player as a link drives it (src/core/playback/Playback). */
export interface LinkPlayback {
  readonly media: unknown;
  readonly frameStart: number;
  readonly frameEnd: number;
  readonly currentFrame: number;
  readonly inPoint: number;
  readonly outPoint: number;
  seek(frame: number): void;
  setInPoint(frame: number): void;
  setOutPoint(frame: number): void;
  on(event: 'mediaChanged', listener: () => void): () => void;
}

/** The room side (src/network/NetworkSyncManager). */
export interface LinkNetwork {
  readonly roomCode: string | null;
  on(event: 'roomJoined', listener: (room: { roomId: string }) => void): () => void;
}

export type LinkPhase =
  | { kind: 'waiting-room'; roomId: string }
  | { kind: 'waiting-media' }
  | { kind: 'opening-item'; itemId: string }
  | { kind: 'done'; applied: string[]; problems: string[] }
  | { kind: 'dismissed' };

export class DeepLinkRunner extends EventEmitter<{ changed: LinkPhase }> {
  private phaseValue: LinkPhase;
  private readonly cleanups: Array<() => void> = [];
  private readonly problems: string[];

  constructor(
    private readonly target: DeepLinkTarget,
    private readonly deps: { playback: LinkPlayback; network: LinkNetwork; items: LinkItems },
    problems: readonly string[] = [],
  ) {
    super();
    this.problems = [...problems];
    this.phaseValue = { kind: 'waiting-media' };
  }

  get phase(): LinkPhase {
    return this.phaseValue;
  }

  /** Starts waiting (call once, after subscribing). */
  start(): void {
    const { room } = this.target;
    if (room && this.deps.network.roomCode !== room) {
      this.set({ kind: 'waiting-room', roomId: room });
      this.cleanups.push(
        this.deps.network.on('roomJoined', ({ roomId }) => {
          if (roomId === room && this.phaseValue.kind === 'waiting-room') this.afterRoom();
        }),
      );
      return;
    }
    this.afterRoom();
  }

  /** The person closed the notice: nothing more happens. */
  dismiss(): void {
    this.finish();
    this.set({ kind: 'dismissed' });
  }

  dispose(): void {
    this.finish();
  }

  private afterRoom(): void {
    if (!movesPlayhead(this.target)) return this.done([]);
    if (this.deps.playback.media) return void this.apply();
    this.set({ kind: 'waiting-media' });
    const off = this.deps.playback.on('mediaChanged', () => {
      off();
      // Playback announces new media before it resets the frame and in/out to it: apply after.
      void Promise.resolve().then(() => {
        if (this.phaseValue.kind === 'waiting-media') void this.apply();
      });
    });
    this.cleanups.push(off);
  }

  private async apply(): Promise<void> {
    const applied: string[] = [];
    const { item, frame, inFrame, outFrame } = this.target;
    if (item !== undefined) {
      const open = this.deps.items.open;
      if (!open) {
        this.problems.push(`item ${item}: this player has no playlist to open it from`);
      } else {
        this.set({ kind: 'opening-item', itemId: item });
        const opened = await open(item).catch((error: unknown) => String(error));
        if (this.phaseValue.kind === 'dismissed') return;
        if (opened === true) applied.push(`item ${item}`);
        else this.problems.push(`item ${item}: ${opened}`);
      }
    }
    const playback = this.deps.playback;
    const inRange = (value: number, name: string): number => {
      const { frameStart, frameEnd } = playback;
      if (value >= frameStart && value <= frameEnd) return value;
      const clamped = Math.min(frameEnd, Math.max(frameStart, value));
      this.problems.push(
        `${name} ${value} is outside this media (${frameStart}–${frameEnd}): using ${clamped}`,
      );
      return clamped;
    };
    if (outFrame !== undefined) playback.setOutPoint(inRange(outFrame, 'out'));
    if (inFrame !== undefined) playback.setInPoint(inRange(inFrame, 'in'));
    if (inFrame !== undefined || outFrame !== undefined)
      applied.push(`in ${playback.inPoint}, out ${playback.outPoint}`);
    if (frame !== undefined) {
      playback.seek(inRange(frame, 'frame'));
      applied.push(`frame ${playback.currentFrame}`);
    }
    this.done(applied);
  }

  private done(applied: string[]): void {
    this.finish();
    this.set({ kind: 'done', applied, problems: [...this.problems] });
  }

  private finish(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private set(phase: LinkPhase): void {
    this.phaseValue = phase;
    this.emit('changed', phase);
  }
}
