import { ROTATION_GRACE } from './session-policy.js'
import type { SessionRecord } from './store-contract.js'

/**
 * What a rotated-away id is stored as for {@link ROTATION_GRACE}: a pointer to the session's new id, so a
 * request that still presents the old cookie (sent in parallel with the rotating one) reads the session under
 * its new id and gets the new cookie, instead of starting a new session or writing to a copy that is about
 * to expire. Stored as a record whose cookie expires with the grace, so every store drops it by itself.
 */

/** The record that points `oldId` to `newId`, written at `now`. */
export function forwardingRecordOf(newId: string, now: number): SessionRecord {
  return { cookie: { originalMaxAge: ROTATION_GRACE, expires: new Date(now + ROTATION_GRACE).toISOString(), rotatedTo: newId, rotatedAt: new Date(now).toISOString() } }
}

/**
 * The id a stored record points to, when it is a forwarding record within its grace at `now`. Judged by
 * `rotatedAt`, not by the expiry: a store slides the expiry whenever it reads the record.
 */
export function forwardedIdOf(record: unknown, now: number): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined
  const cookie = (record as { cookie?: unknown }).cookie
  if (typeof cookie !== 'object' || cookie === null) return undefined
  const { rotatedTo, rotatedAt } = cookie as { rotatedTo?: unknown; rotatedAt?: unknown }
  if (typeof rotatedTo !== 'string' || rotatedTo === '') return undefined
  const at = typeof rotatedAt === 'string' ? Date.parse(rotatedAt) : Number.NaN
  return Number.isFinite(at) && now - at < ROTATION_GRACE ? rotatedTo : undefined
}

/** Whether a stored record is a forwarding record (expired or not): it is never a session of its own. */
export function isForwardingRecord(record: unknown): boolean {
  const cookie = typeof record === 'object' && record !== null ? (record as { cookie?: unknown }).cookie : undefined
  return typeof cookie === 'object' && cookie !== null && Object.hasOwn(cookie, 'rotatedTo')
}
