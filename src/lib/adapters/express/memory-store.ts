import { ttlFromRecord, type SessionRecord } from '../../core/store-contract.js'
import { serializeCookie, serializeSession } from '../../stores/memory/serialized-session.js'
import { SessionLruCache, type SessionLruCacheOptions } from '../../stores/memory/session-lru-cache.js'
import { Store, type StoreErrorCallback, type StoreGetCallback, type StoredSessionData } from './store.js'
import type { Session } from './session.js'

/** Options of the express face's {@link MemoryStore}. */
export interface ExpressMemoryStoreOptions extends SessionLruCacheOptions {
  /**
   * How long a session whose cookie has no expiry (a browser-session cookie) lives after its last use, in milliseconds.
   * @default 86400000 (one day)
   */
  defaultTtl?: number
}

/**
 * The default store of `sessionkit/express`: express-session's MemoryStore API on a bounded,
 * least-recently-used cache that is safe for production on a single process. It calls back synchronously.
 */
export class MemoryStore extends Store {
  /** The underlying cache: its `size`, `byteSize`, `maxSessions` and `maxBytes` are useful for metrics. */
  readonly cache: SessionLruCache
  private readonly defaultTtl: number
  private readonly now: () => number

  constructor(options: ExpressMemoryStoreOptions = {}) {
    super()
    this.cache = new SessionLruCache(options)
    this.defaultTtl = options.defaultTtl ?? 86_400_000
    this.now = options.now ?? Date.now
  }

  override get(sid: string, callback: StoreGetCallback): void {
    const json = this.cache.get(sid)
    callback(null, json === undefined ? undefined : (JSON.parse(json) as StoredSessionData))
  }

  override set(sid: string, session: Session | StoredSessionData, callback?: StoreErrorCallback): void {
    this.cache.set(sid, serializeSession(session), this.expiresAt(session))
    callback?.()
  }

  override touch(sid: string, session: Session | StoredSessionData, callback?: StoreErrorCallback): void {
    // As express-session's MemoryStore: only the cookie (the expiry) is refreshed, the data stays as stored.
    this.cache.touch(sid, this.expiresAt(session), serializeCookie(session.cookie))
    callback?.()
  }

  override destroy(sid: string, callback?: StoreErrorCallback): void {
    this.cache.delete(sid)
    callback?.()
  }

  override all(callback: (err: unknown, sessions?: Record<string, StoredSessionData>) => void): void {
    const sessions: Record<string, StoredSessionData> = Object.create(null)
    for (const [sid, json] of this.cache.live()) sessions[sid] = JSON.parse(json) as StoredSessionData
    callback(null, sessions)
  }

  override length(callback: (err: unknown, length?: number) => void): void {
    callback(null, this.cache.liveCount())
  }

  override clear(callback?: StoreErrorCallback): void {
    this.cache.clear()
    callback?.()
  }

  /** Stops the sweep timer (it is `unref`'d, so this is only needed to tidy up in tests). */
  close(): void {
    this.cache.close()
  }

  private expiresAt(session: Session | StoredSessionData): number {
    const now = this.now()
    return now + (ttlFromRecord(session as SessionRecord, now) ?? this.defaultTtl)
  }
}
