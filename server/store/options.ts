// The room store's options (Redis to share rooms between instances), one entry per option in the
// shape of server/config.ts's table, which includes them.
import type { OptionSpec } from '../config';

export const STORE_OPTION_SPECS = [
  {
    key: 'redisUrl',
    flag: 'redis-url',
    env: 'REDIS_URL',
    kind: 'string',
    default: undefined,
    help: 'redis://[:password@]host:port[/db]: share rooms with other instances through Redis (default: in-memory)',
  },
  {
    key: 'redisPrefix',
    flag: 'redis-prefix',
    env: 'REDIS_PREFIX',
    kind: 'string',
    default: 'reelsync:',
    help: 'prefix of every Redis key and channel (several deployments can share one Redis)',
  },
  {
    key: 'instanceTtlMs',
    flag: 'instance-ttl-ms',
    env: 'INSTANCE_TTL_MS',
    kind: 'int',
    default: 15_000,
    help: 'with Redis: an instance silent this long is dead; its users are shown disconnected',
  },
] as const satisfies readonly OptionSpec[];
