import { SessionStoreError } from '../../core/errors.js'
import { ttlFromRecord, type LoadedSession, type SessionChange, type SessionRecord, type SessionStore } from '../../core/store-contract.js'
import type { PartialUpdateStore } from './partial-update-store.js'
import { Store, type StoreErrorCallback, type StoreGetCallback, type StoredSessionData } from './store.js'
import type { Session } from './session.js'

/** Whether a store is a Promise-based sessionkit store rather than a connect-style (EventEmitter) one. */
export function isNativeStore(store: object): store is SessionStore {
  const candidate = store as Partial<SessionStore> & { on?: unknown }
  return typeof candidate.on !== 'function' && typeof candidate.get === 'function' && typeof candidate.set === 'function' && typeof candidate.destroy === 'function'
}

// A sessionkit store's failure (Redis offline, a dropped PostgreSQL connection) reaches the app as a
// SessionStoreError naming the operation, with the driver's error as its cause and its code kept.
function storeError(operation: string, err: unknown): SessionStoreError {
  return err instanceof SessionStoreError ? err : new SessionStoreError(operation, err ?? new Error(`store.${operation} failed`))
}

function settle(operation: string, promise: Promise<unknown>, callback: StoreErrorCallback | undefined): void {
  promise.then(
    () => callback?.(),
    (err: unknown) => callback?.(storeError(operation, err)),
  )
}

/**
 * Lets a Promise-based sessionkit store serve as a connect-style store, for `sessionkit/express` and for
 * express-session. The store's methods are looked up on every call, so replacing one on the instance works.
 */
export class NativeStoreBridge extends Store implements PartialUpdateStore {
  constructor(readonly store: SessionStore) {
    super()
  }

  /** Whether the wrapped store reads and writes partially (has `load` and `update`). */
  get partialUpdates(): boolean {
    return typeof this.store.load === 'function' && typeof this.store.update === 'function'
  }

  readSession(sid: string, callback: (err: unknown, loaded?: LoadedSession) => void): void {
    const store = this.store
    if (typeof store.load !== 'function') return callback(new Error('sessionkit: this store does not implement load()'))
    store.load(sid).then(
      (loaded) => callback(null, loaded),
      (err: unknown) => callback(storeError('load', err)),
    )
  }

  updateSession(sid: string, change: SessionChange, callback: (err: unknown, applied?: boolean) => void): void {
    const store = this.store
    if (typeof store.update !== 'function') return callback(new Error('sessionkit: this store does not implement update()'))
    store.update(sid, change, ttlFromRecord(change.set as SessionRecord, Date.now())).then(
      (applied) => callback(null, applied),
      (err: unknown) => callback(storeError('update', err)),
    )
  }

  override get(sid: string, callback: StoreGetCallback): void {
    this.store.get(sid).then(
      (record) => callback(null, record as StoredSessionData | undefined),
      (err: unknown) => callback(storeError('get', err)),
    )
  }

  override set(sid: string, session: Session | StoredSessionData, callback?: StoreErrorCallback): void {
    const record = session as SessionRecord
    settle('set', this.store.set(sid, record, ttlFromRecord(record, Date.now())), callback)
  }

  override touch(sid: string, session: Session | StoredSessionData, callback?: StoreErrorCallback): void {
    const record = session as SessionRecord
    if (typeof this.store.touch !== 'function') return callback?.()
    settle('touch', this.store.touch(sid, record, ttlFromRecord(record, Date.now())), callback)
  }

  override destroy(sid: string, callback?: StoreErrorCallback): void {
    settle('destroy', this.store.destroy(sid), callback)
  }

  override all(callback: (err: unknown, sessions?: Record<string, StoredSessionData>) => void): void {
    if (typeof this.store.all !== 'function') return callback(new Error('sessionkit: this store does not implement all()'))
    this.store.all().then(
      (sessions) => callback(null, sessions as Record<string, StoredSessionData>),
      (err: unknown) => callback(storeError('all', err)),
    )
  }

  override length(callback: (err: unknown, length?: number) => void): void {
    if (typeof this.store.length !== 'function') return callback(new Error('sessionkit: this store does not implement length()'))
    this.store.length().then(
      (length) => callback(null, length),
      (err: unknown) => callback(storeError('length', err)),
    )
  }

  override clear(callback?: StoreErrorCallback): void {
    if (typeof this.store.clear !== 'function') return callback?.(new Error('sessionkit: this store does not implement clear()'))
    settle('clear', this.store.clear(), callback)
  }
}
