// Over 400 lines: the one dispatch point of every admitted room operation (admission, catch-up and play holds are already split out).
// Room operations behind the pipeline: dispatch by message type, state changes (through the
// store's atomic step), catch-up (catchUp.ts), relays, roles, host handover and reclaim,
// ending rooms. Admission (create/join/resume/leave/grace) lives in RoomAdmission.ts.
import type { Logger } from 'pino';
import {
  createMessageId,
  createServerMessage,
  isClientChange,
  sanitizeDisplayName,
  serializeMessage,
  type ClientMessage,
  type ClientMessageOf,
} from '../../src/protocol/index';
import { hashPin, hashToken, tokenMatches } from '../auth';
import { TokenBucket } from '../limits/TokenBucket';
import { serverNow } from '../clock';
import type { ServerConfig } from '../config';
import type { LibraryHooks } from '../media/MediaService';
import type { ReviewKeeper } from '../reviews/ReviewKeeper';
import type { ServerMetrics } from '../metrics';
import { PlayHolds } from '../rooms/playHold';
import type { RoomEvents } from '../webhooks/RoomEvents';
import type { ChangeRequest, Member, RoomStore } from '../store/RoomStore';
import type { Connection } from './Connection';
import type { RoomHub } from './RoomHub';
import { replyWithCatchUp } from './catchUp';
import { toChangeRequest } from './changeRequests';
import { RoomAdmission } from './RoomAdmission';

type Msg<K extends ClientMessage['type']> = ClientMessageOf<K>;

/** Snapshot requests a connection may make at once (then one per interval / SNAPSHOT_BURST). */
const SNAPSHOT_BURST = 3;

/** The optional services beside the sync pipeline (each absent in tests that do not need it). */
export interface RoomServices {
  /** The media library's hooks around library changes (server/media/). */
  library?: LibraryHooks | undefined;
  /** Durable reviews (server/reviews/): written as rooms change and end, reopened by code. */
  reviews?: ReviewKeeper | null | undefined;
  /** Webhooks and the event log (server/webhooks/): told of applied changes and ended rooms. */
  events?: RoomEvents | undefined;
}

export class RoomService {
  private readonly library: LibraryHooks | undefined;
  private readonly reviews: ReviewKeeper | null;
  private readonly events: RoomEvents | undefined;
  private readonly admission: RoomAdmission;
  private readonly holds: PlayHolds;
  /** Snapshot requests per connection (a snapshot is the whole room state). */
  private readonly snapshotBuckets = new WeakMap<Connection, TokenBucket>();

  constructor(
    private readonly store: RoomStore,
    hub: RoomHub,
    private readonly config: ServerConfig,
    private readonly metrics: ServerMetrics,
    private readonly logger: Logger,
    services: RoomServices = {},
  ) {
    this.library = services.library;
    this.reviews = services.reviews ?? null;
    this.events = services.events;
    this.admission = new RoomAdmission(
      store,
      hub,
      config,
      metrics,
      logger,
      {
        claimHost: (session, hostToken, replyTo) => this.claimHost(session, hostToken, replyTo),
      },
      this.reviews,
    );
    this.holds = new PlayHolds({
      store,
      logger,
      now: serverNow,
      apply: (roomId, userId, request) =>
        this.store.applyChange(roomId, request, this.changeContext(userId, createMessageId())),
    });
  }

  /** Applies one validated, permitted, rate-limited message. */
  async dispatch(session: Connection, message: ClientMessage): Promise<void> {
    if (!session.isOpen) return;
    if (isClientChange(message)) return this.change(session, message.id, toChangeRequest(message));
    switch (message.type) {
      case 'hello':
        return; // answered synchronously by the session
      case 'ping':
        session.send(
          createServerMessage(
            'pong',
            { clientTime: message.payload.clientTime, serverTime: serverNow() },
            session.envelope(message.id),
          ),
        );
        return;
      case 'room.create':
        return this.admission.create(session, message);
      case 'room.join':
        return this.admission.join(session, message);
      case 'room.peek':
        return this.admission.peek(session, message);
      case 'room.resume':
        return this.admission.resume(session, message);
      case 'room.leave':
        return this.admission.leave(session, message);
      case 'room.end':
        return this.end(session, 'host');
      case 'room.setRole':
        return this.setRole(session, message);
      case 'room.transferHost':
        return this.transferHost(session, message);
      case 'room.claimHost':
        return this.claimHost(session, message.payload.hostToken, message.id);
      case 'room.removeMember':
        return this.removeMember(session, message);
      case 'room.setPin':
        return this.setPin(session, message);
      case 'user.presence':
        return this.presence(session, message);
      case 'sync.requestState':
        return this.requestState(session, message);
      case 'live.cursor':
      case 'live.stroke':
        return this.relay(session, message);
      default: {
        const unhandled: never = message;
        throw new Error(`unhandled message ${(unhandled as ClientMessage).type}`);
      }
    }
  }

  async end(
    session: Connection | null,
    reason: 'host' | 'idle' | 'server',
    roomId = session?.room?.roomId,
  ): Promise<void> {
    if (!roomId) return;
    const ended = serializeMessage(
      createServerMessage('room.ended', { reason }, { timestamp: serverNow(), roomId }),
    );
    // The review is written as it ends: its link reopens it later (docs/reviews.md).
    await this.reviews?.flush(roomId, true);
    const final = await this.events?.capture(roomId).catch(() => null);
    if (await this.store.deleteRoom(roomId, ended)) {
      this.logger.info({ roomId, reason }, 'room ended');
      if (final) this.events?.ended(final, reason, serverNow());
    }
  }

  private async setRole(session: Connection, message: Msg<'room.setRole'>): Promise<void> {
    const room = session.room;
    if (!room) return;
    const target = await this.member(session, room.roomId, message.payload.userId, message.id);
    if (!target) return;
    if (target.role === 'host')
      return session.replyError('FORBIDDEN', {
        replyTo: message.id,
        detail: 'use room.transferHost',
      });
    await this.store.setRole(room.roomId, target.userId, message.payload.role);
  }

  private async transferHost(
    session: Connection,
    message: Msg<'room.transferHost'>,
  ): Promise<void> {
    const room = session.room;
    if (!room) return;
    const target = await this.member(session, room.roomId, message.payload.userId, message.id);
    if (!target) return;
    await this.store.setHost(room.roomId, target.userId);
    // The host token moves with the role: the old one (kept by the previous host) stops
    // working, and only the new host learns the new one (signed for the room, so the new host
    // can restore it after a restart).
    const hostToken = this.admission.credentials.hostToken(room.roomId);
    await this.store.updateSecrets(room.roomId, { hostTokenHash: hashToken(hostToken) });
    await this.store.publish(room.roomId, {
      kind: 'message',
      type: 'room.hostToken',
      data: serializeMessage(
        createServerMessage(
          'room.hostToken',
          { hostToken },
          { timestamp: serverNow(), roomId: room.roomId },
        ),
      ),
      ephemeral: false,
      onlyUserId: target.userId,
    });
    this.logger.info(
      { roomId: room.roomId, from: room.userId, to: target.userId },
      'host handed over',
    );
  }

  /** The member a host action names, or null after replying USER_NOT_FOUND. */
  private async member(
    session: Connection,
    roomId: string,
    userId: string,
    replyTo: string,
  ): Promise<Member | null> {
    const found = (await this.store.listMembers(roomId)).find((m) => m.userId === userId);
    if (!found) session.replyError('USER_NOT_FOUND', { replyTo });
    return found ?? null;
  }

  /** Host only: the member is told why, its connections closed (4010), its session forgotten. */
  private async removeMember(
    session: Connection,
    message: Msg<'room.removeMember'>,
  ): Promise<void> {
    const room = session.room;
    if (!room) return;
    const target = await this.member(session, room.roomId, message.payload.userId, message.id);
    if (!target) return;
    if (target.userId === room.userId)
      return session.replyError('FORBIDDEN', {
        replyTo: message.id,
        detail: 'you cannot remove yourself; leave or end the room instead',
      });
    const removed = createServerMessage(
      'room.removed',
      {
        reason: 'host',
        message: 'The host removed you from this room. Ask the host if you should rejoin.',
      },
      { timestamp: serverNow(), roomId: room.roomId },
    );
    await this.store.publish(room.roomId, {
      kind: 'removed',
      userId: target.userId,
      data: serializeMessage(removed),
    });
    await this.store.removeMember(room.roomId, target.userId);
    this.logger.info(
      { roomId: room.roomId, by: room.userId, userId: target.userId },
      'member removed by the host',
    );
  }

  /** Host only: a new PIN (or none) for whoever joins next; the room learns it changed. */
  private async setPin(session: Connection, message: Msg<'room.setPin'>): Promise<void> {
    const room = session.room;
    if (!room) return;
    const { pin } = message.payload;
    const pinHash = pin === null ? null : await hashPin(pin);
    if (!(await this.store.updateSecrets(room.roomId, { pinHash })))
      return session.replyError('ROOM_NOT_FOUND', { replyTo: message.id });
    await this.store.publish(room.roomId, {
      kind: 'message',
      type: 'room.pinChanged',
      data: serializeMessage(
        createServerMessage(
          'room.pinChanged',
          { pinProtected: pinHash !== null },
          { timestamp: serverNow(), roomId: room.roomId, userId: room.userId, replyTo: message.id },
        ),
      ),
      ephemeral: false,
    });
    this.logger.info({ roomId: room.roomId, pinProtected: pinHash !== null }, 'PIN changed');
  }

  /**
   * The changes since lastVersion when the log has them; else a snapshot, at most
   * SNAPSHOT_BURST per snapshotRequestIntervalMs per connection (each is the whole room).
   */
  private async requestState(
    session: Connection,
    message: Msg<'sync.requestState'>,
  ): Promise<void> {
    const room = session.room;
    if (!room) return;
    const { lastVersion } = message.payload;
    if (lastVersion !== undefined) {
      const missed = await this.store.getChangesSince(room.roomId, lastVersion);
      if (missed) {
        const changes = { mode: 'changes' as const, fromVersion: lastVersion, ...missed };
        session.send(createServerMessage('sync.state', changes, session.envelope(message.id)));
        return;
      }
    }
    const now = serverNow();
    let bucket = this.snapshotBuckets.get(session);
    if (!bucket) {
      const rate = (SNAPSHOT_BURST * 1000) / Math.max(1, this.config.snapshotRequestIntervalMs);
      bucket = new TokenBucket(rate, SNAPSHOT_BURST, now);
      this.snapshotBuckets.set(session, bucket);
    }
    if (!bucket.take(now)) {
      this.metrics.rejections.inc({ reason: 'RATE_LIMITED' });
      session.replyError('RATE_LIMITED', {
        replyTo: message.id,
        retryAfterMs: bucket.retryAfterMs(now),
        detail: 'too many full-state requests; retry after retryAfterMs',
      });
      return;
    }
    await replyWithCatchUp(this.store, session, undefined, message.id);
  }

  private async claimHost(session: Connection, hostToken: string, replyTo: string): Promise<void> {
    const room = session.room;
    if (!room) return;
    const meta = await this.store.getRoomMeta(room.roomId);
    if (!meta || !tokenMatches(hostToken, meta.hostTokenHash)) {
      this.metrics.rejections.inc({ reason: 'BAD_HOST_TOKEN' });
      session.replyError('BAD_HOST_TOKEN', { replyTo });
      return;
    }
    await this.store.setHost(room.roomId, room.userId);
    this.logger.info({ roomId: room.roomId, userId: room.userId }, 'host reclaimed');
  }

  private async presence(session: Connection, message: Msg<'user.presence'>): Promise<void> {
    const room = session.room;
    if (!room) return;
    const { displayName, status, mediaStatus } = message.payload;
    const patch: Parameters<RoomStore['updateMember']>[2] = {};
    if (displayName !== undefined) patch.displayName = sanitizeDisplayName(displayName) || 'Guest';
    if (status !== undefined) patch.status = status;
    if (mediaStatus !== undefined) patch.mediaStatus = mediaStatus;
    await this.store.updateMember(room.roomId, room.userId, patch);
  }

  private async change(
    session: Connection,
    replyTo: string,
    request: ChangeRequest,
  ): Promise<void> {
    const room = session.room;
    if (!room) return;
    const started = performance.now();
    // Wait for everyone may hold a play instead of applying it.
    if (request.kind === 'playback' && (await this.holds.intercept(session, replyTo, request)))
      return;
    // The media store is asked (async) before the atomic step: the free-disk guard, and
    // whether the bytes are stored already (no upload needed).
    if (request.kind === 'library.add' && this.library) {
      const answer = await this.library.beforeAdd(request.item);
      if ('refusal' in answer) {
        this.metrics.rejections.inc({ reason: answer.refusal.code });
        session.replyError(answer.refusal.code, { replyTo, detail: answer.refusal.detail });
        return;
      }
      request = { ...request, stored: answer.stored };
    }
    const outcome = await this.store.applyChange(
      room.roomId,
      request,
      this.changeContext(room.userId, replyTo),
    );
    this.metrics.applyLatency.observe((performance.now() - started) / 1000);
    switch (outcome.status) {
      case 'applied': {
        const { message } = outcome;
        this.events?.changed(room.roomId, request, message);
        if (
          request.kind === 'library.add' &&
          message.type === 'sync.library' &&
          message.payload.op === 'upsert'
        ) {
          this.library?.added(room.roomId, message.payload.item);
          // The shot joins the playlist too, unless the host turned that off (a second step:
          // when it cannot, the library item stays added).
          await this.store.applyChange(
            room.roomId,
            { kind: 'playlist.appendLibrary', libraryId: message.payload.item.id },
            this.changeContext(room.userId, replyTo),
          );
        }
        return;
      }
      case 'noop':
        return;
      case 'stale':
        this.metrics.rejections.inc({ reason: 'STALE_CHANGE' });
        session.send(
          createServerMessage(
            'sync.rejected',
            {
              code: 'STALE_CHANGE',
              message: 'A newer change by the host took precedence',
              motion: outcome.motion,
              version: outcome.version,
            },
            session.envelope(replyTo),
          ),
        );
        return;
      case 'refused':
        this.metrics.rejections.inc({ reason: outcome.code });
        session.replyError(outcome.code, {
          replyTo,
          ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
          ...(outcome.category === undefined ? {} : { category: outcome.category }),
        });
        return;
      case 'no-room':
        session.replyError('ROOM_NOT_FOUND', { replyTo });
        return;
    }
  }

  private changeContext(userId: string, replyTo: string) {
    return {
      userId,
      replyTo,
      now: serverNow(),
      limits: {
        maxAnnotations: this.config.maxAnnotations,
        maxNotes: this.config.maxNotes,
        changeLogSize: this.config.changeLogSize,
        budget: {
          roomBytes: this.config.maxRoomStateBytes,
          annotationsBytes: this.config.maxAnnotationsBytes,
          annotationBytes: this.config.maxAnnotationBytes,
          notesBytes: this.config.maxNotesBytes,
        },
        library: {
          maxFileBytes: this.config.maxFileBytes,
          roomQuotaBytes: this.config.roomQuotaBytes,
          maxItems: this.config.maxLibraryItems,
        },
      },
    };
  }

  private async relay(
    session: Connection,
    message: Msg<'live.cursor'> | Msg<'live.stroke'>,
  ): Promise<void> {
    const room = session.room;
    if (!room) return;
    const envelope = { timestamp: serverNow(), roomId: room.roomId, userId: room.userId };
    const data =
      message.type === 'live.cursor'
        ? serializeMessage(
            createServerMessage('live.cursor', { ...message.payload, color: room.color }, envelope),
          )
        : serializeMessage(createServerMessage('live.stroke', message.payload, envelope));
    await this.store.publish(room.roomId, {
      kind: 'message',
      type: message.type,
      data,
      ephemeral: true,
      exceptUserId: room.userId,
    });
  }

  /** The socket closed: the member stays (disconnected) for the grace period. */
  disconnected(session: Connection): Promise<void> {
    return this.admission.disconnected(session);
  }

  /** Takes the session out of its room locally (room ended, replaced, shutdown). */
  detachSession(session: Connection): void {
    this.admission.detachSession(session);
  }

  dispose(): void {
    this.holds.dispose();
    this.admission.dispose();
  }

  async expireIdleRooms(): Promise<void> {
    const idle = await this.store.listIdleRooms(serverNow() - this.config.roomIdleTimeoutMs);
    for (const roomId of idle) await this.end(null, 'idle', roomId);
  }
}
