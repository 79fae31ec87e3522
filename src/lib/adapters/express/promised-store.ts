import type { LoadedSession, SessionRecord, SessionStore } from '../../core/store-contract.js'
import type { PartialUpdateStore } from './partial-update-store.js'
import type { Session } from './session.js'
import type { Store, StoredSessionData } from './store.js'
import { isNotFoundError } from '../../core/errors.js'
import { callStore, type StoreCallback } from './store-call.js'

function called<T>(operation: string, timeout: number, invoke: (callback: StoreCallback<T>) => void): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    callStore<T>(operation, timeout, invoke, (err, value) => (err ? reject(err) : resolve(value)))
  })
}

// express-session's rule: a store error with code ENOENT means "no such session".
async function orNotFound<T>(read: Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await read
  } catch (err) {
    if (isNotFoundError(err)) return undefined
    throw err
  }
}

/**
 * The express face's callback store as the core's Promise contract, for the reads and writes the middleware makes
 * through core/stored-sessions.ts. Every call looks the method up on the store at that moment (apps replace them
 * on the instance), is bounded by `timeout`, and fails with the store's own error, as express-session passes it
 * on; ENOENT means "not found". `partial`: reads and writes go through the store's `readSession` and
 * `updateSession` (see {@link PartialUpdateStore}), and `ttl` arguments are not passed on: a connect-style store
 * takes a session's lifetime from its cookie.
 */
export function promisedStore(store: Store, timeout: number, partial: boolean): SessionStore {
  const promised: SessionStore = {
    get: (id) => orNotFound(called<StoredSessionData | null>('get', timeout, (cb) => store.get(id, cb))).then((data) => (data ?? undefined) as SessionRecord | undefined),
    set: (id, record) => called('set', timeout, (cb) => store.set(id, record as Session | StoredSessionData, cb)).then(() => undefined),
    destroy: (id) => called('destroy', timeout, (cb) => store.destroy(id, cb)).then(() => undefined),
    // Optional on a connect-style store: one without it (at the time of the call) has nothing to refresh.
    touch: (id, record) =>
      typeof store.touch === 'function' ? called('touch', timeout, (cb) => store.touch?.(id, record as Session | StoredSessionData, cb)).then(() => undefined) : Promise.resolve(),
  }
  if (!partial) return promised
  const partialStore = store as Store & PartialUpdateStore
  promised.load = (id) => orNotFound(called<LoadedSession>('load', timeout, (cb) => partialStore.readSession(id, cb)))
  promised.update = (id, change) => called<boolean>('update', timeout, (cb) => partialStore.updateSession(id, change, cb)).then((applied) => applied !== false)
  return promised
}
