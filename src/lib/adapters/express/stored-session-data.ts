/** A session as it comes back from a store: plain data with a serialized `cookie`. */
export interface StoredSessionData {
  cookie?: Record<string, unknown>
  [key: string]: unknown
}


/** Whether stored data looks like a session: an object with a cookie object. Anything else is corrupt. */
export function isStoredSession(data: unknown): data is StoredSessionData & { cookie: Record<string, unknown> } {
  return typeof data === 'object' && data !== null && typeof (data as StoredSessionData).cookie === 'object' && (data as StoredSessionData).cookie !== null
}
