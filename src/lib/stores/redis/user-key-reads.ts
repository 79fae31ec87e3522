import type { SessionRecord, UserKey } from '../../core/store-contract.js'
import { userIdOf } from '../../core/store-records.js'
import type { RecordingRecord } from './recorded-record-reads.js'
import { recordingReads } from './recorded-record-reads.js'

// Enough for any function that names a user; a function reading keys without bound stops teaching more.
const MAX_LEARNED_KEYS = 100

/**
 * The top-level keys a function `userKey` has been seen to read, by this store. Which keys a function reads can
 * depend on their values (`r.tenant && r.login` stops at a missing tenant), so the changed keys alone cannot tell
 * an update which stored ones to fetch; every key the function ever read is fetched too, in the same script.
 * Learned from each `set` (the whole record) and each computation after an update.
 */
export class UserKeyReads {
  readonly #keys = new Set<string>()
  #lists = false

  /** Keys read so far. */
  get keys(): ReadonlySet<string> {
    return this.#keys
  }

  /** Whether the function was seen listing the record's keys: then it reads every key. */
  get lists(): boolean {
    return this.#lists
  }

  /** Notes what one run of the function read. */
  learn(reads: RecordingRecord): void {
    if (reads.enumerated) this.#lists = true
    for (const key of reads.keys) if (this.#keys.size < MAX_LEARNED_KEYS) this.#keys.add(key)
  }

  /** `userIdOf(record, userKey)`, learning what a function reads. */
  userIdOf(record: SessionRecord, userKey: UserKey | undefined): string | undefined {
    if (typeof userKey !== 'function') return userIdOf(record, userKey)
    const reads = recordingReads(record)
    try {
      return userIdOf(reads.record, userKey)
    } finally {
      this.learn(reads)
    }
  }
}
