import { expiryTimeOf } from '../../core/store-contract.js'

/** A session as it comes back from a store: plain data with a serialized `cookie`. */
export interface StoredSessionData {
  cookie?: Record<string, unknown>
  [key: string]: unknown
}

/**
 * Whether data a store returned is a session: an object with a cookie object whose expiry, if any, is a valid
 * date. Anything else is corrupt and starts a fresh session rather than failing the request. An expiry in the
 * past is not checked: the store decides what is live, as in express-session — connect-redis and
 * connect-pg-simple extend a session's life on touch without rewriting the stored cookie, so the stored
 * expiry of a session that is only read goes stale while the session is alive.
 */
export function isStoredSession(data: unknown): data is StoredSessionData & { cookie: Record<string, unknown> } {
  if (typeof data !== 'object' || data === null) return false
  const cookie = (data as StoredSessionData).cookie
  if (typeof cookie !== 'object' || cookie === null) return false
  const expires = cookie.expires
  return expires === undefined || expires === null || Number.isFinite(expiryTimeOf(expires))
}

// A store that keeps the data as JSON (sessionkit's MemoryStore) hands that JSON over with the record, so the
// middleware's change detection need not serialize the same data again. A symbol: invisible to JSON and for…in.
const DATA_JSON = Symbol('sessionkit.dataJson')

/** Marks a record fetched from a store with the JSON of its data without `cookie` (exactly what JSON.stringify gives). */
export function withDataJson<T extends object>(record: T, dataJson: string): T {
  ;(record as { [DATA_JSON]?: string })[DATA_JSON] = dataJson
  return record
}

/** The JSON a store attached with {@link withDataJson}, if any. */
export function dataJsonOf(record: object): string | undefined {
  return (record as { [DATA_JSON]?: string })[DATA_JSON]
}
