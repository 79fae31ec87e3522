import { invalidOptionError } from '../../core/errors.js'
import type { UserKey } from '../../core/store-contract.js'
import { DEFAULT_TABLE_NAME } from './session-table-ddl.js'
import { MAX_IDENTIFIER_BYTES } from './sql-identifier.js'

/**
 * What the store needs of a `pg` Pool or Client (or anything with the same `query`): the application creates
 * and owns it, and the store never ends it. A Pool is the usual choice: statements run on whichever
 * connection is free, so parallel requests do not queue behind one another.
 */
export interface PostgresQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>
}

/** Options of {@link PostgresStore}. */
export interface PostgresStoreOptions {
  /** A `pg` Pool (or Client) the application created and owns; `close()` never ends it. */
  pool: PostgresQueryable
  /**
   * The table sessions are kept in. At most 48 bytes, so the index names derived from it stay under
   * PostgreSQL's 63-byte identifier limit.
   * @default 'sessions'
   */
  tableName?: string
  /**
   * The schema the table is in.
   * @default undefined (the table name is left unqualified and resolved through the search_path)
   */
  schemaName?: string
  /**
   * Create the table and its indexes (`IF NOT EXISTS`) before the first query. Off by default because the
   * application's database user often may not run DDL: run the shipped `schema.sql` once instead.
   * @default false
   */
  createTable?: boolean
  /**
   * Lifetime of a session saved without a ttl (a browser-session cookie, or a record without
   * `cookie.originalMaxAge`), in milliseconds.
   * @default 86400000 (one day)
   */
  ttl?: number
  /**
   * How often expired rows are deleted, in milliseconds, or `false` to never prune (expired sessions are still
   * never returned; prune from a cron job with `store.prune()`). The timer is `unref`'d: it never keeps the
   * process alive.
   * @default 60000
   */
  pruneInterval?: number | false
  /**
   * How stale a session's "last seen" time (what `listSessionsOfUser` sorts by) may get before a read
   * (`load`) writes it, in milliseconds, measured by the database's clock (`now()`). A read otherwise writes
   * only when it moves the expiry by more than a tenth of the session's lifetime, so most read-only requests
   * write nothing; `0` writes on every `load`. It also bounds how far a write (`update`) may leave the expiry
   * and last-seen time unmoved (at most a second): `0` moves them on every write.
   * @default 60000
   */
  lastSeenResolution?: number
  /**
   * Which record field (or function of the record) names the session's user. When given, the `user_id` column
   * is filled and `listSessionsOfUser` / `destroySessionsOfUser` work; without it they reject.
   * @default undefined
   */
  userKey?: UserKey
  /**
   * Send the store's statements as named prepared statements (`pg`'s `{ name, text, values }`), so each
   * connection parses and plans them once instead of on every request: on a busy server that is most of the
   * database's work per session read or write. Left out, it is on when `pool` is a `pg` Pool or Client, and
   * anything else keeps getting `query(text, values)`; `true` sends `{ name, text, values }` to any pool (it must
   * take them as pg's does). Pass `false` behind a connection pooler in transaction mode that does not track
   * prepared statements (PgBouncer before 1.21, or with `max_prepared_statements = 0`); the store also turns them
   * off by itself the first time the server reports a statement it lost or already has, and sends that one again.
   * @default undefined (on for a `pg` Pool or Client)
   */
  preparedStatements?: boolean
  /**
   * Group the statements of one turn of the event loop. The session reads that requests make in the same turn
   * go to PostgreSQL as one `SELECT` (with its conditional slide of the expiry), their changes as one multi-row
   * `UPDATE` per kind of change, and their new sessions as one multi-row `INSERT` (group commit), so a busy
   * server parses, plans and commits (waiting for the write-ahead log) once for several sessions instead of once
   * per request. Nothing waits for a timer: a lone read or write is sent as its own statement at the end of the
   * turn. One session's writes go one at a time, in the order they were made; a batch skips rows other
   * transactions hold and ids already taken (so it does not wait for locks nor deadlock) and sends those again
   * alone; and when PostgreSQL
   * refuses a batch each part is sent again alone, so one write it cannot store fails only its own request.
   * Pass `false` to give every read and write its own statement.
   * @default true
   */
  batchStatements?: boolean
}

/** The options of a PostgreSQL store, checked, with defaults filled in. */
export interface NormalizedPostgresStoreOptions {
  pool: PostgresQueryable
  tableName: string
  schemaName: string | undefined
  createTable: boolean
  ttl: number
  pruneInterval: number | false
  lastSeenResolution: number
  userKey: UserKey | undefined
  /** `undefined`: decided by the pool (see {@link PostgresStoreOptions.preparedStatements}). */
  preparedStatements: boolean | undefined
  batchStatements: boolean
}

/** Node's timers misfire (they run after 1 ms) above this many milliseconds. */
const MAX_TIMER_MS = 2 ** 31 - 1
/** Room for `_expires_at_idx` after the table name within PostgreSQL's identifier limit. */
const MAX_TABLE_NAME_BYTES = MAX_IDENTIFIER_BYTES - '_expires_at_idx'.length

function isQueryable(value: unknown): value is PostgresQueryable {
  return typeof value === 'object' && value !== null && typeof (value as { query?: unknown }).query === 'function'
}

function identifier(option: string, value: unknown, maxBytes: number): string {
  if (typeof value !== 'string' || value === '' || value.includes('\0') || Buffer.byteLength(value) > maxBytes) {
    throw invalidOptionError(option, value, `Pass a non-empty name of at most ${maxBytes} bytes without NUL characters; it is quoted, so any other character is fine.`)
  }
  return value
}

/** A whole number of milliseconds from `min` to `max` (no upper bound when `max` is omitted), or `fallback`. */
function milliseconds(option: string, value: unknown, fallback: number, min: number, max?: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `, ${min} or more` : ` between ${min} and ${max}`
    throw invalidOptionError(option, value, `Pass a whole number of milliseconds${range}.`)
  }
  return value
}

/** Checks the options of a PostgreSQL store once, at construction, with `sessionkit:` TypeErrors that say what to pass. */
export function normalizePostgresStoreOptions(options: PostgresStoreOptions): NormalizedPostgresStoreOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('sessionkit: the PostgreSQL store needs options: pass { pool }, a pg Pool the application created (new pg.Pool({ connectionString })).')
  }
  const { pool, tableName, schemaName, createTable = false, ttl, pruneInterval, lastSeenResolution, userKey, preparedStatements, batchStatements = true } = options
  if (!isQueryable(pool)) {
    throw invalidOptionError('pool', pool, 'Pass a pg Pool (or Client) the application created: new PostgresStore({ pool: new pg.Pool({ connectionString }) }).')
  }
  if (typeof createTable !== 'boolean') throw invalidOptionError('createTable', createTable, 'Pass true to create the table when missing, or false (the default) to use the one made from schema.sql.')
  if (userKey !== undefined && !(typeof userKey === 'function' || (typeof userKey === 'string' && userKey !== ''))) {
    throw invalidOptionError('userKey', userKey, "Pass the name of the session field that holds the user's id (e.g. 'userId'), or a function (record) => user id.")
  }
  if (preparedStatements !== undefined && typeof preparedStatements !== 'boolean') {
    throw invalidOptionError('preparedStatements', preparedStatements, 'Pass false to send plain statements (behind PgBouncer in transaction mode), true to always prepare them, or leave it out.')
  }
  if (typeof batchStatements !== 'boolean') {
    throw invalidOptionError('batchStatements', batchStatements, 'Pass false to give every session read and write its own statement, or leave it out (true: those of one event-loop turn share one).')
  }
  return {
    pool,
    tableName: tableName === undefined ? DEFAULT_TABLE_NAME : identifier('tableName', tableName, MAX_TABLE_NAME_BYTES),
    schemaName: schemaName === undefined ? undefined : identifier('schemaName', schemaName, MAX_IDENTIFIER_BYTES),
    createTable,
    // A century keeps now() + ttl far inside timestamptz's range.
    ttl: milliseconds('ttl', ttl, 86_400_000, 1, 100 * 365 * 86_400_000),
    pruneInterval: pruneInterval === false ? false : milliseconds('pruneInterval', pruneInterval, 60_000, 1, MAX_TIMER_MS),
    lastSeenResolution: milliseconds('lastSeenResolution', lastSeenResolution, 60_000, 0),
    userKey,
    preparedStatements,
    batchStatements,
  }
}
