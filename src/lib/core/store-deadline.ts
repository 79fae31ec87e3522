import { SessionStoreError, SessionStoreTimeoutError } from './errors.js'
import type { SessionStore } from './store-contract.js'

/**
 * Runs one call of a Promise-based store with a time limit: a store that does not answer within `timeout`
 * milliseconds (or fails) rejects with a {@link SessionStoreError} naming the operation, so a hung store never
 * hangs a request. `Infinity` waits forever.
 */
export async function callStoreWithin<T>(operation: string, timeout: number, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    const call = run()
    if (!Number.isFinite(timeout)) return await call
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SessionStoreTimeoutError(operation, timeout)), timeout)
      timer.unref()
    })
    return await Promise.race([call, expired])
  } catch (error) {
    throw error instanceof SessionStoreError ? error : new SessionStoreError(operation, error)
  } finally {
    if (timer) clearTimeout(timer)
  }
}

/**
 * `store` with each call of the methods sessions are read and written with (`get`, `set`, `destroy`, `touch`,
 * `load`, `update`) bounded by {@link callStoreWithin}. `touch` is there only when `store` has it, `load` and
 * `update` only when it has both (reading partially is no use without writing partially); every call looks
 * the method up on `store` then.
 */
export function storeWithDeadlines(store: SessionStore, timeout: number): SessionStore {
  const within = <T>(operation: string, run: () => Promise<T>): Promise<T> => callStoreWithin(operation, timeout, run)
  const bounded: SessionStore = {
    get: (id) => within('get', () => store.get(id)),
    set: (id, record, ttl) => within('set', () => store.set(id, record, ttl)),
    destroy: (id) => within('destroy', () => store.destroy(id)),
  }
  if (typeof store.touch === 'function') bounded.touch = (id, record, ttl) => within('touch', () => (store.touch as NonNullable<SessionStore['touch']>).call(store, id, record, ttl))
  if (typeof store.load !== 'function' || typeof store.update !== 'function') return bounded
  bounded.load = (id) => within('load', () => (store.load as NonNullable<SessionStore['load']>).call(store, id))
  bounded.update = (id, change, ttl) => within('update', () => (store.update as NonNullable<SessionStore['update']>).call(store, id, change, ttl))
  return bounded
}
