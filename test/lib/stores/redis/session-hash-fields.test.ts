import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeSessionHash,
  encodeFlashMessage,
  hashReplyPairs,
  recordFields,
} from '../../../../src/lib/stores/redis/session-hash-fields.ts'

function pairsOf(flat: string[]): Array<[string, string]> {
  return hashReplyPairs(flat) ?? []
}

describe('session hash fields', () => {
  it('encodes a record as one field per key, the cookie as "c"', () => {
    expect(recordFields({ cookie: { path: '/' }, a: [1], b: undefined, f: () => 1 })).toEqual(['c', '{"path":"/"}', 'd:a', '[1]'])
  })

  it('decodes data, cookie first, and flash entries ordered by numeric sequence', () => {
    const decoded = decodeSessionHash(
      pairsOf(['d:a', '1', 'f:10', encodeFlashMessage({ type: 'info', message: 'ten' }), 'c', '{"path":"/"}', 'f:9', encodeFlashMessage({ type: 'info', message: 'nine' }), 'm:created', '5', 'm:seen', '6', 'm:ttl', '7', 'm:user', 'u', 'm:future', 'x']),
    )
    expect(decoded).toEqual({
      record: { cookie: { path: '/' }, a: 1 },
      flash: [
        { id: '9', type: 'info', message: 'nine' },
        { id: '10', type: 'info', message: 'ten' },
      ],
      createdAt: 5,
      lastSeenAt: 6,
      slidingTtl: 7,
      userId: 'u',
    })
    expect(Object.keys(decoded?.record ?? {})).toEqual(['cookie', 'a'])
  })

  it.each([
    { case: 'a value that is not JSON', flat: ['d:a', '{oops'] },
    { case: 'a cookie that is not JSON', flat: ['c', 'nope'] },
    { case: 'a cookie that is not an object', flat: ['c', '[1]'] },
    { case: 'a null cookie', flat: ['c', 'null'] },
    { case: 'a flash entry that is not JSON', flat: ['f:1', '{'] },
    { case: 'a flash entry without a string type', flat: ['f:1', '{"type":1,"message":"x"}'] },
    { case: 'a flash entry with a non-numeric id', flat: ['f:x', '{"type":"info","message":"x"}'] },
  ])('treats $case as no session', ({ flat }) => {
    expect(decodeSessionHash(pairsOf(['m:created', '1', ...flat]))).toBeUndefined()
  })

  it('an empty hash is no session', () => {
    expect(decodeSessionHash([])).toBeUndefined()
  })

  it.each([
    { shape: 'a flat array', reply: ['a', '1', 'b', '2'] },
    { shape: 'a Map', reply: new Map([['a', '1'], ['b', '2']]) },
    { shape: 'an object', reply: { a: '1', b: '2' } },
    { shape: 'Buffers', reply: [Buffer.from('a'), Buffer.from('1'), 'b', '2'] },
  ])('reads an HGETALL reply given as $shape', ({ reply }) => {
    expect(hashReplyPairs(reply)).toEqual([['a', '1'], ['b', '2']])
  })

  it.each([{ reply: ['odd'] }, { reply: [1, 2] }, { reply: 'text' }, { reply: null }, { reply: 7 }])('rejects the HGETALL reply $reply', ({ reply }) => {
    expect(hashReplyPairs(reply)).toBeUndefined()
  })

  it('property: any stored field map decodes without throwing, to a record or undefined', () => {
    const field = fc.oneof(
      fc.string(),
      fc.constantFrom('c', 'm:created', 'm:seen', 'm:ttl', 'm:user', 'm:fseq', 'd:__proto__', 'd:cookie', 'f:1', 'f:007'),
      fc.string().map((key) => `d:${key}`),
      fc.string().map((key) => `f:${key}`),
      fc.nat().map((seq) => `f:${seq}`),
    )
    const value = fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((json) => JSON.stringify({ type: 'info', message: json })))
    fc.assert(
      fc.property(fc.array(fc.tuple(field, value)), (pairs) => {
        const decoded = decodeSessionHash(pairs)
        if (decoded === undefined) return
        expect(typeof decoded.record).toBe('object')
        expect(Object.getPrototypeOf(decoded.record)).toBe(Object.prototype)
        expect(decoded.flash.every((entry) => typeof entry.type === 'string' && /^\d+$/.test(entry.id))).toBe(true)
        // What comes out is plain JSON: it survives a JSON round trip unchanged.
        expect(JSON.parse(JSON.stringify(decoded.record))).toEqual(decoded.record)
      }),
      { numRuns: 500 },
    )
  })

  it('property: a record encoded and decoded is the record as JSON would return it', () => {
    const record = fc.dictionary(fc.string().filter((key) => key !== 'cookie' && key !== 'flash'), fc.jsonValue())
    fc.assert(
      fc.property(record, (data) => {
        const flat = recordFields(data)
        const decoded = decodeSessionHash(pairsOf(['m:created', '1', ...flat]))
        expect(decoded?.record).toEqual(JSON.parse(JSON.stringify(data)))
      }),
      { numRuns: 300 },
    )
  })
})
