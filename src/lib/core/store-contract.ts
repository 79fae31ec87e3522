/**
 * The cookie settings saved with a session, as express-session stores them
 * (`expires` is an ISO string once the record has been through JSON).
 */
export interface StoredCookie {
  originalMaxAge?: number | null
  expires?: string | Date | null
  secure?: boolean | 'auto'
  httpOnly?: boolean
  domain?: string
  path?: string
  sameSite?: boolean | 'lax' | 'strict' | 'none' | 'auto'
  partitioned?: boolean
  priority?: 'low' | 'medium' | 'high'
}

/** What a store keeps for one session: the application's data plus the cookie settings. */
export interface SessionRecord {
  cookie?: StoredCookie
  [key: string]: unknown
}

/**
 * The Promise-based contract every sessionkit store meets.
 *
 * - required: `get`, `set`, `destroy`
 * - recommended: `touch` (refreshes the expiry without rewriting the data)
 * - optional: `all`, `length`, `clear`, `close`
 *
 * `ttl` is in milliseconds; `undefined` means the store's own default.
 * A missing or expired session is `undefined`, never an error.
 */
export interface SessionStore {
  /** required: the live record of a session, or `undefined`. */
  get(id: string): Promise<SessionRecord | undefined>
  /** required: replaces the record of a session. */
  set(id: string, record: SessionRecord, ttl?: number): Promise<void>
  /** required: forgets a session; forgetting an unknown id is not an error. */
  destroy(id: string): Promise<void>
  /** recommended: extends the life of a session without rewriting its data. */
  touch?(id: string, record: SessionRecord, ttl?: number): Promise<void>
  /** optional: every live session by id. */
  all?(): Promise<Record<string, SessionRecord>>
  /** optional: how many live sessions there are. */
  length?(): Promise<number>
  /** optional: forgets every session. */
  clear?(): Promise<void>
  /** optional: stops timers and releases what the store holds. */
  close?(): Promise<void>
}

/** The epoch milliseconds of a stored expiry (an ISO string, or a Date from a store that keeps objects); NaN when invalid. */
export function expiryTimeOf(expires: unknown): number {
  if (typeof expires === 'string') return Date.parse(expires)
  return expires instanceof Date ? expires.getTime() : Number.NaN
}

/** Milliseconds until a stored record's cookie expires, or `undefined` when it has no (valid) expiry. */
export function ttlFromRecord(record: SessionRecord, now: number): number | undefined {
  const expires = record.cookie?.expires
  if (expires === undefined || expires === null) return undefined
  const at = expiryTimeOf(expires)
  return Number.isFinite(at) ? at - now : undefined
}
