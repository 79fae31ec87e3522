import { debugLog, redactSessionId } from '../../core/debug-log.js'
import type { FlashEntry, LoadedSession, SessionChange, SessionRecord, SessionStore, UserKey, UserSessionInfo } from '../../core/store-contract.js'
import { defineKey, flashMessagesOf, slidingTtlOf, splitFlash, withCookieExpiry } from '../../core/store-records.js'
import {
  isSafeSessionId,
  sessionIdOfKey,
  sessionKeyOf,
  sessionKeyPattern,
  userIndexKeyOf,
  userIndexKeyPattern,
} from './redis-key-layout.js'
import { resolveRedisStoreOptions, type RedisStoreOptions, type ResolvedRedisStoreOptions } from './redis-store-options.js'
import {
  COOKIE_FIELD,
  decodeSessionHash,
  encodeFieldValue,
  encodeFlashMessage,
  fieldOfKey,
  hashReplyPairs,
  recordFields,
  USER_FIELD,
  type DecodedSessionHash,
} from './session-hash-fields.js'
import {
  ADD_TO_USER_INDEX,
  DESTROY_SESSION_OF_USER,
  LOAD_SESSION,
  MOVE_TO_USER,
  READ_SESSION_WITH_TTL,
  RedisScriptRunner,
  SET_SESSION,
  TOUCH_SESSION,
  UPDATE_SESSION,
} from './session-scripts.js'
import { userIndexChangeOf } from './user-index-change.js'
import { UserKeyReads } from './user-key-reads.js'
import { dataFieldsOf, userOfKnownFields, type ComputedUser } from './user-of-known-fields.js'

const FLASH_ID = /^\d{1,15}$/
// The update script's user mode for each kind of user index change.
const USER_MODE = { keep: 'k', set: 's', remove: 'r', compute: 'f' } as const
// The inner part of a user index key: a SHA-256 in base64url.
const USER_INDEX_HASH = /\{[A-Za-z0-9_-]{43}\}$/

function isWrongTypeError(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('WRONGTYPE')
}

function unsafeIdError(operation: string, id: unknown): TypeError {
  return new TypeError(
    `sessionkit: RedisStore cannot ${operation} session id ${redactSessionId(id)}: ids must be 1 to 256 characters of ` +
      'A-Z a-z 0-9 _ - . ~ + / = : (base64url, as express-session and sessionkit generate). Check your genid option.',
  )
}

function withFlash(record: SessionRecord, flash: readonly FlashEntry[]): SessionRecord {
  const messages = flashMessagesOf(flash)
  return messages === undefined ? record : { ...record, flash: messages }
}

function replyArray(reply: unknown): unknown[] {
  return Array.isArray(reply) ? reply : []
}

/**
 * The data fields an update left, as far as known: the change's own (`pairs` written, `unset` deleted) and the
 * `read` fields the script returned the values of (`fetched`, nil when missing).
 */
function fieldsAfterChange(pairs: readonly string[], unset: readonly string[], read: readonly string[], fetched: readonly unknown[]): Map<string, string | undefined> {
  const known = new Map<string, string | undefined>(unset.map((field) => [field, undefined]))
  for (let i = 0; i < pairs.length; i += 2) known.set(pairs[i] as string, pairs[i + 1])
  read.forEach((field, i) => {
    const value = fetched[i]
    known.set(field, Buffer.isBuffer(value) ? value.toString() : typeof value === 'string' ? value : undefined)
  })
  return known
}

/**
 * A session store in Redis (or Valkey), through a node-redis or ioredis client the application owns.
 * One HASH per session (one field per top-level key, one per flash message) makes partial updates exact;
 * single-key Lua scripts make `load` and `update` one atomic round trip each; keys carry the session id as a
 * hash tag, so the store works on Redis Cluster. See docs/stores/redis.md.
 */
export class RedisStore implements SessionStore {
  private readonly options: ResolvedRedisStoreOptions
  private readonly scripts: RedisScriptRunner
  private readonly userKeyReads = new UserKeyReads()

  constructor(options: RedisStoreOptions) {
    this.options = resolveRedisStoreOptions(options)
    this.scripts = new RedisScriptRunner(this.options.send)
  }

  /** The key prefix of this store's sessions. */
  get prefix(): string {
    return this.options.prefix
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    if (!isSafeSessionId(id)) return undefined
    const reply = await this.storedHash(id)
    if (reply === undefined) return undefined
    const decoded = this.decode(id, reply)
    return decoded && withFlash(decoded.record, decoded.flash)
  }

  async set(id: string, record: SessionRecord, ttl?: number): Promise<void> {
    if (!isSafeSessionId(id)) throw unsafeIdError('store', id)
    const { record: data, flash } = splitFlash(record)
    const expiry = this.expiryArgument(ttl)
    const sliding = this.slidingTtl(data)
    const userId = this.userKeyReads.userIdOf(data, this.options.userKey)
    const now = String(this.options.now())
    const args = [now, expiry, String(sliding), userId ?? '', String(flash.length), ...flash.map(encodeFlashMessage), ...recordFields(data)]
    const writes: Array<Promise<unknown>> = [this.scripts.run(SET_SESSION, sessionKeyOf(this.options.prefix, id), args)]
    if (userId !== undefined && expiry !== '-1') writes.push(this.addToUserIndex(userId, id, Math.max(Number(expiry), sliding)))
    await Promise.all(writes)
  }

  async destroy(id: string): Promise<void> {
    if (!isSafeSessionId(id)) return
    // The user index forgets the id the next time that user's sessions are listed.
    await this.options.send(['DEL', sessionKeyOf(this.options.prefix, id)])
  }

  async touch(id: string, record: SessionRecord, ttl?: number): Promise<void> {
    if (this.options.disableTouch || !isSafeSessionId(id)) return
    const cookie = record.cookie === undefined || record.cookie === null ? '' : (encodeFieldValue(record.cookie) ?? '')
    const args = [String(this.options.now()), this.expiryArgument(ttl), cookie, String(this.slidingTtl(record))]
    await this.scripts.run(TOUCH_SESSION, sessionKeyOf(this.options.prefix, id), args)
  }

  async load(id: string): Promise<LoadedSession | undefined> {
    if (!isSafeSessionId(id)) return undefined
    const { disableTouch, disableTTL, ttl } = this.options
    const now = this.options.now()
    const slide = !disableTouch && !disableTTL
    const reply = await this.scripts.run(LOAD_SESSION, sessionKeyOf(this.options.prefix, id), [String(now), slide ? '1' : '0', String(ttl), String(this.options.lastSeenResolution)])
    if (reply === null || reply === undefined || reply === false) return undefined
    if (!Array.isArray(reply)) {
      debugLog('redis store: session %s is not a hash; treated as no session', redactSessionId(id))
      return undefined
    }
    const [fields, indexRefresh, left] = reply as [unknown, unknown, unknown]
    this.refreshUserIndexLater(indexRefresh, id, now)
    const decoded = this.decode(id, fields)
    if (decoded === undefined) return undefined
    // The key's real expiry: the script moves it only by more than a tenth, so it may be earlier than now + ttl.
    const record = slide && typeof left === 'number' && left > 0 ? withCookieExpiry(decoded.record, now + left) : decoded.record
    return { record, flash: decoded.flash }
  }

  async update(id: string, change: SessionChange, ttl?: number): Promise<boolean> {
    if (!isSafeSessionId(id)) throw unsafeIdError('update', id)
    const pairs: string[] = []
    // Flash messages change only through flashAdd and flashRemove (the contract): a `flash` key is not data.
    const unset = change.unset.filter((key) => key !== 'flash').map(fieldOfKey)
    for (const [key, value] of Object.entries(change.set)) {
      if (key === 'flash') continue
      const encoded = encodeFieldValue(value)
      // JSON drops undefined values, and a cookie that is not an object is no cookie: both leave the record.
      const dropped = encoded === undefined || (key === 'cookie' && (typeof value !== 'object' || value === null))
      if (dropped) unset.push(fieldOfKey(key))
      else pairs.push(fieldOfKey(key), encoded)
    }
    let sliding = ''
    if (Object.hasOwn(change.set, 'cookie')) sliding = String(this.slidingTtl({ cookie: change.set.cookie } as SessionRecord))
    else if (unset.includes(COOKIE_FIELD)) sliding = String(this.options.ttl)
    const user = userIndexChangeOf(change, this.options.userKey, this.userKeyReads)
    const read = user.kind === 'compute' && user.read !== 'all' ? user.read.map(fieldOfKey) : []
    const flashAdd = (change.flashAdd ?? []).map(encodeFlashMessage)
    const flashRemove = (change.flashRemove ?? []).filter((flashId) => FLASH_ID.test(flashId))
    const now = this.options.now()
    const expiry = this.expiryArgument(ttl)
    const args = [
      String(now),
      expiry,
      sliding,
      // 'n': a store without userKey keeps no index, so the script need not look at one.
      this.options.userKey === undefined ? 'n' : USER_MODE[user.kind],
      user.kind === 'set' ? user.userId : '',
      String(pairs.length / 2),
      String(unset.length),
      String(flashAdd.length),
      String(flashRemove.length),
      user.kind === 'compute' && user.read === 'all' ? '-1' : String(read.length),
      ...pairs,
      ...unset,
      ...flashAdd,
      ...flashRemove,
      ...read,
    ]
    const writes: Array<Promise<unknown>> = [this.scripts.run(UPDATE_SESSION, sessionKeyOf(this.options.prefix, id), args)]
    // Sent with the update, not after it: a session that turns out to be gone leaves a stale index entry,
    // which the next listing removes.
    if (user.kind === 'set' && expiry !== '-1') writes.push(this.addToUserIndex(user.userId, id, this.indexLifetime(expiry, sliding)))
    const [result] = await Promise.all(writes)
    const userKey = this.options.userKey
    if (user.kind === 'compute' && typeof userKey === 'function' && Array.isArray(result)) {
      const [due, storedUser, values] = result
      // The script returned the fields read that the change does not carry, or (read 'all') the whole hash.
      const known = user.read === 'all' ? dataFieldsOf(hashReplyPairs(values) ?? []) : fieldsAfterChange(pairs, unset, read, replyArray(values))
      await this.fileUnderUserOfRecord(id, userKey, { due, storedUser, known, complete: user.read === 'all' }, { now, expiry, sliding })
    } else {
      this.refreshUserIndexLater(result, id, now)
    }
    return result !== 0 && result !== null && result !== undefined
  }

  async all(): Promise<Record<string, SessionRecord>> {
    const sessions: Record<string, SessionRecord> = {}
    const ids = await this.ids()
    await this.inBatches(ids, async (id) => {
      const record = await this.get(id)
      // defineProperty: an id such as "__proto__" stays an ordinary entry.
      if (record !== undefined) defineKey(sessions, id, record)
    })
    return sessions
  }

  async ids(): Promise<string[]> {
    const ids = new Set<string>()
    for (const key of await this.scanKeys(sessionKeyPattern(this.options.prefix))) {
      const id = sessionIdOfKey(this.options.prefix, key)
      if (id !== undefined) ids.add(id)
    }
    return [...ids]
  }

  async length(): Promise<number> {
    return (await this.ids()).length
  }

  async clear(): Promise<void> {
    const { prefix } = this.options
    const sessionKeys = (await this.scanKeys(sessionKeyPattern(prefix))).filter((key) => sessionIdOfKey(prefix, key) !== undefined)
    const indexKeys = (await this.scanKeys(userIndexKeyPattern(prefix))).filter((key) => USER_INDEX_HASH.test(key))
    // One key per UNLINK: on Redis Cluster the keys live in different slots.
    await this.inBatches([...new Set([...sessionKeys, ...indexKeys])], (key) => this.options.send(['UNLINK', key]))
  }

  /**
   * The live sessions of `userId`, most recently seen first. Throws when the store has no `userKey`.
   * Index entries whose session expired, was destroyed or now belongs to someone else are removed.
   */
  async listSessionsOfUser(userId: string): Promise<UserSessionInfo[]> {
    const indexKey = this.userIndexKey('listSessionsOfUser', userId)
    const now = this.options.now()
    const sessions: UserSessionInfo[] = []
    const stale: string[] = []
    await this.inBatches(await this.userIndexIds(indexKey), async (id) => {
      const reply = isSafeSessionId(id) ? await this.scripts.run(READ_SESSION_WITH_TTL, sessionKeyOf(this.options.prefix, id), []) : undefined
      const [fields, pttl] = replyArray(reply)
      const decoded = Array.isArray(reply) ? this.decode(id, fields) : undefined
      if (decoded === undefined || decoded.userId !== userId) return void stale.push(id)
      const lastSeen = Number.isFinite(decoded.lastSeenAt) ? decoded.lastSeenAt : now
      sessions.push({
        id,
        record: decoded.record,
        createdAt: new Date(Number.isFinite(decoded.createdAt) ? decoded.createdAt : lastSeen),
        lastSeenAt: new Date(lastSeen),
        expiresAt: new Date(typeof pttl === 'number' && pttl >= 0 ? now + pttl : 8.64e15),
      })
    })
    if (stale.length > 0) await this.options.send(['ZREM', indexKey, ...stale])
    return sessions.sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime())
  }

  /** Destroys the sessions of `userId` but `except`; resolves to how many. Throws when the store has no `userKey`. */
  async destroySessionsOfUser(userId: string, options: { except?: string | readonly string[] } = {}): Promise<number> {
    const indexKey = this.userIndexKey('destroySessionsOfUser', userId)
    const except = new Set(typeof options.except === 'string' ? [options.except] : (options.except ?? []))
    const targets = (await this.userIndexIds(indexKey)).filter((id) => !except.has(id))
    let destroyed = 0
    await this.inBatches(targets, async (id) => {
      if (!isSafeSessionId(id)) return
      // Checked and deleted in one script: a session that moved to another user meanwhile is left alone.
      const reply = await this.scripts.run(DESTROY_SESSION_OF_USER, sessionKeyOf(this.options.prefix, id), [userId])
      if (reply === 1) destroyed++
    })
    if (targets.length > 0) await this.options.send(['ZREM', indexKey, ...targets])
    return destroyed
  }

  /** Nothing to release: the store has no timers and never closes the client the application passed in. */
  async close(): Promise<void> {}

  /** The HGETALL reply of a session; `undefined` when its key holds something other than a hash. */
  private async storedHash(id: string): Promise<unknown> {
    try {
      return await this.options.send(['HGETALL', sessionKeyOf(this.options.prefix, id)])
    } catch (error) {
      if (!isWrongTypeError(error)) throw error
      debugLog('redis store: session %s is not a hash; treated as no session', redactSessionId(id))
      return undefined
    }
  }

  private decode(id: string, reply: unknown): DecodedSessionHash | undefined {
    const pairs = hashReplyPairs(reply)
    if (pairs !== undefined && pairs.length === 0) return undefined
    const decoded = pairs && decodeSessionHash(pairs)
    if (decoded === undefined) debugLog('redis store: session %s has corrupt stored data; treated as no session', redactSessionId(id))
    return decoded
  }

  /** PEXPIRE's argument for a lifetime: '0' never expires (disableTTL), '-1' deletes (already expired). */
  private expiryArgument(ttl: number | undefined): string {
    if (this.options.disableTTL) return '0'
    const lifetime = typeof ttl === 'number' && !Number.isNaN(ttl) ? ttl : this.options.ttl
    if (lifetime <= 0) return '-1'
    return String(Number.isFinite(lifetime) ? Math.ceil(lifetime) : this.options.ttl)
  }

  private slidingTtl(record: SessionRecord): number {
    return Math.ceil(slidingTtlOf(record, this.options.ttl))
  }

  private userIndexKey(method: string, userId: string): string {
    if (this.options.userKey === undefined) {
      throw new TypeError(`sessionkit: RedisStore.${method}() needs the per-user index: pass the userKey option (the record field naming the user), e.g. new RedisStore({ client, userKey: 'userId' }).`)
    }
    if (typeof userId !== 'string' || userId === '') {
      throw new TypeError(`sessionkit: RedisStore.${method}() was given user id ${JSON.stringify(userId)}; pass the non-empty user id string the sessions were stored with.`)
    }
    return userIndexKeyOf(this.options.prefix, userId)
  }

  private async userIndexIds(indexKey: string): Promise<string[]> {
    return replyArray(await this.options.send(['ZRANGE', indexKey, '0', '-1'])).filter((id): id is string => typeof id === 'string')
  }

  /** How long a session written with `expiry` (and sliding lifetime `sliding`, '' for the default) keeps its index entry. */
  private indexLifetime(expiry: string, sliding: string): number {
    return Math.max(Number(expiry), Number(sliding || this.options.ttl))
  }

  /**
   * After an update, files the session under the user a function `userKey` gives its whole record, as the other
   * stores do. `found` is what the update script returned: the refresh due, the stored user, and the fields the
   * function reads (`complete`: every data field). Nothing more is sent unless the user changed, or the function
   * went on to read a key neither fetched nor changed (then one HGETALL first). The move is guarded by the values
   * the user was computed from, as PostgreSQL's setUserOfData is by the data: if a concurrent change altered
   * them, that change's own update files the session.
   */
  private async fileUnderUserOfRecord(
    id: string,
    userKey: Exclude<UserKey, string>,
    found: { due: unknown; storedUser: unknown; known: Map<string, string | undefined>; complete: boolean },
    written: { now: number; expiry: string; sliding: string },
  ): Promise<void> {
    let stored = found.storedUser
    let computed = userOfKnownFields(found.known, found.complete, userKey, this.userKeyReads)
    if (computed === undefined) {
      const pairs = hashReplyPairs(await this.storedHash(id))
      if (pairs === undefined || pairs.length === 0) return
      stored = pairs.find(([field]) => field === USER_FIELD)?.[1]
      computed = userOfKnownFields(dataFieldsOf(pairs), true, userKey, this.userKeyReads) as ComputedUser
    }
    const current = typeof stored === 'string' && stored !== '' ? stored : undefined
    if (computed.userId === current) return this.refreshUserIndexLater(found.due, id, written.now)
    const { userId, guard, exact } = computed
    const moves = [this.scripts.run(MOVE_TO_USER, sessionKeyOf(this.options.prefix, id), [String(written.now), userId ?? '', exact ? '1' : '0', ...guard])]
    if (userId !== undefined && written.expiry !== '-1') moves.push(this.addToUserIndex(userId, id, this.indexLifetime(written.expiry, written.sliding)))
    await Promise.all(moves)
  }

  /** The index lives twice the session's lifetime after each refresh, so sliding reads never outlive it. */
  private addToUserIndex(userId: string, id: string, lifetime: number): Promise<unknown> {
    const indexTtl = this.options.disableTTL ? '0' : String(2 * lifetime)
    return this.scripts.run(ADD_TO_USER_INDEX, userIndexKeyOf(this.options.prefix, userId), [String(this.options.now()), id, indexTtl])
  }

  /**
   * Refreshes a user index when a script reported it due (`[userId, slidingTtl]`), without delaying the answer
   * of the read or update that found it due: at most one extra command per session and half lifetime.
   */
  private refreshUserIndexLater(due: unknown, id: string, now: number): void {
    const [userId, lifetime] = replyArray(due)
    if (typeof userId !== 'string') return
    const indexTtl = this.options.disableTTL ? '0' : String(2 * (typeof lifetime === 'number' && lifetime > 0 ? lifetime : this.options.ttl))
    this.scripts.run(ADD_TO_USER_INDEX, userIndexKeyOf(this.options.prefix, userId), [String(now), id, indexTtl]).catch((error: unknown) => {
      debugLog('redis store: refreshing the user index of session %s failed: %O', redactSessionId(id), error)
    })
  }

  /** Every key matching `pattern`, by SCAN on each server that holds keys (never KEYS: it blocks the server). */
  private async scanKeys(pattern: string): Promise<string[]> {
    const keys = new Set<string>()
    for (const send of await this.options.scanSenders()) {
      let cursor = '0'
      do {
        const [next, batch] = replyArray(await send(['SCAN', cursor, 'MATCH', pattern, 'COUNT', String(this.options.scanCount)]))
        cursor = String(next ?? '0')
        for (const key of replyArray(batch)) if (typeof key === 'string') keys.add(key)
      } while (cursor !== '0')
    }
    return [...keys]
  }

  /** Runs `task` over `items` with at most `scanCount` commands in flight: pipelined, and bounded in memory. */
  private async inBatches<T>(items: readonly T[], task: (item: T) => Promise<unknown>): Promise<void> {
    for (let start = 0; start < items.length; start += this.options.scanCount) {
      await Promise.all(items.slice(start, start + this.options.scanCount).map(task))
    }
  }
}

/** Creates a {@link RedisStore}. */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  return new RedisStore(options)
}
