import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeSessionRow, isCorruptSessionRow } from '../../../src/lib/stores/postgres/session-row.ts'
import { expectFlashEntries, flashMessages, GARBAGE_RUNS, isPlainObject, numbered, PROPERTY_TIMEOUT, ROUND_TRIP_RUNS, sessionRecord } from '../support/decoded-shapes.ts'
import { anyValue, flashEntryLike, jsonishText, storedCookieLike, trickyJsonValue, trickyKey } from '../support/payload-arbitraries.ts'

/**
 * Stored-payload decoding under corrupt input: PostgreSQL rows as the store reads them (data, cookie and flash columns as jsonb text). 100,000 generated cases for
 * this decoder over the tests below. Stored data is untrusted (a damaged file, a hand-edited row, another
 * program's key): the decoder answers "corrupt" and never throws, and what it returns has the shape its callers rely on.
 */

describe('PostgreSQL rows (stores/postgres/session-row.ts decodeSessionRow)', () => {
  const column = fc.oneof({ weight: 4, arbitrary: jsonishText() }, fc.constant(null), fc.constant(undefined), anyValue)
  const shapedColumns = fc.record(
    {
      data: fc.oneof(jsonishText(), jsonishText(fc.dictionary(trickyKey, trickyJsonValue))),
      cookie: fc.oneof(fc.constant(null), jsonishText(storedCookieLike)),
      flash: fc.oneof(fc.constant(undefined), jsonishText(fc.array(flashEntryLike, { maxLength: 4 }))),
    },
    { requiredKeys: [] },
  )

  it('never throws on arbitrary columns; a row it accepts has an object record without flash and well-formed flash entries', () => {
    fc.assert(
      fc.property(fc.oneof(fc.record({ data: column, cookie: column, flash: column }, { requiredKeys: [] }), shapedColumns), (row) => {
        const decoded = decodeSessionRow(row)
        if (isCorruptSessionRow(decoded)) {
          expect(typeof decoded.problem).toBe('string')
          return
        }
        expect(isPlainObject(decoded.record)).toBe(true)
        expect(Object.hasOwn(decoded.record, 'flash')).toBe(false)
        if (decoded.record.cookie !== undefined) expect(isPlainObject(decoded.record.cookie)).toBe(true)
        expectFlashEntries(decoded.flash)
      }),
      { numRuns: GARBAGE_RUNS },
    )
  }, PROPERTY_TIMEOUT)

  it('reads back what the store writes (data, cookie and flash columns as jsonb text)', () => {
    fc.assert(
      fc.property(sessionRecord, flashMessages, (record, messages) => {
        const { cookie, ...data } = record
        const flash = numbered(messages)
        const decoded = decodeSessionRow({ data: JSON.stringify(data), cookie: cookie === undefined ? null : JSON.stringify(cookie), flash: JSON.stringify(flash) })
        expect(decoded).toEqual({ record, flash })
      }),
      { numRuns: ROUND_TRIP_RUNS },
    )
  }, PROPERTY_TIMEOUT)
})
