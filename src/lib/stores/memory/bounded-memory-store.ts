import { ttlFromRecord, type SessionRecord, type SessionStore } from '../../core/store-contract.js'
import { serializeCookie, serializeSession } from './serialized-session.js'
import { SessionLruCache, type SessionLruCacheOptions } from './session-lru-cache.js'

/** Options of {@link BoundedMemoryStore}. */
export interface MemoryStoreOptions extends SessionLruCacheOptions {
  /**
   * Lifetime of a session saved without a ttl and without a cookie expiry, in milliseconds.
   * @default 86400000 (one day)
   */
  defaultTtl?: number
}

/**
 * A session store in this process's memory, safe for production on a single process:
 * bounded in sessions and bytes with least-recently-used eviction, expired sessions swept by an
 * `unref`'d timer, and records kept serialized so no caller can change stored state by reference.
 * Sessions do not survive a restart and are not shared between processes.
 */
export class BoundedMemoryStore implements SessionStore {
  readonly cache: SessionLruCache
  private readonly defaultTtl: number
  private readonly now: () => number

  constructor(options: MemoryStoreOptions = {}) {
    this.cache = new SessionLruCache(options)
    this.defaultTtl = options.defaultTtl ?? 86_400_000
    this.now = options.now ?? Date.now
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const json = this.cache.get(id)
    return json === undefined ? undefined : (JSON.parse(json) as SessionRecord)
  }

  async set(id: string, record: SessionRecord, ttl?: number): Promise<void> {
    this.cache.set(id, serializeSession(record), this.expiresAt(record, ttl))
  }

  async touch(id: string, record: SessionRecord, ttl?: number): Promise<void> {
    this.cache.touch(id, this.expiresAt(record, ttl), serializeCookie(record.cookie))
  }

  async destroy(id: string): Promise<void> {
    this.cache.delete(id)
  }

  async all(): Promise<Record<string, SessionRecord>> {
    const sessions: Record<string, SessionRecord> = Object.create(null)
    for (const [id, json] of this.cache.live()) sessions[id] = JSON.parse(json) as SessionRecord
    return sessions
  }

  async length(): Promise<number> {
    return this.cache.liveCount()
  }

  async clear(): Promise<void> {
    this.cache.clear()
  }

  async close(): Promise<void> {
    this.cache.close()
  }

  private expiresAt(record: SessionRecord, ttl: number | undefined): number {
    const now = this.now()
    return now + (ttl ?? ttlFromRecord(record, now) ?? this.defaultTtl)
  }
}

/** Creates a {@link BoundedMemoryStore}. */
export function createMemoryStore(options?: MemoryStoreOptions): BoundedMemoryStore {
  return new BoundedMemoryStore(options)
}
