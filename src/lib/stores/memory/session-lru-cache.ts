import { invalidOptionError } from '../../core/errors.js'
import { ttlFromRecord, type SessionRecord } from '../../core/store-contract.js'
import { parseSession, serializeCookie, serializedSize, serializeSession, sessionJson, type SerializedSession } from './serialized-session.js'

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
  /** The clock, for tests. @default Date.now */
  now?: () => number
}

interface Entry {
  session: SerializedSession
  expiresAt: number
  bytes: number
  // The insertion count when the entry was last moved to the young end of the map.
  position: number
}

// Map entry, key and bookkeeping fields: a rough per-entry overhead so tiny sessions still count.
const ENTRY_OVERHEAD_BYTES = 96

function entryBytes(id: string, session: SerializedSession): number {
  return id.length * 2 + serializedSize(session) + ENTRY_OVERHEAD_BYTES
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
  private readonly entries = new Map<string, Entry>()
  private bytes = 0
  private insertions = 0
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

  /** The stored form of a live session (its data and cookie as JSON), or `undefined`; a hit becomes the most recently used. */
  getSerialized(id: string): SerializedSession | undefined {
    const entry = this.liveEntry(id)
    if (!entry) return undefined
    this.markUsed(id, entry)
    return entry.session
  }

  /** Stores a record for `ttl` ms, else until its cookie expires, else for `defaultTtl`. */
  setRecord(id: string, record: object, ttl?: number): void {
    this.set(id, serializeSession(record), this.expiryOf(record, ttl))
  }

  /** Extends the life of a live session and refreshes its stored cookie; its data stays as stored. */
  touchRecord(id: string, record: object, ttl?: number): void {
    this.touch(id, this.expiryOf(record, ttl), serializeCookie((record as SessionRecord).cookie))
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

  /** Stores a serialized session until `expiresAt` (epoch ms, `Infinity` for never). */
  set(id: string, session: SerializedSession, expiresAt: number): void {
    this.delete(id)
    if (expiresAt <= this.now()) return
    const bytes = entryBytes(id, session)
    this.entries.set(id, { session, expiresAt, bytes, position: ++this.insertions })
    this.bytes += bytes
    this.evictOverflow()
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
    if (cookie !== undefined) {
      const session = { data: entry.session.data, cookie }
      const bytes = entryBytes(id, session)
      this.bytes += bytes - entry.bytes
      entry.session = session
      entry.bytes = bytes
    }
    this.markUsed(id, entry)
    this.evictOverflow()
    return true
  }

  delete(id: string): void {
    const entry = this.entries.get(id)
    if (!entry) return
    this.entries.delete(id)
    this.bytes -= entry.bytes
  }

  clear(): void {
    this.entries.clear()
    this.bytes = 0
  }

  /** Every live session as [id, JSON], least recently used first; expired ones are dropped on the way. */
  *live(): IterableIterator<[string, string]> {
    const now = this.now()
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt <= now) this.delete(id)
      else yield [id, sessionJson(entry.session)]
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
