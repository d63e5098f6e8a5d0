// room.peek: what someone opening a share link is asked to confirm before joining ("Join room
// CODE hosted by Ana?"): the host's name, whether a PIN is needed, whether the room is full.
// Says nothing else about the room (no state, no member list). The code is looked up through
// the JoinGuard, so peeks count against the per-address limit on unknown codes like joins do.
import { createServerMessage, type ClientMessageOf } from '../../src/protocol/index';
import type { RoomStore } from '../store/RoomStore';
import type { Connection } from './Connection';
import type { JoinGuard } from './JoinGuard';

export async function peekRoom(
  store: RoomStore,
  guard: JoinGuard,
  session: Connection,
  message: ClientMessageOf<'room.peek'>,
): Promise<void> {
  const { roomId } = message.payload;
  const meta = await guard.lookUp(session, roomId, message.id);
  if (!meta) return;
  const members = await store.listMembers(roomId);
  const host = members.find((member) => member.role === 'host');
  session.send(
    createServerMessage(
      'room.info',
      {
        roomId,
        hostName: host ? host.displayName : null,
        pinRequired: meta.pinHash !== null,
        full: members.length >= meta.capacity,
      },
      session.envelope(message.id),
    ),
  );
}
