import type { StoredCookie } from '../../core/store-contract.js'
import { decodeFlashEntries, isPlainObject, type StoredSession } from '../../core/store-records.js'

/** A row of the sessions table, decoded and checked. Times are epoch milliseconds. */
export interface DecodedSessionRow extends StoredSession {
  userId: string | undefined
  createdAt: number
  lastSeenAt: number
  expiresAt: number
  /** The lifetime the session was last written with: what `load` slides its expiry by. */
  slidingTtl: number
}

/** The columns a row is written with, in the order of the store's INSERT and UPDATE statements. */
export interface EncodedSession {
  data: string
  cookie: string | null
  flash: string
}


function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

// better-sqlite3 hands back BigInts when the application turned safeIntegers on for its database.
function integerOf(value: unknown): number | undefined {
  const number = typeof value === 'bigint' ? Number(value) : value
  return typeof number === 'number' && Number.isSafeInteger(number) ? number : undefined
}

/**
 * A row read from the sessions table, checked column by column, or `undefined` when anything in it is not what
 * the store writes (bad JSON, wrong types): a damaged row reads as no session instead of failing the request.
 */
export function decodeSessionRow(row: unknown): DecodedSessionRow | undefined {
  if (!isPlainObject(row)) return undefined
  const data = parseJson(row.data)
  if (!isPlainObject(data)) return undefined
  const cookie = row.cookie === null ? undefined : parseJson(row.cookie)
  if (row.cookie !== null && !isPlainObject(cookie)) return undefined
  const flash = decodeFlashEntries(parseJson(row.flash))
  const flashSeq = integerOf(row.flash_seq)
  const expiresAt = integerOf(row.expires_at)
  const slidingTtl = integerOf(row.sliding_ttl_ms)
  if (flash === undefined || flashSeq === undefined || expiresAt === undefined || slidingTtl === undefined || slidingTtl <= 0) return undefined
  const userId = row.user_id === null ? undefined : row.user_id
  if (userId !== undefined && typeof userId !== 'string') return undefined
  // Older rows, or rows written by hand, may lack the bookkeeping times; the expiry bounds them.
  const createdAt = row.created_at === null ? expiresAt - slidingTtl : integerOf(row.created_at)
  const lastSeenAt = row.last_seen_at === null ? expiresAt - slidingTtl : integerOf(row.last_seen_at)
  if (createdAt === undefined || lastSeenAt === undefined) return undefined
  // The data column never holds these two (they have their own); a hand-written row that has them loses them.
  delete data.cookie
  delete data.flash
  return { data, cookie: cookie as StoredCookie | undefined, flash, flashSeq, userId, createdAt, lastSeenAt, expiresAt, slidingTtl }
}

/** The JSON columns of a stored session. */
export function encodeSession(session: StoredSession): EncodedSession {
  return {
    data: JSON.stringify(session.data),
    cookie: session.cookie === undefined ? null : (JSON.stringify(session.cookie) as string | undefined) ?? null,
    flash: JSON.stringify(session.flash),
  }
}
