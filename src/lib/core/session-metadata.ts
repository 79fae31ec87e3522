import { createHash } from 'node:crypto'

/**
 * What sessionkit records about a session beside the application's data, for the idle and absolute timeouts
 * and the user-agent binding. It is kept in the stored record's `cookie` object, next to `expires`, because
 * every store persists that object as it is (express-session's stores included), so no store needs to know
 * about it. Only recorded when one of those policies is on.
 */
export interface SessionMetadata {
  /** When the session was created (a regenerated id starts a new one), epoch milliseconds. */
  createdAt?: number
  /** When the session was last seen, epoch milliseconds; written at most every few seconds to minutes (see the idle policy). */
  lastSeenAt?: number
  /** A hash of the user agent that created the session (never the raw header). */
  userAgent?: string
  /** When the current id was issued, if it was rotated since the session was created (`rotateIdEvery`), epoch milliseconds. */
  idIssuedAt?: number
}

/** The record's `cookie` fields that hold the metadata: ISO dates, so a store's rows and keys stay readable. */
export interface StoredSessionMetadata {
  createdAt?: string
  lastSeenAt?: string
  userAgent?: string
  idIssuedAt?: string
}

function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined
  const time = value instanceof Date ? value.getTime() : Date.parse(value)
  return Number.isFinite(time) ? time : undefined
}

/** The metadata in a stored record's `cookie` (untrusted: anything malformed is left out, as if never recorded). */
export function metadataOfStoredCookie(cookie: unknown): SessionMetadata {
  if (typeof cookie !== 'object' || cookie === null) return {}
  const fields = cookie as Record<string, unknown>
  const metadata: SessionMetadata = {}
  const createdAt = timeOf(fields.createdAt)
  if (createdAt !== undefined) metadata.createdAt = createdAt
  const lastSeenAt = timeOf(fields.lastSeenAt)
  if (lastSeenAt !== undefined) metadata.lastSeenAt = lastSeenAt
  if (typeof fields.userAgent === 'string') metadata.userAgent = fields.userAgent
  const idIssuedAt = timeOf(fields.idIssuedAt)
  if (idIssuedAt !== undefined) metadata.idIssuedAt = idIssuedAt
  return metadata
}

/** The `cookie` fields to store for `metadata` (only those recorded). */
export function storedMetadataOf(metadata: SessionMetadata): StoredSessionMetadata {
  const stored: StoredSessionMetadata = {}
  if (metadata.createdAt !== undefined) stored.createdAt = new Date(metadata.createdAt).toISOString()
  if (metadata.lastSeenAt !== undefined) stored.lastSeenAt = new Date(metadata.lastSeenAt).toISOString()
  if (metadata.userAgent !== undefined) stored.userAgent = metadata.userAgent
  if (metadata.idIssuedAt !== undefined) stored.idIssuedAt = new Date(metadata.idIssuedAt).toISOString()
  return stored
}

/** What a store keeps for a request's `User-Agent`: 16 bytes of its SHA-256, base64url (the header itself may identify the user). */
export function userAgentHashOf(userAgent: string | null | undefined): string {
  return createHash('sha256')
    .update(userAgent ?? '')
    .digest()
    .subarray(0, 16)
    .toString('base64url')
}
