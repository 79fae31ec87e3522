import type { FlashEntry, SessionRecord, StoredCookie } from '../../core/store-contract.js'
import { isPlainObject } from '../../core/store-records.js'

/**
 * A session row's jsonb columns as the queries return them: text (`data::text`), `null` for SQL NULL. A query
 * that does not select `flash` leaves it out (no flash entries).
 */
export interface SessionRowColumns {
  data?: unknown
  cookie?: unknown
  flash?: unknown
}

/** A row decoded: the record (cookie put back, without flash) and the flash entries, oldest first. */
export interface DecodedSessionRow {
  record: SessionRecord
  flash: FlashEntry[]
}

/** Why a row could not be decoded; the row is then treated as no session. */
export interface CorruptSessionRow {
  problem: string
}

function parseJson(text: unknown): { value: unknown } | undefined {
  if (typeof text !== 'string') return undefined
  try {
    return { value: JSON.parse(text) as unknown }
  } catch {
    return undefined
  }
}


function isFlashEntry(value: unknown): value is FlashEntry {
  return isPlainObject(value) && typeof value.id === 'string' && typeof value.type === 'string' && Object.hasOwn(value, 'message')
}

/**
 * Decodes a row read from the session table. Anything a hand-edited or foreign row may hold is checked: data
 * must be a JSON object, cookie an object or NULL, flash an array of `{id, type, message}`. A row that fails is
 * reported as corrupt (the store then answers "no session") rather than thrown, since stored data is untrusted.
 * Returned objects are freshly parsed, so callers may change them freely.
 */
export function decodeSessionRow(row: SessionRowColumns): DecodedSessionRow | CorruptSessionRow {
  const data = parseJson(row.data)
  if (!data || !isPlainObject(data.value)) return { problem: 'data is not a JSON object' }
  let cookie: StoredCookie | undefined
  if (row.cookie !== null && row.cookie !== undefined) {
    const parsed = parseJson(row.cookie)
    if (!parsed || !isPlainObject(parsed.value)) return { problem: 'cookie is neither a JSON object nor NULL' }
    cookie = parsed.value as StoredCookie
  }
  let flash: FlashEntry[] = []
  if (row.flash !== undefined) {
    const parsed = parseJson(row.flash)
    if (!parsed || !Array.isArray(parsed.value)) return { problem: 'flash is not a JSON array' }
    if (!parsed.value.every(isFlashEntry)) return { problem: 'flash holds an entry that is not {id, type, message}' }
    flash = parsed.value
  }
  // cookie and flash have columns of their own; keys of those names inside data (a hand-written row) lose.
  const { cookie: _cookie, flash: _flash, ...rest } = data.value
  const record: SessionRecord = cookie === undefined ? rest : { cookie, ...rest }
  return { record, flash }
}

/** Whether {@link decodeSessionRow} found the row corrupt. */
export function isCorruptSessionRow(decoded: DecodedSessionRow | CorruptSessionRow): decoded is CorruptSessionRow {
  return 'problem' in decoded
}
