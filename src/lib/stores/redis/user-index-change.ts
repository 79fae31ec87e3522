import { userIdOf } from '../../core/store-records.js'
import type { SessionChange, SessionRecord, UserKey } from '../../core/store-contract.js'
import type { UserKeyReads } from './user-key-reads.js'

/**
 * What a partial update does to a session's user: nothing, a new user, no user any more, or (function `userKey`)
 * to be computed over the record after the change, from the stored values of the keys in `read` (every key
 * when `'all'`) and the change's own keys.
 */
export type UserIndexChange =
  | { kind: 'keep' }
  | { kind: 'set'; userId: string }
  | { kind: 'remove' }
  | { kind: 'compute'; read: readonly string[] | 'all' }

/**
 * How `change` moves its session in the per-user index, known before the stored record is. A field name is
 * answered from the change alone. A function is run over the changed keys only to learn which stored keys to
 * fetch (with those `learned` from earlier runs, since which keys it reads can depend on their values): the user
 * itself is computed once they are known ({@link userOfKnownFields}).
 */
export function userIndexChangeOf(change: SessionChange, userKey: UserKey | undefined, learned: UserKeyReads): UserIndexChange {
  if (userKey === undefined) return { kind: 'keep' }
  if (typeof userKey === 'string') {
    if (Object.hasOwn(change.set, userKey)) {
      const userId = userIdOf(change.set as SessionRecord, userKey)
      return userId === undefined ? { kind: 'remove' } : { kind: 'set', userId }
    }
    return change.unset.includes(userKey) ? { kind: 'remove' } : { kind: 'keep' }
  }
  // The record is the same keys with the same values: whatever the function reads, its answer stands.
  if (Object.keys(change.set).length === 0 && change.unset.length === 0) return { kind: 'keep' }
  try {
    learned.userIdOf(change.set as SessionRecord, userKey)
  } catch {
    // It expected a key the change does not carry (record.passport.user): the keys read so far are fetched,
    // and the computation over the stored values tells whether more are needed.
  }
  if (learned.lists) return { kind: 'compute', read: 'all' }
  const carried = (key: string) => Object.hasOwn(change.set, key) || change.unset.includes(key)
  return { kind: 'compute', read: [...learned.keys].filter((key) => !carried(key)) }
}
