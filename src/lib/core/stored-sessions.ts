import { forwardedIdOf, forwardingRecordOf, isForwardingRecord } from './session-forwarding.js'
import { ROTATION_GRACE } from './session-policy.js'
import { isThenable, whenReady, type Awaitable } from './awaitable.js'
import type { FlashEntry, LoadedSession, SessionChange, SessionRecord, SessionStore } from './store-contract.js'
import { isPlainObject } from './store-records.js'

/**
 * How every face reads a session from a store and writes it back: the express face and the storages of
 * `sessionkit` both call these two functions, so forwarding after a rotation, corrupt records, and the order
 * of writes that keeps a session safe when one of them fails are decided in one place.
 *
 * The store is the Promise contract, or a face's store whose calls may answer at once (see {@link AnsweringStore});
 * a face hands in its own store with each call bounded in time (and, on the express face, made from its callback
 * store, method by method, at call time).
 */

/** What a store holds under a presented id. */
export type StoredSessionLookup =
  | {
      readonly kind: 'found'
      /** The id the session lives under: another than the one asked for when that one was rotated away. */
      readonly id: string
      readonly record: SessionRecord
      /** The flash entries apart (read with `load`), or `undefined` when they are inside the record (`get`). */
      readonly flash: FlashEntry[] | undefined
      /** Found through the old id of a rotation: the browser must be given the new id's cookie. */
      readonly forwarded: boolean
    }
  | { readonly kind: 'missing' }
  /** Something that is not a session record: a fresh session starts, as for a missing one. */
  | { readonly kind: 'corrupt' }

const MISSING = { kind: 'missing' } as const
const CORRUPT = { kind: 'corrupt' } as const

// A store method as a face may answer it: a Promise, or the value itself at once.
type Answering<F> = F extends (...args: infer A) => Promise<infer R> ? (...args: A) => Awaitable<R> : never

/**
 * The store calls these functions make: the core's {@link SessionStore}, or a face's store whose calls may answer
 * at once (see {@link Awaitable}). Then these functions answer at once too.
 */
export type AnsweringStore = { [K in 'get' | 'set' | 'destroy']: Answering<SessionStore[K]> } & {
  [K in 'touch' | 'load' | 'update']?: Answering<NonNullable<SessionStore[K]>>
}

function lookupOfLoaded(id: string, loaded: LoadedSession | null | undefined): StoredSessionLookup {
  if (loaded === undefined || loaded === null) return MISSING
  if (!isPlainObject(loaded.record) || !Array.isArray(loaded.flash)) return CORRUPT
  return { kind: 'found', id, record: loaded.record, flash: loaded.flash, forwarded: false }
}

function lookupOfRecord(id: string, record: unknown): StoredSessionLookup {
  if (record === undefined || record === null) return MISSING
  if (!isPlainObject(record)) return CORRUPT
  return { kind: 'found', id, record: record as SessionRecord, flash: undefined, forwarded: false }
}

// The record under one id, as it is: `load` on stores that have it (it also slides the expiry), else `get`.
function lookUp(store: AnsweringStore, id: string): Awaitable<StoredSessionLookup> {
  if (typeof store.load === 'function') {
    const loaded = store.load(id)
    return isThenable(loaded) ? loaded.then((value) => lookupOfLoaded(id, value)) : lookupOfLoaded(id, loaded)
  }
  const record = store.get(id)
  return isThenable(record) ? record.then((value) => lookupOfRecord(id, value)) : lookupOfRecord(id, record)
}

// A pointer to a pointer is no session: rotations are never chained.
function forwardedTarget(target: StoredSessionLookup): StoredSessionLookup {
  if (target.kind !== 'found') return target
  return isForwardingRecord(target.record) ? MISSING : { ...target, forwarded: true }
}

function followForwarding(store: AnsweringStore, found: StoredSessionLookup, now: () => number): Awaitable<StoredSessionLookup> {
  if (found.kind !== 'found' || !isForwardingRecord(found.record)) return found
  const newId = forwardedIdOf(found.record, now())
  if (newId === undefined) return MISSING
  return whenReady(lookUp(store, newId), forwardedTarget)
}

/**
 * The session stored under `id`. An id rotated away less than {@link ROTATION_GRACE} ago leads, one hop only, to
 * the session under its new id (a request sent in parallel with the rotating one); past its grace it leads
 * nowhere. Fails as the store's call does (a rejection, or a throw from a store that answers at once).
 */
export function findStoredSession(store: AnsweringStore, id: string, now: () => number = Date.now): Awaitable<StoredSessionLookup> {
  const found = lookUp(store, id)
  return isThenable(found) ? found.then((value) => followForwarding(store, value, now)) : followForwarding(store, found, now)
}

/** What saving one session writes. */
export type StoredSessionWrite =
  /** Only what the request changed, to the session it read (parallel requests keep each other's changes). */
  | { readonly kind: 'update'; readonly id: string; readonly change: SessionChange }
  | {
      /** The whole record: a new session, one under a new id, or a store that cannot write partially. */
      readonly kind: 'set'
      readonly id: string
      readonly record: SessionRecord
      /** The id the session had before it was given `id` and whose record is deleted (a login's regenerate). */
      readonly deleteId?: string
      /** The id rotated away: it points to `id` for {@link ROTATION_GRACE}. */
      readonly forwardFrom?: string
    }

const WRITTEN = (): boolean => true

/**
 * Writes a session. Whatever the old id becomes (deleted, or a pointer to the new one) is written only once the
 * new id holds the session, so a write that fails loses neither. Resolves to `false` when an update found the
 * session gone (destroyed or revoked meanwhile: it is not recreated); rejects with the store's error.
 */
export function writeStoredSession(store: AnsweringStore, write: StoredSessionWrite, ttl: number | undefined, now: number): Awaitable<boolean> {
  if (write.kind === 'update') {
    if (typeof store.update !== 'function') return Promise.reject(new TypeError('sessionkit: a partial write needs a store with update()'))
    return store.update(write.id, write.change, ttl)
  }
  const { id, deleteId, forwardFrom } = write
  const written = store.set(id, write.record, ttl)
  if ((deleteId === undefined || deleteId === id) && (forwardFrom === undefined || forwardFrom === id)) return whenReady(written, WRITTEN)
  return whenReady(written, () =>
    whenReady(deleteId !== undefined && deleteId !== id ? store.destroy(deleteId) : undefined, () =>
      forwardFrom !== undefined && forwardFrom !== id ? whenReady(store.set(forwardFrom, forwardingRecordOf(id, now), ROTATION_GRACE), WRITTEN) : true,
    ),
  )
}
