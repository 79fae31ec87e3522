/** A session as it comes back from a store: plain data with a serialized `cookie`. */
export interface StoredSessionData {
  cookie?: Record<string, unknown>
  [key: string]: unknown
}


/** Whether stored data looks like a session: an object with a cookie object. Anything else is corrupt. */
export function isStoredSession(data: unknown): data is StoredSessionData & { cookie: Record<string, unknown> } {
  return typeof data === 'object' && data !== null && typeof (data as StoredSessionData).cookie === 'object' && (data as StoredSessionData).cookie !== null
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
