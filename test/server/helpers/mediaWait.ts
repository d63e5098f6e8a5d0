// Helpers for the wait-for-everyone tests (memory and multi-instance Redis).
import { DEFAULT_MOTION, type Motion, type ServerMessageOf } from '../../../src/protocol/index';
import type { TestClient } from './TestClient';

/** The host asks to play (from frame 5) based on `baseVersion`; returns the message id. */
export function play(host: TestClient, baseVersion: number): string {
  const motion: Motion = { ...DEFAULT_MOTION, playing: true, anchorFrame: 5, anchorTime: 1 };
  return host.send('sync.playback', { motion, baseVersion });
}

export function isWaiting(userIds: string[]) {
  return (m: ServerMessageOf<'room.waiting'>) =>
    m.payload.hold !== null && m.payload.hold.userIds.join() === userIds.join();
}
