import { debugLog, redactSessionId } from '../../core/debug-log.js'
import { describeValue } from '../../core/errors.js'
import type { LoadedSession, SessionChange, SessionRecord, SessionStore, UserKey, UserSessionInfo } from '../../core/store-contract.js'
import { defineKey, flashMessagesOf, slidingTtlOf, splitFlash, userIdOf, withCookieExpiry } from '../../core/store-records.js'
import { normalizePostgresStoreOptions, type PostgresQueryable, type PostgresStoreOptions } from './postgres-store-options.js'
import { explainQueryError } from './postgres-query-errors.js'
import { acceptsPreparedStatements, statementNameOf, type PreparedQueryable } from './prepared-statements.js'
import { sessionQueriesFor, statementTextsOf, updateShapeKey, type SessionQueries, type SetKind, type UpdateShapeKey } from './session-queries.js'
import { decodeSessionRow, isCorruptSessionRow, type DecodedSessionRow } from './session-row.js'
import { LoadBatcher } from './load-batcher.js'
import type { Row } from './turn-batching.js'
import { WriteBatcher } from './write-batcher.js'
import { sessionTableDdl } from './session-table-ddl.js'
import { describeTableName, qualifiedTableName } from './sql-identifier.js'

/**
 * SQLSTATEs of a prepared statement the server does not have (26000) or already has (42P05): what a connection
 * pooler in transaction mode causes when it hands a connection's statements to server connections that did not
 * prepare them. The statement did not run, so it is safe to send again as text.
 */
const LOST_PREPARED_STATEMENT = new Set(['26000', '42P05'])

/** SQLSTATEs of a concurrent `CREATE TABLE IF NOT EXISTS` that lost the race: the table exists now. */
const CREATED_CONCURRENTLY = new Set(['23505', '42P07'])

/** Ids and user ids are `text` parameters, which cannot hold NUL: such an id can never name a stored session. */
function isStorableText(value: unknown): value is string {
  return typeof value === 'string' && !value.includes('\0')
}

/** A `pg` Pool or Client seen as the EventEmitter it is (the store's options only promise `query`). */
interface ErrorEmitter {
  on(event: 'error', listener: (err: unknown) => void): unknown
  removeListener(event: 'error', listener: (err: unknown) => void): unknown
}

function isErrorEmitter(value: unknown): value is ErrorEmitter {
  return isObject(value) && typeof (value as Partial<ErrorEmitter>).on === 'function' && typeof (value as Partial<ErrorEmitter>).removeListener === 'function'
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null
}

function lifetimeOf(ttl: number | undefined, fallback: number, operation: string): number {
  const lifetime = ttl ?? fallback
  if (typeof lifetime !== 'number' || Number.isNaN(lifetime) || lifetime === Infinity) {
    throw new TypeError(`sessionkit: PostgresStore.${operation}() got ttl ${describeValue(ttl)}; pass a finite number of milliseconds, or undefined for the store's ttl option.`)
  }
  return lifetime
}

function storableId(id: unknown, operation: string): string {
  if (!isStorableText(id)) {
    throw new TypeError(`sessionkit: PostgresStore.${operation}() got session id ${describeValue(id)}; a session id must be a string without NUL characters.`)
  }
  return id
}

function storableUserId(userId: string | undefined): string | null {
  if (userId === undefined) return null
  if (!isStorableText(userId)) throw new TypeError('sessionkit: the userKey of a session gave a user id with a NUL character, which PostgreSQL text cannot hold; use ids without NUL.')
  return userId
}

/**
 * A session store on PostgreSQL: one row per session in one table, expiry compared with the database's clock,
 * every operation one statement. `load` slides the expiry and `update` applies a request's change (keys set
 * and removed, flash messages added and taken) atomically, so parallel requests never lose each other's writes.
 * Expired rows are never returned and are deleted by an `unref`'d timer. The pool belongs to the application.
 */
export class PostgresStore implements SessionStore {
  /** The table's name. */
  readonly tableName: string
  /** The table's schema, or `undefined` for the search_path. */
  readonly schemaName: string | undefined
  readonly #pool: PostgresQueryable
  readonly #queries: SessionQueries
  /** The statement names by text, when the pool gets prepared statements; `undefined` when it gets text. */
  #statementNames: Map<string, string> | undefined
  readonly #ttl: number
  readonly #userKey: UserKey | undefined
  readonly #lastSeenResolution: number
  readonly #tableDescription: string
  #tableCreation: Promise<void> | undefined
  #tableReady: boolean
  #pruneTimer: NodeJS.Timeout | undefined
  #pruning = false
  /** Send the reads, UPDATEs and INSERTs of one event-loop turn together; `undefined` with `batchStatements: false`. */
  readonly #loadBatcher: LoadBatcher | undefined
  readonly #updateBatcher: WriteBatcher<UpdateShapeKey> | undefined
  readonly #setBatcher: WriteBatcher<SetKind> | undefined
  /**
   * A `pg` Pool emits 'error' when an idle connection dies (PostgreSQL restarted, a proxy or firewall cut it);
   * with no listener, Node turns that into an uncaught exception that ends the process. The pool has already
   * dropped the connection and opens a new one for the next query, so this listener only logs. The
   * application's own listeners still receive every error; `close()` removes this one.
   */
  readonly #onPoolError = (err: unknown): void => {
    debugLog('postgres store: the pool reported a lost idle connection (table %s): %s', this.tableName, err instanceof Error ? err.message : describeValue(err))
  }

  constructor(options: PostgresStoreOptions) {
    const normalized = normalizePostgresStoreOptions(options)
    this.tableName = normalized.tableName
    this.schemaName = normalized.schemaName
    this.#pool = normalized.pool
    this.#queries = sessionQueriesFor(qualifiedTableName(normalized.tableName, normalized.schemaName))
    this.#statementNames = (normalized.preparedStatements ?? acceptsPreparedStatements(normalized.pool))
      ? new Map(statementTextsOf(this.#queries).map((text) => [text, statementNameOf(text)]))
      : undefined
    this.#ttl = normalized.ttl
    this.#userKey = normalized.userKey
    this.#lastSeenResolution = normalized.lastSeenResolution
    this.#tableDescription = describeTableName(normalized.tableName, normalized.schemaName)
    this.#tableReady = !normalized.createTable
    if (normalized.batchStatements) {
      const run = (text: string, values: unknown[]): Promise<Row[]> => this.#run(text, values)
      this.#loadBatcher = new LoadBatcher(run, this.#queries.load, this.#queries.batchLoad, [this.#lastSeenResolution, this.#ttl])
      this.#updateBatcher = new WriteBatcher(run, (shape) => this.#queries.updates[shape], (shape) => this.#queries.batchUpdates[shape])
      this.#setBatcher = new WriteBatcher(run, (kind) => this.#queries[kind], (kind) => this.#queries.batchSets[kind])
    }
    if (isErrorEmitter(this.#pool)) this.#pool.on('error', this.#onPoolError)
    if (normalized.pruneInterval !== false) {
      this.#pruneTimer = setInterval(() => this.#pruneInBackground(), normalized.pruneInterval)
      this.#pruneTimer.unref()
    }
  }

  /** The DDL of this store's table and indexes (what `createTable: true` runs, and `schema.sql` for these names). */
  get tableDdl(): string {
    return sessionTableDdl({ tableName: this.tableName, schemaName: this.schemaName })
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    if (!isStorableText(id)) return undefined
    const [row] = await this.#query('get', this.#queries.get, [id])
    const decoded = row && this.#decode(row, id)
    if (!decoded) return undefined
    const flash = flashMessagesOf(decoded.flash)
    return flash ? { ...decoded.record, flash } : decoded.record
  }

  async set(id: string, record: SessionRecord, ttl?: number): Promise<void> {
    storableId(id, 'set')
    const lifetime = lifetimeOf(ttl, this.#ttl, 'set')
    if (lifetime <= 0) return this.destroy(id)
    const { record: withoutFlash, flash } = splitFlash(record)
    const { cookie, ...data } = withoutFlash
    const values: unknown[] = [id, JSON.stringify(data), isObject(cookie) ? JSON.stringify(cookie) : null]
    if (flash.length > 0) values.push(JSON.stringify(flash.map(({ type, message }) => ({ type, message }))))
    values.push(storableUserId(userIdOf(withoutFlash, this.#userKey)), lifetime, Math.round(slidingTtlOf(withoutFlash, this.#ttl)))
    const kind: SetKind = flash.length > 0 ? 'set' : 'setWithoutFlash'
    await this.#explained('set', this.#setBatcher ? this.#setBatcher.write(kind, values) : this.#run(this.#queries[kind], values))
  }

  async touch(id: string, record: SessionRecord, ttl?: number): Promise<void> {
    if (!isStorableText(id)) return
    const lifetime = lifetimeOf(ttl, this.#ttl, 'touch')
    if (lifetime <= 0) return this.destroy(id)
    const cookie = record.cookie
    const replaceCookie = isObject(cookie)
    await this.#query('touch', this.#queries.touch, [
      id,
      replaceCookie,
      replaceCookie ? JSON.stringify(cookie) : null,
      replaceCookie ? Math.round(slidingTtlOf(record, this.#ttl)) : null,
      lifetime,
    ])
  }

  async destroy(id: string): Promise<void> {
    if (!isStorableText(id)) return
    await this.#query('destroy', this.#queries.destroy, [id])
  }

  /**
   * Reads a live session and slides its expiry, in one statement. The row is written only when the expiry
   * would move by more than a tenth of its lifetime or it was last seen longer ago than `lastSeenResolution`
   * (a minute by default; both by the database's clock), so most reads write nothing; the returned
   * `cookie.expires` is the expiry the row actually has.
   */
  async load(id: string): Promise<LoadedSession | undefined> {
    if (!isStorableText(id)) return undefined
    const [row] = await this.#explained('load', this.#loadBatcher ? this.#loadBatcher.load(id) : this.#run(this.#queries.load, [id, this.#lastSeenResolution, this.#ttl]))
    const decoded = row && this.#decode(row, id)
    if (!decoded) return undefined
    return { record: withCookieExpiry(decoded.record, Number(row.expires_at)), flash: decoded.flash }
  }

  /**
   * Applies one request's change in one `UPDATE … WHERE id = $1 AND expires_at > now()`: the row lock
   * serialises concurrent changes, each applied to the latest row. With a function `userKey`, a change that
   * moves the session to another user costs a second statement (the user is computed from the new data).
   * The expiry becomes now + `ttl` unless that moves it by no more than a second (a tenth of `ttl` or
   * `lastSeenResolution` if less): then the row keeps its expiry and last-seen time, so PostgreSQL updates it in
   * place without touching the `expires_at` index (a HOT update), which keeps a session written many times a
   * second cheap.
   */
  async update(id: string, change: SessionChange, ttl?: number): Promise<boolean> {
    if (!isStorableText(id)) return false
    const lifetime = lifetimeOf(ttl, this.#ttl, 'update')
    if (lifetime <= 0) return (await this.#query('update', this.#queries.expire, [id])).length > 0
    // flash changes arrive as flashAdd/flashRemove; a `flash` key in `set` would duplicate them, so it is dropped.
    const { cookie, flash: _flash, ...data } = change.set
    const setsCookie = Object.hasOwn(change.set, 'cookie')
    const replaceCookie = setsCookie || change.unset.includes('cookie')
    const userKey = this.#userKey
    let replaceUser = false
    let userId: string | null = null
    if (typeof userKey === 'string') {
      if (Object.hasOwn(change.set, userKey)) [replaceUser, userId] = [true, storableUserId(userIdOf(change.set, userKey))]
      else if (change.unset.includes(userKey)) replaceUser = true
    }
    const flashAdd = change.flashAdd ?? []
    const flashRemove = change.flashRemove ?? []
    const shape = { cookie: replaceCookie, user: replaceUser, flash: flashAdd.length > 0 || flashRemove.length > 0, returnsData: typeof userKey === 'function' }
    const values: unknown[] = [id, JSON.stringify(data), change.unset.filter((key) => key !== 'cookie' && key !== 'flash'), lifetime, this.#lastSeenResolution]
    if (shape.cookie) {
      const stored = setsCookie && isObject(cookie) ? cookie : undefined
      values.push(stored ? JSON.stringify(stored) : null, Math.round(slidingTtlOf(stored ? { cookie: stored } : {}, this.#ttl)))
    }
    if (shape.user) values.push(userId)
    if (shape.flash) values.push(JSON.stringify(flashAdd.map(({ type, message }) => ({ type, message }))), flashRemove)
    const key = updateShapeKey(shape)
    const rows = await this.#explained('update', this.#updateBatcher ? this.#updateBatcher.write(key, values) : this.#run(this.#queries.updates[key], values))
    const [row] = rows
    if (!row) return false
    if (typeof userKey === 'function') await this.#moveToUserOfData(id, row, userKey)
    return true
  }

  async all(): Promise<Record<string, SessionRecord>> {
    const sessions: Record<string, SessionRecord> = {}
    for (const row of await this.#query('all', this.#queries.all, [])) {
      const id = String(row.id)
      const decoded = this.#decode(row, id)
      if (!decoded) continue
      const flash = flashMessagesOf(decoded.flash)
      // defineProperty: an id such as "__proto__" must become a key, not the object's prototype.
      defineKey(sessions, id, flash ? { ...decoded.record, flash } : decoded.record)
    }
    return sessions
  }

  async ids(): Promise<string[]> {
    return (await this.#query('ids', this.#queries.ids, [])).map((row) => String(row.id))
  }

  async length(): Promise<number> {
    const [row] = await this.#query('length', this.#queries.length, [])
    return Number(row?.count ?? 0)
  }

  /** Deletes every row of this store's table (and nothing else). */
  async clear(): Promise<void> {
    await this.#query('clear', this.#queries.clear, [])
  }

  /** Deletes expired rows now; resolves to how many. The prune timer calls this; so can a cron job. */
  async prune(): Promise<number> {
    const [row] = await this.#query('prune', this.#queries.prune, [])
    return Number(row?.count ?? 0)
  }

  /** The live sessions of a user, most recently seen first (needs the `userKey` option). */
  async listSessionsOfUser(userId: string): Promise<UserSessionInfo[]> {
    this.#requireUserKey('listSessionsOfUser', userId)
    // No stored user id holds NUL (text cannot): such a user has no sessions, not a failed query.
    if (!isStorableText(userId)) return []
    const sessions: UserSessionInfo[] = []
    for (const row of await this.#query('listSessionsOfUser', this.#queries.listOfUser, [userId])) {
      const id = String(row.id)
      const decoded = this.#decode(row, id)
      if (!decoded) continue
      sessions.push({
        id,
        record: decoded.record,
        createdAt: new Date(Number(row.created_at)),
        lastSeenAt: new Date(Number(row.last_seen_at)),
        expiresAt: new Date(Number(row.expires_at)),
      })
    }
    return sessions
  }

  /** Destroys a user's sessions, all or all but `except`, in one statement; resolves to how many live ones (needs `userKey`). */
  async destroySessionsOfUser(userId: string, options: { except?: string | readonly string[] } = {}): Promise<number> {
    this.#requireUserKey('destroySessionsOfUser', userId)
    if (!isStorableText(userId)) return 0
    const except = options.except
    const keep = except === undefined ? [] : typeof except === 'string' ? [except] : [...except]
    const [row] = await this.#query('destroySessionsOfUser', this.#queries.destroyOfUser, [userId, keep.filter(isStorableText)])
    return Number(row?.count ?? 0)
  }

  /** Stops the prune timer and removes the store's 'error' listener from the pool. The pool is the application's: it stays open. */
  async close(): Promise<void> {
    clearInterval(this.#pruneTimer)
    this.#pruneTimer = undefined
    if (isErrorEmitter(this.#pool)) this.#pool.removeListener('error', this.#onPoolError)
  }

  /** Runs one statement of the store method `operation`; a failure rejects with an error naming the table. */
  #query(operation: string, text: string, values: unknown[]): Promise<Row[]> {
    return this.#explained(operation, this.#run(text, values))
  }

  /** The rows of a statement of the store method `operation` (sent alone or in a batch), failures explained. */
  async #explained(operation: string, rows: Promise<Row[]>): Promise<Row[]> {
    try {
      return await rows
    } catch (err) {
      throw explainQueryError(err, this.#tableDescription, operation)
    }
  }

  /** Runs one statement (creating the table first when asked to); a failure rejects with the driver's error. */
  async #run(text: string, values: unknown[]): Promise<Row[]> {
    if (!this.#tableReady) await this.#createTable()
    const name = this.#statementNames?.get(text)
    if (name === undefined) return (await this.#pool.query(text, values)).rows as Row[]
    return this.#queryPrepared(name, text, values)
  }

  /** Runs a named statement; if the server lost it (a pooler in transaction mode), sends text from then on. */
  async #queryPrepared(name: string, text: string, values: unknown[]): Promise<Row[]> {
    try {
      return (await (this.#pool as unknown as PreparedQueryable).query({ name, text, values })).rows as Row[]
    } catch (err) {
      const code = isObject(err) ? (err as { code?: unknown }).code : undefined
      if (typeof code !== 'string' || !LOST_PREPARED_STATEMENT.has(code)) throw err
      if (this.#statementNames !== undefined) {
        debugLog('postgres store: PostgreSQL lost a prepared statement (%s; a pooler in transaction mode?), table %s now sends plain statements; pass preparedStatements: false to skip preparing', code, this.tableName)
        this.#statementNames = undefined
      }
      return (await this.#pool.query(text, values)).rows as Row[]
    }
  }

  /** Runs the DDL once for all callers; a failure is retried by the next operation, so the store recovers. */
  #createTable(): Promise<void> {
    this.#tableCreation ??= this.#pool.query(this.tableDdl).then(
      () => {
        this.#tableReady = true
      },
      (err: unknown) => {
        this.#tableCreation = undefined
        const code = isObject(err) ? (err as { code?: unknown }).code : undefined
        if (typeof code === 'string' && CREATED_CONCURRENTLY.has(code)) this.#tableReady = true
        else throw err
      },
    )
    return this.#tableCreation
  }

  #decode(row: Row, id: string): DecodedSessionRow | undefined {
    const decoded = decodeSessionRow(row)
    if (!isCorruptSessionRow(decoded)) return decoded
    debugLog('postgres store: session %s in table %s is corrupt (%s); treating it as no session', redactSessionId(id), this.tableName, decoded.problem)
    return undefined
  }

  async #moveToUserOfData(id: string, row: Row, userKey: UserKey): Promise<void> {
    const decoded = decodeSessionRow({ data: row.data, cookie: row.cookie })
    if (isCorruptSessionRow(decoded)) return
    const userId = storableUserId(userIdOf(decoded.record, userKey))
    if (userId === (row.user_id ?? null)) return
    // Guarded by the data the user was computed from: if another change landed meanwhile, its own update fixes it.
    await this.#query('update', this.#queries.setUserOfData, [id, userId, row.data])
  }

  #requireUserKey(operation: string, userId: unknown): void {
    if (this.#userKey === undefined) {
      throw new TypeError(`sessionkit: PostgresStore.${operation}() needs the userKey option, which names the session field holding the user's id: new PostgresStore({ pool, userKey: 'userId' }).`)
    }
    if (typeof userId !== 'string') throw new TypeError(`sessionkit: PostgresStore.${operation}() got user id ${describeValue(userId)}; pass the user's id as a string.`)
  }

  #pruneInBackground(): void {
    if (this.#pruning) return
    this.#pruning = true
    this.prune().then(
      (count) => {
        if (count > 0) debugLog('postgres store: pruned %d expired sessions from table %s', count, this.tableName)
      },
      (err: unknown) => debugLog('postgres store: pruning table %s failed (will retry): %s', this.tableName, err instanceof Error ? err.message : describeValue(err)),
    ).finally(() => {
      this.#pruning = false
    })
  }
}

/** Creates a {@link PostgresStore}. */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  return new PostgresStore(options)
}
