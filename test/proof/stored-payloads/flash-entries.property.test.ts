import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeFlashEntries } from '../../../src/lib/core/store-records.ts'
import { expectFlashEntries, PROPERTY_TIMEOUT, RUNS } from '../support/decoded-shapes.ts'
import { anyValue, flashEntryLike, trickyJsonValue } from '../support/payload-arbitraries.ts'

/**
 * Stored-payload decoding under corrupt input: flash entries as the SQLite and file stores check them. 100,000 generated cases for
 * this decoder over the tests below. Stored data is untrusted (a damaged file, a hand-edited row, another
 * program's key): the decoder answers "corrupt" and never throws, and what it returns has the shape its callers rely on.
 */

describe('flash entries (core/store-records.ts decodeFlashEntries)', () => {
  it('never throws; accepts an array of {id, type} string pairs only, and copies nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(flashEntryLike, { maxLength: 6 }), anyValue, trickyJsonValue), (value) => {
        const decoded = decodeFlashEntries(value)
        if (decoded === undefined) return
        expect(decoded).toHaveLength((value as unknown[]).length)
        expectFlashEntries(decoded)
        for (const entry of decoded) expect(Object.keys(entry).sort()).toEqual(['id', 'message', 'type'])
      }),
      { numRuns: RUNS },
    )
  }, PROPERTY_TIMEOUT)
})
