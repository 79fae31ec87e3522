import { invalidOptionError } from '../../core/errors.js'
import { debugLog, redactSessionId } from '../../core/debug-log.js'
import type { LoadedSession, SessionChange, SessionRecord, SessionStore, UserSessionInfo } from '../../core/store-contract.js'
import { applySessionChange, defineKey, recordOf, slidingTtlOf, storedSessionOf, userIdOf, withCookieExpiry } from '../../core/store-records.js'
import { openSqliteDatabase, type SqliteDatabase } from './sqlite-database.js'
import { sqliteStoreError } from './sqlite-store-errors.js'
import { decodeSessionRow, encodeSession, type DecodedSessionRow } from './sqlite-session-row.js'
import { prepareSessionStatements, writeTransaction, type SqliteSessionStatements } from './sqlite-statements.js'
import { normalizeSqliteStoreOptions, type NormalizedSqliteStoreOptions, type SqliteStoreOptions } from './sqlite-store-options.js'

/** The store's statements and the transactions built on them, ready once the database is open. */
interface PreparedStore {
  statements: SqliteSessionStatements
  set: (id: string, record: SessionRecord, ttl: number, now: number) => void
  update: (id: string, change: SessionChange, ttl: number, now: number) => boolean
  listUser: (userId: string, now: number) => unknown[]
}

/**
 * A session store in a SQLite database through better-sqlite3: sessions survive restarts and are shared by the
 * processes of one machine. better-sqlite3 is synchronous, so every method is one prepared statement or one
 * transaction, which no other request can interleave with; `update` therefore never loses a parallel change.
 *
 * Pass `database` (your open better-sqlite3 Database, never closed by the store) or `path` (a file the store
 * opens on first use and closes in `close()`). Expired rows are never returned and are deleted every
 * `pruneInterval`. With `userKey`, sessions are indexed by user for {@link listSessionsOfUser} and
 * {@link destroySessionsOfUser}; without it those two reject.
 */
export class SqliteStore implements SessionStore {
  /** The default lifetime of a session, in milliseconds. */
  readonly ttl: number
  /** The table sessions are kept in. */
  readonly tableName: string
  private readonly options: NormalizedSqliteStoreOptions
  private readonly now: () => number
  private prepared: Promise<PreparedStore> | undefined
  private pruneTimer: NodeJS.Timeout | undefined
  private closed = false

  constructor(options: SqliteStoreOptions) {
    this.options = normalizeSqliteStoreOptions(options)
    this.ttl = this.options.ttl
    this.tableName = this.options.tableName
    this.now = this.options.now
    if (this.options.pruneInterval !== false) {
      this.pruneTimer = setInterval(() => {
        this.prune().catch((error: unknown) => debugLog('sqlite store: pruning expired sessions failed: %O', error))
      }, this.options.pruneInterval)
      this.pruneTimer.unref()
    }
  }

  /** required: the live record with its flash messages (connect-flash's shape), or `undefined`. Does not slide the expiry. */
  async get(id: string): Promise<SessionRecord | undefined> {
    return this.run('get', ({ statements }) => {
      const row = this.liveRow(statements, id, this.now())
      return row && recordOf(row, true)
    })
  }

  /** required: replaces the session, flash messages included; a `ttl` of 0 or less deletes it. */
  async set(id: string, record: SessionRecord, ttl?: number): Promise<void> {
    const lifetime = this.ttlOf(ttl)
    return this.run('set', (prepared) => prepared.set(id, record, lifetime, this.now()))
  }

  /** recommended: extends the session's life to `ttl` and stores the record's cookie, without rewriting its data. */
  async touch(id: string, record: SessionRecord, ttl?: number): Promise<void> {
    const lifetime = this.ttlOf(ttl)
    return this.run('touch', ({ statements }) => {
      const now = this.now()
      if (lifetime <= 0) return void statements.destroy.run(id)
      const cookie = record.cookie === undefined ? null : JSON.stringify(record.cookie)
      statements.touch.run({ id, cookie, now, expiresAt: expiryOf(now, lifetime), slidingTtl: slidingTtlOf(record, this.ttl) })
    })
  }

  /** required: deletes the session; an unknown id is not an error. */
  async destroy(id: string): Promise<void> {
    return this.run('destroy', ({ statements }) => void statements.destroy.run(id))
  }

  /**
   * optional: the live session, its expiry slid by the lifetime it was last written with. The row is written
   * only when that moves the expiry by more than a tenth of the lifetime or "last seen" is older than
   * `lastSeenResolution` (a minute by default), so a busy session is not rewritten on every request.
   */
  async load(id: string): Promise<LoadedSession | undefined> {
    return this.run('load', ({ statements }) => {
      const now = this.now()
      const row = this.liveRow(statements, id, now)
      if (row === undefined) return undefined
      let expiresAt = row.expiresAt
      const slidTo = expiryOf(now, row.slidingTtl)
      if (slidTo - row.expiresAt > row.slidingTtl / 10 || now - row.lastSeenAt > this.options.lastSeenResolution) {
        statements.slide.run({ id, now, expiresAt: slidTo, expiresIso: new Date(slidTo).toISOString() })
        expiresAt = slidTo
      }
      return { record: withCookieExpiry(recordOf(row, false), expiresAt), flash: row.flash }
    })
  }

  /** optional: applies one request's change in one transaction; resolves `false`, creating nothing, when the session is gone. */
  async update(id: string, change: SessionChange, ttl?: number): Promise<boolean> {
    const lifetime = this.ttlOf(ttl)
    return this.run('update', (prepared) => prepared.update(id, change, lifetime, this.now()))
  }

  /** optional: every live session by id, flash messages included. */
  async all(): Promise<Record<string, SessionRecord>> {
    return this.run('all', ({ statements }) => {
      const sessions: Record<string, SessionRecord> = {}
      for (const raw of statements.selectAllLive.all(this.now())) {
        const row = decodeSessionRow(raw)
        const id = (raw as { id: string }).id
        if (row === undefined) debugLog('sqlite store: session %s has a damaged row; skipped', redactSessionId(id))
        else defineKey(sessions, id, recordOf(row, true))
      }
      return sessions
    })
  }

  /** optional: the ids of every live session. */
  async ids(): Promise<string[]> {
    return this.run('ids', ({ statements }) => statements.selectLiveIds.all(this.now()).map((row) => (row as { id: string }).id))
  }

  /** optional: how many live sessions there are. */
  async length(): Promise<number> {
    return this.run('length', ({ statements }) => Number((statements.countLive.get(this.now()) as { n: number | bigint }).n))
  }

  /** optional: deletes every session in this store's table (and nothing else). */
  async clear(): Promise<void> {
    return this.run('clear', ({ statements }) => void statements.clear.run())
  }

  /** Deletes expired sessions now (the prune timer calls this); resolves to how many. */
  async prune(): Promise<number> {
    return this.run('prune', ({ statements }) => statements.prune.run(this.now()).changes)
  }

  /** optional (with `userKey`): the live sessions of a user, most recently seen first; expired ones are deleted on the way. */
  async listSessionsOfUser(userId: string): Promise<UserSessionInfo[]> {
    this.requireUserKey('listSessionsOfUser')
    const rows = await this.run('listSessionsOfUser', (prepared) => prepared.listUser(String(userId), this.now()))
    const sessions: UserSessionInfo[] = []
    for (const raw of rows) {
      const row = decodeSessionRow(raw)
      if (row === undefined) continue
      sessions.push({
        id: (raw as { id: string }).id,
        record: recordOf(row, false),
        createdAt: new Date(row.createdAt),
        lastSeenAt: new Date(row.lastSeenAt),
        expiresAt: new Date(row.expiresAt),
      })
    }
    return sessions
  }

  /** optional (with `userKey`): destroys a user's live sessions but `except`; resolves to how many were destroyed. */
  async destroySessionsOfUser(userId: string, options: { except?: string | readonly string[] } = {}): Promise<number> {
    this.requireUserKey('destroySessionsOfUser')
    const except = options.except === undefined ? [] : typeof options.except === 'string' ? [options.except] : [...options.except]
    return this.run('destroySessionsOfUser', ({ statements }) => statements.destroyUser.run(String(userId), this.now(), JSON.stringify(except)).changes)
  }

  /** Stops the prune timer and closes the database if the store opened it (from `path`); a passed-in database stays open. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearInterval(this.pruneTimer)
    if (!('path' in this.options.source) || this.prepared === undefined) return
    const prepared = await this.prepared.catch(() => undefined)
    prepared?.statements.database.close()
  }

  /**
   * Runs one store method on the prepared database. A database failure (opening it, a lock held past the busy
   * timeout, a read-only or full file) rejects with a `SessionStoreError` naming the file and saying what to do;
   * the store's own `sessionkit:` errors (closed, better-sqlite3 missing) pass as they are.
   */
  private async run<T>(operation: string, work: (prepared: PreparedStore) => T): Promise<T> {
    try {
      return work(await this.ready())
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('sessionkit:')) throw error
      throw sqliteStoreError(error, operation, this.file(), 'path' in this.options.source ? this.options.busyTimeout : undefined)
    }
  }

  /** The database file's path, as the application gave it or as better-sqlite3 reports it (`name`). */
  private file(): string | undefined {
    const { source } = this.options
    return 'path' in source ? source.path : source.database.name
  }

  private ready(): Promise<PreparedStore> {
    if (this.closed) {
      return Promise.reject(new Error(`sessionkit: the SQLite store (table ${JSON.stringify(this.tableName)}) is closed; create a new store to use sessions again.`))
    }
    if (this.prepared === undefined) {
      this.prepared = this.prepare()
      // A failed start (a missing package, a locked file) is retried by the next call instead of being remembered.
      this.prepared.catch(() => {
        this.prepared = undefined
      })
    }
    return this.prepared
  }

  private async prepare(): Promise<PreparedStore> {
    const { source } = this.options
    let database: SqliteDatabase
    if ('path' in source) {
      database = await openSqliteDatabase(source.path, undefined, this.options.busyTimeout)
    } else {
      database = source.database
      // Readers then never block the writer nor the writer the readers; an in-memory database answers 'memory' and stays as it is.
      database.pragma('journal_mode = WAL')
    }
    try {
      return this.prepareOn(database)
    } catch (error) {
      if ('path' in source) database.close()
      throw error
    }
  }

  private prepareOn(database: SqliteDatabase): PreparedStore {
    const statements = prepareSessionStatements(database, this.tableName)
    const userKey = this.options.userKey
    const set = writeTransaction(database, (id: string, record: SessionRecord, ttl: number, now: number): void => {
      if (ttl <= 0) return void statements.destroy.run(id)
      const previous = statements.selectForSet.get(id) as { flash_seq: unknown; created_at: unknown; expires_at: unknown } | undefined
      // Flash ids keep growing across a replacement, so a request still holding old ids never removes new messages.
      const flashSeq = integerOr(previous?.flash_seq, 0)
      const createdAt = previous !== undefined && integerOr(previous.expires_at, 0) > now ? integerOr(previous.created_at, now) : now
      const stored = storedSessionOf(record, flashSeq)
      statements.upsert.run({
        id,
        ...encodeSession(stored),
        flashSeq: stored.flashSeq,
        userId: userIdOf(record, userKey) ?? null,
        createdAt,
        now,
        expiresAt: expiryOf(now, ttl),
        slidingTtl: slidingTtlOf(record, this.ttl),
      })
    })
    const update = writeTransaction(database, (id: string, change: SessionChange, ttl: number, now: number): boolean => {
      const row = this.liveRow(statements, id, now)
      if (row === undefined) return false
      if (ttl <= 0) {
        statements.destroy.run(id)
        return true
      }
      const changed = applySessionChange(row, change)
      const record = recordOf(changed, false)
      let encoded
      try {
        encoded = encodeSession(changed)
      } catch (error) {
        if (!(error instanceof RangeError)) throw error
        // Data nested too deep to serialize again (a row written by hand, never by this store): the session is
        // corrupt and goes, instead of failing every request that changes it.
        statements.destroy.run(id)
        return false
      }
      statements.rewrite.run({
        id,
        ...encoded,
        flashSeq: changed.flashSeq,
        userId: userIdOf(record, userKey) ?? null,
        now,
        expiresAt: expiryOf(now, ttl),
        slidingTtl: slidingTtlOf(record, this.ttl),
      })
      return true
    })
    const listUser = database.transaction((userId: string, now: number): unknown[] => {
      statements.pruneUser.run(userId, now)
      return statements.selectUser.all(userId, now)
    })
    return { statements, set, update, listUser }
  }

  private liveRow(statements: SqliteSessionStatements, id: string, now: number): DecodedSessionRow | undefined {
    const raw = statements.selectLive.get(id, now)
    if (raw === undefined) return undefined
    const row = decodeSessionRow(raw)
    if (row === undefined) debugLog('sqlite store: session %s has a damaged row; treated as no session', redactSessionId(id))
    return row
  }

  private ttlOf(ttl: number | undefined): number {
    if (ttl === undefined) return this.ttl
    if (typeof ttl !== 'number' || Number.isNaN(ttl)) throw invalidOptionError('ttl', ttl, 'Pass a number of milliseconds, or undefined for the store default.')
    return ttl
  }

  private requireUserKey(method: string): void {
    if (this.options.userKey === undefined) {
      throw new TypeError(`sessionkit: ${method}() needs the per-user index: pass option userKey to the SQLite store (the record field that holds the user id, such as 'userId').`)
    }
  }
}

function integerOr(value: unknown, fallback: number): number {
  const number = typeof value === 'bigint' ? Number(value) : value
  return typeof number === 'number' && Number.isSafeInteger(number) ? number : fallback
}

// Whole milliseconds, capped so an infinite ttl still fits SQLite's INTEGER.
function expiryOf(now: number, ttl: number): number {
  return Math.min(Math.floor(now + ttl), Number.MAX_SAFE_INTEGER)
}

/** Creates a {@link SqliteStore}. */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(options)
}
