// Local fan-out: which sessions of this process are in which room. Subscribes to a room's
// store channel while it has local members and delivers each event to them; after a channel
// interruption it catches its sessions up from the store.
import type { Logger } from 'pino';
import { createServerMessage, serializeMessage } from '../../src/protocol/index';
import { serverNow } from '../clock';
import { membersEvent } from '../rooms/roomLogic';
import type { RoomEvent, RoomStore } from '../store/RoomStore';
import { readCatchUp, streamCatchUp } from './catchUp';
import type { Connection } from './Connection';

interface LocalRoom {
  sessions: Set<Connection>;
  unsubscribe: Promise<() => Promise<void>>;
}

export class RoomHub {
  private readonly rooms = new Map<string, LocalRoom>();

  constructor(
    private readonly store: RoomStore,
    private readonly logger: Logger,
    /** Called for `ended` and `removed` (after delivery, with the close code) and `replaced`. */
    private readonly onEnded: (session: Connection, close?: 'ROOM_ENDED' | 'REMOVED') => void,
    private readonly onReplaced: (session: Connection) => void,
    /** Told of every sequenced change and member change of a room with sessions here. */
    private readonly onRoomChanged?: (roomId: string) => void,
  ) {}

  /** Adds a session; resolves once the room channel is subscribed (so no event is missed). */
  async add(roomId: string, session: Connection): Promise<void> {
    let room = this.rooms.get(roomId);
    if (!room) {
      const sessions = new Set<Connection>();
      room = {
        sessions,
        unsubscribe: this.store.subscribe(roomId, (event) => {
          if (event.kind === 'resync') return void this.resync(roomId, sessions);
          if (event.kind === 'members' || (event.kind === 'message' && event.version !== undefined))
            this.onRoomChanged?.(roomId);
          this.dispatch(sessions, event, roomId);
        }),
      };
      this.rooms.set(roomId, room);
    }
    room.sessions.add(session);
    try {
      await room.unsubscribe;
    } catch (error) {
      // Subscribing failed (store down): forget the room so the next attempt subscribes anew.
      room.sessions.delete(session);
      if (this.rooms.get(roomId) === room && room.sessions.size === 0) this.rooms.delete(roomId);
      throw error;
    }
  }

  remove(roomId: string, session: Connection): void {
    const room = this.rooms.get(roomId);
    if (!room || !room.sessions.delete(session)) return;
    if (room.sessions.size > 0) return;
    this.rooms.delete(roomId);
    room.unsubscribe
      .then((unsubscribe) => unsubscribe())
      .catch((error: unknown) => this.logger.warn({ err: error, roomId }, 'unsubscribe failed'));
  }

  /**
   * Events may have been missed while the store was away: send each session the changes
   * after the last version it got (or a snapshot), then the member list. A room that no
   * longer exists (e.g. Redis restarted empty) has ended.
   */
  private async resync(roomId: string, sessions: Set<Connection>): Promise<void> {
    try {
      for (const session of [...sessions]) {
        const missed = await readCatchUp(this.store, roomId, session.deliveredVersion);
        if (!missed) {
          const data = serializeMessage(
            createServerMessage(
              'room.ended',
              { reason: 'server' },
              { timestamp: serverNow(), roomId },
            ),
          );
          this.logger.warn({ roomId }, 'room vanished from the store; ending it here');
          this.dispatch(sessions, { kind: 'ended', data });
          return;
        }
        // Changes go through deliver() (it skips what a newer broadcast already brought).
        const reached = streamCatchUp(session, missed, (change, data) =>
          session.deliver(data, change.type, false, change.version),
        );
        if (missed.mode === 'snapshot') session.deliveredVersion = reached;
      }
      const members = await this.store.listMembers(roomId);
      this.dispatch(sessions, membersEvent(roomId, members, serverNow()));
    } catch (error) {
      this.logger.warn({ err: error, roomId }, 'catch-up after store outage failed');
    }
  }

  private dispatch(sessions: Set<Connection>, event: RoomEvent, roomId?: string): void {
    // Encoded once per broadcast, not once per recipient (ws would encode a string per send).
    const data = 'data' in event && sessions.size > 1 ? Buffer.from(event.data) : undefined;
    // `ended` and `replaced` take sessions out of the set while it is walked: walk a copy.
    const targets = event.kind === 'message' || event.kind === 'members' ? sessions : [...sessions];
    // One room's trouble stays in that room: a failing send is logged, not thrown.
    for (const session of targets) {
      try {
        if (roomId && event.kind === 'message' && event.version !== undefined) {
          if (session.isGap(event.version)) {
            void this.repair(roomId, session, event);
            continue;
          }
        }
        this.deliver(session, event, data);
      } catch (error) {
        this.logger.error({ err: error, conn: session.id }, 'delivery failed');
      }
    }
  }

  /**
   * A change arrived after a gap: hold it (and whatever follows), send the missing changes
   * from the store's log (or a snapshot when the log no longer has them), then release.
   */
  private async repair(
    roomId: string,
    session: Connection,
    event: Extract<RoomEvent, { kind: 'message' }>,
  ): Promise<void> {
    session.holdEvents({ keepVersion: true });
    session.deliver(event.data, event.type, event.ephemeral, event.version);
    let version = session.deliveredVersion;
    try {
      const missed = await readCatchUp(this.store, roomId, version);
      if (missed)
        version = streamCatchUp(session, missed, (change, data) =>
          session.sendRaw(data, change.type, false),
        );
    } catch (error) {
      this.logger.warn({ err: error, roomId, conn: session.id }, 'gap repair failed');
    }
    session.releaseEvents(version);
  }

  private deliver(session: Connection, event: RoomEvent, encoded?: Buffer): void {
    switch (event.kind) {
      case 'message':
        if (event.exceptUserId !== undefined && event.exceptUserId === session.room?.userId) return;
        if (event.onlyUserId !== undefined && event.onlyUserId !== session.room?.userId) return;
        session.deliver(encoded ?? event.data, event.type, event.ephemeral, event.version);
        return;
      case 'members': {
        const me = event.users.find((user) => user.userId === session.room?.userId);
        if (me && session.room) session.room.role = me.role;
        session.deliver(encoded ?? event.data, 'room.users', false);
        return;
      }
      case 'ended':
        session.deliver(encoded ?? event.data, 'room.ended', false);
        this.onEnded(session);
        return;
      case 'replaced':
        if (session.id === event.connectionId) this.onReplaced(session);
        return;
      case 'removed':
        if (session.room?.userId !== event.userId) return;
        session.deliver(event.data, 'room.removed', false);
        this.onEnded(session, 'REMOVED');
        return;
      case 'resync':
        return; // handled per room in resync()
    }
  }
}
