import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeSessionFile, encodeSessionFile, idOfSessionFile } from '../../../../src/lib/stores/fs/session-file.ts'
import { storedSessionOf } from '../../../../src/lib/core/store-records.ts'

const field = fc.oneof(fc.anything(), fc.integer(), fc.string(), fc.constant(null))
const fileLike = fc.record(
  { id: fc.oneof(fc.constant('a'), fc.string()), record: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), field), flash: fc.oneof(fc.array(fc.record({ id: field, type: field, message: field })), field), flashSeq: field, createdAt: field, lastSeenAt: field, expiresAt: field, slidingTtl: field },
  { requiredKeys: [] },
)

describe('decodeSessionFile', () => {
  it('never throws on any text, and returns well-typed sessions of the asked id only', () => {
    const text = fc.oneof(fc.string(), fc.json(), fileLike.map((file) => JSON.stringify(file) ?? ''), fileLike.map((file) => (JSON.stringify(file) ?? '').slice(0, 40)))
    fc.assert(
      fc.property(text, (candidate) => {
        expect(() => idOfSessionFile(candidate)).not.toThrow()
        const decoded = decodeSessionFile(candidate, 'a')
        if (decoded === undefined) return
        expect(decoded.id).toBe('a')
        expect(typeof decoded.data).toBe('object')
        expect(decoded.data).not.toHaveProperty('cookie')
        expect(decoded.data).not.toHaveProperty('flash')
        for (const entry of decoded.flash) expect([typeof entry.id, typeof entry.type]).toEqual(['string', 'string'])
        for (const time of [decoded.flashSeq, decoded.createdAt, decoded.lastSeenAt, decoded.expiresAt, decoded.slidingTtl]) expect(Number.isSafeInteger(time)).toBe(true)
        expect(decoded.slidingTtl).toBeGreaterThan(0)
      }),
      { numRuns: 3000 },
    )
  })

  it('decodes what the store encodes: any JSON record round-trips', () => {
    const data = fc.dictionary(fc.string().filter((key) => key !== 'cookie' && key !== 'flash'), fc.jsonValue())
    const flash = fc.dictionary(fc.string(), fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 3 }), { maxKeys: 3 })
    const cookie = fc.option(fc.record({ originalMaxAge: fc.nat(), path: fc.constant('/') }), { nil: undefined })
    fc.assert(
      fc.property(fc.string(), data, cookie, flash, fc.nat(1000), (id, fields, maybeCookie, messages, seq) => {
        const stored = storedSessionOf({ ...fields, ...(maybeCookie ? { cookie: maybeCookie } : {}), flash: messages }, seq)
        const text = encodeSessionFile({ id, ...stored, createdAt: 1, lastSeenAt: 2, expiresAt: 3, slidingTtl: 4 })
        expect(idOfSessionFile(text)).toBe(id)
        const decoded = decodeSessionFile(text, id)
        expect(decoded?.data).toEqual(JSON.parse(JSON.stringify(fields)))
        expect(decoded?.cookie).toEqual(maybeCookie)
        expect(decoded?.flash).toEqual(JSON.parse(JSON.stringify(stored.flash)))
        expect(decoded).toMatchObject({ flashSeq: seq + stored.flash.length, createdAt: 1, lastSeenAt: 2, expiresAt: 3, slidingTtl: 4 })
      }),
      { numRuns: 500 },
    )
  })

  it('keeps a __proto__ key as plain data', () => {
    const decoded = decodeSessionFile('{"id":"a","record":{"__proto__":{"x":1}},"flash":[],"flashSeq":0,"createdAt":1,"lastSeenAt":1,"expiresAt":2,"slidingTtl":1}', 'a')
    expect(Object.hasOwn(decoded?.data ?? {}, '__proto__')).toBe(true)
    expect(({} as { x?: number }).x).toBeUndefined()
  })
})
