import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeSessionFile, encodeSessionFile, idOfSessionFile } from '../../../src/lib/stores/fs/session-file.ts'
import { anyString } from '../support/cookie-arbitraries.ts'
import { expectFlashEntries, flashMessages, GARBAGE_RUNS, isPlainObject, numbered, PROPERTY_TIMEOUT, ROUND_TRIP_RUNS, sessionRecord } from '../support/decoded-shapes.ts'
import { flashEntryLike, jsonishText, trickyJsonValue, trickyKey } from '../support/payload-arbitraries.ts'

/**
 * Stored-payload decoding under corrupt input: session files as the file store reads them. 100,000 generated cases for
 * this decoder over the tests below. Stored data is untrusted (a damaged file, a hand-edited row, another
 * program's key): the decoder answers "corrupt" and never throws, and what it returns has the shape its callers rely on.
 */

describe('session files (stores/fs/session-file.ts decodeSessionFile)', () => {
  const id = 'file-session-id'
  const fileShaped = fc.record(
    {
      id: fc.oneof(fc.constant(id), anyString(10), trickyJsonValue),
      record: fc.oneof(fc.dictionary(trickyKey, trickyJsonValue), trickyJsonValue),
      flash: fc.oneof(fc.array(flashEntryLike, { maxLength: 4 }), trickyJsonValue),
      flashSeq: fc.oneof(fc.nat(), trickyJsonValue),
      createdAt: fc.oneof(fc.nat(), trickyJsonValue),
      lastSeenAt: fc.oneof(fc.nat(), trickyJsonValue),
      expiresAt: fc.oneof(fc.nat(), fc.double(), trickyJsonValue),
      slidingTtl: fc.oneof(fc.integer(), trickyJsonValue),
    },
    { requiredKeys: [] },
  )
  // Bytes that are not UTF-8 read back as U+FFFD: include text decoded from arbitrary bytes.
  const text = fc.oneof(jsonishText(fileShaped), fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('utf8')))

  it('never throws on arbitrary file contents; a file it accepts is this id’s, with integer times', () => {
    fc.assert(
      fc.property(text, (contents) => {
        idOfSessionFile(contents)
        const decoded = decodeSessionFile(contents, id)
        if (decoded === undefined) return
        expect(decoded.id).toBe(id)
        expect(isPlainObject(decoded.data)).toBe(true)
        if (decoded.cookie !== undefined) expect(isPlainObject(decoded.cookie)).toBe(true)
        expectFlashEntries(decoded.flash)
        for (const time of [decoded.flashSeq, decoded.createdAt, decoded.lastSeenAt, decoded.expiresAt, decoded.slidingTtl]) expect(Number.isSafeInteger(time)).toBe(true)
      }),
      { numRuns: GARBAGE_RUNS },
    )
  }, PROPERTY_TIMEOUT)

  it('reads back what the store writes', () => {
    fc.assert(
      fc.property(sessionRecord, flashMessages, (record, messages) => {
        const { cookie, ...data } = record
        const flash = numbered(messages)
        const file = { id, data, cookie: cookie as never, flash, flashSeq: flash.length, createdAt: 1, lastSeenAt: 2, expiresAt: 3, slidingTtl: 4 }
        expect(decodeSessionFile(encodeSessionFile(file), id)).toEqual(JSON.parse(JSON.stringify(file)))
      }),
      { numRuns: ROUND_TRIP_RUNS },
    )
  }, PROPERTY_TIMEOUT)
})
