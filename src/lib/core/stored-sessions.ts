import { forwardedIdOf, forwardingRecordOf, isForwardingRecord } from './session-forwarding.js'
import { ROTATION_GRACE } from './session-policy.js'
import type { FlashEntry, SessionChange, SessionRecord, SessionStore } from './store-contract.js'
import { isPlainObject } from './store-records.js'

/**
 * How every face reads a session from a store and writes it back: the express face and the storages of
 * `sessionkit` both call these two functions, so forwarding after a rotation, corrupt records, and the order
 * of writes that keeps a session safe when one of them fails are decided in one place.
 *
 * The store is the Promise contract; a face hands in its own store with each call bounded in time (and, on the
 * express face, made from its callback store, method by method, at call time).
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

// The record under one id, as it is: `load` on stores that have it (it also slides the expiry), else `get`.
async function lookUp(store: SessionStore, id: string): Promise<StoredSessionLookup> {
  if (typeof store.load === 'function') {
    const loaded = await store.load(id)
    if (loaded === undefined || loaded === null) return MISSING
    if (!isPlainObject(loaded.record) || !Array.isArray(loaded.flash)) return CORRUPT
    return { kind: 'found', id, record: loaded.record, flash: loaded.flash, forwarded: false }
  }
  const record: unknown = await store.get(id)
  if (record === undefined || record === null) return MISSING
  if (!isPlainObject(record)) return CORRUPT
  return { kind: 'found', id, record: record as SessionRecord, flash: undefined, forwarded: false }
}

/**
 * The session stored under `id`. An id rotated away less than {@link ROTATION_GRACE} ago leads, one hop only, to
 * the session under its new id (a request sent in parallel with the rotating one); past its grace it leads
 * nowhere. Rejects with the store's error when the store fails.
 */
export async function findStoredSession(store: SessionStore, id: string, now: () => number = Date.now): Promise<StoredSessionLookup> {
  const found = await lookUp(store, id)
  if (found.kind !== 'found' || !isForwardingRecord(found.record)) return found
  const newId = forwardedIdOf(found.record, now())
  if (newId === undefined) return MISSING
  const target = await lookUp(store, newId)
  if (target.kind !== 'found') return target
  // A pointer to a pointer is no session: rotations are never chained.
  return isForwardingRecord(target.record) ? MISSING : { ...target, forwarded: true }
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

/**
 * Writes a session. Whatever the old id becomes (deleted, or a pointer to the new one) is written only once the
 * new id holds the session, so a write that fails loses neither. Resolves to `false` when an update found the
 * session gone (destroyed or revoked meanwhile: it is not recreated); rejects with the store's error.
 */
export async function writeStoredSession(store: SessionStore, write: StoredSessionWrite, ttl: number | undefined, now: number): Promise<boolean> {
  if (write.kind === 'update') {
    if (typeof store.update !== 'function') throw new TypeError('sessionkit: a partial write needs a store with update()')
    return store.update(write.id, write.change, ttl)
  }
  const { id, deleteId, forwardFrom } = write
  await store.set(id, write.record, ttl)
  if (deleteId !== undefined && deleteId !== id) await store.destroy(deleteId)
  if (forwardFrom !== undefined && forwardFrom !== id) await store.set(forwardFrom, forwardingRecordOf(id, now), ROTATION_GRACE)
  return true
}
