import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeSessionRow, encodeSession } from '../../../../src/lib/stores/sqlite/sqlite-session-row.ts'
import { storedSessionOf } from '../../../../src/lib/core/store-records.ts'

const jsonText = fc.oneof(fc.json(), fc.string(), fc.constant('{"a":1'), fc.constant('[{"id":"1","type":"info"}]'))
const cell = fc.oneof(fc.constant(null), fc.integer(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.double(), jsonText)

describe('decodeSessionRow', () => {
  it('never throws on any row, and returns well-typed sessions only', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({ data: cell, cookie: cell, flash: cell, flash_seq: cell, user_id: cell, created_at: cell, last_seen_at: cell, expires_at: cell, sliding_ttl_ms: cell }),
        ),
        (row) => {
          const decoded = decodeSessionRow(row)
          if (decoded === undefined) return
          expect(typeof decoded.data).toBe('object')
          expect(decoded.data).not.toHaveProperty('cookie')
          expect(Array.isArray(decoded.flash)).toBe(true)
          for (const entry of decoded.flash) expect([typeof entry.id, typeof entry.type]).toEqual(['string', 'string'])
          for (const time of [decoded.flashSeq, decoded.createdAt, decoded.lastSeenAt, decoded.expiresAt, decoded.slidingTtl]) expect(Number.isSafeInteger(time)).toBe(true)
          expect(decoded.slidingTtl).toBeGreaterThan(0)
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('decodes what the store encodes: any JSON record round-trips', () => {
    const record = fc.dictionary(fc.string().filter((key) => key !== 'cookie' && key !== 'flash'), fc.jsonValue())
    const flash = fc.dictionary(fc.string(), fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 3 }), { maxKeys: 3 })
    fc.assert(
      fc.property(record, fc.option(fc.record({ originalMaxAge: fc.nat(), path: fc.constant('/') }), { nil: undefined }), flash, fc.nat(1000), (data, cookie, messages, seq) => {
        const stored = storedSessionOf({ ...data, ...(cookie ? { cookie } : {}), flash: messages }, seq)
        const decoded = decodeSessionRow({
          ...encodeSession(stored),
          flash_seq: stored.flashSeq,
          user_id: null,
          created_at: 1,
          last_seen_at: 2,
          expires_at: 3,
          sliding_ttl_ms: 4,
        })
        expect(decoded).toBeDefined()
        expect(decoded?.data).toEqual(JSON.parse(JSON.stringify(data)))
        expect(decoded?.cookie).toEqual(cookie)
        expect(decoded?.flash).toEqual(JSON.parse(JSON.stringify(stored.flash)))
        expect(decoded?.flashSeq).toBe(seq + stored.flash.length)
      }),
      { numRuns: 500 },
    )
  })

  it.each([
    ['not an object', 'row'],
    ['data missing', { cookie: null, flash: '[]', flash_seq: 0, expires_at: 1, sliding_ttl_ms: 1 }],
    ['sliding ttl zero', { data: '{}', cookie: null, flash: '[]', flash_seq: 0, user_id: null, created_at: 1, last_seen_at: 1, expires_at: 1, sliding_ttl_ms: 0 }],
    ['user id a number', { data: '{}', cookie: null, flash: '[]', flash_seq: 0, user_id: 7, created_at: 1, last_seen_at: 1, expires_at: 1, sliding_ttl_ms: 1 }],
    ['flash not an array', { data: '{}', cookie: null, flash: '{}', flash_seq: 0, user_id: null, created_at: 1, last_seen_at: 1, expires_at: 1, sliding_ttl_ms: 1 }],
  ])('rejects a row with %s', (_name, row) => {
    expect(decodeSessionRow(row)).toBeUndefined()
  })

  it('accepts BigInt columns (a database in safeIntegers mode) and fills missing bookkeeping times from the expiry', () => {
    const decoded = decodeSessionRow({ data: '{}', cookie: null, flash: '[]', flash_seq: 2n, user_id: 'u', created_at: null, last_seen_at: null, expires_at: 100n, sliding_ttl_ms: 40n })
    expect(decoded).toMatchObject({ flashSeq: 2, userId: 'u', createdAt: 60, lastSeenAt: 60, expiresAt: 100, slidingTtl: 40 })
  })
})
