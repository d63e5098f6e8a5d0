// Messages between the benchmark runner and a server child (bench/server/serverChild.ts).

export type ServerKind = 'reelsync' | 'raw' | 'socketio';

export interface ServerSpec {
  kind: ServerKind;
  /** ReelSync only: run on a RedisRoomStore under this prefix. */
  redisUrl?: string;
  redisPrefix?: string;
  /** Another checkout to run the server from (before/after comparisons); default this one. */
  root?: string;
}

export type ChildRequest = { type: 'stats'; id: number; gc?: boolean } | { type: 'close' };

export interface ChildStats {
  /** The child's performance.now() when it took the reading (differences only). */
  wallMs: number;
  cpuUserUs: number;
  cpuSystemUs: number;
  rss: number;
  heapUsed: number;
  /** external + arrayBuffers (socket buffers live here). */
  external: number;
}

export type ChildReply =
  { type: 'ready'; url: string } | { type: 'stats'; id: number; stats: ChildStats };
