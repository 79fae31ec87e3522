import { invalidOptionError } from '../../core/errors.js'
import { ttlFromRecord, type LoadedSession, type SessionChange, type SessionRecord, type StoredCookie, type UserKey, type UserSessionInfo } from '../../core/store-contract.js'
import { defineKey, flashMessagesOf, slideCookieExpiry, slidingTtlOf, splitFlash, userIdOf } from '../../core/store-records.js'
import { parseSession, serializeCookie, serializedSize, serializeSession, sessionJson, withFlashMessages, type SerializedSession } from './serialized-session.js'
import { SessionsByUser } from './sessions-by-user.js'
import { changeFlash, flashEntriesOf, storeFlash, type StoredFlash } from './stored-flash.js'

/** Sizing of the in-memory session cache. */
export interface SessionLruCacheOptions {
  /**
   * The most sessions kept; past it the least recently used one is evicted.
   * @default 50000
   */
  maxSessions?: number
  /**
   * The most bytes of serialized sessions kept (ids and JSON, counted as UTF-16); past it the least recently used sessions are evicted.
   * @default 67108864 (64 MiB)
   */
  maxBytes?: number
  /**
   * How often expired sessions are swept, in milliseconds. The timer is `unref`'d: it never keeps the process alive.
   * @default 60000
   */
  sweepInterval?: number
  /**
   * Lifetime of a session saved without a ttl and without a cookie expiry (a browser-session cookie), in
   * milliseconds: it lives this long after its last use.
   * @default 86400000 (one day)
   */
  defaultTtl?: number
  /**
   * Which record field (or function of the record) names the user a session belongs to. With it, the cache
   * keeps a per-user index so a user's sessions can be listed and destroyed ("log out everywhere"); without
   * it those calls throw.
   * @default undefined (no per-user index)
   */
  userKey?: UserKey
  /** The clock, for tests. @default Date.now */
  now?: () => number
}

interface Entry {
  // The data never holds `flash`: flash messages are entries of their own, so adding one never rewrites the data.
  session: SerializedSession
  flash: StoredFlash
  userId: string | undefined
  createdAt: number
  lastSeenAt: number
  expiresAt: number
  // Set when a read slid the expiry without rewriting the cookie JSON: the expiry that JSON's `expires` must show.
  cookieExpiry: number | undefined
  bytes: number
  // The insertion count when the entry was last moved to the young end of the map.
  position: number
}

// Map entry, key and bookkeeping fields: a rough per-entry overhead so tiny sessions still count.
const ENTRY_OVERHEAD_BYTES = 96

function entryBytes(id: string, session: SerializedSession, flash: StoredFlash): number {
  return id.length * 2 + serializedSize(session) + (flash?.length ?? 0) * 2 + ENTRY_OVERHEAD_BYTES
}

function checkedUserKey(userKey: UserKey | undefined): UserKey | undefined {
  if (userKey === undefined || typeof userKey === 'function' || (typeof userKey === 'string' && userKey !== '')) return userKey
  throw invalidOptionError('userKey', userKey, 'Pass the name of the record field that holds the user id (e.g. "userId"), or a function (record) => userId.')
}


function withoutUserKeyError(method: string): Error {
  return new Error(
    `sessionkit: ${method}() needs the store's userKey option, and it was not given: without it no per-user index is kept. Create the store with userKey (the record field naming the user, e.g. 'userId', or a function of the record).`,
  )
}

function positiveInteger(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw invalidOptionError(option, value, 'Pass a positive whole number.')
  }
  return value
}

/**
 * A bounded map of serialized session records with expiry and least-recently-used eviction.
 * Synchronous on purpose: the Promise store and the callback store are both thin faces of it.
 */
export class SessionLruCache {
  readonly maxSessions: number
  readonly maxBytes: number
  readonly defaultTtl: number
  /** The per-user index option; `undefined` when the cache keeps none. */
  readonly userKey: UserKey | undefined
  private readonly entries = new Map<string, Entry>()
  private readonly users = new SessionsByUser()
  private bytes = 0
  private insertions = 0
  // Flash ids come from one counter for the whole cache: an id is never reused, even by a session replaced by
  // `set`, so a request removing the messages it read can never remove one added after it read them.
  private flashIds = 0
  // A hit moves its entry to the young end only when it has drifted this far from it: re-inserting on every
  // hit churns the map (deleted slots pile up until it rehashes) for no change in what gets evicted first.
  private readonly refreshDistance: number
  private readonly now: () => number
  private sweepTimer: NodeJS.Timeout | undefined

  constructor(options: SessionLruCacheOptions = {}) {
    this.maxSessions = positiveInteger('maxSessions', options.maxSessions, 50_000)
    this.maxBytes = positiveInteger('maxBytes', options.maxBytes, 64 * 1024 * 1024)
    const sweepInterval = positiveInteger('sweepInterval', options.sweepInterval, 60_000)
    this.defaultTtl = positiveInteger('defaultTtl', options.defaultTtl, 86_400_000)
    this.userKey = checkedUserKey(options.userKey)
    this.refreshDistance = this.maxSessions >>> 3
    this.now = options.now ?? Date.now
    this.sweepTimer = setInterval(() => this.sweep(), sweepInterval)
    this.sweepTimer.unref()
  }

  /** The record of a live session, parsed afresh (callers can change it freely), or `undefined`. */
  getRecord(id: string): SessionRecord | undefined {
    const session = this.getSerialized(id)
    return session === undefined ? undefined : (parseSession(session) as SessionRecord)
  }

  /**
   * The stored form of a live session (its data and cookie as JSON, its flash messages merged into the data as
   * connect-flash's `flash`), or `undefined`; a hit becomes the most recently used.
   */
  getSerialized(id: string): SerializedSession | undefined {
    // Not a "seen" for the per-user index: the hot read stays as cheap as before it existed (measured), and the
    // touch, load or write that follows a request's read records it.
    const entry = this.liveEntry(id)
    if (!entry) return undefined
    this.markUsed(id, entry)
    const session = this.settled(id, entry)
    return entry.flash === undefined ? session : mergedSession(entry, session)
  }

  /**
   * Stores a record for `ttl` ms, else until its cookie expires, else for `defaultTtl`. Its `flash`
   * (connect-flash's messages) replaces the session's flash entries.
   */
  setRecord(id: string, record: object, ttl?: number): void {
    const { record: data, flash } = splitFlash(record as SessionRecord)
    const entries = flash.map(({ type, message }) => ({ id: this.nextFlashId(), type, message }))
    this.put(id, serializeSession(data), storeFlash(entries), userIdOf(data, this.userKey), this.expiryOf(record, ttl))
  }

  /**
   * Reads a live session and slides its expiry by the lifetime it was written with (the cookie's
   * `originalMaxAge`, else `defaultTtl`), moving the stored cookie's `expires` along; `undefined` when there is
   * none. `dataJson` is the stored JSON of the data (without cookie and flash), so a caller that compares the
   * data later need not serialize it again.
   */
  loadRecord(id: string): (LoadedSession & { readonly dataJson: string }) | undefined {
    const entry = this.liveEntry(id)
    if (!entry) return undefined
    const now = this.now()
    const record = parseSession(entry.session) as SessionRecord
    const expiresAt = now + slidingTtlOf(record, this.defaultTtl)
    // The parsed record is this call's own, so its cookie moves in place; the stored JSON is brought up to date
    // only when it is handed out (re-serializing the cookie on every read costs more than the read itself).
    if (slideCookieExpiry(record, expiresAt)) entry.cookieExpiry = expiresAt
    entry.expiresAt = expiresAt
    entry.lastSeenAt = now
    this.markUsed(id, entry)
    this.evictOverflow()
    return { record, flash: flashEntriesOf(entry.flash), dataJson: entry.session.data }
  }

  /**
   * Applies one request's change to a live session: writes the `set` keys, removes the `unset` ones, removes
   * the flash entries named in `flashRemove` and appends `flashAdd`, and sets the expiry to `ttl` ms (else the
   * session's sliding lifetime). `false`, and nothing stored, when the session is gone. A `flash` key in `set`
   * or `unset` is ignored: flash messages change only through `flashAdd` and `flashRemove`.
   */
  updateRecord(id: string, change: SessionChange, ttl?: number): boolean {
    const entry = this.liveEntry(id)
    if (!entry) return false
    const now = this.now()
    // A change that brings its own cookie (every save of the express face does) needs only the data parsed.
    const replacesCookie = Object.hasOwn(change.set, 'cookie')
    const record = (replacesCookie ? JSON.parse(entry.session.data) : parseSession(entry.session)) as Record<string, unknown>
    if (!replacesCookie && entry.cookieExpiry !== undefined) slideCookieExpiry(record, entry.cookieExpiry)
    for (const key of change.unset) if (key !== 'flash') delete record[key]
    for (const [key, value] of Object.entries(change.set)) if (key !== 'flash') defineKey(record, key, value)
    const expiresAt = now + (ttl ?? slidingTtlOf(record as SessionRecord, this.defaultTtl))
    if (expiresAt <= now) {
      this.delete(id)
      return true
    }
    const userId = userIdOf(record as SessionRecord, this.userKey)
    if (userId !== entry.userId) {
      if (entry.userId !== undefined) this.users.remove(entry.userId, id)
      if (userId !== undefined) this.users.add(userId, id)
      entry.userId = userId
    }
    entry.flash = changeFlash(entry.flash, change.flashAdd, change.flashRemove, () => this.nextFlashId())
    this.replaceSession(id, entry, serializeSession(record))
    entry.expiresAt = expiresAt
    entry.lastSeenAt = now
    this.markUsed(id, entry)
    this.evictOverflow()
    return true
  }

  /** Extends the life of a live session and refreshes its stored cookie; its data stays as stored. */
  touchRecord(id: string, record: object, ttl?: number): void {
    this.touch(id, this.expiryOf(record, ttl), serializeCookie((record as SessionRecord).cookie))
  }

  /** The ids of every live session, least recently used first. */
  ids(): string[] {
    const ids: string[] = []
    for (const [id] of this.live()) ids.push(id)
    return ids
  }

  /** The live sessions of a user, most recently seen first (needs `userKey`). */
  sessionsOfUser(userId: string): UserSessionInfo[] {
    if (this.userKey === undefined) throw withoutUserKeyError('listSessionsOfUser')
    const found: Array<{ id: string; entry: Entry }> = []
    for (const id of this.users.idsOf(userId)) {
      const entry = this.liveEntry(id)
      if (entry) found.push({ id, entry })
    }
    found.sort((a, b) => b.entry.lastSeenAt - a.entry.lastSeenAt)
    return found.map(({ id, entry }) => ({
      id,
      record: parseSession(this.settled(id, entry)) as SessionRecord,
      createdAt: new Date(entry.createdAt),
      lastSeenAt: new Date(entry.lastSeenAt),
      expiresAt: new Date(entry.expiresAt),
    }))
  }

  /** Destroys the live sessions of a user but those in `except`; returns how many were destroyed (needs `userKey`). */
  deleteSessionsOfUser(userId: string, except: string | readonly string[] = []): number {
    if (this.userKey === undefined) throw withoutUserKeyError('destroySessionsOfUser')
    const kept = new Set(typeof except === 'string' ? [except] : except)
    let destroyed = 0
    for (const id of this.users.idsOf(userId)) {
      if (kept.has(id) || !this.liveEntry(id)) continue
      this.delete(id)
      destroyed++
    }
    return destroyed
  }

  /** Every live record by id. */
  records(): Record<string, SessionRecord> {
    const records: Record<string, SessionRecord> = Object.create(null)
    for (const [id, json] of this.live()) records[id] = JSON.parse(json) as SessionRecord
    return records
  }

  /** The session as JSON, or `undefined` when unknown or expired; a hit becomes the most recently used. */
  get(id: string): string | undefined {
    const session = this.getSerialized(id)
    return session === undefined ? undefined : sessionJson(session)
  }

  /** Stores a serialized session (without flash messages or a user) until `expiresAt` (epoch ms, `Infinity` for never). */
  set(id: string, session: SerializedSession, expiresAt: number): void {
    this.put(id, session, undefined, undefined, expiresAt)
  }

  /**
   * Moves the expiry of a live session and, when given, replaces its cookie JSON (the data stays as stored);
   * `false` when the session is gone.
   */
  touch(id: string, expiresAt: number, cookie?: string): boolean {
    const entry = this.liveEntry(id)
    if (!entry) return false
    if (expiresAt <= this.now()) {
      this.delete(id)
      return true
    }
    entry.expiresAt = expiresAt
    entry.lastSeenAt = this.now()
    if (cookie !== undefined) this.replaceSession(id, entry, { data: entry.session.data, cookie })
    else this.settled(id, entry)
    this.markUsed(id, entry)
    this.evictOverflow()
    return true
  }

  delete(id: string): void {
    const entry = this.entries.get(id)
    if (!entry) return
    this.entries.delete(id)
    this.bytes -= entry.bytes
    if (entry.userId !== undefined) this.users.remove(entry.userId, id)
  }

  clear(): void {
    this.entries.clear()
    this.users.clear()
    this.bytes = 0
  }

  /** Every live session as [id, JSON], least recently used first; expired ones are dropped on the way. */
  *live(): IterableIterator<[string, string]> {
    const now = this.now()
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt <= now) this.delete(id)
      else {
        const session = this.settled(id, entry)
        yield [id, sessionJson(entry.flash === undefined ? session : mergedSession(entry, session))]
      }
    }
  }

  /** How many live sessions there are; expired ones are dropped on the way. */
  liveCount(): number {
    this.sweep()
    return this.entries.size
  }

  /** How many sessions are held, expired ones not yet swept included. */
  get size(): number {
    return this.entries.size
  }

  /** Bytes of serialized sessions held. */
  get byteSize(): number {
    return this.bytes
  }

  /** How many users have live or not yet swept sessions in the per-user index. */
  get userCount(): number {
    return this.users.userCount
  }

  /** Removes every expired session now; the sweep timer calls this. */
  sweep(): void {
    const now = this.now()
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt <= now) this.delete(id)
    }
  }

  /** Stops the sweep timer. */
  close(): void {
    clearInterval(this.sweepTimer)
    this.sweepTimer = undefined
  }

  private put(id: string, session: SerializedSession, flash: StoredFlash, userId: string | undefined, expiresAt: number): void {
    const now = this.now()
    const previous = this.entries.get(id)
    // Rewriting a session (resave, a new cookie) keeps its age: createdAt is when it was first stored.
    const createdAt = previous && previous.expiresAt > now ? previous.createdAt : now
    this.delete(id)
    if (expiresAt <= now) return
    const bytes = entryBytes(id, session, flash)
    this.entries.set(id, { session, flash, userId, createdAt, lastSeenAt: now, expiresAt, cookieExpiry: undefined, bytes, position: ++this.insertions })
    this.bytes += bytes
    if (userId !== undefined) this.users.add(userId, id)
    this.evictOverflow()
  }

  // Swaps an entry's serialized session and keeps the byte count exact (flash included).
  private replaceSession(id: string, entry: Entry, session: SerializedSession): void {
    const bytes = entryBytes(id, session, entry.flash)
    this.bytes += bytes - entry.bytes
    entry.session = session
    entry.bytes = bytes
    entry.cookieExpiry = undefined
  }

  // The entry's session with the cookie's `expires` showing the expiry a read slid it to (see loadRecord).
  private settled(id: string, entry: Entry): SerializedSession {
    const expiresAt = entry.cookieExpiry
    const cookieJson = entry.session.cookie
    if (expiresAt === undefined || cookieJson === undefined) return entry.session
    const record = { cookie: JSON.parse(cookieJson) as StoredCookie }
    slideCookieExpiry(record, expiresAt)
    this.replaceSession(id, entry, { data: entry.session.data, cookie: JSON.stringify(record.cookie) })
    return entry.session
  }

  private nextFlashId(): string {
    return (++this.flashIds).toString(36)
  }

  private markUsed(id: string, entry: Entry): void {
    if (this.insertions - entry.position <= this.refreshDistance) return
    this.entries.delete(id)
    this.entries.set(id, entry)
    entry.position = ++this.insertions
  }

  private expiryOf(record: object, ttl: number | undefined): number {
    const now = this.now()
    return now + (ttl ?? ttlFromRecord(record as SessionRecord, now) ?? this.defaultTtl)
  }

  private liveEntry(id: string): Entry | undefined {
    const entry = this.entries.get(id)
    if (!entry) return undefined
    if (entry.expiresAt <= this.now()) {
      this.delete(id)
      return undefined
    }
    return entry
  }

  private evictOverflow(): void {
    if (this.entries.size <= this.maxSessions && this.bytes <= this.maxBytes) return
    // Once full, evict down to 1/256 below the limits in one pass, so a busy full cache walks to its
    // oldest entry once per batch rather than on every insert.
    const sessionTarget = this.maxSessions - (this.maxSessions >>> 8)
    const byteTarget = this.maxBytes - (this.maxBytes >>> 8)
    // Map iteration order is insertion order, and every hit re-inserts: the first key is the least recently used.
    for (const id of this.entries.keys()) {
      if (this.entries.size <= sessionTarget && this.bytes <= byteTarget) return
      this.delete(id)
    }
  }
}

// The stored session with its flash entries merged into the data as connect-flash keeps them.
function mergedSession(entry: Entry, session: SerializedSession): SerializedSession {
  const messages = flashMessagesOf(flashEntriesOf(entry.flash))
  return messages === undefined ? session : withFlashMessages(session, messages)
}
