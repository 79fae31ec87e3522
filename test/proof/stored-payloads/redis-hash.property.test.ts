import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeSessionHash, encodeFlashMessage, hashReplyPairs, recordFields } from '../../../src/lib/stores/redis/session-hash-fields.ts'
import { anyString } from '../support/cookie-arbitraries.ts'
import { expectFlashEntries, flashMessages, GARBAGE_RUNS, isPlainObject, PROPERTY_TIMEOUT, ROUND_TRIP_RUNS, sessionRecord } from '../support/decoded-shapes.ts'
import { anyValue, jsonishText, trickyJsonValue } from '../support/payload-arbitraries.ts'

/**
 * Stored-payload decoding under corrupt input: Redis hashes as the store reads them (an HGETALL reply in any client's shape). 100,000 generated cases for
 * this decoder over the tests below. Stored data is untrusted (a damaged file, a hand-edited row, another
 * program's key): the decoder answers "corrupt" and never throws, and what it returns has the shape its callers rely on.
 */

describe('Redis hashes (stores/redis/session-hash-fields.ts hashReplyPairs + decodeSessionHash)', () => {
  const field = fc.oneof(
    fc.constantFrom('c', 'd:user', 'd:cookie', 'd:__proto__', 'd:', 'f:1', 'f:0', 'f:-1', 'f:1e3', 'f:9999999999999999', 'f:x', 'm:created', 'm:seen', 'm:ttl', 'm:user', 'm:indexed'),
    fc.tuple(fc.constantFrom('c', 'd:', 'f:', 'm:', ''), anyString(10)).map(([prefix, rest]) => prefix + rest),
  )
  const value = fc.oneof(jsonishText(), jsonishText(fc.record({ type: trickyJsonValue, message: trickyJsonValue }, { requiredKeys: [] })), fc.stringMatching(/^-?\d{0,20}$/))
  const pairs = fc.array(fc.tuple(field, value), { maxLength: 10 })
  /** An HGETALL reply in every shape a client may give, well formed or not. */
  const reply = fc.oneof(
    { weight: 4, arbitrary: pairs.map((list) => list.flat()) },
    pairs.map((list) => new Map(list)),
    pairs.map((list) => Object.fromEntries(list)),
    pairs.map((list) => list.flat().map((item) => Buffer.from(item))),
    fc.array(fc.oneof(anyString(10), anyValue), { maxLength: 7 }),
    anyValue,
  )

  it('never throws on arbitrary replies; a session it accepts has an object record, flash entries in id order and numeric times', () => {
    fc.assert(
      fc.property(reply, (raw) => {
        const found = hashReplyPairs(raw)
        if (found === undefined) return
        const decoded = decodeSessionHash(found)
        if (decoded === undefined) return
        expect(isPlainObject(decoded.record)).toBe(true)
        if (decoded.record.cookie !== undefined) expect(isPlainObject(decoded.record.cookie)).toBe(true)
        expectFlashEntries(decoded.flash)
        const seqs = decoded.flash.map((entry) => Number(entry.id))
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
        expect(typeof decoded.createdAt).toBe('number')
        expect(typeof decoded.lastSeenAt).toBe('number')
        if (decoded.slidingTtl !== undefined) expect(decoded.slidingTtl).toBeGreaterThan(0)
      }),
      { numRuns: GARBAGE_RUNS },
    )
  }, PROPERTY_TIMEOUT)

  it('reads back what the store writes (a field per key, a field per flash message)', () => {
    fc.assert(
      fc.property(sessionRecord, flashMessages, (record, messages) => {
        const fields = recordFields(record)
        messages.forEach((m, i) => fields.push(`f:${i + 1}`, encodeFlashMessage(m)))
        fields.push('m:created', '1700000000000', 'm:ttl', '60000')
        const decoded = decodeSessionHash(hashReplyPairs(fields) ?? [])
        expect(decoded?.record).toEqual(record)
        expect(decoded?.flash).toEqual(messages.map((m, i) => ({ id: String(i + 1), type: m.type, message: m.message ?? null })))
        expect(decoded?.slidingTtl).toBe(60_000)
      }),
      { numRuns: ROUND_TRIP_RUNS },
    )
  }, PROPERTY_TIMEOUT)
})
