import type { FlashEntry, SessionRecord, UserKey } from './store-contract.js'

/**
 * What every store does to records the same way: the lifetime a read slides the expiry by, the user a record
 * belongs to, and the two shapes of flash messages (connect-flash's object of arrays inside a record, and
 * the entries a store keeps apart). Stores import these with the contract and nothing else of the package.
 */

/** The lifetime a session was written with: its cookie's `originalMaxAge` when positive, else `defaultTtl`. */
export function slidingTtlOf(record: SessionRecord, defaultTtl: number): number {
  const maxAge = record.cookie?.originalMaxAge
  return typeof maxAge === 'number' && Number.isFinite(maxAge) && maxAge > 0 ? maxAge : defaultTtl
}

/** The record with its cookie's expiry moved to `expiresAt`, when the cookie has a lifetime (`originalMaxAge`). */
export function withCookieExpiry(record: SessionRecord, expiresAt: number): SessionRecord {
  const cookie = record.cookie
  if (!cookie || typeof cookie.originalMaxAge !== 'number') return record
  return { ...record, cookie: { ...cookie, expires: new Date(expiresAt).toISOString() } }
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
    if (!Object.hasOwn(messages, entry.type)) Object.defineProperty(messages, entry.type, { value: [], enumerable: true, writable: true, configurable: true })
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
