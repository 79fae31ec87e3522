import { userIdOf } from '../../core/store-records.js'
import type { SessionChange, SessionRecord, UserKey } from '../../core/store-contract.js'

/** What a partial update does to a session's user: nothing, a new user, or no user any more. */
export type UserIndexChange = { kind: 'keep' } | { kind: 'set'; userId: string } | { kind: 'remove' }

/**
 * How `change` moves its session in the per-user index, without the stored record. The `userKey` (field name
 * or function) is evaluated over the changed keys while the top-level keys it reads are recorded: when none of
 * them changed the user is unchanged; otherwise the changed keys alone determine the new user.
 */
export function userIndexChangeOf(change: SessionChange, userKey: UserKey | undefined): UserIndexChange {
  if (userKey === undefined) return { kind: 'keep' }
  const read = new Set<string>()
  const changed = new Proxy(change.set as SessionRecord, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key)
      return Reflect.get(target, key, receiver) as unknown
    },
    has(target, key) {
      if (typeof key === 'string') read.add(key)
      return Reflect.has(target, key)
    },
  })
  let userId: string | undefined
  try {
    userId = userIdOf(changed, userKey)
  } catch {
    // A function that expects keys this change does not carry (record.passport.user): it did not read a changed key.
  }
  const touched = [...read].some((key) => Object.hasOwn(change.set, key) || change.unset.includes(key))
  if (!touched) return { kind: 'keep' }
  return userId === undefined ? { kind: 'remove' } : { kind: 'set', userId }
}
