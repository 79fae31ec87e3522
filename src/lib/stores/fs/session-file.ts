import type { StoredCookie } from '../../core/store-contract.js'
import { decodeFlashEntries, isPlainObject, recordOf, type StoredSession } from '../../core/store-records.js'

/** One session file, decoded and checked. Times are epoch milliseconds. */
export interface SessionFile extends StoredSession {
  /** The session id (the file name is only its hash). */
  id: string
  createdAt: number
  lastSeenAt: number
  expiresAt: number
  /** The lifetime the session was last written with: what `load` slides its expiry by. */
  slidingTtl: number
}


function integerOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined
}

/** The JSON written to a session file: `{ id, record (without flash), flash, flashSeq, createdAt, lastSeenAt, expiresAt, slidingTtl }`. */
export function encodeSessionFile(file: SessionFile): string {
  return JSON.stringify({
    id: file.id,
    record: recordOf(file, false),
    flash: file.flash,
    flashSeq: file.flashSeq,
    createdAt: file.createdAt,
    lastSeenAt: file.lastSeenAt,
    expiresAt: file.expiresAt,
    slidingTtl: file.slidingTtl,
  })
}

/**
 * A session file's text, checked field by field, or `undefined` when it is not what the store writes (bad
 * JSON, wrong types, or another id's session): a damaged file reads as no session instead of failing the request.
 */
export function decodeSessionFile(text: string, id: string): SessionFile | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isPlainObject(parsed) || parsed.id !== id || !isPlainObject(parsed.record)) return undefined
  const { cookie, flash: _flash, ...data } = parsed.record
  if (cookie !== undefined && !isPlainObject(cookie)) return undefined
  const flash = decodeFlashEntries(parsed.flash)
  const flashSeq = integerOf(parsed.flashSeq)
  const createdAt = integerOf(parsed.createdAt)
  const lastSeenAt = integerOf(parsed.lastSeenAt)
  const expiresAt = integerOf(parsed.expiresAt)
  const slidingTtl = integerOf(parsed.slidingTtl)
  if (flash === undefined || flashSeq === undefined || createdAt === undefined || lastSeenAt === undefined || expiresAt === undefined) return undefined
  if (slidingTtl === undefined || slidingTtl <= 0) return undefined
  return { id, data, cookie: cookie as StoredCookie | undefined, flash, flashSeq, createdAt, lastSeenAt, expiresAt, slidingTtl }
}

/** The id a session file's text claims, without checking the rest (for listing a directory of files named by hashes). */
export function idOfSessionFile(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as unknown
    return isPlainObject(parsed) && typeof parsed.id === 'string' ? parsed.id : undefined
  } catch {
    return undefined
  }
}
