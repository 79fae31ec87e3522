import { describe, expect, it } from 'vitest'
import {
  escapeGlob,
  isSafeSessionId,
  sessionIdOfKey,
  sessionKeyOf,
  sessionKeyPattern,
  userIndexKeyOf,
} from '../../../../src/lib/stores/redis/redis-key-layout.ts'

// The part of a key Redis Cluster hashes: the text inside the first {…} when it is non-empty.
function hashTagOf(key: string): string {
  const open = key.indexOf('{')
  const close = open === -1 ? -1 : key.indexOf('}', open + 1)
  return open !== -1 && close > open + 1 ? key.slice(open + 1, close) : key
}

describe('Redis key layout', () => {
  it.each([
    { id: 'abcDEF123_-' },
    { id: 'uid-safe+base64/with=padding' },
    { id: 'a.b~c:d' },
    { id: 'x'.repeat(256) },
  ])('accepts the id $id', ({ id }) => {
    expect(isSafeSessionId(id)).toBe(true)
  })

  it.each([{ id: '' }, { id: 'a{b' }, { id: 'a}b' }, { id: 'a*b' }, { id: 'a?b' }, { id: 'a[b]' }, { id: 'a b' }, { id: 'a\nb' }, { id: 'é' }, { id: 'x'.repeat(257) }, { id: 42 }])(
    'rejects the id $id',
    ({ id }) => {
      expect(isSafeSessionId(id)).toBe(false)
    },
  )

  it('cluster-safe: a session key hashes on its id alone, whatever the prefix', () => {
    const key = sessionKeyOf('app:sess:', 'abc')
    expect(key).toBe('app:sess:{abc}')
    expect(hashTagOf(key)).toBe('abc')
  })

  it('cluster-safe: a user index key hashes on the user, apart from any session', () => {
    const key = userIndexKeyOf('sess:', '{weird user}')
    expect(key).toMatch(/^sess:user:\{[A-Za-z0-9_-]{43}\}$/)
    expect(hashTagOf(key)).toHaveLength(43)
    expect(userIndexKeyOf('sess:', 'a')).not.toBe(userIndexKeyOf('sess:', 'b'))
  })

  it('escapes glob characters so SCAN MATCH takes a prefix literally', () => {
    expect(escapeGlob('a*b?c[d]e\\f')).toBe('a\\*b\\?c\\[d\\]e\\\\f')
    expect(sessionKeyPattern('s*:')).toBe('s\\*:{*}')
  })

  it.each([
    { key: 'sess:{abc}', id: 'abc' },
    { key: 'sess:user:{abc}', id: undefined },
    { key: 'sess:x{abc}', id: undefined },
    { key: 'sess:{a b}', id: undefined },
    { key: 'other:{abc}', id: undefined },
    { key: 'sess:{abc', id: undefined },
  ])('the session id of $key is $id', ({ key, id }) => {
    expect(sessionIdOfKey('sess:', key)).toBe(id)
  })
})
