import type { IncomingFlash, SessionChanges, SessionInit } from '../core/session.js'
import type { LoadedSession, SessionChange, SessionRecord, StoredCookie } from '../core/store-contract.js'
import { flashMessagesOf, splitFlash } from '../core/store-records.js'
import { metadataOfStoredCookie, storedMetadataOf, type SessionMetadata } from '../core/session-metadata.js'

/**
 * How a Session maps onto a store's records: values are the record's keys, the lifetime is the record's
 * `cookie` (so a store's `load` slides the expiry by it), and flash values are flash entries whose type is the
 * flash key, so connect-flash messages of the express face and Session flash values share one mechanism.
 */

/** The `cookie` a record is written with for `ttl` ms from `now`; `undefined` leaves the lifetime to the store's default. */
export function cookieForTtl(ttl: number | undefined, now: number): StoredCookie | undefined {
  return ttl === undefined ? undefined : { originalMaxAge: ttl, expires: new Date(now + ttl).toISOString() }
}

/** The `cookie` a record is written (or touched) with: the lifetime (see {@link cookieForTtl}) and the policies' metadata; `undefined` when neither. */
export function cookieOfWrite(ttl: number | undefined, now: number, metadata: SessionMetadata): StoredCookie | undefined {
  const lifetime = cookieForTtl(ttl, now)
  const stored = storedMetadataOf(metadata)
  if (Object.keys(stored).length === 0) return lifetime
  return { ...lifetime, ...stored }
}

/** A stored session as read by `load` (flash entries apart, with their ids). */
export function sessionInitOfLoaded(id: string, loaded: LoadedSession): SessionInit {
  const flash: IncomingFlash[] = loaded.flash.map((entry) => ({ key: entry.type, value: entry.message, entryId: entry.id }))
  return { id, data: loaded.record, flash, metadata: metadataOfStoredCookie(loaded.record.cookie) }
}

/** A stored session as read by `get` (flash messages inside the record, as connect-flash keeps them). */
export function sessionInitOfRecord(id: string, record: SessionRecord): SessionInit {
  const { record: data, flash } = splitFlash(record)
  return { id, data, flash: flash.map(({ type, message }) => ({ key: type, value: message })), metadata: metadataOfStoredCookie(record.cookie) }
}

/** The whole record to `set`: every value, the lifetime, and the values flashed now (read ones are dropped). */
export function recordOfSession(changes: SessionChanges, ttl: number | undefined, now: number): SessionRecord {
  const record: SessionRecord = { ...changes.values }
  const cookie = cookieOfWrite(ttl, now, changes.metadata)
  if (cookie) record.cookie = cookie
  const flash = flashMessagesOf(changes.flashed.map(({ key, value }, index) => ({ id: String(index), type: key, message: value })))
  if (flash) record.flash = flash
  return record
}

/** The partial write for `update`: the changed keys, the new lifetime, flash values added now and consumed ones removed. */
export function changeOfSession(changes: SessionChanges, ttl: number | undefined, now: number): SessionChange {
  const set: Record<string, unknown> = {}
  const unset: string[] = []
  for (const key of changes.changedKeys) {
    if (Object.hasOwn(changes.values, key)) Object.defineProperty(set, key, { value: changes.values[key], enumerable: true, writable: true, configurable: true })
    else unset.push(key)
  }
  const cookie = cookieOfWrite(ttl, now, changes.metadata)
  if (cookie) set.cookie = cookie
  const change: SessionChange = { set, unset }
  if (changes.flashed.length > 0) change.flashAdd = changes.flashed.map(({ key, value }) => ({ type: key, message: value }))
  const flashRemove = changes.consumedFlash.flatMap(({ entryId }) => (entryId === undefined ? [] : [entryId]))
  if (flashRemove.length > 0) change.flashRemove = flashRemove
  return change
}
