// Wait for everyone: while the room setting is on, a play that would start while a present user
// is not ready (media loading, missing or mismatched) is held instead of applied. The room hears
// `room.waiting` with who it waits for; when the last of them is ready (or leaves, or the host
// turns the setting off) the server starts the play itself, anchored at its clock, so every
// client starts at the same server time from the frame the room is paused on.
//
// A hold lives on the instance that received the play (it follows the room's store channel for
// member and settings changes); it is a convenience, not state: it ends when that instance goes.
import type { Logger } from 'pino';
import {
  createMessageId,
  createServerMessage,
  ERROR_CODES,
  serializeMessage,
  type MediaStatus,
  type Motion,
  type ServerMessage,
  type User,
} from '../../src/protocol/index';
import type { ApplyOutcome, ChangeRequest, Member, RoomEvent, RoomStore } from '../store/RoomStore';
import type { Connection } from '../sync/Connection';

/** Statuses that hold a play. `none` is a client that does not report media (a script). */
const NOT_READY: ReadonlySet<MediaStatus> = new Set(['loading', 'missing', 'mismatch']);

/** Present users a play waits for, in the given order. */
export function usersNotReady(
  members: ReadonlyArray<Pick<User, 'userId' | 'connected' | 'mediaStatus'>>,
): string[] {
  return members
    .filter((member) => member.connected && NOT_READY.has(member.mediaStatus))
    .map((member) => member.userId);
}

interface Hold {
  requestedBy: string;
  /** The requested motion; its anchor is replaced by the paused frame at release. */
  motion: Motion;
  waitingFor: string[];
  unsubscribe: Promise<() => Promise<void>>;
  /** Set once released or cancelled, so late events and a second release do nothing. */
  over: boolean;
}

export interface PlayHoldDeps {
  store: RoomStore;
  logger: Logger;
  now: () => number;
  /** Applies a change as `userId` with the server's limits (the room service's path). */
  apply: (roomId: string, userId: string, request: ChangeRequest) => Promise<ApplyOutcome>;
}

export class PlayHolds {
  private readonly holds = new Map<string, Hold>();

  constructor(private readonly deps: PlayHoldDeps) {}

  /** True while this instance holds a play for the room (tests, metrics). */
  isHolding(roomId: string): boolean {
    return this.holds.has(roomId);
  }

  /**
   * Looks at a playback change before it is applied. Returns true when it was taken over
   * (held, answered with `sync.rejected` WAITING_FOR_USERS); false: apply it as usual.
   */
  async intercept(session: Connection, replyTo: string, request: ChangeRequest): Promise<boolean> {
    const room = session.room;
    if (!room || request.kind !== 'playback') return false;
    const { roomId } = room;
    if (!request.motion.playing) {
      // A pause (or any stop) while waiting: whoever asked for the play (or the host) changed
      // their mind, or someone moved the paused frame. Anyone else's pause on the frame the room
      // is paused on (a guest opening their copy re-anchors their own playhead there) stops
      // nothing: it is applied as usual and the hold stays.
      const hold = this.holds.get(roomId);
      if (hold && !hold.over && room.userId !== hold.requestedBy && room.role !== 'host') {
        const motion = (await this.deps.store.getSnapshot(roomId))?.state.motion;
        if (motion && !motion.playing && motion.anchorFrame === request.motion.anchorFrame)
          return false;
      }
      await this.end(roomId);
      return false;
    }
    const waitingFor = usersNotReady(await this.deps.store.listMembers(roomId));
    if (waitingFor.length === 0) return false;
    const snapshot = await this.deps.store.getSnapshot(roomId);
    // Already playing: a seek or speed change during play, never held.
    if (!snapshot || !snapshot.state.settings.waitForEveryone || snapshot.state.motion.playing)
      return false;
    session.send(
      createServerMessage(
        'sync.rejected',
        {
          code: 'WAITING_FOR_USERS',
          message: ERROR_CODES.WAITING_FOR_USERS,
          motion: snapshot.state.motion,
          version: snapshot.version,
        },
        session.envelope(replyTo),
      ),
    );
    const existing = this.holds.get(roomId);
    if (existing) {
      // Play pressed again (or by someone else): one hold, the latest request.
      existing.requestedBy = room.userId;
      existing.motion = { ...request.motion };
      existing.waitingFor = waitingFor;
      await this.announce(roomId, existing);
      return true;
    }
    const hold: Hold = {
      requestedBy: room.userId,
      motion: { ...request.motion },
      waitingFor,
      over: false,
      unsubscribe: this.deps.store.subscribe(roomId, (event) => this.onEvent(roomId, event)),
    };
    this.holds.set(roomId, hold);
    await hold.unsubscribe;
    this.deps.logger.info({ roomId, waitingFor }, 'play held: waiting for everyone');
    // Someone may have become ready between the check and the subscription.
    await this.recheck(roomId, await this.deps.store.listMembers(roomId));
    if (!hold.over) await this.announce(roomId, hold);
    return true;
  }

  /** Cancels every hold (shutdown). */
  dispose(): void {
    for (const roomId of [...this.holds.keys()]) void this.end(roomId, false);
  }

  private onEvent(roomId: string, event: RoomEvent): void {
    const hold = this.holds.get(roomId);
    if (!hold || hold.over) return;
    const work = async () => {
      if (event.kind === 'members') await this.recheck(roomId, event.users);
      else if (event.kind === 'ended') await this.end(roomId, false);
      else if (event.kind === 'message') await this.onMessage(roomId, event);
    };
    work().catch((error: unknown) =>
      this.deps.logger.warn({ err: error, roomId }, 'wait for everyone: update failed'),
    );
  }

  private async onMessage(
    roomId: string,
    event: Extract<RoomEvent, { kind: 'message' }>,
  ): Promise<void> {
    if (event.type !== 'room.settings' && event.type !== 'sync.playback') return;
    const message = JSON.parse(event.data) as ServerMessage;
    if (message.type === 'room.settings' && !message.payload.settings.waitForEveryone) {
      // The host stopped waiting: start now.
      await this.release(roomId);
    } else if (message.type === 'sync.playback' && message.payload.motion.playing) {
      // Play started some other way (another instance's hold, a script): nothing left to hold.
      await this.end(roomId);
    }
  }

  private async recheck(roomId: string, users: ReadonlyArray<User | Member>): Promise<void> {
    const hold = this.holds.get(roomId);
    if (!hold || hold.over) return;
    const requester = users.find((user) => user.userId === hold.requestedBy);
    if (!requester?.connected) {
      // Whoever pressed play left: nobody is waiting for this play any more.
      await this.end(roomId);
      return;
    }
    hold.waitingFor = usersNotReady(users);
    if (hold.waitingFor.length === 0) await this.release(roomId);
    // Every member change is announced, so a user who just joined learns of the hold too.
    else await this.announce(roomId, hold);
  }

  /** Starts the held play for everyone at the server's now, from the paused frame. */
  private async release(roomId: string): Promise<void> {
    const hold = this.holds.get(roomId);
    if (!hold || hold.over) return;
    hold.over = true;
    try {
      const snapshot = await this.deps.store.getSnapshot(roomId);
      if (!snapshot || snapshot.state.motion.playing) return;
      const motion: Motion = {
        ...hold.motion,
        playing: true,
        anchorFrame: snapshot.state.motion.anchorFrame,
        anchorTime: this.deps.now(),
      };
      const outcome = await this.deps.apply(roomId, hold.requestedBy, {
        kind: 'playback',
        motion,
        baseVersion: snapshot.version,
        fromServer: true,
      });
      this.deps.logger.info({ roomId, outcome: outcome.status }, 'held play released');
    } finally {
      await this.finish(roomId, hold, true);
    }
  }

  /** Drops the hold without playing. */
  private async end(roomId: string, announce = true): Promise<void> {
    const hold = this.holds.get(roomId);
    if (!hold) return;
    hold.over = true;
    await this.finish(roomId, hold, announce);
  }

  private async finish(roomId: string, hold: Hold, announce: boolean): Promise<void> {
    if (this.holds.get(roomId) === hold) this.holds.delete(roomId);
    if (announce) await this.publish(roomId, null);
    const unsubscribe = await hold.unsubscribe.catch(() => null);
    await unsubscribe?.().catch(() => undefined);
  }

  private announce(roomId: string, hold: Hold): Promise<void> {
    return this.publish(roomId, { requestedBy: hold.requestedBy, userIds: [...hold.waitingFor] });
  }

  private async publish(
    roomId: string,
    hold: { requestedBy: string; userIds: string[] } | null,
  ): Promise<void> {
    const data = serializeMessage(
      createServerMessage(
        'room.waiting',
        { hold },
        { timestamp: this.deps.now(), roomId, id: createMessageId() },
      ),
    );
    await this.deps.store.publish(roomId, {
      kind: 'message',
      type: 'room.waiting',
      data,
      ephemeral: true,
    });
  }
}
