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
  /** sessionkit's policies (timeouts, user-agent binding): when the session was created, ISO date. Stores keep it as they keep the rest. */
  createdAt?: string
  /** sessionkit's policies: when the session was last seen (updated at most every minute), ISO date. */
  lastSeenAt?: string
  /** sessionkit's policies: a hash of the user agent that created the session. */
  userAgent?: string
  /** sessionkit's `rotateIdEvery`: when the current id was issued, ISO date. */
  idIssuedAt?: string
  /** sessionkit's `rotateIdEvery`: on a rotated-away id, the session's new id (kept for 30 seconds). */
  rotatedTo?: string
  /** sessionkit's `rotateIdEvery`: on a rotated-away id, when it was rotated away, ISO date. */
  rotatedAt?: string
}

/** What a store keeps for one session: the application's data plus the cookie settings. */
export interface SessionRecord {
  cookie?: StoredCookie
  [key: string]: unknown
}

/** One flash message as a store keeps it: its own id, so removing it never removes a message added meanwhile. */
export interface FlashEntry {
  /** Unique within the session; assigned by the store when the message is added. */
  id: string
  /** The message type (`'error'`, `'info'`, …): the key of `req.flash(type)`. */
  type: string
  /** The message; any JSON value (connect-flash stores strings). */
  message: unknown
}

/** A session as {@link SessionStore.load} returns it: the record without `flash`, and the flash entries apart. */
export interface LoadedSession {
  /** The data and cookie, without `flash`. */
  record: SessionRecord
  /** The waiting flash messages, oldest first. */
  flash: FlashEntry[]
}

/**
 * What {@link SessionStore.update} writes: only what one request changed. Stores apply it atomically, so two
 * parallel requests that change different keys, or add flash messages, both persist. Flash messages change only
 * through `flashAdd` and `flashRemove`: a `flash` key in `set` or `unset` is ignored.
 */
export interface SessionChange {
  /** Top-level keys to write with their new values (`cookie` among them when it changed). */
  set: Record<string, unknown>
  /** Top-level keys to remove. */
  unset: string[]
  /** Flash messages to append, oldest first. */
  flashAdd?: Array<{ type: string; message: unknown }>
  /** Ids of flash entries to remove (the ones this request read); unknown ids are ignored. */
  flashRemove?: string[]
}

/** One live session of a user, as {@link SessionStore.listSessionsOfUser} returns it. */
export interface UserSessionInfo {
  /** The session id. It is a bearer secret: never render it into a page; show a hash instead. */
  id: string
  /** The session's data (what the app records there: user agent, IP, …), without `flash`. */
  record: SessionRecord
  /** When the session was first stored. */
  createdAt: Date
  /** When the session was last read or written. */
  lastSeenAt: Date
  /** When the session expires unless it is used again. */
  expiresAt: Date
}

/** Which record field (or function of the record) names the user a session belongs to, for the per-user index. */
export type UserKey = string | ((record: SessionRecord) => string | number | null | undefined)

/**
 * The Promise-based contract every sessionkit store meets.
 *
 * - required: `get`, `set`, `destroy`
 * - recommended: `touch` (refreshes the expiry without rewriting the data)
 * - optional: `load` + `update` (one round trip to read and refresh, partial writes, atomic flash),
 *   `all`, `ids`, `length`, `clear`, `listSessionsOfUser`, `destroySessionsOfUser`, `close`
 *
 * `ttl` is in milliseconds; `undefined` means the store's own default. A missing or expired session is
 * `undefined`, never an error.
 *
 * Flash: `get` returns the waiting flash messages inside the record as connect-flash keeps them
 * (`flash: { [type]: message[] }`, omitted when there are none) and `set` replaces them with the record's
 * `flash`, so express-session with connect-flash works on any store. Stores with `load`/`update` keep them as
 * separate entries so parallel requests never lose one.
 */
export interface SessionStore {
  /** required: the live record of a session, or `undefined`. */
  get(id: string): Promise<SessionRecord | undefined>
  /** required: replaces the record of a session (its flash messages included). */
  set(id: string, record: SessionRecord, ttl?: number): Promise<void>
  /** required: forgets a session; forgetting an unknown id is not an error. */
  destroy(id: string): Promise<void>
  /** recommended: extends the life of a session without rewriting its data. */
  touch?(id: string, record: SessionRecord, ttl?: number): Promise<void>
  /**
   * optional (with `update`): reads a live session and, in the same round trip, slides its expiry by the
   * lifetime it was last written with (the cookie's `originalMaxAge`, else the store's default ttl). The
   * returned record's `cookie.expires` is the new expiry when the cookie has an `originalMaxAge`.
   */
  load?(id: string): Promise<LoadedSession | undefined>
  /**
   * optional (with `load`): applies one request's change atomically. A session that no longer exists
   * (destroyed, revoked or expired meanwhile) is not recreated: the result is `false`.
   */
  update?(id: string, change: SessionChange, ttl?: number): Promise<boolean>
  /** optional: every live session by id. */
  all?(): Promise<Record<string, SessionRecord>>
  /** optional: the ids of every live session. */
  ids?(): Promise<string[]>
  /** optional: how many live sessions there are. */
  length?(): Promise<number>
  /** optional: forgets every session. */
  clear?(): Promise<void>
  /** optional (stores given a `userKey`): the live sessions of one user, most recently seen first. */
  listSessionsOfUser?(userId: string): Promise<UserSessionInfo[]>
  /** optional (stores given a `userKey`): destroys a user's sessions, all or all but `except`; resolves to how many. */
  destroySessionsOfUser?(userId: string, options?: { except?: string | readonly string[] }): Promise<number>
  /** optional: stops timers and releases what the store holds (never the client the application passed in). */
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
