import { ttlFromRecord, type LoadedSession, type SessionChange, type SessionRecord, type SessionStore } from '../../core/store-contract.js'
import type { PartialUpdateStore } from './partial-update-store.js'
import { Store, type StoreErrorCallback, type StoreGetCallback, type StoredSessionData } from './store.js'
import type { Session } from './session.js'

/** Whether a store is a Promise-based sessionkit store rather than a connect-style (EventEmitter) one. */
export function isNativeStore(store: object): store is SessionStore {
  const candidate = store as Partial<SessionStore> & { on?: unknown }
  return typeof candidate.on !== 'function' && typeof candidate.get === 'function' && typeof candidate.set === 'function' && typeof candidate.destroy === 'function'
}

function settle(promise: Promise<unknown>, callback: StoreErrorCallback | undefined): void {
  promise.then(
    () => callback?.(),
    (err: unknown) => callback?.(err ?? new Error('store operation failed')),
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
      (err: unknown) => callback(err ?? new Error('store.load failed')),
    )
  }

  updateSession(sid: string, change: SessionChange, callback: (err: unknown, applied?: boolean) => void): void {
    const store = this.store
    if (typeof store.update !== 'function') return callback(new Error('sessionkit: this store does not implement update()'))
    store.update(sid, change, ttlFromRecord(change.set as SessionRecord, Date.now())).then(
      (applied) => callback(null, applied),
      (err: unknown) => callback(err ?? new Error('store.update failed')),
    )
  }

  override get(sid: string, callback: StoreGetCallback): void {
    this.store.get(sid).then(
      (record) => callback(null, record as StoredSessionData | undefined),
      (err: unknown) => callback(err ?? new Error('store.get failed')),
    )
  }

  override set(sid: string, session: Session | StoredSessionData, callback?: StoreErrorCallback): void {
    const record = session as SessionRecord
    settle(this.store.set(sid, record, ttlFromRecord(record, Date.now())), callback)
  }

  override touch(sid: string, session: Session | StoredSessionData, callback?: StoreErrorCallback): void {
    const record = session as SessionRecord
    if (typeof this.store.touch !== 'function') return callback?.()
    settle(this.store.touch(sid, record, ttlFromRecord(record, Date.now())), callback)
  }

  override destroy(sid: string, callback?: StoreErrorCallback): void {
    settle(this.store.destroy(sid), callback)
  }

  override all(callback: (err: unknown, sessions?: Record<string, StoredSessionData>) => void): void {
    if (typeof this.store.all !== 'function') return callback(new Error('sessionkit: this store does not implement all()'))
    this.store.all().then(
      (sessions) => callback(null, sessions as Record<string, StoredSessionData>),
      (err: unknown) => callback(err),
    )
  }

  override length(callback: (err: unknown, length?: number) => void): void {
    if (typeof this.store.length !== 'function') return callback(new Error('sessionkit: this store does not implement length()'))
    this.store.length().then(
      (length) => callback(null, length),
      (err: unknown) => callback(err),
    )
  }

  override clear(callback?: StoreErrorCallback): void {
    if (typeof this.store.clear !== 'function') return callback?.(new Error('sessionkit: this store does not implement clear()'))
    settle(this.store.clear(), callback)
  }
}
