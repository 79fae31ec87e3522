import type { FlashEntry, SessionChange, SessionRecord, StoredCookie } from '../../core/store-contract.js'
import { flashMessagesOf, splitFlash } from '../../core/store-records.js'

/** One session as the file store keeps it: the data apart from the cookie and the flash entries. */
export interface StoredSession {
  /** The record without `cookie` and `flash`. */
  data: Record<string, unknown>
  cookie: StoredCookie | undefined
  /** Oldest first. */
  flash: FlashEntry[]
  /** The last flash id handed out: ids only grow, so a removal never hits a message added later. */
  flashSeq: number
}

/** A plain own property, even for keys such as `__proto__` that assignment would treat specially. */
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
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
 * fresh ids, in order) and removed by id. A `flash` key in `set` replaces the entries, as `set` does; in `unset`
 * it removes them all. The session passed in is changed in place (it was just parsed for this purpose).
 */
export function applySessionChange(session: StoredSession, change: SessionChange): StoredSession {
  for (const key of change.unset) {
    if (key === 'cookie') session.cookie = undefined
    else if (key === 'flash') session.flash = []
    else delete session.data[key]
  }
  for (const [key, value] of Object.entries(change.set)) {
    if (key === 'cookie') session.cookie = value as StoredCookie | undefined
    else if (key === 'flash') Object.assign(session, numberFlash(splitFlash({ flash: value }).flash, session.flashSeq))
    else defineKey(session.data, key, value)
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
