// Room admission: create, join (PIN with attempt limits), resume with catch-up, leave, and the
// presence grace period after a drop. Every step goes through the RoomStore.
import type { Logger } from 'pino';
import {
  createRoomCode,
  createServerMessage,
  createToken,
  randomString,
  sanitizeDisplayName,
  serializeMessage,
  type ClientMessageOf,
  type Role,
} from '../../src/protocol/index';
import { hashToken } from '../auth';
import { serverNow } from '../clock';
import type { ServerConfig } from '../config';
import type { ServerMetrics } from '../metrics';
import { RoomCredentials } from '../roomCredentials';
import { assignColor } from '../rooms/roomLogic';
import { seedRoomState } from '../rooms/roomSeed';
import type { ReviewKeeper } from '../reviews/ReviewKeeper';
import {
  StoreUnavailableError,
  type Member,
  type RoomMeta,
  type RoomStore,
} from '../store/RoomStore';
import type { Connection } from './Connection';
import type { RoomHub } from './RoomHub';
import { replyWithCatchUp } from './catchUp';
import { JoinGuard } from './JoinGuard';
import { peekRoom } from './roomPeek';
import { restoreRoom } from './roomRestore';

type Msg<K extends 'room.create' | 'room.join' | 'room.peek' | 'room.resume' | 'room.leave'> =
  ClientMessageOf<K>;

/** What membership needs from the rest of the room service. */
export interface AdmissionHooks {
  claimHost(session: Connection, hostToken: string, replyTo: string): Promise<void>;
}

export class RoomAdmission {
  private readonly graceTimers = new Map<string, NodeJS.Timeout>();
  readonly credentials: RoomCredentials;
  private readonly guard: JoinGuard;

  constructor(
    readonly store: RoomStore,
    private readonly hub: RoomHub,
    readonly config: ServerConfig,
    private readonly metrics: ServerMetrics,
    readonly logger: Logger,
    private readonly hooks: AdmissionHooks,
    private readonly reviews: ReviewKeeper | null = null,
  ) {
    // Without a configured secret (startServer always sets one) tokens hold for this process.
    this.credentials = new RoomCredentials(config.roomSecret ?? createToken() + createToken());
    this.guard = new JoinGuard(store, config, metrics, logger, (roomId) => this.reopen(roomId));
  }

  /** A kept review re-created in the store, its people back as disconnected members. */
  private reopen(roomId: string): Promise<RoomMeta | null> {
    if (!this.reviews) return Promise.resolve(null);
    return this.reviews.reopen(roomId, (room, userId, placeholder, ms) =>
      this.expireUnlessBack(room, userId, placeholder, ms),
    );
  }

  async create(session: Connection, message: Msg<'room.create'>): Promise<void> {
    const now = serverNow();
    if ((await this.store.countRoomsByCreator(session.address)) >= this.config.maxRoomsPerAddress) {
      session.replyError('TOO_MANY_ROOMS', { replyTo: message.id });
      return;
    }
    const { pin, displayName, settings, state: seed, restore } = message.payload;
    const seeded = seedRoomState(seed, settings);
    if (!seeded.ok) {
      session.replyError('INVALID_MESSAGE', { replyTo: message.id, detail: seeded.detail });
      return;
    }
    const { state } = seeded;
    const pinHash = await this.guard.hashNewPin(session, pin, message.id);
    if (pinHash === undefined) return;
    const host = this.newMember(displayName, 'host', [], now, session.id);
    const meta = {
      createdAt: now,
      pinHash,
      capacity: this.config.roomCapacity,
      creatorAddress: session.address,
      lastActiveAt: now,
    };
    if (restore) {
      const restored = await restoreRoom(this, session, message.id, restore, { meta, state }, host);
      if (restored)
        await this.enter(session, restore.roomId, restored, 'created', {
          hostToken: restore.hostToken,
          sessionToken: restore.sessionToken,
          pinProtected: Boolean(meta.pinHash),
          replyTo: message.id,
        });
      return;
    }
    let roomId = '';
    let hostToken = '';
    let sessionToken = '';
    for (let attempt = 0; attempt < 8 && !roomId; attempt++) {
      const candidate = createRoomCode();
      // A code a kept review holds stays that review's (its link reopens it).
      if (await this.reviews?.isKept(candidate)) continue;
      hostToken = this.credentials.hostToken(candidate);
      sessionToken = this.credentials.sessionToken(candidate, host.userId);
      host.sessionTokenHash = hashToken(sessionToken);
      const roomMeta = { ...meta, roomId: candidate, hostTokenHash: hashToken(hostToken) };
      if ((await this.store.createRoom({ meta: roomMeta, state, host })) === 'created')
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

  /** room.peek: what a share link asks before joining (host name, PIN needed, full). */
  peek(session: Connection, message: Msg<'room.peek'>): Promise<void> {
    return peekRoom(this.store, this.guard, session, message);
  }

  async join(session: Connection, message: Msg<'room.join'>): Promise<void> {
    const { roomId, pin, displayName, role } = message.payload;
    const meta = await this.guard.lookUp(session, roomId, message.id);
    if (!meta) return;
    if (
      meta.pinHash &&
      !(await this.guard.checkPin(session, roomId, meta.pinHash, pin, message.id))
    )
      return;
    const members = await this.store.listMembers(roomId);
    const member = this.newMember(
      displayName,
      role ?? 'participant',
      members,
      serverNow(),
      session.id,
    );
    const sessionToken = this.credentials.sessionToken(roomId, member.userId);
    member.sessionTokenHash = hashToken(sessionToken);
    // Subscribe before adding, so the joiner gets the member list its own arrival publishes.
    await this.enter(
      session,
      roomId,
      member,
      'joined',
      { sessionToken, pinProtected: Boolean(meta.pinHash), replyTo: message.id },
      async () => {
        const added = await this.store.addMember(roomId, member);
        if (added === 'added') return member;
        session.replyError(added === 'full' ? 'ROOM_FULL' : 'ROOM_NOT_FOUND', {
          replyTo: message.id,
        });
        return null;
      },
    );
  }

  async resume(session: Connection, message: Msg<'room.resume'>): Promise<void> {
    const { roomId, sessionToken, lastVersion, hostToken } = message.payload;
    // A token signed for this room is no guess: its holder may ask again and again while the
    // room is being restored after a restart. Anything else counts as a code lookup.
    const signed = this.credentials.sessionUser(roomId, sessionToken) !== null;
    const meta = signed
      ? ((await this.store.getRoomMeta(roomId)) ?? (await this.reopen(roomId)))
      : await this.guard.lookUp(session, roomId, message.id);
    if (!meta) {
      if (signed) session.replyError('ROOM_NOT_FOUND', { replyTo: message.id });
      return;
    }
    let member = await this.store.findMemberBySession(roomId, hashToken(sessionToken));
    let since: number | undefined = lastVersion;
    if (!member) {
      // Not by its hash (a room restored after a restart): a token signed for this room names
      // the member; its versions are the lost room's, so it gets a snapshot.
      const userId = this.credentials.sessionUser(roomId, sessionToken);
      const members = userId ? await this.store.listMembers(roomId) : [];
      member = members.find((candidate) => candidate.userId === userId) ?? null;
      since = undefined;
    }
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
      ...(since === undefined ? {} : { lastVersion: since }),
      hostToken,
    });
  }

  /**
   * Puts the session in the room: subscribe (holding events), attach, then room.joined,
   * sync.state and the held events (room.users among them), so nothing is missed or doubled.
   */
  private async enter(
    session: Connection,
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
    /** The store step that makes the member present (add or attach); null refuses entry. */
    admit: () => Promise<Member | null> = () =>
      this.store.attachMember(roomId, member.userId, session.id, serverNow()),
  ): Promise<void> {
    session.holdEvents();
    session.phase = 'room';
    session.room = { roomId, userId: member.userId, role: member.role, color: member.color };
    let admitted: Member | null;
    try {
      await this.hub.add(roomId, session);
      admitted = await admit();
    } catch (error) {
      // Store trouble while entering: back to the lobby, so the client can simply retry
      // (a room just created for this client is removed again, best effort).
      this.detachSession(session);
      session.discardEvents();
      if (mode === 'created') {
        const ended = createServerMessage(
          'room.ended',
          { reason: 'server' },
          { timestamp: serverNow(), roomId },
        );
        await this.store.deleteRoom(roomId, serializeMessage(ended)).catch(() => undefined);
      }
      throw error;
    }
    if (!admitted) {
      this.detachSession(session);
      session.discardEvents();
      return;
    }
    session.room.role = admitted.role;
    this.logger.info(
      { roomId, userId: member.userId, conn: session.id, role: admitted.role, mode },
      'entered room',
    );
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
    const version = await replyWithCatchUp(this.store, session, extra.lastVersion, undefined);
    session.releaseEvents(version);
    if (mode === 'resumed' && extra.hostToken && session.room.role !== 'host') {
      await this.hooks.claimHost(session, extra.hostToken, extra.replyTo);
    }
  }

  async leave(session: Connection, message: Msg<'room.leave'>): Promise<void> {
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

  /** The socket closed: keep the member (disconnected) for the grace period, then remove it. */
  async disconnected(session: Connection): Promise<void> {
    const room = this.detachSession(session);
    if (!room) return;
    // During a store outage keep trying, or the member would stay "connected" for good.
    const detached = await retryWhileUnavailable(() =>
      this.store.detachMember(room.roomId, room.userId, session.id, serverNow()),
    );
    if (!detached) return;
    this.expireUnlessBack(room.roomId, room.userId, session.id, this.config.presenceGraceMs);
  }

  /** Removes the member after `ms` unless it came back (attached to another connection). */
  expireUnlessBack(roomId: string, userId: string, connectionId: string, ms: number): void {
    const key = `${roomId}/${userId}`;
    this.clearGrace(roomId, userId);
    const timer = setTimeout(() => {
      this.graceTimers.delete(key);
      retryWhileUnavailable(() =>
        this.store.removeMember(roomId, userId, { onlyIfDetachedFrom: connectionId }),
      )
        .then((result) => {
          if (result.removed)
            this.logger.info({ roomId, userId, newHostId: result.newHostId }, 'grace expired');
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'grace removal failed'));
    }, ms);
    timer.unref();
    this.graceTimers.set(key, timer);
  }

  /** Takes the session out of its room locally; returns what it was in. */
  detachSession(session: Connection) {
    const room = session.room;
    if (!room) return null;
    this.hub.remove(room.roomId, session);
    session.room = null;
    session.phase = 'lobby';
    return room;
  }

  private clearGrace(roomId: string, userId: string): void {
    const key = `${roomId}/${userId}`;
    const timer = this.graceTimers.get(key);
    if (timer) clearTimeout(timer);
    this.graceTimers.delete(key);
  }

  /** A new member; the caller sets its session token hash (the token names the user id). */
  private newMember(
    name: string | undefined,
    role: Role,
    others: readonly Member[],
    now: number,
    connectionId: string,
  ): Member {
    const displayName = sanitizeDisplayName(name ?? '') || `Guest ${others.length + 1}`;
    return {
      userId: randomString(12),
      sessionTokenHash: '',
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

  dispose(): void {
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
  }
}

/** Retries a store step while the store is unavailable (every second, for up to ~2 minutes). */
async function retryWhileUnavailable<T>(step: () => Promise<T>, attempts = 120): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000).unref());
    }
  }
}
