import { expiryTimeOf } from '../../core/store-contract.js'

/** A session as it comes back from a store: plain data with a serialized `cookie`. */
export interface StoredSessionData {
  cookie?: Record<string, unknown>
  [key: string]: unknown
}

/**
 * What stored data is: a `live` session, an `expired` one (a store that keeps sessions past their expiry must
 * not revive them), or `corrupt` data (not an object with a cookie object, or an invalid expiry). Expired and
 * corrupt data start a fresh session rather than failing the request.
 */
export function storedSessionState(data: unknown, now: number): 'live' | 'expired' | 'corrupt' {
  if (typeof data !== 'object' || data === null) return 'corrupt'
  const cookie = (data as StoredSessionData).cookie
  if (typeof cookie !== 'object' || cookie === null) return 'corrupt'
  const expires = cookie.expires
  if (expires === undefined || expires === null) return 'live'
  const at = expiryTimeOf(expires)
  if (!Number.isFinite(at)) return 'corrupt'
  return at <= now ? 'expired' : 'live'
}

/** Whether stored data is a session at all (expired or not). */
export function isStoredSession(data: unknown): data is StoredSessionData & { cookie: Record<string, unknown> } {
  return storedSessionState(data, Number.NEGATIVE_INFINITY) !== 'corrupt'
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
