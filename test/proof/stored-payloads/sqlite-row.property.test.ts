import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeSessionRow, encodeSession } from '../../../src/lib/stores/sqlite/sqlite-session-row.ts'
import { anyString } from '../support/cookie-arbitraries.ts'
import { expectFlashEntries, flashMessages, GARBAGE_RUNS, isPlainObject, numbered, PROPERTY_TIMEOUT, ROUND_TRIP_RUNS, sessionRecord } from '../support/decoded-shapes.ts'
import { anyValue, flashEntryLike, jsonishText, storedCookieLike, trickyJsonValue, trickyKey } from '../support/payload-arbitraries.ts'

/**
 * Stored-payload decoding under corrupt input: SQLite rows as the store reads them (any column may hold any SQLite type). 100,000 generated cases for
 * this decoder over the tests below. Stored data is untrusted (a damaged file, a hand-edited row, another
 * program's key): the decoder answers "corrupt" and never throws, and what it returns has the shape its callers rely on.
 */

describe('SQLite rows (stores/sqlite/sqlite-session-row.ts decodeSessionRow)', () => {
  // SQLite is dynamically typed: any column can hold text, a number, a BigInt (safeIntegers), a BLOB or NULL.
  const cell = fc.oneof(jsonishText(), fc.integer(), fc.bigInt(), fc.double(), fc.constant(null), fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b)), anyValue)
  const row = fc.oneof(
    fc.record({ data: cell, cookie: cell, flash: cell, flash_seq: cell, user_id: cell, created_at: cell, last_seen_at: cell, expires_at: cell, sliding_ttl_ms: cell }, { requiredKeys: [] }),
    fc.record({
      data: jsonishText(fc.dictionary(trickyKey, trickyJsonValue)),
      cookie: fc.oneof(fc.constant(null), jsonishText(storedCookieLike)),
      flash: jsonishText(fc.array(flashEntryLike, { maxLength: 4 })),
      flash_seq: fc.oneof(fc.nat(), fc.bigInt(), cell),
      user_id: fc.oneof(fc.constant(null), anyString(8), cell),
      created_at: fc.oneof(fc.constant(null), fc.nat(), cell),
      last_seen_at: fc.oneof(fc.constant(null), fc.nat(), cell),
      expires_at: fc.oneof(fc.nat(), fc.bigInt(), cell),
      sliding_ttl_ms: fc.oneof(fc.integer(), cell),
    }),
    anyValue,
  )

  it('never throws on arbitrary rows; a row it accepts has typed columns', () => {
    fc.assert(
      fc.property(row, (raw) => {
        const decoded = decodeSessionRow(raw)
        if (decoded === undefined) return
        expect(isPlainObject(decoded.data)).toBe(true)
        expect(Object.hasOwn(decoded.data, 'cookie') || Object.hasOwn(decoded.data, 'flash')).toBe(false)
        if (decoded.cookie !== undefined) expect(isPlainObject(decoded.cookie)).toBe(true)
        expectFlashEntries(decoded.flash)
        for (const time of [decoded.flashSeq, decoded.createdAt, decoded.lastSeenAt, decoded.expiresAt, decoded.slidingTtl]) expect(Number.isSafeInteger(time)).toBe(true)
        expect(decoded.slidingTtl).toBeGreaterThan(0)
        if (decoded.userId !== undefined) expect(typeof decoded.userId).toBe('string')
      }),
      { numRuns: GARBAGE_RUNS },
    )
  }, PROPERTY_TIMEOUT)

  it('reads back what the store writes', () => {
    fc.assert(
      fc.property(sessionRecord, flashMessages, fc.nat(), (record, messages, expiresAt) => {
        const { cookie, ...data } = record
        const flash = numbered(messages)
        const encoded = encodeSession({ data, cookie: cookie as never, flash, flashSeq: flash.length })
        const decoded = decodeSessionRow({ ...encoded, flash_seq: flash.length, user_id: null, created_at: null, last_seen_at: expiresAt, expires_at: expiresAt, sliding_ttl_ms: 1000 })
        expect(decoded).toMatchObject({ data, cookie, flash, flashSeq: flash.length, expiresAt })
      }),
      { numRuns: ROUND_TRIP_RUNS },
    )
  }, PROPERTY_TIMEOUT)
})
