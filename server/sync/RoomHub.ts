// Local fan-out: which sessions of this process are in which room. Subscribes to a room's
// store channel while it has local members and delivers each event to them.
import type { Logger } from 'pino';
import type { RoomEvent, RoomStore } from '../store/RoomStore';
import type { ClientSession } from './ClientSession';

interface LocalRoom {
  sessions: Set<ClientSession>;
  unsubscribe: Promise<() => Promise<void>>;
}

export class RoomHub {
  private readonly rooms = new Map<string, LocalRoom>();

  constructor(
    private readonly store: RoomStore,
    private readonly logger: Logger,
    /** Called for `ended` (after delivery) and `replaced` events. */
    private readonly onEnded: (session: ClientSession) => void,
    private readonly onReplaced: (session: ClientSession) => void,
  ) {}

  /** Adds a session; resolves once the room channel is subscribed (so no event is missed). */
  async add(roomId: string, session: ClientSession): Promise<void> {
    let room = this.rooms.get(roomId);
    if (!room) {
      const sessions = new Set<ClientSession>();
      room = {
        sessions,
        unsubscribe: this.store.subscribe(roomId, (event) => this.dispatch(sessions, event)),
      };
      this.rooms.set(roomId, room);
    }
    room.sessions.add(session);
    await room.unsubscribe;
  }

  remove(roomId: string, session: ClientSession): void {
    const room = this.rooms.get(roomId);
    if (!room || !room.sessions.delete(session)) return;
    if (room.sessions.size > 0) return;
    this.rooms.delete(roomId);
    room.unsubscribe
      .then((unsubscribe) => unsubscribe())
      .catch((error: unknown) => this.logger.warn({ err: error, roomId }, 'unsubscribe failed'));
  }

  private dispatch(sessions: Set<ClientSession>, event: RoomEvent): void {
    // One room's trouble stays in that room: a failing send is logged, not thrown.
    for (const session of [...sessions]) {
      try {
        this.deliver(session, event);
      } catch (error) {
        this.logger.error({ err: error, conn: session.id }, 'delivery failed');
      }
    }
  }

  private deliver(session: ClientSession, event: RoomEvent): void {
    switch (event.kind) {
      case 'message':
        if (event.exceptUserId !== undefined && event.exceptUserId === session.room?.userId) return;
        session.deliver(event.data, event.type, event.ephemeral, event.version);
        return;
      case 'members': {
        const me = event.users.find((user) => user.userId === session.room?.userId);
        if (me && session.room) session.room.role = me.role;
        session.deliver(event.data, 'room.users', false);
        return;
      }
      case 'ended':
        session.deliver(event.data, 'room.ended', false);
        this.onEnded(session);
        return;
      case 'replaced':
        if (session.id === event.connectionId) this.onReplaced(session);
        return;
    }
  }
}
