import { parseSession, withFlashMessages } from '../../stores/memory/serialized-session.js'
import { flashMessagesOf } from '../../core/store-records.js'
import { SessionLruCache, type SessionLruCacheOptions } from '../../stores/memory/session-lru-cache.js'
import type { Session } from './session.js'
import type { LoadedSession, SessionChange } from '../../core/store-contract.js'
import type { PartialUpdateStore } from './partial-update-store.js'
import { Store, type StoreErrorCallback, type StoreGetCallback, type StoredSessionData } from './store.js'
import { withDataJson } from './stored-session-data.js'

/**
 * Options of the express face's {@link MemoryStore}: the cache's bounds. It keeps no per-user index (its API is
 * express-session's); for "log out everywhere" in memory use `BoundedMemoryStore` from `sessionkit` with `userKey`.
 */
export type ExpressMemoryStoreOptions = Omit<SessionLruCacheOptions, 'userKey'>

/**
 * The default store of `sessionkit/express`: express-session's MemoryStore API on a bounded,
 * least-recently-used cache that is safe for production on a single process. It calls back synchronously.
 */
export class MemoryStore extends Store implements PartialUpdateStore {
  /** The underlying cache: its `size`, `byteSize`, `maxSessions` and `maxBytes` are useful for metrics. */
  readonly cache: SessionLruCache

  constructor(options: ExpressMemoryStoreOptions = {}) {
    super()
    // An index nothing could read would only cost memory.
    const { userKey: _ignored, ...bounds } = options as SessionLruCacheOptions
    this.cache = new SessionLruCache(bounds)
  }

  override get(sid: string, callback: StoreGetCallback): void {
    const stored = this.cache.getSerialized(sid)
    callback(null, stored === undefined ? undefined : withDataJson(parseSession(stored) as StoredSessionData, stored.data))
  }

  // The middleware reads and writes through these two: a request changes only its own keys and flash messages,
  // so parallel requests on one session (an XHR beside a page) never undo each other's changes.
  readSession(sid: string, callback: (err: unknown, loaded?: LoadedSession) => void): void {
    const loaded = this.cache.loadRecord(sid)
    if (loaded === undefined) return callback(null, undefined)
    // Change detection compares the JSON of the data as the middleware presents it, flash messages merged in as
    // connect-flash keeps them (the middleware's record spread carries this along): hand it over, already made.
    const messages = flashMessagesOf(loaded.flash)
    const dataJson = messages === undefined ? loaded.dataJson : withFlashMessages({ data: loaded.dataJson, cookie: undefined }, messages).data
    callback(null, { record: withDataJson(loaded.record, dataJson), flash: loaded.flash })
  }

  updateSession(sid: string, change: SessionChange, callback: (err: unknown, applied?: boolean) => void): void {
    callback(null, this.cache.updateRecord(sid, change))
  }

  override set(sid: string, session: Session | StoredSessionData, callback?: StoreErrorCallback): void {
    this.cache.setRecord(sid, session)
    callback?.()
  }

  // As express-session's MemoryStore: only the cookie (the expiry) is refreshed, the data stays as stored.
  override touch(sid: string, session: Session | StoredSessionData, callback?: StoreErrorCallback): void {
    this.cache.touchRecord(sid, session)
    callback?.()
  }

  override destroy(sid: string, callback?: StoreErrorCallback): void {
    this.cache.delete(sid)
    callback?.()
  }

  override all(callback: (err: unknown, sessions?: Record<string, StoredSessionData>) => void): void {
    callback(null, this.cache.records() as Record<string, StoredSessionData>)
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
}
