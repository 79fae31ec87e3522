import type { SessionRecord, SessionStore } from '../../core/store-contract.js'
import { SessionLruCache, type SessionLruCacheOptions } from './session-lru-cache.js'

/** Options of {@link BoundedMemoryStore}. */
export type MemoryStoreOptions = SessionLruCacheOptions

/**
 * A session store in this process's memory, safe for production on a single process:
 * bounded in sessions and bytes with least-recently-used eviction, expired sessions swept by an
 * `unref`'d timer, and records kept serialized so no caller can change stored state by reference.
 * Sessions do not survive a restart and are not shared between processes.
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

  async all(): Promise<Record<string, SessionRecord>> {
    return this.cache.records()
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
}

/** Creates a {@link BoundedMemoryStore}. */
export function createMemoryStore(options?: MemoryStoreOptions): BoundedMemoryStore {
  return new BoundedMemoryStore(options)
}
