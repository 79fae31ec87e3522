import type { ArgumentsOf, SqliteDatabase, SqliteStatement, SqliteTransaction } from './sqlite-database.js'
import { quoteIdentifier, sessionTableSql } from './sqlite-schema.js'

const COLUMNS = 'id, data, cookie, flash, flash_seq, user_id, created_at, last_seen_at, expires_at, sliding_ttl_ms'

/** The prepared statements of one sessions table, prepared once when the store starts. */
export interface SqliteSessionStatements {
  database: SqliteDatabase
  /** (id, now) → the live row */
  selectLive: SqliteStatement
  /** (id) → flash_seq, created_at, expires_at of the row, live or not */
  selectForSet: SqliteStatement
  /** @id, @data, @cookie, @flash, @flashSeq, @userId, @createdAt, @now, @expiresAt, @slidingTtl */
  upsert: SqliteStatement
  /** @id, @data, @cookie, @flash, @flashSeq, @userId, @now, @expiresAt, @slidingTtl */
  rewrite: SqliteStatement
  /** @id, @cookie (null keeps the stored one), @now, @expiresAt, @slidingTtl; live rows only */
  touch: SqliteStatement
  /** @id, @now, @expiresAt, @expiresIso; live rows only; moves the cookie's expires when it has an originalMaxAge */
  slide: SqliteStatement
  /** (id) */
  destroy: SqliteStatement
  /** (now) → every live row */
  selectAllLive: SqliteStatement
  /** (now) → ids of live rows */
  selectLiveIds: SqliteStatement
  /** (now) → { n } */
  countLive: SqliteStatement
  clear: SqliteStatement
  /** (now) */
  prune: SqliteStatement
  /** (userId, now) → live rows of the user, most recently seen first */
  selectUser: SqliteStatement
  /** (userId, now) */
  pruneUser: SqliteStatement
  /** (userId, now, exceptIdsJson) */
  destroyUser: SqliteStatement
}

/** Creates the sessions table when missing and prepares every statement the store runs on it. */
export function prepareSessionStatements(database: SqliteDatabase, tableName: string): SqliteSessionStatements {
  database.exec(sessionTableSql(tableName))
  const table = quoteIdentifier(tableName)
  const prepare = (sql: string) => database.prepare(sql)
  return {
    database,
    selectLive: prepare(`SELECT ${COLUMNS} FROM ${table} WHERE id = ? AND expires_at > ?`),
    selectForSet: prepare(`SELECT flash_seq, created_at, expires_at FROM ${table} WHERE id = ?`),
    upsert: prepare(
      `INSERT INTO ${table} (${COLUMNS}) VALUES (@id, @data, @cookie, @flash, @flashSeq, @userId, @createdAt, @now, @expiresAt, @slidingTtl)
       ON CONFLICT (id) DO UPDATE SET data = excluded.data, cookie = excluded.cookie, flash = excluded.flash, flash_seq = excluded.flash_seq,
         user_id = excluded.user_id, created_at = excluded.created_at, last_seen_at = excluded.last_seen_at,
         expires_at = excluded.expires_at, sliding_ttl_ms = excluded.sliding_ttl_ms`,
    ),
    rewrite: prepare(
      `UPDATE ${table} SET data = @data, cookie = @cookie, flash = @flash, flash_seq = @flashSeq, user_id = @userId,
         last_seen_at = @now, expires_at = @expiresAt, sliding_ttl_ms = @slidingTtl WHERE id = @id`,
    ),
    touch: prepare(
      `UPDATE ${table} SET cookie = coalesce(@cookie, cookie), last_seen_at = @now, expires_at = @expiresAt, sliding_ttl_ms = @slidingTtl
       WHERE id = @id AND expires_at > @now`,
    ),
    // The cookie is moved in SQL, so a slide never rewrites (or races with a writer of) anything but the expiry.
    slide: prepare(
      `UPDATE ${table} SET last_seen_at = @now, expires_at = @expiresAt,
         cookie = CASE WHEN json_type(cookie, '$.originalMaxAge') IN ('integer', 'real') THEN json_set(cookie, '$.expires', @expiresIso) ELSE cookie END
       WHERE id = @id AND expires_at > @now`,
    ),
    destroy: prepare(`DELETE FROM ${table} WHERE id = ?`),
    selectAllLive: prepare(`SELECT ${COLUMNS} FROM ${table} WHERE expires_at > ?`),
    selectLiveIds: prepare(`SELECT id FROM ${table} WHERE expires_at > ?`),
    countLive: prepare(`SELECT count(*) AS n FROM ${table} WHERE expires_at > ?`),
    clear: prepare(`DELETE FROM ${table}`),
    prune: prepare(`DELETE FROM ${table} WHERE expires_at <= ?`),
    selectUser: prepare(`SELECT ${COLUMNS} FROM ${table} WHERE user_id = ? AND expires_at > ? ORDER BY last_seen_at DESC, created_at DESC`),
    pruneUser: prepare(`DELETE FROM ${table} WHERE user_id = ? AND expires_at <= ?`),
    destroyUser: prepare(`DELETE FROM ${table} WHERE user_id = ? AND expires_at > ? AND id NOT IN (SELECT value FROM json_each(?))`),
  }
}

/** Wraps `fn` in a transaction that takes the write lock up front, so a read-then-write never meets SQLITE_BUSY halfway. */
export function writeTransaction<F extends (...args: never[]) => unknown>(database: SqliteDatabase, fn: F): (...args: ArgumentsOf<F>) => ReturnType<F> {
  const transaction: SqliteTransaction<F> = database.transaction(fn)
  return (...args) => transaction.immediate(...args)
}
