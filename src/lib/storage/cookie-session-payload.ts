import type { IncomingFlash, SessionChanges } from '../core/session.js'
import { metadataOfStoredCookie, storedMetadataOf, type SessionMetadata } from '../core/session-metadata.js'
import { isPlainObject } from '../core/store-records.js'

/** A whole session as the cookie storage seals it into its cookie. */
export interface CookieSessionPayload {
  /** The session id. */
  id: string
  /** The values. */
  data: Record<string, unknown>
  /** The values flashed by the request that wrote the cookie, for the next one. */
  flash: IncomingFlash[]
  /** When the cookie stops being accepted, in epoch milliseconds. */
  expiresAt: number
  /** What the policies recorded (creation, last use, user agent). */
  metadata: SessionMetadata
}

interface PayloadJson {
  i: string
  d: Record<string, unknown>
  f: Record<string, unknown>
  e: number
  m?: Record<string, unknown>
}

const SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/

/** The JSON sealed into the cookie: short keys, as every byte counts against the cookie size limit. */
export function serializePayload(changes: SessionChanges, expiresAt: number): string {
  const json: PayloadJson = {
    i: changes.id,
    d: changes.values,
    f: Object.fromEntries(changes.flashed.map(({ key, value }) => [key, value])),
    e: expiresAt,
  }
  const metadata = storedMetadataOf(changes.metadata)
  if (Object.keys(metadata).length > 0) json.m = { ...metadata }
  return JSON.stringify(json)
}

/** The payload of an opened cookie when it is well formed and not expired at `now`, else `undefined`. */
export function parsePayload(plaintext: string, now: number): CookieSessionPayload | undefined {
  let json: unknown
  try {
    json = JSON.parse(plaintext)
  } catch {
    return undefined
  }
  if (!isPlainObject(json)) return undefined
  const { i: id, d: data, f: flash, e: expiresAt, m: metadata } = json
  if (typeof id !== 'string' || !SESSION_ID.test(id)) return undefined
  if (!isPlainObject(data) || !isPlainObject(flash)) return undefined
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || expiresAt <= now) return undefined
  if (metadata !== undefined && !isPlainObject(metadata)) return undefined
  return { id, data, flash: Object.entries(flash).map(([key, value]) => ({ key, value })), expiresAt, metadata: metadataOfStoredCookie(metadata) }
}

