import type { SessionRecord } from '../../core/store-contract.js'

/** A record seen through a proxy that notes every top-level key read and whether the keys were listed. */
export interface RecordingRecord {
  readonly record: SessionRecord
  /** String keys read (`record.a`, `'a' in record`, `Object.hasOwn(record, 'a')`), in order. */
  readonly keys: ReadonlySet<string>
  /** Whether the keys were listed (`Object.keys`, spread, `JSON.stringify`): then every key counts as read. */
  readonly enumerated: boolean
  /** Whether a key read or the listing was one `isKnown` said is not known. */
  readonly readUnknown: boolean
}

/**
 * Wraps `target` so the reads of a `userKey` function are recorded. `isKnown` and `listingKnown` say which reads
 * `target` can answer truly (by default all): a key or a listing it cannot sets `readUnknown`.
 */
export function recordingReads(target: SessionRecord, isKnown: (key: string) => boolean = () => true, listingKnown = true): RecordingRecord {
  const keys = new Set<string>()
  const state = { enumerated: false, readUnknown: false }
  const read = (key: string | symbol) => {
    if (typeof key !== 'string') return
    keys.add(key)
    if (!isKnown(key)) state.readUnknown = true
  }
  const record = new Proxy(target, {
    get(object, key, receiver) {
      read(key)
      return Reflect.get(object, key, receiver) as unknown
    },
    has(object, key) {
      read(key)
      return Reflect.has(object, key)
    },
    getOwnPropertyDescriptor(object, key) {
      read(key)
      return Reflect.getOwnPropertyDescriptor(object, key)
    },
    ownKeys(object) {
      state.enumerated = true
      if (!listingKnown) state.readUnknown = true
      return Reflect.ownKeys(object)
    },
  })
  return {
    record,
    keys,
    get enumerated() {
      return state.enumerated
    },
    get readUnknown() {
      return state.readUnknown
    },
  }
}
