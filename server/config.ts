// Over 400 lines: most of it is the option table (one entry per option), kept with its parser.
// Every server option in one table: CLI flag, environment variable, default, help text.
// `--help`, the CLI parser and docs/server.md all follow this table.
import path from 'node:path';
import { MEDIA_OPTION_SPECS } from './media/options';
import { WEBHOOK_OPTION_SPECS } from './webhooks/options';

type Kind = 'int' | 'string' | 'bool' | 'list';

export interface OptionSpec<Key extends string = string> {
  key: Key;
  flag: string;
  env: string;
  kind: Kind;
  default: number | string | boolean | string[] | undefined;
  help: string;
}

const MiB = 1024 * 1024;

/** The table. Durations are milliseconds; sizes bytes; rates messages per second. */
export const OPTION_SPECS = [
  {
    key: 'port',
    flag: 'port',
    env: 'PORT',
    kind: 'int',
    default: 8080,
    help: 'TCP port (0 = any free port)',
  },
  {
    key: 'host',
    flag: 'host',
    env: 'HOST',
    kind: 'string',
    default: '0.0.0.0',
    help: 'address to bind',
  },
  {
    key: 'staticDir',
    flag: 'static-dir',
    env: 'STATIC_DIR',
    kind: 'string',
    default: undefined,
    help: 'built player to serve (default dist/)',
  },
  {
    key: 'tlsCert',
    flag: 'tls-cert',
    env: 'TLS_CERT',
    kind: 'string',
    default: undefined,
    help: 'PEM certificate file: serve https + wss',
  },
  {
    key: 'tlsKey',
    flag: 'tls-key',
    env: 'TLS_KEY',
    kind: 'string',
    default: undefined,
    help: 'PEM private key file (with --tls-cert)',
  },
  {
    key: 'https',
    flag: 'https',
    env: 'HTTPS',
    kind: 'bool',
    default: false,
    help: 'serve https + wss with a generated self-signed certificate (LAN sessions)',
  },
  {
    key: 'certDir',
    flag: 'cert-dir',
    env: 'CERT_DIR',
    kind: 'string',
    default: undefined,
    help: 'where --https keeps its certificate (default: <temp dir>/reelsync-tls)',
  },
  {
    key: 'publicUrl',
    flag: 'public-url',
    env: 'PUBLIC_URL',
    kind: 'string',
    default: undefined,
    help: 'http(s) URL people open the player at; share links use it (default: the page address)',
  },
  {
    key: 'roomSecret',
    flag: 'room-secret',
    env: 'ROOM_SECRET',
    kind: 'string',
    default: undefined,
    help: 'signs room tokens so a restarted server lets the host restore its room (default: kept in ~/.reelsync/room-secret; same on every instance)',
  },
  {
    key: 'logLevel',
    flag: 'log-level',
    env: 'LOG_LEVEL',
    kind: 'string',
    default: 'info',
    help: 'fatal|error|warn|info|debug|trace|silent',
  },
  {
    key: 'trustProxy',
    flag: 'trust-proxy',
    env: 'TRUST_PROXY',
    kind: 'bool',
    default: false,
    help: 'same as --trust-proxy-hops 1 (one reverse proxy of yours in front)',
  },
  {
    key: 'allowedOrigins',
    flag: 'allowed-origins',
    env: 'ALLOWED_ORIGINS',
    kind: 'list',
    default: [],
    help: "comma-separated browser Origins allowed on /sync besides the server's own (* = any)",
  },
  {
    key: 'maxConnections',
    flag: 'max-connections',
    env: 'MAX_CONNECTIONS',
    kind: 'int',
    default: 5000,
    help: 'concurrent WebSocket connections',
  },
  {
    key: 'maxMessageBytes',
    flag: 'max-message-bytes',
    env: 'MAX_MESSAGE_BYTES',
    kind: 'int',
    default: 128 * 1024,
    help: 'largest accepted message, fragments included (bigger: the socket is closed with 1009)',
  },
  {
    key: 'roomCapacity',
    flag: 'room-capacity',
    env: 'ROOM_CAPACITY',
    kind: 'int',
    default: 16,
    help: 'members per room',
  },
  {
    key: 'maxRoomsPerAddress',
    flag: 'max-rooms-per-address',
    env: 'MAX_ROOMS_PER_ADDRESS',
    kind: 'int',
    default: 20,
    help: 'live rooms created from one client address',
  },
  {
    key: 'roomIdleTimeoutMs',
    flag: 'room-idle-timeout-ms',
    env: 'ROOM_IDLE_TIMEOUT_MS',
    kind: 'int',
    default: 30 * 60_000,
    help: 'a room with nobody connected this long is ended',
  },
  {
    key: 'presenceGraceMs',
    flag: 'presence-grace-ms',
    env: 'PRESENCE_GRACE_MS',
    kind: 'int',
    default: 30_000,
    help: 'a dropped member stays (disconnected) this long before leaving',
  },
  {
    key: 'heartbeatIntervalMs',
    flag: 'heartbeat-interval-ms',
    env: 'HEARTBEAT_INTERVAL_MS',
    kind: 'int',
    default: 30_000,
    help: 'WebSocket ping interval; silent sockets are terminated after one interval',
  },
  {
    key: 'handshakeTimeoutMs',
    flag: 'handshake-timeout-ms',
    env: 'HANDSHAKE_TIMEOUT_MS',
    kind: 'int',
    default: 10_000,
    help: 'time allowed between connect and hello',
  },
  {
    key: 'stateRate',
    flag: 'state-rate',
    env: 'STATE_RATE',
    kind: 'int',
    default: 30,
    help: 'state changes per second per connection (token bucket refill)',
  },
  {
    key: 'stateBurst',
    flag: 'state-burst',
    env: 'STATE_BURST',
    kind: 'int',
    default: 60,
    help: 'state-change bucket size',
  },
  {
    key: 'liveRate',
    flag: 'live-rate',
    env: 'LIVE_RATE',
    kind: 'int',
    default: 60,
    help: 'cursor/live-stroke messages per second per connection',
  },
  {
    key: 'liveBurst',
    flag: 'live-burst',
    env: 'LIVE_BURST',
    kind: 'int',
    default: 120,
    help: 'cursor/live-stroke bucket size',
  },
  {
    key: 'roomOpRate',
    flag: 'room-op-rate',
    env: 'ROOM_OP_RATE',
    kind: 'int',
    default: 2,
    help: 'room operations (create/join/admin) per second per connection',
  },
  {
    key: 'roomOpBurst',
    flag: 'room-op-burst',
    env: 'ROOM_OP_BURST',
    kind: 'int',
    default: 10,
    help: 'room-operation bucket size',
  },
  {
    key: 'maxViolations',
    flag: 'max-violations',
    env: 'MAX_VIOLATIONS',
    kind: 'int',
    default: 20,
    help: 'invalid/excess messages per 10 s before closing with 4002',
  },
  {
    key: 'pinAttemptsPerAddress',
    flag: 'pin-attempts-per-address',
    env: 'PIN_ATTEMPTS_PER_ADDRESS',
    kind: 'int',
    default: 5,
    help: 'PIN attempts per client address and room per window, then a doubling back-off',
  },
  {
    key: 'pinAttemptsPerRoom',
    flag: 'pin-attempts-per-room',
    env: 'PIN_ATTEMPTS_PER_ROOM',
    kind: 'int',
    default: 20,
    help: 'wrong PINs per room per window, then its PIN checks are slowed down (not locked)',
  },
  {
    key: 'pinWindowMs',
    flag: 'pin-window-ms',
    env: 'PIN_WINDOW_MS',
    kind: 'int',
    default: 15 * 60_000,
    help: 'PIN attempt window (also the longest back-off)',
  },
  {
    key: 'changeLogSize',
    flag: 'change-log-size',
    env: 'CHANGE_LOG_SIZE',
    kind: 'int',
    default: 500,
    help: 'changes kept per room for reconnect catch-up',
  },
  {
    key: 'maxAnnotations',
    flag: 'max-annotations',
    env: 'MAX_ANNOTATIONS',
    kind: 'int',
    default: 10_000,
    help: 'annotations per room',
  },
  {
    key: 'maxNotes',
    flag: 'max-notes',
    env: 'MAX_NOTES',
    kind: 'int',
    default: 2_000,
    help: 'notes per room',
  },
  {
    key: 'maxRoomStateBytes',
    flag: 'max-room-state-bytes',
    env: 'MAX_ROOM_STATE_BYTES',
    kind: 'int',
    default: 24 * MiB,
    help: "byte budget of one room's whole stored state (serialized JSON)",
  },
  {
    key: 'maxAnnotationsBytes',
    flag: 'max-annotations-bytes',
    env: 'MAX_ANNOTATIONS_BYTES',
    kind: 'int',
    default: 16 * MiB,
    help: 'byte budget of all annotations of a room (ROOM_BUDGET_FULL beyond it)',
  },
  {
    key: 'maxAnnotationBytes',
    flag: 'max-annotation-bytes',
    env: 'MAX_ANNOTATION_BYTES',
    kind: 'int',
    default: 96 * 1024,
    help: 'bytes of one stored annotation',
  },
  {
    key: 'maxNotesBytes',
    flag: 'max-notes-bytes',
    env: 'MAX_NOTES_BYTES',
    kind: 'int',
    default: 4 * MiB,
    help: 'byte budget of all notes of a room',
  },
  {
    key: 'snapshotRequestIntervalMs',
    flag: 'snapshot-request-interval-ms',
    env: 'SNAPSHOT_REQUEST_INTERVAL_MS',
    kind: 'int',
    default: 2000,
    help: 'a connection gets at most 3 requested snapshots per this interval (RATE_LIMITED beyond)',
  },
  {
    key: 'sendHighWaterBytes',
    flag: 'send-high-water-bytes',
    env: 'SEND_HIGH_WATER_BYTES',
    kind: 'int',
    default: 1 * MiB,
    help: 'per-socket send buffer above which ephemeral messages are dropped',
  },
  {
    key: 'sendMaxBufferBytes',
    flag: 'send-max-buffer-bytes',
    env: 'SEND_MAX_BUFFER_BYTES',
    kind: 'int',
    default: 4 * MiB,
    help: 'per-socket send buffer above which the socket is closed (4006)',
  },
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
  {
    key: 'metrics',
    flag: 'metrics',
    env: 'METRICS',
    kind: 'bool',
    default: true,
    help: 'serve Prometheus metrics at /metrics (to loopback callers; see --metrics-token)',
  },
  // Hardening (issue 14): per-address limits, the hash queue, HTTP timeouts, /metrics access.
  {
    key: 'trustProxyHops',
    flag: 'trust-proxy-hops',
    env: 'TRUST_PROXY_HOPS',
    kind: 'int',
    default: 0,
    help: 'reverse proxies of yours in front: the client address is the Nth X-Forwarded-For entry from the right',
  },
  {
    key: 'maxConnectionsPerAddress',
    flag: 'max-connections-per-address',
    env: 'MAX_CONNECTIONS_PER_ADDRESS',
    kind: 'int',
    default: 64,
    help: 'concurrent WebSocket connections from one client address (IPv6: one /64)',
  },
  {
    key: 'lobbyIdleTimeoutMs',
    flag: 'lobby-idle-timeout-ms',
    env: 'LOBBY_IDLE_TIMEOUT_MS',
    kind: 'int',
    default: 60_000,
    help: 'a connection that said hello but is in no room this long is closed (4005)',
  },
  {
    key: 'lookupFailuresPerAddress',
    flag: 'lookup-failures-per-address',
    env: 'LOOKUP_FAILURES_PER_ADDRESS',
    kind: 'int',
    default: 20,
    help: 'unknown room codes per client address per window before a doubling back-off',
  },
  {
    key: 'lookupWindowMs',
    flag: 'lookup-window-ms',
    env: 'LOOKUP_WINDOW_MS',
    kind: 'int',
    default: 10 * 60_000,
    help: 'window of the unknown-room-code limit (also the longest back-off)',
  },
  {
    key: 'pinBackoffBaseMs',
    flag: 'pin-backoff-base-ms',
    env: 'PIN_BACKOFF_BASE_MS',
    kind: 'int',
    default: 1000,
    help: 'first wait after an address used its PIN attempts (doubles each further attempt)',
  },
  {
    key: 'pinRoomIntervalMs',
    flag: 'pin-room-interval-ms',
    env: 'PIN_ROOM_INTERVAL_MS',
    kind: 'int',
    default: 2000,
    help: 'a room past its wrong-PIN limit checks one PIN per this interval (others wait)',
  },
  {
    key: 'pinRoomMaxWaitMs',
    flag: 'pin-room-max-wait-ms',
    env: 'PIN_ROOM_MAX_WAIT_MS',
    kind: 'int',
    default: 5000,
    help: "longest wait for a PIN check slot (under the player's 10 s request timeout); beyond it RATE_LIMITED",
  },
  {
    key: 'hashConcurrency',
    flag: 'hash-concurrency',
    env: 'HASH_CONCURRENCY',
    kind: 'int',
    default: 1,
    help: 'PIN hashes (scrypt) running at once; the rest queue (keeps libuv threads for files)',
  },
  {
    key: 'hashQueueSize',
    flag: 'hash-queue-size',
    env: 'HASH_QUEUE_SIZE',
    kind: 'int',
    default: 32,
    help: 'PIN hashes waiting at most; beyond it SERVER_BUSY with retryAfterMs',
  },
  {
    key: 'requestTimeoutMs',
    flag: 'request-timeout-ms',
    env: 'REQUEST_TIMEOUT_MS',
    kind: 'int',
    default: 10_000,
    help: "an HTTP request's headers must arrive within this time, and a socket silent this long (mid-body too) is closed (slowloris)",
  },
  {
    key: 'metricsToken',
    flag: 'metrics-token',
    env: 'METRICS_TOKEN',
    kind: 'string',
    default: undefined,
    help: '/metrics for any address presenting "Authorization: Bearer <token>"',
  },
  {
    key: 'metricsPublic',
    flag: 'metrics-public',
    env: 'METRICS_PUBLIC',
    kind: 'bool',
    default: false,
    help: '/metrics for everyone (default: loopback callers and the token only)',
  },
  ...MEDIA_OPTION_SPECS,
  ...WEBHOOK_OPTION_SPECS,
] as const satisfies readonly OptionSpec[];

type Spec = (typeof OPTION_SPECS)[number];
type ValueOf<S extends Spec> = S['kind'] extends 'int'
  ? number
  : S['kind'] extends 'bool'
    ? boolean
    : S['kind'] extends 'list'
      ? string[]
      : string;
type Required<S extends Spec> = S['default'] extends undefined ? never : S['key'];

/** All options with defaults applied (staticDir/TLS stay optional). */
export type ServerConfig = { [S in Spec as Required<S>]: ValueOf<S> } & {
  staticDir?: string;
  redisUrl?: string;
  tlsCert?: string;
  tlsKey?: string;
  certDir?: string;
  publicUrl?: string;
  metricsToken?: string;
  roomSecret?: string;
  dataDir?: string;
  s3Endpoint?: string;
  s3Bucket?: string;
  s3AccessKeyId?: string;
  s3SecretAccessKey?: string;
  webhookSecret?: string;
};

export const DEFAULT_CONFIG = Object.fromEntries(
  OPTION_SPECS.filter((spec) => spec.default !== undefined).map((spec) => [spec.key, spec.default]),
) as unknown as ServerConfig;

export class ConfigError extends Error {}

function convert(
  spec: Spec,
  raw: string | boolean,
  source: string,
): number | string | boolean | string[] {
  switch (spec.kind) {
    case 'int': {
      const value = Number(raw);
      if (typeof raw === 'boolean' || !Number.isInteger(value) || value < 0) {
        throw new ConfigError(
          `${source}: expected a non-negative integer, got ${JSON.stringify(raw)}`,
        );
      }
      return value;
    }
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      throw new ConfigError(`${source}: expected true or false, got ${JSON.stringify(raw)}`);
    case 'list':
      return String(raw)
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
    case 'string':
      return String(raw);
  }
}

/**
 * Flags win over environment variables, which win over defaults. Accepts `--flag value`,
 * `--flag=value`, boolean `--flag` / `--no-flag`, and `-p` for `--port`.
 */
export function parseConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { config: ServerConfig; help: boolean } {
  const values: Record<string, unknown> = { ...DEFAULT_CONFIG };
  for (const spec of OPTION_SPECS) {
    const raw = env[spec.env];
    if (raw !== undefined && raw !== '') values[spec.key] = convert(spec, raw, spec.env);
  }
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const match = /^(?:--([a-z0-9-]+)(?:=(.*))?|-(p))$/.exec(arg);
    if (!match) throw new ConfigError(`Unknown argument: ${arg}`);
    let name = match[3] === 'p' ? 'port' : (match[1] ?? '');
    let negated = false;
    if (
      name.startsWith('no-') &&
      OPTION_SPECS.some((spec) => spec.flag === name.slice(3) && spec.kind === 'bool')
    ) {
      name = name.slice(3);
      negated = true;
    }
    const spec = OPTION_SPECS.find((candidate) => candidate.flag === name);
    if (!spec) throw new ConfigError(`Unknown option: --${name} (see --help)`);
    let raw: string | boolean | undefined = match[2];
    if (raw === undefined) {
      if (spec.kind === 'bool') raw = !negated;
      else {
        raw = argv[++i];
        if (raw === undefined) throw new ConfigError(`--${name} needs a value`);
      }
    }
    values[spec.key] = convert(spec, raw, `--${name}`);
  }
  const config = values as ServerConfig;
  if (config.port > 65535) throw new ConfigError(`Invalid port: ${config.port}`);
  if (Boolean(config.tlsCert) !== Boolean(config.tlsKey))
    throw new ConfigError('--tls-cert and --tls-key go together');
  if (config.https && config.tlsCert)
    throw new ConfigError(
      '--https generates a certificate; leave it out with --tls-cert/--tls-key',
    );
  if (config.publicUrl !== undefined) config.publicUrl = normalizePublicUrl(config.publicUrl);
  config.mediaOrigins = config.mediaOrigins.map(normalizeOrigin);
  config.webhookUrls = config.webhookUrls.map(normalizeWebhookUrl);
  if (config.webhookUrls.length > 0 && !config.webhookSecret)
    throw new ConfigError(
      '--webhook-urls needs --webhook-secret (receivers verify the signature with it; see docs/webhooks.md)',
    );
  if (config.webhookAttempts < 1) throw new ConfigError('--webhook-attempts: at least 1');
  return { config, help };
}

/** `--public-url` as a base for share links: an absolute http(s) URL ending in `/`. */
export function normalizePublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`--public-url: expected an http(s) URL, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`--public-url: expected an http(s) URL, got ${JSON.stringify(raw)}`);
  if (url.search || url.hash)
    throw new ConfigError('--public-url: give the address without ?query or #fragment');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}

/** A `--webhook-urls` entry: an absolute http(s) URL. */
export function normalizeWebhookUrl(raw: string): string {
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new ConfigError(`--webhook-urls: expected http(s) URLs, got ${JSON.stringify(raw)}`);
  return url.toString();
}

/** A `--media-origins` entry as a CSP source: `https://host[:port]`. */
export function normalizeOrigin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`--media-origins: expected http(s) origins, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`--media-origins: expected http(s) origins, got ${JSON.stringify(raw)}`);
  return url.origin;
}

export function helpText(): string {
  const rows = OPTION_SPECS.map((spec) => {
    const flag = `--${spec.flag}${spec.kind === 'bool' ? '' : ' <v>'}`;
    const shown = Array.isArray(spec.default)
      ? spec.default.join(',') || '(none)'
      : (spec.default ?? '(none)');
    return `  ${flag.padEnd(32)} ${spec.help}\n  ${''.padEnd(32)} env ${spec.env}, default ${String(shown)}`;
  });
  return `Usage: npm start -- [options]   (or: npx tsx server/cli.ts [options])\n\n${rows.join('\n')}\n  --help, -h${''.padEnd(23)}show this help\n`;
}

export function resolveStaticDir(config: ServerConfig, projectRoot: string): string {
  return config.staticDir ?? path.join(projectRoot, 'dist');
}
