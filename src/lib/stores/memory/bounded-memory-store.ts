import type { LoadedSession, SessionChange, SessionRecord, SessionStore, UserSessionInfo } from '../../core/store-contract.js'
import { SessionLruCache, type SessionLruCacheOptions } from './session-lru-cache.js'

/** Options of {@link BoundedMemoryStore}. */
export type MemoryStoreOptions = SessionLruCacheOptions

/**
 * A session store in this process's memory, safe for production on a single process:
 * bounded in sessions and bytes with least-recently-used eviction, expired sessions swept by an
 * `unref`'d timer, and records kept serialized so no caller can change stored state by reference.
 * Sessions do not survive a restart and are not shared between processes.
 *
 * It has the whole contract: `load`/`update` with flash messages kept as entries apart from the data, and,
 * given the `userKey` option, `listSessionsOfUser`/`destroySessionsOfUser` (which reject with a `sessionkit:`
 * error without it).
 */
export class BoundedMemoryStore implements SessionStore {
  /** The underlying cache: its `size`, `byteSize`, `maxSessions` and `maxBytes` are useful for metrics. */
  readonly cache: SessionLruCache

  constructor(options: MemoryStoreOptions = {}) {
    this.cache = new SessionLruCache(options)
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    return this.cache.getRecord(id)
  }

  async set(id: string, record: SessionRecord, ttl?: number): Promise<void> {
    this.cache.setRecord(id, record, ttl)
  }

  async touch(id: string, record: SessionRecord, ttl?: number): Promise<void> {
    this.cache.touchRecord(id, record, ttl)
  }

  async destroy(id: string): Promise<void> {
    this.cache.delete(id)
  }

  async load(id: string): Promise<LoadedSession | undefined> {
    const loaded = this.cache.loadRecord(id)
    return loaded && { record: loaded.record, flash: loaded.flash }
  }

  async update(id: string, change: SessionChange, ttl?: number): Promise<boolean> {
    return this.cache.updateRecord(id, change, ttl)
  }

  async all(): Promise<Record<string, SessionRecord>> {
    return this.cache.records()
  }

  async ids(): Promise<string[]> {
    return this.cache.ids()
  }

  async length(): Promise<number> {
    return this.cache.liveCount()
  }

  async clear(): Promise<void> {
    this.cache.clear()
  }

  /** The live sessions of a user, most recently seen first; rejects when the store was created without `userKey`. */
  async listSessionsOfUser(userId: string): Promise<UserSessionInfo[]> {
    return this.cache.sessionsOfUser(userId)
  }

  /** Destroys a user's sessions but `except`, resolving to how many; rejects when the store was created without `userKey`. */
  async destroySessionsOfUser(userId: string, options: { except?: string | readonly string[] } = {}): Promise<number> {
    return this.cache.deleteSessionsOfUser(userId, options.except)
  }

  async close(): Promise<void> {
    this.cache.close()
  }
}

/** Creates a {@link BoundedMemoryStore}. */
export function createMemoryStore(options?: MemoryStoreOptions): BoundedMemoryStore {
  return new BoundedMemoryStore(options)
}
