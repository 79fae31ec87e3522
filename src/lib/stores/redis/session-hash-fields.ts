import type { FlashEntry, SessionRecord } from '../../core/store-contract.js'
import { isPlainObject } from '../../core/store-records.js'

/**
 * How one session is laid out in its Redis HASH. Each top-level record key is its own field, so a partial
 * update writes exactly the keys a request changed, and values stay JSON encoded by Node (Lua's cjson would
 * turn `[]` into `{}` and reorder keys):
 *
 * - `c`: the cookie, as JSON
 * - `d:<key>`: one application key, its value as JSON
 * - `f:<seq>`: one flash message, `{"type":…,"message":…}`; `seq` (from HINCRBY on `m:fseq`) is its id and order
 * - `m:created`, `m:seen`: epoch ms of the first write and the last read or write
 * - `m:ttl`: the lifetime (ms) the session was last written with, which `load` slides the expiry by
 * - `m:user`: the user id of the per-user index, when the store has a `userKey`; `m:indexed`: when that index
 *   was last refreshed for this session
 *
 * This constant is the cookie's field.
 */
export const COOKIE_FIELD = 'c'
/** Prefix of the field of one application key: `d:cart`. */
export const DATA_FIELD_PREFIX = 'd:'
/** Prefix of the field of one flash message: `f:12`. */
export const FLASH_FIELD_PREFIX = 'f:'
/** Epoch ms of the first write; kept when `set` replaces the session. */
export const CREATED_FIELD = 'm:created'
/** Epoch ms of the last read or write. */
export const SEEN_FIELD = 'm:seen'
/** The lifetime (ms) `load` slides the expiry by. */
export const TTL_FIELD = 'm:ttl'
/** The longest lifetime `m:ttl` may hold, in ms (100 years; the load script uses the same bound). */
export const MAX_SLIDING_TTL = 3_153_600_000_000
/** The user id under which the per-user index lists the session. */
export const USER_FIELD = 'm:user'

/** The hash field of a top-level record key. */
export function fieldOfKey(key: string): string {
  return key === 'cookie' ? COOKIE_FIELD : DATA_FIELD_PREFIX + key
}

/** The top-level record key a field stores, or `undefined` for metadata and flash fields. */
export function keyOfField(field: string): string | undefined {
  if (field === COOKIE_FIELD) return 'cookie'
  if (!field.startsWith(DATA_FIELD_PREFIX)) return undefined
  const key = field.slice(DATA_FIELD_PREFIX.length)
  // decodeSessionHash ignores `d:cookie`: the cookie lives in `c` only.
  return key === 'cookie' ? undefined : key
}

/** A value as its field stores it; `undefined` for what JSON drops (undefined, functions, symbols). */
export function encodeFieldValue(value: unknown): string | undefined {
  return JSON.stringify(value) as string | undefined
}

/** Field/value pairs (flat, as HSET takes them) of a record without flash: its cookie and each data key. */
export function recordFields(record: SessionRecord): string[] {
  const fields: string[] = []
  for (const [key, value] of Object.entries(record)) {
    const encoded = encodeFieldValue(value)
    if (encoded !== undefined) fields.push(fieldOfKey(key), encoded)
  }
  return fields
}

/** One flash message as its field stores it. */
export function encodeFlashMessage(message: { type: string; message: unknown }): string {
  return JSON.stringify({ type: message.type, message: message.message ?? null })
}

/** A session as decoded from its hash. */
export interface DecodedSessionHash {
  /** The cookie and application keys, without flash. */
  record: SessionRecord
  /** The flash messages, oldest first. */
  flash: FlashEntry[]
  /** Epoch ms of the first write; NaN when not recorded. */
  createdAt: number
  /** Epoch ms of the last read or write; NaN when not recorded. */
  lastSeenAt: number
  /** The sliding lifetime (ms) it was written with; `undefined` when not recorded. */
  slidingTtl: number | undefined
  /** The user of the per-user index, when recorded. */
  userId: string | undefined
}

/**
 * The field/value pairs of an HGETALL reply, whatever shape the client gives it: a flat array (RESP2,
 * ioredis `call`), a Map or a plain object (node-redis v5+ with RESP3 or reply transformers).
 * `undefined` when the reply has none of these shapes or a field or value is not text.
 */
export function hashReplyPairs(reply: unknown): Array<[string, string]> | undefined {
  const pairs: Array<[string, string]> = []
  const push = (field: unknown, value: unknown): boolean => {
    const f = Buffer.isBuffer(field) ? field.toString() : field
    const v = Buffer.isBuffer(value) ? value.toString() : value
    if (typeof f !== 'string' || typeof v !== 'string') return false
    pairs.push([f, v])
    return true
  }
  if (Array.isArray(reply)) {
    if (reply.length % 2 !== 0) return undefined
    for (let i = 0; i < reply.length; i += 2) if (!push(reply[i], reply[i + 1])) return undefined
    return pairs
  }
  if (reply instanceof Map) {
    for (const [field, value] of reply) if (!push(field, value)) return undefined
    return pairs
  }
  if (typeof reply === 'object' && reply !== null) {
    for (const [field, value] of Object.entries(reply)) if (!push(field, value)) return undefined
    return pairs
  }
  return undefined
}

/** `text` parsed as JSON, or `{ ok: false }` when it is not JSON (stored data is untrusted). */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}


function metaNumber(text: string | undefined): number {
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : Number.NaN
}

/**
 * The session stored in a hash's fields, or `undefined` when there is none (no fields) or it is corrupt: a
 * cookie or value that is not JSON, a cookie that is not an object, a flash entry without a string type.
 * Never throws: stored data is untrusted. Unknown fields are ignored, so newer layouts can add some.
 */
export function decodeSessionHash(pairs: ReadonlyArray<readonly [string, string]>): DecodedSessionHash | undefined {
  if (pairs.length === 0) return undefined
  const entries: Array<[string, unknown]> = []
  const flash: Array<FlashEntry & { seq: number }> = []
  const meta = new Map<string, string>()
  let cookie: unknown
  let hasCookie = false
  for (const [field, value] of pairs) {
    if (field === COOKIE_FIELD) {
      const parsed = parseJson(value)
      if (!parsed.ok || !isPlainObject(parsed.value)) return undefined
      cookie = parsed.value
      hasCookie = true
    } else if (field.startsWith(DATA_FIELD_PREFIX)) {
      const key = field.slice(DATA_FIELD_PREFIX.length)
      if (key === 'cookie') continue
      const parsed = parseJson(value)
      if (!parsed.ok) return undefined
      entries.push([key, parsed.value])
    } else if (field.startsWith(FLASH_FIELD_PREFIX)) {
      const id = field.slice(FLASH_FIELD_PREFIX.length)
      if (!/^\d{1,15}$/.test(id)) return undefined
      const parsed = parseJson(value)
      if (!parsed.ok || !isPlainObject(parsed.value) || typeof parsed.value.type !== 'string') return undefined
      flash.push({ id, seq: Number(id), type: parsed.value.type, message: parsed.value.message ?? null })
    } else {
      meta.set(field, value)
    }
  }
  // Object.fromEntries defines own properties: a stored key named `__proto__` stays data, never a prototype.
  const record = Object.fromEntries(hasCookie ? [['cookie', cookie], ...entries] : entries) as SessionRecord
  flash.sort((a, b) => a.seq - b.seq)
  const slidingTtl = metaNumber(meta.get(TTL_FIELD))
  const userId = meta.get(USER_FIELD)
  return {
    record,
    flash: flash.map(({ id, type, message }) => ({ id, type, message })),
    createdAt: metaNumber(meta.get(CREATED_FIELD)),
    lastSeenAt: metaNumber(meta.get(SEEN_FIELD)),
    // As the load script does: a lifetime beyond 100 years is corrupt, and the store's default applies.
    slidingTtl: slidingTtl > 0 && slidingTtl <= MAX_SLIDING_TTL ? slidingTtl : undefined,
    userId: userId === undefined || userId === '' ? undefined : userId,
  }
}
