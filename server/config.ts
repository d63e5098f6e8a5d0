// Every server option in one table: CLI flag, environment variable, default, help text, gathered
// from the groups each part of the server declares beside its code (serving, limits, rooms, store,
// media, reviews, webhooks, sign-in). `--help`, the CLI parser and docs/server.md all follow this table.
import path from 'node:path';
import { LIMIT_OPTION_SPECS } from './limits/options';
import { MEDIA_OPTION_SPECS } from './media/options';
import { OIDC_OPTION_SPECS, checkOidcConfig } from './oidc/options';
import { SERVING_OPTION_SPECS } from './options';
import { REVIEW_OPTION_SPECS } from './reviews/options';
import { ROOM_OPTION_SPECS } from './rooms/options';
import { STORE_OPTION_SPECS } from './store/options';
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

/** The groups, in the order `--help` lists them. */
export const OPTION_GROUPS = [
  { title: 'Serving', specs: SERVING_OPTION_SPECS },
  { title: 'Limits', specs: LIMIT_OPTION_SPECS },
  { title: 'Rooms', specs: ROOM_OPTION_SPECS },
  { title: 'Room store', specs: STORE_OPTION_SPECS },
  { title: 'Media library', specs: MEDIA_OPTION_SPECS },
  { title: 'Reviews', specs: REVIEW_OPTION_SPECS },
  { title: 'Webhooks and event log', specs: WEBHOOK_OPTION_SPECS },
  { title: 'Sign-in (OpenID Connect)', specs: OIDC_OPTION_SPECS },
] as const;

/** The table: every group's entries. Durations are milliseconds; sizes bytes; rates messages per second. */
export const OPTION_SPECS = [
  ...SERVING_OPTION_SPECS,
  ...LIMIT_OPTION_SPECS,
  ...ROOM_OPTION_SPECS,
  ...STORE_OPTION_SPECS,
  ...MEDIA_OPTION_SPECS,
  ...REVIEW_OPTION_SPECS,
  ...WEBHOOK_OPTION_SPECS,
  ...OIDC_OPTION_SPECS,
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
  databaseUrl?: string;
  webhookSecret?: string;
  oidcIssuer?: string;
  oidcClientId?: string;
  oidcClientSecret?: string;
  oidcName?: string;
  oidcAudience?: string;
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
  const oidcProblem = checkOidcConfig(config);
  if (oidcProblem) throw new ConfigError(oidcProblem);
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
  const row = (spec: OptionSpec): string => {
    const flag = `--${spec.flag}${spec.kind === 'bool' ? '' : ' <v>'}`;
    const shown = Array.isArray(spec.default)
      ? spec.default.join(',') || '(none)'
      : (spec.default ?? '(none)');
    return `  ${flag.padEnd(32)} ${spec.help}\n  ${''.padEnd(32)} env ${spec.env}, default ${String(shown)}`;
  };
  const groups = OPTION_GROUPS.map(
    (group) => `${group.title}:\n${group.specs.map((spec) => row(spec)).join('\n')}`,
  );
  return `Usage: npm start -- [options]   (or: npx tsx server/cli.ts [options])\n\n${groups.join('\n\n')}\n\n  --help, -h${''.padEnd(23)}show this help\n`;
}

export function resolveStaticDir(config: ServerConfig, projectRoot: string): string {
  return config.staticDir ?? path.join(projectRoot, 'dist');
}
