// The heartbeat's verdict on one socket (ws README pattern: ping each interval, terminate what
// did not answer the last ping). A pong travels behind whatever the server was still sending
// when it pinged (a large snapshot to a slow link): while that send buffer keeps shrinking the
// peer is reading, so it is alive, and it gets another interval.

export interface HeartbeatState {
  /** A ping went out and no pong came back since. */
  awaitingPong: boolean;
  /** The socket's send buffer (bytes) when the last ping went out, or at the last check. */
  bufferedAtPing: number;
}

export type HeartbeatVerdict = 'ping' | 'wait' | 'dead';

/** What to do with a socket at a heartbeat tick; updates `state` for the next tick. */
export function heartbeatTick(state: HeartbeatState, bufferedNow: number): HeartbeatVerdict {
  if (state.awaitingPong) {
    if (bufferedNow > 0 && bufferedNow < state.bufferedAtPing) {
      state.bufferedAtPing = bufferedNow;
      return 'wait';
    }
    return 'dead';
  }
  state.awaitingPong = true;
  state.bufferedAtPing = bufferedNow;
  return 'ping';
}
