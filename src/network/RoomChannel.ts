// Every inbound room message, routed: server changes and state to PlayerSync, room.joined to
// the entering, users, the room's end, its pin, host token, play hold and errors.
// Entering and leaving is in RoomEntry, recovery after a reconnect in RoomResume.
import {
  isServerChange,
  type ServerMessage,
  type ServerMessageOf,
  type User,
} from '../protocol/index';
import { comingsAndGoings } from './roomRecovery';
import { RoomResume } from './RoomResume';

export class RoomChannel extends RoomResume {
  receive(message: ServerMessage): void {
    this.handle(message);
    // A sync.state that could not be applied (a snapshot was asked for) completes nothing yet.
    if (!(message.type === 'sync.state' && this.awaitingState)) this.deps.requests.deliver(message);
    this.deps.tracker.update();
  }

  private handle(message: ServerMessage): void {
    // Every sequenced room change goes to the room mirror; the list is the protocol's.
    if (isServerChange(message)) {
      this.deps.sync.receiveChange(message);
      return;
    }
    switch (message.type) {
      case 'room.joined':
        if (this.deps.requests.isPending(message.replyTo)) this.joined(message);
        break;
      case 'sync.state':
        this.receiveState(message.payload);
        break;
      case 'sync.rejected':
        this.deps.sync.rejected(message);
        break;
      case 'live.cursor':
        // Ephemeral and never ours (the server does not echo them); dropped outside a room.
        if (this.room && message.userId && message.userId !== this.room.userId)
          this.deps.emit('remoteCursor', { ...message.payload, userId: message.userId });
        break;
      case 'live.stroke':
        if (this.room && message.userId && message.userId !== this.room.userId)
          this.deps.emit('remoteStroke', { ...message.payload, userId: message.userId });
        break;
      case 'room.users':
        this.receiveUsers(message.payload.users);
        break;
      case 'room.ended':
      case 'room.removed': {
        const room = this.room;
        if (!room) break;
        this.exit();
        const reason = message.type === 'room.removed' ? 'removed' : message.payload.reason;
        this.deps.emit('roomEnded', { roomId: room.roomId, reason });
        break;
      }
      case 'room.pinChanged':
        if (!this.room) break;
        this.room = { ...this.room, pinProtected: message.payload.pinProtected };
        this.deps.emit('roomPinChanged', { pinProtected: message.payload.pinProtected });
        break;
      case 'room.hostToken':
        // Handed the host role: the new host token replaces any old one (which no longer works).
        if (!this.room || !this.secrets) break;
        this.secrets.hostToken = message.payload.hostToken;
        this.deps.stored.saveRoom({
          roomId: this.room.roomId,
          userId: this.room.userId,
          sessionToken: this.secrets.sessionToken,
          hostToken: message.payload.hostToken,
        });
        break;
      case 'error': {
        // Answers to room requests are reported by the request; the rest are reported here.
        const { code, message: text, retryAfterMs, category } = message.payload;
        const replyTo = message.replyTo;
        if (replyTo === undefined) {
          this.deps.emit('error', { code, message: text });
          break;
        }
        // Refused state changes are settled here; room requests report their own errors;
        // everything else (notes, media, presence, settings…) goes to whoever sent it.
        const change = this.deps.sync.refused(replyTo, code, retryAfterMs, category);
        if (change || !this.deps.requests.isPending(replyTo))
          this.deps.emit('error', {
            code,
            message: text,
            replyTo,
            ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
            ...(category !== undefined ? { category } : {}),
          });
        break;
      }
      case 'room.waiting': {
        if (!this.room) break;
        this.playHold = message.payload.hold;
        this.deps.emit('playHoldChanged', this.playHold);
        break;
      }
      default:
        break;
    }
  }

  private receiveState(payload: ServerMessageOf<'sync.state'>['payload']): void {
    if (payload.mode === 'changes' && !this.deps.sync.state.remoteState) {
      // No base to apply changes to (a fresh page resuming): ask for a snapshot instead.
      this.deps.client.send('sync.requestState', {});
      return;
    }
    const own = payload.mode === 'snapshot' && this.joinMode === 'created';
    this.joinMode = 'joined';
    this.awaitingState = false;
    this.deps.sync.receiveState(payload, own);
    this.deps.sync.flushPending();
  }

  private receiveUsers(users: User[]): void {
    const before = this.users;
    this.users = users;
    this.deps.sync.state.hostId = users.find((user) => user.role === 'host')?.userId ?? null;
    const selfId = this.room?.userId;
    const me = users.find((user) => user.userId === selfId);
    if (this.room && me && me.role !== this.room.role) {
      this.room.role = me.role;
      this.deps.emit('roleChanged', me.role);
    }
    // The first list after entering names the people already there: no arrivals to announce.
    if (before.length === 0) {
      this.deps.emit('usersChanged', users);
      return;
    }
    const { joined, left } = comingsAndGoings(before, users, selfId, this.returning);
    for (const user of joined) this.deps.emit('userJoined', user);
    for (const user of left) this.deps.emit('userLeft', user);
    this.deps.emit('usersChanged', users);
  }
}
