// The reviews' database: PostgreSQL through `pg` when --database-url is set, otherwise an
// embedded PostgreSQL (PGlite, WebAssembly, no setup) in <data-dir>/reviews. Both speak the same
// SQL, so one schema and one set of migrations (node-pg-migrate, migrations/) serve both.
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { runner } from 'node-pg-migrate';
import pg from 'pg';

export interface SqlClient {
  query<Row extends object>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
  /** For the log and the start banner: "PostgreSQL at host:5432/db", "embedded (PGlite) in …". */
  readonly description: string;
}

const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');

/** Runs the migrations not yet applied (node-pg-migrate keeps its table and takes a lock). */
async function migrate(client: pg.ClientBase): Promise<void> {
  await runner({
    dbClient: client,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'reelsync_migrations',
    count: Infinity,
    log: () => undefined,
    checkOrder: true,
  });
}

async function openPostgres(url: string): Promise<SqlClient> {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5000 });
  // An idle client losing its server must not crash the process: the next query reports it.
  pool.on('error', () => undefined);
  const client = await pool.connect();
  try {
    await migrate(client);
  } finally {
    client.release();
  }
  const where = new URL(url);
  return {
    // Never the password: host, port and database only.
    description: `PostgreSQL at ${where.host}${where.pathname}`,
    async query<Row extends object>(text: string, params: readonly unknown[] = []) {
      const result = await pool.query(text, [...params]);
      return result.rows as Row[];
    },
    close: () => pool.end(),
  };
}

async function openEmbedded(dir: string | null): Promise<SqlClient> {
  const db = dir === null ? new PGlite() : new PGlite(dir);
  await db.waitReady;
  // node-pg-migrate only calls query(text | {text, values}, values?) and reads `rows`, which
  // PGlite answers in pg's shape. A migration file is several statements: without values it
  // goes through exec (the simple protocol), as pg sends it.
  const run = async (text: string, values?: unknown[]) => {
    if (values && values.length > 0) return db.query(text, values);
    const results = await db.exec(text);
    return results.at(-1) ?? { rows: [], fields: [] };
  };
  const asPgClient = {
    query: (text: string | { text: string; values?: unknown[] }, values?: unknown[]) =>
      typeof text === 'string' ? run(text, values) : run(text.text, text.values),
  } as unknown as pg.ClientBase;
  await migrate(asPgClient);
  return {
    description:
      dir === null
        ? 'embedded PostgreSQL (PGlite) in memory'
        : `embedded PostgreSQL (PGlite) in ${dir}`,
    async query<Row extends object>(text: string, params: readonly unknown[] = []) {
      const result = await db.query<Row>(text, [...params]);
      return result.rows;
    },
    close: () => db.close(),
  };
}

/**
 * Opens (and migrates) the reviews' database: `databaseUrl` when given, else an embedded one in
 * `embeddedDir` (null: in memory, for tests).
 */
export function openReviewDb(options: {
  databaseUrl?: string | undefined;
  embeddedDir: string | null;
}): Promise<SqlClient> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl)
    : openEmbedded(options.embeddedDir);
}
