import type { FlashEntry, SessionChange, SessionRecord, StoredCookie, UserKey } from './store-contract.js'

/**
 * What every store does to records the same way: the lifetime a read slides the expiry by, the user a record
 * belongs to, the two shapes of flash messages (connect-flash's object of arrays inside a record, and the
 * entries a store keeps apart), and, for stores that keep a whole session as one value (a row, a file), that
 * value's shape and the changes made to it. Stores import these with the contract and nothing else of the package.
 */

/** The lifetime a session was written with: its cookie's `originalMaxAge` when positive, else `defaultTtl`. */
export function slidingTtlOf(record: SessionRecord, defaultTtl: number): number {
  const maxAge = record.cookie?.originalMaxAge
  return typeof maxAge === 'number' && Number.isFinite(maxAge) && maxAge > 0 ? maxAge : defaultTtl
}

/**
 * Moves the expiry of a record's cookie to `expiresAt` in place, when the cookie has a lifetime (`originalMaxAge`)
 * to slide by; whether it moved. For a record the caller owns (its own fresh parse).
 */
export function slideCookieExpiry(record: SessionRecord, expiresAt: number): boolean {
  const cookie = record.cookie
  if (!cookie || typeof cookie.originalMaxAge !== 'number') return false
  cookie.expires = new Date(expiresAt).toISOString()
  return true
}

/** The record with its cookie's expiry moved to `expiresAt` (see {@link slideCookieExpiry}); the record itself is left alone. */
export function withCookieExpiry(record: SessionRecord, expiresAt: number): SessionRecord {
  const moved = { ...record, cookie: { ...record.cookie } }
  return slideCookieExpiry(moved, expiresAt) ? moved : record
}

/** The user a record belongs to by `userKey` (a field name or a function), as a string; `undefined` when none. */
export function userIdOf(record: SessionRecord, userKey: UserKey | undefined): string | undefined {
  if (userKey === undefined) return undefined
  const value = typeof userKey === 'function' ? userKey(record) : record[userKey]
  if (typeof value === 'string') return value === '' ? undefined : value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** connect-flash's shape, `{ [type]: message[] }`, of a store's flash entries; `undefined` when there are none. */
export function flashMessagesOf(entries: readonly FlashEntry[]): Record<string, unknown[]> | undefined {
  if (entries.length === 0) return undefined
  const messages: Record<string, unknown[]> = {}
  for (const entry of entries) {
    // A type named like an Object.prototype member (`constructor`, `__proto__`) must become an own key.
    if (!Object.hasOwn(messages, entry.type)) defineKey(messages, entry.type, [])
    ;(messages[entry.type] as unknown[]).push(entry.message)
  }
  return messages
}

/**
 * A record's connect-flash messages (`record.flash`) as messages to add, oldest first, and the record without
 * them. Anything in `flash` that is not an object of arrays is kept as a single message of its key.
 */
export function splitFlash(record: SessionRecord): { record: SessionRecord; flash: Array<{ type: string; message: unknown }> } {
  if (!Object.hasOwn(record, 'flash')) return { record, flash: [] }
  const { flash: messages, ...rest } = record
  const flash: Array<{ type: string; message: unknown }> = []
  if (typeof messages === 'object' && messages !== null) {
    for (const [type, list] of Object.entries(messages)) {
      for (const message of Array.isArray(list) ? list : [list]) flash.push({ type, message })
    }
  }
  return { record: rest, flash }
}

/**
 * One session as a store that reads and writes it whole (a SQLite row, a file) keeps it: the data apart from
 * the cookie and the flash entries.
 */
export interface StoredSession {
  /** The record without `cookie` and `flash`. */
  data: Record<string, unknown>
  cookie: StoredCookie | undefined
  /** Oldest first. */
  flash: FlashEntry[]
  /** The last flash id handed out: ids only grow, so a removal never hits a message added later. */
  flashSeq: number
}

/**
 * Sets a plain own property of a plain object, even for `__proto__`, which assignment would treat specially
 * (assignment otherwise: defining a property costs more, on every key of every write).
 */
export function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

/** An object that is not an array (untrusted, just-parsed data is checked with this before use). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Stored flash entries (untrusted, just parsed) checked: an array of `{ id, type, message }` with string ids and
 * types, copied without any other keys; `undefined` when anything is off, so the caller treats the session as
 * corrupt.
 */
export function decodeFlashEntries(value: unknown): FlashEntry[] | undefined {
  if (!Array.isArray(value)) return undefined
  const entries: FlashEntry[] = []
  for (const item of value) {
    if (!isPlainObject(item) || typeof item.id !== 'string' || typeof item.type !== 'string') return undefined
    entries.push({ id: item.id, type: item.type, message: item.message })
  }
  return entries
}

/** Flash messages as entries with fresh ids after `flashSeq`, and the new last id. */
export function numberFlash(messages: ReadonlyArray<{ type: string; message: unknown }>, flashSeq: number): { flash: FlashEntry[]; flashSeq: number } {
  let seq = flashSeq
  const flash = messages.map(({ type, message }) => ({ id: String(++seq), type, message }))
  return { flash, flashSeq: seq }
}

/** What `set` stores for a record: its data, cookie and flash messages (numbered after `flashSeq`). */
export function storedSessionOf(record: SessionRecord, flashSeq: number): StoredSession {
  const { record: withoutFlash, flash: messages } = splitFlash(record)
  const { cookie, ...data } = withoutFlash
  return { data, cookie, ...numberFlash(messages, flashSeq) }
}

/** The record as `get` returns it: cookie first, then the data, then the flash messages in connect-flash's shape. */
export function recordOf(session: StoredSession, withFlash: boolean): SessionRecord {
  const record: SessionRecord = session.cookie === undefined ? {} : { cookie: session.cookie }
  for (const [key, value] of Object.entries(session.data)) defineKey(record, key, value)
  const flash = withFlash ? flashMessagesOf(session.flash) : undefined
  if (flash !== undefined) record.flash = flash
  return record
}

/**
 * One request's change applied to a stored session: keys written and removed, flash entries appended (with
 * fresh ids, in order) and removed by id. A `flash` key in `set` or `unset` is ignored, as the contract says.
 * The session passed in is changed in place (it was just parsed for this purpose).
 */
export function applySessionChange(session: StoredSession, change: SessionChange): StoredSession {
  for (const key of change.unset) {
    if (key === 'cookie') session.cookie = undefined
    else if (key !== 'flash') delete session.data[key]
  }
  for (const [key, value] of Object.entries(change.set)) {
    if (key === 'cookie') session.cookie = value as StoredCookie | undefined
    else if (key !== 'flash') defineKey(session.data, key, value)
  }
  if (change.flashRemove && change.flashRemove.length > 0) {
    const removed = new Set(change.flashRemove)
    session.flash = session.flash.filter((entry) => !removed.has(entry.id))
  }
  if (change.flashAdd && change.flashAdd.length > 0) {
    const added = numberFlash(change.flashAdd, session.flashSeq)
    session.flash = [...session.flash, ...added.flash]
    session.flashSeq = added.flashSeq
  }
  return session
}
