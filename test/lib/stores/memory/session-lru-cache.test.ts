import { afterEach, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { sessionJson } from '../../../../src/lib/stores/memory/serialized-session.ts'
import { SessionLruCache } from '../../../../src/lib/stores/memory/session-lru-cache.ts'

/** A serialized session without a cookie: its JSON is the data alone. */
const data = (json: string) => ({ data: json, cookie: undefined })

let now = 1_000_000
const clock = () => now
const caches: SessionLruCache[] = []
function cache(options: ConstructorParameters<typeof SessionLruCache>[0] = {}): SessionLruCache {
  const created = new SessionLruCache({ now: clock, ...options })
  caches.push(created)
  return created
}
afterEach(() => {
  for (const created of caches.splice(0)) created.close()
  now = 1_000_000
})

describe('SessionLruCache', () => {
  it('stores and returns serialized sessions', () => {
    const c = cache()
    c.set('a', data('{"n":1}'), Infinity)
    expect(c.get('a')).toBe('{"n":1}')
    expect(c.get('missing')).toBeUndefined()
  })

  it('evicts the least recently used session past maxSessions', () => {
    const c = cache({ maxSessions: 2 })
    c.set('a', data('1'), Infinity)
    c.set('b', data('2'), Infinity)
    c.get('a')
    c.set('c', data('3'), Infinity)
    expect(c.get('b')).toBeUndefined()
    expect(c.get('a')).toBe('1')
    expect(c.get('c')).toBe('3')
    expect(c.size).toBe(2)
  })

  it('once full, evicts the oldest down to 1/256 below the limit in one pass', () => {
    const c = cache({ maxSessions: 512 })
    for (let i = 0; i < 512; i++) c.set(`id${i}`, data('1'), Infinity)
    expect(c.size).toBe(512)
    c.get('id0')
    c.set('id512', data('1'), Infinity)
    expect(c.size).toBe(510)
    expect(c.get('id0')).toBe('1')
    expect([c.get('id1'), c.get('id2'), c.get('id3')]).toEqual([undefined, undefined, undefined])
    expect(c.get('id4')).toBe('1')
  })

  it('keeps a session that is in use even when it was stored long ago', () => {
    const c = cache({ maxSessions: 80 })
    for (let i = 0; i < 80; i++) {
      c.set(`id${i}`, data('1'), Infinity)
      // id0 is read all along, as a logged-in user's session is.
      expect(c.get('id0')).toBe('1')
    }
    for (let i = 80; i < 160; i++) {
      c.set(`id${i}`, data('1'), Infinity)
      expect(c.get('id0')).toBe('1')
    }
    expect(c.size).toBe(80)
  })

  it('evicts past maxBytes and keeps the byte count exact', () => {
    const c = cache({ maxBytes: 1000 })
    c.set('a', data('x'.repeat(200)), Infinity)
    const one = c.byteSize
    c.set('b', data('x'.repeat(200)), Infinity)
    expect(c.byteSize).toBe(2 * one)
    c.set('c', data('x'.repeat(200)), Infinity)
    expect(c.byteSize).toBeLessThanOrEqual(1000)
    expect(c.get('a')).toBeUndefined()
    c.delete('b')
    c.delete('c')
    expect(c.byteSize).toBe(0)
  })

  it('never keeps a session larger than maxBytes', () => {
    const c = cache({ maxBytes: 100 })
    c.set('a', data('x'.repeat(500)), Infinity)
    expect(c.get('a')).toBeUndefined()
    expect(c.byteSize).toBe(0)
  })

  it('replacing a session updates the byte count', () => {
    const c = cache()
    c.set('a', data('x'.repeat(100)), Infinity)
    c.set('a', data('x'), Infinity)
    c.delete('a')
    expect(c.byteSize).toBe(0)
  })

  it('expires sessions on access', () => {
    const c = cache()
    c.set('a', data('1'), now + 1000)
    now += 999
    expect(c.get('a')).toBe('1')
    now += 1
    expect(c.get('a')).toBeUndefined()
    expect(c.size).toBe(0)
  })

  it('does not store a session that is already expired', () => {
    const c = cache()
    c.set('a', data('1'), now)
    expect(c.size).toBe(0)
  })

  it('touch moves the expiry and can replace the cookie, keeping the data', () => {
    const c = cache()
    c.set('a', data('{"n":1}'), now + 1000)
    expect(c.touch('a', now + 5000)).toBe(true)
    now += 2000
    expect(c.get('a')).toBe('{"n":1}')
    expect(c.touch('a', now + 5000, '{"path":"/"}')).toBe(true)
    expect(c.get('a')).toBe('{"cookie":{"path":"/"},"n":1}')
    expect(c.touch('missing', now + 5000)).toBe(false)
  })

  it('a load slides the cookie without rewriting it, and whatever hands the session out after shows the slid expiry', () => {
    const c = cache()
    const HOUR = 3_600_000
    const DAY = 24 * HOUR
    const cookie = { originalMaxAge: DAY, expires: new Date(now + HOUR).toISOString(), path: '/' }
    c.setRecord('a', { n: 1, cookie }, HOUR)
    const bytes = c.byteSize
    now += 1000
    const slid = new Date(now + DAY).toISOString()
    expect(c.loadRecord('a')?.record.cookie).toEqual({ ...cookie, expires: slid })
    expect(JSON.parse(c.get('a') as string).cookie.expires).toBe(slid)
    expect(c.records().a?.cookie?.expires).toBe(slid)
    expect(c.getRecord('a')?.cookie?.expires).toBe(slid)
    // An ISO date is as long as the one it replaced: the byte count stays exact.
    expect(c.byteSize).toBe(bytes)
    now += 1000
    c.loadRecord('a')
    // An update that leaves the cookie alone keeps the slid expiry rather than the stored one.
    expect(c.updateRecord('a', { set: { m: 2 }, unset: [] })).toBe(true)
    expect(c.getRecord('a')).toEqual({ n: 1, m: 2, cookie: { ...cookie, expires: new Date(now + DAY).toISOString() } })
    now += 1000
    c.loadRecord('a')
    expect(c.touch('a', now + DAY)).toBe(true)
    expect(c.getRecord('a')?.cookie?.expires).toBe(new Date(now + DAY).toISOString())
  })

  it('sweep removes every expired session', () => {
    const c = cache()
    c.set('a', data('1'), now + 10)
    c.set('b', data('2'), now + 20)
    c.set('c', data('3'), Infinity)
    now += 15
    c.sweep()
    expect(c.size).toBe(2)
    expect([...c.live()].map(([id]) => id)).toEqual(['b', 'c'])
    now += 10
    expect([...c.live()].map(([id]) => id)).toEqual(['c'])
    expect(c.size).toBe(1)
  })

  it('clear forgets everything', () => {
    const c = cache()
    c.set('a', data('1'), Infinity)
    c.clear()
    expect(c.size).toBe(0)
    expect(c.byteSize).toBe(0)
  })

  it.each([
    ['maxSessions', 0],
    ['maxSessions', -5],
    ['maxBytes', 1.5],
    ['sweepInterval', Number.NaN],
    ['defaultTtl', -1],
  ])('rejects %s = %s with a clear error', (option, value) => {
    expect(() => new SessionLruCache({ [option]: value })).toThrow(`sessionkit: option ${option} is invalid`)
  })
})

describe('SessionLruCache flash in the serialized form', () => {
  it('getSerialized hands over data JSON that is exactly JSON.stringify of the record without cookie, flash merged', () => {
    const c = cache()
    // Types named like Object.prototype members ('__proto__', 'constructor', 'valueOf', …) included.
    const type = fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom('__proto__', 'constructor', 'valueOf', 'toString'))
    const messages = fc.dictionary(type, fc.array(fc.jsonValue(), { minLength: 1 }), { minKeys: 1 })
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.option(messages, { nil: undefined }), (data, flash) => {
        const { flash: _ignored, ...rest } = data
        const record = flash === undefined ? { ...rest, cookie: { path: '/' } } : { ...rest, flash, cookie: { path: '/' } }
        c.setRecord('sid', record)
        const stored = c.getSerialized('sid')
        const parsed = JSON.parse(sessionJson(stored!)) as Record<string, unknown>
        const { cookie: _cookie, ...withoutCookie } = parsed
        expect(stored?.data).toBe(JSON.stringify(withoutCookie))
        expect(parsed).toEqual(JSON.parse(JSON.stringify(record)))
      }),
    )
  })

  it('live() and records() merge flash as get does', () => {
    const c = cache()
    c.setRecord('a', { n: 1, flash: { info: ['hi'] } })
    expect([...c.live()]).toEqual([['a', '{"n":1,"flash":{"info":["hi"]}}']])
    expect(c.records()).toEqual({ a: { n: 1, flash: { info: ['hi'] } } })
  })
})
