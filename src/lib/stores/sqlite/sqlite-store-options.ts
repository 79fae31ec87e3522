import { invalidOptionError } from '../../core/errors.js'
import type { UserKey } from '../../core/store-contract.js'
import { BUSY_TIMEOUT_MS, type SqliteDatabase } from './sqlite-database.js'

/** Options of {@link SqliteStore}: exactly one of `database` and `path`. */
export interface SqliteStoreOptions {
  /**
   * An open better-sqlite3 Database the application owns. The store switches it to write-ahead logging
   * (`journal_mode = WAL`), creates its table in it, and never closes it.
   */
  database?: SqliteDatabase
  /**
   * A file to keep sessions in. The store creates it and its parent directories when missing, opens it with
   * better-sqlite3 (loaded on first use; `npm install better-sqlite3@12`) in WAL mode with a 5 s busy
   * timeout, and closes it in `close()`.
   */
  path?: string
  /**
   * How long a statement waits for another connection's write lock before failing (SQLITE_BUSY), in
   * milliseconds, for a database the store opens from `path`. better-sqlite3 is synchronous: the wait blocks
   * the process's event loop, so keep it short. With `database`, set it yourself: `db.pragma('busy_timeout = 1000')`.
   * @default 5000
   */
  busyTimeout?: number
  /**
   * The table sessions are kept in; created when missing.
   * @default 'sessions'
   */
  tableName?: string
  /**
   * Lifetime of a session saved without a ttl (a browser-session cookie), in milliseconds.
   * @default 86400000 (one day)
   */
  ttl?: number
  /**
   * How often expired sessions are deleted, in milliseconds, or `false` to never prune (expired sessions are
   * still never returned). The timer is `unref`'d: it never keeps the process alive.
   * @default 60000
   */
  pruneInterval?: number | false
  /**
   * How stale a session's "last seen" time (what `listSessionsOfUser` sorts by) may get before a read
   * (`load`) writes it, in milliseconds. A read otherwise writes only when it moves the expiry by more than a
   * tenth of the session's lifetime, so most read-only requests write nothing; `0` writes on every `load`.
   * @default 60000
   */
  lastSeenResolution?: number
  /**
   * Which record field (or function of the record) names the session's user. When given, sessions are indexed
   * by user for `listSessionsOfUser` and `destroySessionsOfUser`.
   * @default undefined (no per-user index; those two methods reject)
   */
  userKey?: UserKey
  /**
   * The clock, in epoch milliseconds. For tests.
   * @default Date.now
   */
  now?: () => number
}

/** The options of a SQLite store, checked, with defaults filled in. */
export interface NormalizedSqliteStoreOptions {
  source: { database: SqliteDatabase } | { path: string }
  busyTimeout: number
  tableName: string
  ttl: number
  pruneInterval: number | false
  lastSeenResolution: number
  userKey: UserKey | undefined
  now: () => number
}

function isDatabase(value: unknown): value is SqliteDatabase {
  const candidate = value as Partial<SqliteDatabase> | null
  return typeof candidate === 'object' && candidate !== null && typeof candidate.prepare === 'function' && typeof candidate.transaction === 'function'
}

function positiveInteger(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) throw invalidOptionError(option, value, 'Pass a positive whole number of milliseconds.')
  return value
}

function nonNegativeInteger(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalidOptionError(option, value, 'Pass a whole number of milliseconds, 0 or more.')
  return value
}

/** Checks the options of a SQLite store once, at construction, with `sessionkit:` TypeErrors that say what to pass. */
export function normalizeSqliteStoreOptions(options: SqliteStoreOptions): NormalizedSqliteStoreOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('sessionkit: the SQLite store needs options: pass { database } (an open better-sqlite3 Database) or { path } (a file).')
  }
  const { database, path } = options
  if (database !== undefined && path !== undefined) {
    throw new TypeError('sessionkit: the SQLite store got both options database and path: pass only one (database: your open better-sqlite3 Database, or path: a file the store opens).')
  }
  if (database === undefined && path === undefined) {
    throw new TypeError('sessionkit: the SQLite store needs option database (an open better-sqlite3 Database) or option path (a file to keep sessions in).')
  }
  if (database !== undefined && !isDatabase(database)) {
    throw invalidOptionError('database', database, 'Pass an open better-sqlite3 Database: new Database(file).')
  }
  if (path !== undefined && (typeof path !== 'string' || path === '' || path.includes('\0'))) {
    throw invalidOptionError('path', path, "Pass a file path such as './data/sessions.db'.")
  }
  if (database !== undefined && options.busyTimeout !== undefined) {
    throw new TypeError("sessionkit: option busyTimeout of the SQLite store applies to a database it opens from path; for your own database, set it on the database: db.pragma('busy_timeout = 1000').")
  }
  const tableName = options.tableName ?? 'sessions'
  if (typeof tableName !== 'string' || tableName === '' || tableName.includes('\0')) {
    throw invalidOptionError('tableName', tableName, "Pass a non-empty table name such as 'sessions'.")
  }
  const pruneInterval = options.pruneInterval === false ? false : positiveInteger('pruneInterval', options.pruneInterval, 60_000)
  const userKey = options.userKey
  if (userKey !== undefined && !(typeof userKey === 'function' || (typeof userKey === 'string' && userKey !== ''))) {
    throw invalidOptionError('userKey', userKey, "Pass the record field that holds the user id (such as 'userId') or a function of the record.")
  }
  if (options.now !== undefined && typeof options.now !== 'function') throw invalidOptionError('now', options.now, 'Pass a function returning epoch milliseconds, or leave it out.')
  return {
    source: database !== undefined ? { database } : { path: path as string },
    busyTimeout: nonNegativeInteger('busyTimeout', options.busyTimeout, BUSY_TIMEOUT_MS),
    tableName,
    ttl: positiveInteger('ttl', options.ttl, 86_400_000),
    pruneInterval,
    lastSeenResolution: nonNegativeInteger('lastSeenResolution', options.lastSeenResolution, 60_000),
    userKey,
    now: options.now ?? Date.now,
  }
}
