// Durable reviews' options: where a room's notes, drawings, playlist and state are kept so a review
// can be reopened after the room ended or the server restarted. One entry per option in the shape
// of server/config.ts's table, which includes them.
import type { OptionSpec } from '../config';

export const REVIEW_OPTION_SPECS = [
  {
    key: 'reviews',
    flag: 'reviews',
    env: 'REVIEWS',
    kind: 'bool',
    default: true,
    help: 'keep every room in a database so its link reopens it after it ended or the server restarted (--no-reviews: rooms live only while in use)',
  },
  {
    key: 'databaseUrl',
    flag: 'database-url',
    env: 'DATABASE_URL',
    kind: 'string',
    default: undefined,
    help: 'postgres://user:pass@host:5432/db for the reviews (default: an embedded PostgreSQL, PGlite, in <data-dir>/reviews)',
  },
  {
    key: 'reviewRetentionDays',
    flag: 'review-retention-days',
    env: 'REVIEW_RETENTION_DAYS',
    kind: 'int',
    default: 90,
    help: 'a review nobody opened for this many days is deleted (0 = kept forever)',
  },
] as const satisfies readonly OptionSpec[];
