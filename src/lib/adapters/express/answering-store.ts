import type { Awaitable } from '../../core/awaitable.js'
import type { AnsweringStore } from '../../core/stored-sessions.js'
import type { LoadedSession, SessionRecord } from '../../core/store-contract.js'
import type { PartialUpdateStore } from './partial-update-store.js'
import type { Session } from './session.js'
import type { Store, StoredSessionData } from './store.js'
import { isNotFoundError } from '../../core/errors.js'
import { callStore, type StoreCallback } from './store-call.js'

/** How a call's answer is passed on: made from the store's value (`undefined` when ENOENT said "not found"). */
type Answer<T, R> = (value: T | undefined) => R

const passOn = <T>(value: T | undefined): T | undefined => value
const nothing = (): void => undefined

// express-session's rule: a store error with code ENOENT means "no such session".
function outcomeOf<T, R>(error: unknown, value: T | undefined, answer: Answer<T, R>, notFoundIsEmpty: boolean): R {
  if (!error) return answer(value)
  if (notFoundIsEmpty && isNotFoundError(error)) return answer(undefined)
  throw error
}

// One call of a callback store: its answer as it is when the store called back at once (a failure as a rejected
// Promise, so failures always arrive the same way), else a Promise of it.
function called<T, R>(operation: string, timeout: number, invoke: (callback: StoreCallback<T>) => void, answer: Answer<T, R>, notFoundIsEmpty = false): Awaitable<R> {
  let answered = false
  let error: unknown
  let value: T | undefined
  let later: ((error: unknown, value: T | undefined) => void) | undefined
  callStore<T>(operation, timeout, invoke, (callError, callValue) => {
    if (later) return later(callError, callValue)
    answered = true
    error = callError
    value = callValue
  })
  if (answered) {
    try {
      return outcomeOf(error, value, answer, notFoundIsEmpty)
    } catch (failure) {
      return Promise.reject(failure)
    }
  }
  return new Promise<R>((resolve, reject) => {
    later = (laterError, laterValue) => {
      try {
        resolve(outcomeOf(laterError, laterValue, answer, notFoundIsEmpty))
      } catch (failure) {
        reject(failure)
      }
    }
  })
}

/**
 * The express face's callback store as the core's store contract, for the reads and writes the middleware and
 * `req.session` make through core/stored-sessions.ts. A store that calls back at once is answered at once (see
 * {@link AnsweringStore}); others through a Promise. Every call looks the method up on the store at that moment
 * (apps replace them on the instance), is bounded by `timeout`, and fails with the store's own error, as
 * express-session passes it on; ENOENT means "not found". `partial`: reads and writes go through the store's
 * `readSession` and `updateSession` (see {@link PartialUpdateStore}), and `ttl` arguments are not passed on: a
 * connect-style store takes a session's lifetime from its cookie.
 */
export function answeringStore(store: Store, timeout: number, partial: boolean): AnsweringStore {
  const contract: AnsweringStore = {
    get: (id) => called<StoredSessionData | null, SessionRecord | undefined>('get', timeout, (cb) => store.get(id, cb), (data) => (data ?? undefined) as SessionRecord | undefined, true),
    set: (id, record) => called('set', timeout, (cb) => store.set(id, record as Session | StoredSessionData, cb), nothing),
    destroy: (id) => called('destroy', timeout, (cb) => store.destroy(id, cb), nothing),
    // Optional on a connect-style store: one without it (at the time of the call) has nothing to refresh.
    touch: (id, record) => (typeof store.touch === 'function' ? called('touch', timeout, (cb) => store.touch?.(id, record as Session | StoredSessionData, cb), nothing) : undefined),
  }
  if (!partial) return contract
  const partialStore = store as Store & PartialUpdateStore
  contract.load = (id) => called<LoadedSession, LoadedSession | undefined>('load', timeout, (cb) => partialStore.readSession(id, cb), passOn, true)
  contract.update = (id, change) => called<boolean, boolean>('update', timeout, (cb) => partialStore.updateSession(id, change, cb), (applied) => applied !== false)
  return contract
}
