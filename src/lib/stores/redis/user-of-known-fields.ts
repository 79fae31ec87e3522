import type { SessionRecord, UserKey } from '../../core/store-contract.js'
import { defineKey, userIdOf } from '../../core/store-records.js'
import { recordingReads } from './recorded-record-reads.js'
import { fieldOfKey, keyOfField, parseJson } from './session-hash-fields.js'
import type { UserKeyReads } from './user-key-reads.js'

/** The user a function `userKey` gives a session, and what that answer rests on. */
export interface ComputedUser {
  /** The user id; `undefined` when the record names none. */
  userId: string | undefined
  /**
   * Field/value pairs (flat, as MOVE_TO_USER takes them) of every key the function read, '' for a missing one:
   * while the session holds these, the answer stands.
   */
  guard: string[]
  /** The function listed the record's keys: the answer also rests on there being no other data field. */
  exact: boolean
}

/** Data fields (cookie and application keys) of a hash's field/value pairs: what a `userKey` can see. */
export function dataFieldsOf(pairs: ReadonlyArray<readonly [string, string]>): Map<string, string> {
  return new Map(pairs.filter(([field]) => keyOfField(field) !== undefined))
}

/**
 * Runs a function `userKey` over the record that `known` (field → stored JSON text, `undefined` when missing)
 * describes. With `complete`, `known` holds every data field of the session; otherwise a read of a key it does
 * not hold makes the answer unknown: `undefined`, and the caller fetches the whole hash and asks again.
 * A stored value that is not JSON counts as missing (a read of that session treats it as no session).
 * The function's own errors propagate, as `set` lets them. What it reads is added to `learned`.
 */
export function userOfKnownFields(
  known: ReadonlyMap<string, string | undefined>,
  complete: boolean,
  userKey: Exclude<UserKey, string>,
  learned: UserKeyReads,
): ComputedUser | undefined {
  const target: Record<string, unknown> = {}
  for (const [field, text] of known) {
    const key = keyOfField(field)
    const value = text === undefined ? { ok: false as const } : parseJson(text)
    // defineProperty: a key named `__proto__` stays data, as decodeSessionHash keeps it.
    if (key !== undefined && value.ok) defineKey(target, key, value.value)
  }
  const reads = recordingReads(target as SessionRecord, (key) => complete || known.has(fieldOfKey(key)), complete)
  let userId: string | undefined
  try {
    userId = userIdOf(reads.record, userKey)
  } catch (error) {
    if (!reads.readUnknown) throw error
  } finally {
    // A key read here but not known is fetched with the next update's script.
    learned.learn(reads)
  }
  if (reads.readUnknown) return undefined
  const guarded = new Set(reads.keys)
  if (reads.enumerated) for (const [field, text] of known) if (text !== undefined) guarded.add(keyOfField(field) as string)
  const guard = [...guarded].flatMap((key) => [fieldOfKey(key), known.get(fieldOfKey(key)) ?? ''])
  return { userId, guard, exact: reads.enumerated }
}
