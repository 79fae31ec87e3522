/** A session as it comes back from a store: plain data with a serialized `cookie`. */
export interface StoredSessionData {
  cookie?: Record<string, unknown>
  [key: string]: unknown
}

/**
 * Whether stored data looks like a session: an object with a cookie object whose expiry, when it has one, is a
 * valid date. Anything else is corrupt data, which starts a fresh session rather than failing the request.
 */
export function isStoredSession(data: unknown): data is StoredSessionData & { cookie: Record<string, unknown> } {
  if (typeof data !== 'object' || data === null) return false
  const cookie = (data as StoredSessionData).cookie
  if (typeof cookie !== 'object' || cookie === null) return false
  const expires = cookie.expires
  return expires === undefined || expires === null || Number.isFinite(expiryTime(expires))
}

/** The epoch milliseconds of a stored expiry (an ISO string, or a Date from a store that keeps objects). */
export function expiryTime(expires: unknown): number {
  if (typeof expires === 'string') return Date.parse(expires)
  return expires instanceof Date ? expires.getTime() : Number.NaN
}

/** Whether a stored session's cookie expired: a store that keeps sessions past their expiry must not revive them. */
export function isExpiredSession(data: StoredSessionData & { cookie: Record<string, unknown> }, now: number): boolean {
  const expires = data.cookie.expires
  return expires !== undefined && expires !== null && expiryTime(expires) <= now
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
