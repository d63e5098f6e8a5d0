// Room operations behind the pipeline: create, join (PIN + attempt limits), resume with
// catch-up, leave, presence grace, host handover/reclaim, roles, end, and state changes.
// All room state goes through the RoomStore; local fan-out through the RoomHub.
import type { Logger } from 'pino';
import {
  createDefaultRoomState,
  createRoomCode,
  createServerMessage,
  createToken,
  randomString,
  sanitizeDisplayName,
  serializeMessage,
  type ClientMessage,
  type ClientMessageOf,
  type Role,
} from '../../src/protocol/index';
import { hashPin, hashToken, tokenMatches, verifyPin } from '../auth';
import { serverNow } from '../clock';
import type { ServerConfig } from '../config';
import type { ServerMetrics } from '../metrics';
import { assignColor, type ChangeRequest } from '../rooms/roomLogic';
import type { Member, RoomStore } from '../store/RoomStore';
import type { ClientSession } from './ClientSession';
import type { RoomHub } from './RoomHub';
import { toChangeRequest } from './changeRequests';

type Msg<K extends ClientMessage['type']> = ClientMessageOf<K>;

export class RoomService {
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: RoomStore,
    private readonly hub: RoomHub,
    private readonly config: ServerConfig,
    private readonly metrics: ServerMetrics,
    private readonly logger: Logger,
  ) {}

  /** Applies one validated, permitted, rate-limited message. */
  async dispatch(session: ClientSession, message: ClientMessage): Promise<void> {
    if (!session.isOpen) return;
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
        return this.create(session, message);
      case 'room.join':
        return this.join(session, message);
      case 'room.resume':
        return this.resume(session, message);
      case 'room.leave':
        return this.leave(session, message);
      case 'room.end':
        return this.end(session, 'host');
      case 'room.setRole':
        return this.setRole(session, message);
      case 'room.transferHost':
        return this.transferHost(session, message);
      case 'room.claimHost':
        return this.claimHost(session, message.payload.hostToken, message.id);
      case 'user.presence':
        return this.presence(session, message);
      case 'sync.requestState':
        await this.sendState(session, message.payload.lastVersion, message.id);
        return;
      case 'live.cursor':
      case 'live.stroke':
        return this.relay(session, message);
      case 'room.settings':
      case 'sync.playback':
      case 'sync.frame':
      case 'sync.view':
      case 'sync.color':
      case 'sync.audio':
      case 'sync.media':
      case 'sync.annotation':
      case 'sync.note':
        return this.change(session, message.id, toChangeRequest(message));
      default: {
        const unhandled: never = message;
        throw new Error(`unhandled message ${(unhandled as ClientMessage).type}`);
      }
    }
  }

  private async create(session: ClientSession, message: Msg<'room.create'>): Promise<void> {
    const now = serverNow();
    if ((await this.store.countRoomsByCreator(session.address)) >= this.config.maxRoomsPerAddress) {
      session.replyError('TOO_MANY_ROOMS', { replyTo: message.id });
      return;
    }
    const { pin, displayName, settings, state: seed } = message.payload;
    const hostToken = createToken();
    const sessionToken = createToken();
    const state = { ...createDefaultRoomState(), ...seed };
    state.settings = { ...state.settings, ...settings };
    const host = this.newMember(displayName, 'host', sessionToken, [], now, session.id);
    const meta = {
      createdAt: now,
      pinHash: pin ? await hashPin(pin) : null,
      hostTokenHash: hashToken(hostToken),
      capacity: this.config.roomCapacity,
      creatorAddress: session.address,
      lastActiveAt: now,
    };
    let roomId = '';
    for (let attempt = 0; attempt < 8 && !roomId; attempt++) {
      const candidate = createRoomCode();
      if (
        (await this.store.createRoom({ meta: { ...meta, roomId: candidate }, state, host })) ===
        'created'
      )
        roomId = candidate;
    }
    if (!roomId) throw new Error('could not allocate a room code');
    this.logger.info({ roomId, conn: session.id, pinProtected: Boolean(pin) }, 'room created');
    await this.enter(session, roomId, host, 'created', {
      hostToken,
      sessionToken,
      pinProtected: Boolean(pin),
      replyTo: message.id,
    });
  }

  private async join(session: ClientSession, message: Msg<'room.join'>): Promise<void> {
    const { roomId, pin, displayName, role } = message.payload;
    const meta = await this.store.getRoomMeta(roomId);
    if (!meta) {
      session.replyError('ROOM_NOT_FOUND', { replyTo: message.id });
      return;
    }
    if (meta.pinHash && !(await this.checkPin(session, roomId, meta.pinHash, pin, message.id)))
      return;
    const sessionToken = createToken();
    const members = await this.store.listMembers(roomId);
    const member = this.newMember(
      displayName,
      role ?? 'participant',
      sessionToken,
      members,
      serverNow(),
      session.id,
    );
    const added = await this.store.addMember(roomId, member);
    if (added !== 'added') {
      session.replyError(added === 'full' ? 'ROOM_FULL' : 'ROOM_NOT_FOUND', {
        replyTo: message.id,
      });
      return;
    }
    this.logger.info(
      { roomId, userId: member.userId, conn: session.id, role: member.role },
      'joined',
    );
    await this.enter(session, roomId, member, 'joined', {
      sessionToken,
      pinProtected: Boolean(meta.pinHash),
      replyTo: message.id,
    });
  }

  /** PIN check with attempt limits per client address and per room (counted in the store). */
  private async checkPin(
    session: ClientSession,
    roomId: string,
    pinHash: string,
    pin: string | undefined,
    replyTo: string,
  ): Promise<boolean> {
    const now = serverNow();
    const addressKey = `pin:addr:${session.address}`;
    const roomKey = `pin:room:${roomId}`;
    const limited =
      (await this.store.getCounter(addressKey, now)) >= this.config.pinAttemptsPerAddress ||
      (await this.store.getCounter(roomKey, now)) >= this.config.pinAttemptsPerRoom;
    if (limited) {
      this.metrics.rejections.inc({ reason: 'TOO_MANY_ATTEMPTS' });
      session.replyError('TOO_MANY_ATTEMPTS', { replyTo });
      session.closeWith('TOO_MANY_ATTEMPTS');
      return false;
    }
    if (!pin) {
      session.replyError('PIN_REQUIRED', { replyTo });
      return false;
    }
    if (await verifyPin(pin, pinHash)) return true;
    const byAddress = await this.store.hitCounter(addressKey, this.config.pinWindowMs, now);
    const byRoom = await this.store.hitCounter(roomKey, this.config.pinWindowMs, now);
    this.metrics.rejections.inc({ reason: 'BAD_PIN' });
    this.logger.warn(
      { roomId, conn: session.id, address: session.address, byAddress, byRoom },
      'wrong PIN',
    );
    session.replyError('BAD_PIN', { replyTo });
    return false;
  }

  private async resume(session: ClientSession, message: Msg<'room.resume'>): Promise<void> {
    const { roomId, sessionToken, lastVersion, hostToken } = message.payload;
    const meta = await this.store.getRoomMeta(roomId);
    if (!meta) {
      session.replyError('ROOM_NOT_FOUND', { replyTo: message.id });
      return;
    }
    const member = await this.store.findMemberBySession(roomId, hashToken(sessionToken));
    if (!member) {
      session.replyError('INVALID_SESSION', { replyTo: message.id });
      return;
    }
    this.clearGrace(roomId, member.userId);
    this.logger.info({ roomId, userId: member.userId, conn: session.id, lastVersion }, 'resumed');
    await this.enter(session, roomId, member, 'resumed', {
      sessionToken,
      pinProtected: Boolean(meta.pinHash),
      replyTo: message.id,
      lastVersion,
      hostToken,
    });
  }

  /**
   * Puts the session in the room: subscribe (holding events), attach, then room.joined,
   * sync.state and the held events (room.users among them), so nothing is missed or doubled.
   */
  private async enter(
    session: ClientSession,
    roomId: string,
    member: Member,
    mode: 'created' | 'joined' | 'resumed',
    extra: {
      sessionToken: string;
      pinProtected: boolean;
      replyTo: string;
      hostToken?: string;
      lastVersion?: number;
    },
  ): Promise<void> {
    session.holdEvents();
    session.phase = 'room';
    session.room = { roomId, userId: member.userId, role: member.role, color: member.color };
    await this.hub.add(roomId, session);
    const attached = await this.store.attachMember(roomId, member.userId, session.id, serverNow());
    if (attached) session.room.role = attached.role;
    const joined = {
      roomId,
      userId: member.userId,
      role: session.room.role,
      mode,
      sessionToken: extra.sessionToken,
      pinProtected: extra.pinProtected,
      capacity: this.config.roomCapacity,
      ...(extra.hostToken && mode === 'created' ? { hostToken: extra.hostToken } : {}),
    };
    session.send(createServerMessage('room.joined', joined, session.envelope(extra.replyTo)));
    const version = await this.sendState(session, extra.lastVersion, undefined);
    session.releaseEvents(version);
    if (mode === 'resumed' && extra.hostToken && session.room.role !== 'host') {
      await this.claimHost(session, extra.hostToken, extra.replyTo);
    }
  }

  /** Sends the changes since lastVersion when the log still has them, else a snapshot. */
  private async sendState(
    session: ClientSession,
    lastVersion: number | undefined,
    replyTo: string | undefined,
  ): Promise<number> {
    const room = session.room;
    if (!room) return 0;
    if (lastVersion !== undefined) {
      const missed = await this.store.getChangesSince(room.roomId, lastVersion);
      if (missed) {
        const payload = {
          mode: 'changes' as const,
          fromVersion: lastVersion,
          version: missed.version,
          changes: missed.changes,
        };
        session.send(createServerMessage('sync.state', payload, session.envelope(replyTo)));
        return missed.version;
      }
    }
    const snapshot = await this.store.getSnapshot(room.roomId);
    if (!snapshot) return 0;
    session.send(
      createServerMessage(
        'sync.state',
        { mode: 'snapshot', ...snapshot },
        session.envelope(replyTo),
      ),
    );
    return snapshot.version;
  }

  private async leave(session: ClientSession, message: Msg<'room.leave'>): Promise<void> {
    const room = this.detachSession(session);
    if (!room) return;
    await this.store.removeMember(room.roomId, room.userId);
    this.logger.info({ roomId: room.roomId, userId: room.userId }, 'left');
    session.send(
      createServerMessage(
        'room.left',
        {},
        { timestamp: serverNow(), replyTo: message.id, roomId: room.roomId },
      ),
    );
  }

  async end(
    session: ClientSession | null,
    reason: 'host' | 'idle' | 'server',
    roomId = session?.room?.roomId,
  ): Promise<void> {
    if (!roomId) return;
    const ended = serializeMessage(
      createServerMessage('room.ended', { reason }, { timestamp: serverNow(), roomId }),
    );
    if (await this.store.deleteRoom(roomId, ended))
      this.logger.info({ roomId, reason }, 'room ended');
  }

  private async setRole(session: ClientSession, message: Msg<'room.setRole'>): Promise<void> {
    const room = session.room;
    if (!room) return;
    const target = (await this.store.listMembers(room.roomId)).find(
      (member) => member.userId === message.payload.userId,
    );
    if (!target) return session.replyError('USER_NOT_FOUND', { replyTo: message.id });
    if (target.role === 'host')
      return session.replyError('FORBIDDEN', {
        replyTo: message.id,
        detail: 'use room.transferHost',
      });
    await this.store.setRole(room.roomId, target.userId, message.payload.role);
  }

  private async transferHost(
    session: ClientSession,
    message: Msg<'room.transferHost'>,
  ): Promise<void> {
    const room = session.room;
    if (!room) return;
    const target = (await this.store.listMembers(room.roomId)).find(
      (member) => member.userId === message.payload.userId,
    );
    if (!target) return session.replyError('USER_NOT_FOUND', { replyTo: message.id });
    await this.store.setHost(room.roomId, target.userId);
    this.logger.info(
      { roomId: room.roomId, from: room.userId, to: target.userId },
      'host handed over',
    );
  }

  private async claimHost(
    session: ClientSession,
    hostToken: string,
    replyTo: string,
  ): Promise<void> {
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

  private async presence(session: ClientSession, message: Msg<'user.presence'>): Promise<void> {
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
    session: ClientSession,
    replyTo: string,
    request: ChangeRequest,
  ): Promise<void> {
    const room = session.room;
    if (!room) return;
    const started = performance.now();
    const outcome = await this.store.applyChange(room.roomId, request, {
      userId: room.userId,
      replyTo,
      now: serverNow(),
      limits: {
        maxAnnotations: this.config.maxAnnotations,
        maxNotes: this.config.maxNotes,
        changeLogSize: this.config.changeLogSize,
      },
    });
    this.metrics.applyLatency.observe((performance.now() - started) / 1000);
    switch (outcome.status) {
      case 'applied':
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
        session.replyError(
          outcome.code,
          outcome.detail === undefined ? { replyTo } : { replyTo, detail: outcome.detail },
        );
        return;
      case 'no-room':
        session.replyError('ROOM_NOT_FOUND', { replyTo });
        return;
    }
  }

  private async relay(
    session: ClientSession,
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

  /** The socket closed: keep the member (disconnected) for the grace period, then remove it. */
  async disconnected(session: ClientSession): Promise<void> {
    const room = this.detachSession(session);
    if (!room) return;
    const detached = await this.store.detachMember(
      room.roomId,
      room.userId,
      session.id,
      serverNow(),
    );
    if (!detached) return;
    const key = `${room.roomId}/${room.userId}`;
    this.clearGrace(room.roomId, room.userId);
    const timer = setTimeout(() => {
      this.graceTimers.delete(key);
      this.store
        .removeMember(room.roomId, room.userId, { onlyIfDetachedFrom: session.id })
        .then((result) => {
          if (result.removed)
            this.logger.info(
              { roomId: room.roomId, userId: room.userId, newHostId: result.newHostId },
              'grace expired',
            );
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'grace removal failed'));
    }, this.config.presenceGraceMs);
    timer.unref();
    this.graceTimers.set(key, timer);
  }

  /** Takes the session out of its room locally; returns what it was in. */
  detachSession(session: ClientSession) {
    const room = session.room;
    if (!room) return null;
    this.hub.remove(room.roomId, session);
    session.room = null;
    session.phase = 'lobby';
    return room;
  }

  async expireIdleRooms(): Promise<void> {
    const idle = await this.store.listIdleRooms(serverNow() - this.config.roomIdleTimeoutMs);
    for (const roomId of idle) await this.end(null, 'idle', roomId);
  }

  dispose(): void {
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
  }

  private clearGrace(roomId: string, userId: string): void {
    const key = `${roomId}/${userId}`;
    const timer = this.graceTimers.get(key);
    if (timer) clearTimeout(timer);
    this.graceTimers.delete(key);
  }

  private newMember(
    name: string | undefined,
    role: Role,
    sessionToken: string,
    others: readonly Member[],
    now: number,
    connectionId: string,
  ): Member {
    const displayName = sanitizeDisplayName(name ?? '') || `Guest ${others.length + 1}`;
    return {
      userId: randomString(12),
      sessionTokenHash: hashToken(sessionToken),
      displayName,
      color: assignColor(others),
      role,
      joinedAt: now,
      connected: true,
      connectionId,
      status: 'active',
      mediaStatus: 'none',
    };
  }
}
