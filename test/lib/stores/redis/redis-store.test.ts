import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { RedisStore, type RedisStoreOptions } from '../../../../src/stores/redis.ts'
import { redisAvailable } from '../../../support/services.ts'
import { clientKinds, connectCountedClientForSuite, uniquePrefix } from './redis-clients.ts'

const up = await redisAvailable()
const hour = 3_600_000

describe.skipIf(!up).each(clientKinds)('RedisStore contract on $kind', ({ kind }) => {
  const prefix = uniquePrefix(`contract-${kind.replace(/\W/g, '')}`)
  let counter = 0
  const nextId = () => `id-${++counter}_AZaz09-.~+/=:`

  const connection = connectCountedClientForSuite(kind, prefix)
  const send = connection.send

  function store(options: Partial<RedisStoreOptions> = {}): RedisStore {
    return new RedisStore({ client: connection.client, prefix, ...options })
  }

  it('set then get round-trips a record as JSON does, cookie included', async () => {
    const s = store()
    const id = nextId()
    const expires = new Date(Date.now() + hour).toISOString()
    await s.set(id, { cookie: { originalMaxAge: hour, expires, httpOnly: true, path: '/' }, cart: ['apple'], empty: [], nested: { b: 1, a: [] }, at: new Date(0), gone: undefined })
    expect(await s.get(id)).toEqual({ cookie: { originalMaxAge: hour, expires, httpOnly: true, path: '/' }, cart: ['apple'], empty: [], nested: { b: 1, a: [] }, at: '1970-01-01T00:00:00.000Z' })
  })

  it('stored values are copies: changing a returned or given record never changes the store', async () => {
    const s = store()
    const id = nextId()
    const record = { cart: ['apple'] }
    await s.set(id, record)
    record.cart.push('pear')
    const first = await s.get(id)
    ;(first?.cart as string[]).push('plum')
    expect((await s.get(id))?.cart).toEqual(['apple'])
  })

  it('set replaces everything, flash included; get merges flash back in connect-flash shape', async () => {
    const s = store()
    const id = nextId()
    await s.set(id, { a: 1, b: 2, flash: { info: ['one', 'two'], error: ['bad'] } })
    expect(await s.get(id)).toEqual({ a: 1, b: 2, flash: { info: ['one', 'two'], error: ['bad'] } })
    await s.set(id, { a: 3 })
    expect(await s.get(id)).toEqual({ a: 3 })
  })

  it('a missing, destroyed or unsafe id is undefined; destroying an unknown id is fine', async () => {
    const s = store()
    const id = nextId()
    expect(await s.get(id)).toBeUndefined()
    await s.set(id, { a: 1 })
    await s.destroy(id)
    expect(await s.get(id)).toBeUndefined()
    await s.destroy(id)
    expect(await s.get('a{b}')).toBeUndefined()
    expect(await s.load('has space')).toBeUndefined()
    await expect(s.set('a*b', {})).rejects.toThrow(/^sessionkit: RedisStore cannot store session id #[0-9a-f]{8}/)
    await expect(s.update('x'.repeat(257), { set: {}, unset: [] })).rejects.toThrow(/^sessionkit:/)
  })

  it('expiry: the ttl argument, else the ttl option (PTTL); ttl <= 0 deletes', async () => {
    const s = store({ ttl: 2 * hour })
    const a = nextId()
    const b = nextId()
    await s.set(a, { n: 1 }, 5000)
    await s.set(b, { n: 1 })
    const pttlA = (await send(['PTTL', `${prefix}{${a}}`])) as number
    const pttlB = (await send(['PTTL', `${prefix}{${b}}`])) as number
    expect(pttlA).toBeGreaterThan(4000)
    expect(pttlA).toBeLessThanOrEqual(5000)
    expect(pttlB).toBeGreaterThan(2 * hour - 5000)
    expect(pttlB).toBeLessThanOrEqual(2 * hour)
    await s.set(a, { n: 2 }, 0)
    expect(await s.get(a)).toBeUndefined()
    await s.set(b, { n: 2 }, -5)
    expect(await send(['EXISTS', `${prefix}{${b}}`])).toBe(0)
  })

  it('expired sessions are never returned', async () => {
    const s = store()
    const id = nextId()
    await s.set(id, { n: 1 }, 20)
    await sleep(60)
    expect(await s.get(id)).toBeUndefined()
    expect(await s.load(id)).toBeUndefined()
    expect(await s.update(id, { set: { n: 2 }, unset: [] })).toBe(false)
    expect(await s.ids()).not.toContain(id)
  })

  it('get does not slide the expiry', async () => {
    const s = store()
    const id = nextId()
    await s.set(id, { n: 1 }, 5000)
    await s.get(id)
    expect(await send(['PTTL', `${prefix}{${id}}`])).toBeLessThanOrEqual(5000)
  })

  it('touch extends the expiry and stores the new cookie without rewriting data; a missing session stays missing', async () => {
    const s = store()
    const id = nextId()
    await s.set(id, { n: 1, cookie: { originalMaxAge: 5000, expires: 'old' } }, 5000)
    await s.touch(id, { n: 2, cookie: { originalMaxAge: hour, expires: 'new' } }, hour)
    expect(await s.get(id)).toEqual({ n: 1, cookie: { originalMaxAge: hour, expires: 'new' } })
    expect(await send(['PTTL', `${prefix}{${id}}`])).toBeGreaterThan(hour - 5000)
    const missing = nextId()
    await s.touch(missing, { n: 1 }, hour)
    expect(await send(['EXISTS', `${prefix}{${missing}}`])).toBe(0)
  })

  it('load slides the expiry by the lifetime the session was written with and moves cookie.expires', async () => {
    const s = store({ ttl: 7000 })
    const withCookie = nextId()
    const without = nextId()
    await s.set(withCookie, { n: 1, cookie: { originalMaxAge: hour, expires: new Date(Date.now() + 1000).toISOString() }, flash: { info: ['hi'] } }, 1000)
    await s.set(without, { n: 1 }, 1000)
    const before = Date.now()
    const loaded = await s.load(withCookie)
    expect(loaded?.record.n).toBe(1)
    expect(loaded?.record.flash).toBeUndefined()
    expect(loaded?.flash).toEqual([{ id: expect.any(String), type: 'info', message: 'hi' }])
    const expires = Date.parse(loaded?.record.cookie?.expires as string)
    expect(expires).toBeGreaterThanOrEqual(before + hour)
    expect(expires).toBeLessThanOrEqual(Date.now() + hour)
    expect(await send(['PTTL', `${prefix}{${withCookie}}`])).toBeGreaterThan(hour - 5000)
    await s.load(without)
    const pttl = (await send(['PTTL', `${prefix}{${without}}`])) as number
    expect(pttl).toBeGreaterThan(6000)
    expect(pttl).toBeLessThanOrEqual(7000)
  })

  it('disableTouch: touch and load leave the expiry alone', async () => {
    const s = store({ disableTouch: true })
    const id = nextId()
    const expires = new Date(Date.now() + 5000).toISOString()
    await s.set(id, { n: 1, cookie: { originalMaxAge: hour, expires } }, 5000)
    await s.touch(id, { n: 1, cookie: { originalMaxAge: hour, expires: 'later' } }, hour)
    const loaded = await s.load(id)
    expect(loaded?.record.cookie?.expires).toBe(expires)
    expect(await send(['PTTL', `${prefix}{${id}}`])).toBeLessThanOrEqual(5000)
  })

  it('disableTTL: keys never expire, and load still works', async () => {
    const s = store({ disableTTL: true })
    const id = nextId()
    await s.set(id, { n: 1, cookie: { originalMaxAge: hour, expires: 'x' } }, 5000)
    expect(await send(['PTTL', `${prefix}{${id}}`])).toBe(-1)
    expect((await s.load(id))?.record.n).toBe(1)
    expect(await s.update(id, { set: { n: 2 }, unset: [] }, 5000)).toBe(true)
    await s.touch(id, { cookie: { originalMaxAge: hour, expires: 'y' } }, 5000)
    expect(await send(['PTTL', `${prefix}{${id}}`])).toBe(-1)
    expect(await s.get(id)).toEqual({ n: 2, cookie: { originalMaxAge: hour, expires: 'y' } })
  })

  it('update writes only set keys, removes unset keys, sets the expiry and never touches other keys', async () => {
    const s = store()
    const id = nextId()
    await s.set(id, { a: 1, b: 2, c: 3, cookie: { originalMaxAge: null } }, 5000)
    expect(await s.update(id, { set: { a: 10, d: [], cookie: { originalMaxAge: hour, expires: 'e' } }, unset: ['b'] }, hour)).toBe(true)
    expect(await s.get(id)).toEqual({ a: 10, c: 3, d: [], cookie: { originalMaxAge: hour, expires: 'e' } })
    expect(await send(['PTTL', `${prefix}{${id}}`])).toBeGreaterThan(hour - 5000)
  })

  it('update of a missing session resolves false and creates nothing', async () => {
    const s = store()
    const id = nextId()
    expect(await s.update(id, { set: { a: 1 }, unset: [], flashAdd: [{ type: 'info', message: 'x' }] })).toBe(false)
    expect(await send(['EXISTS', `${prefix}{${id}}`])).toBe(0)
    await s.set(id, { a: 1 })
    await s.destroy(id)
    expect(await s.update(id, { set: { a: 2 }, unset: [] })).toBe(false)
    expect(await s.get(id)).toBeUndefined()
  })

  it('concurrent updates to different keys both persist', async () => {
    const s = store()
    const id = nextId()
    await s.set(id, { a: 0, b: 0 })
    await Promise.all([s.update(id, { set: { a: 1 }, unset: [] }), s.update(id, { set: { b: 1 }, unset: [] })])
    expect(await s.get(id)).toEqual({ a: 1, b: 1 })
  })

  it('40 concurrent flash-adding updates all persist, in order within each request', async () => {
    const s = store()
    const id = nextId()
    await s.set(id, {})
    await Promise.all(
      Array.from({ length: 40 }, (_, request) =>
        s.update(id, { set: {}, unset: [], flashAdd: [{ type: 'info', message: `${request}-first` }, { type: 'info', message: `${request}-second` }] }),
      ),
    )
    const loaded = await s.load(id)
    const messages = loaded?.flash.map((entry) => entry.message as string) ?? []
    expect(messages).toHaveLength(80)
    expect(new Set(loaded?.flash.map((entry) => entry.id)).size).toBe(80)
    for (let request = 0; request < 40; request++) {
      expect(messages.indexOf(`${request}-first`)).toBeLessThan(messages.indexOf(`${request}-second`))
      expect(messages.indexOf(`${request}-first`)).toBeGreaterThanOrEqual(0)
    }
  })

  it('removing flash by id leaves messages added meanwhile; unknown ids are ignored', async () => {
    const s = store()
    const id = nextId()
    await s.set(id, { flash: { info: ['old'] } })
    const read = await s.load(id)
    await s.update(id, { set: {}, unset: [], flashAdd: [{ type: 'info', message: 'meanwhile' }] })
    await s.update(id, { set: {}, unset: [], flashRemove: [...(read?.flash.map((entry) => entry.id) ?? []), '999999', 'not-a-number'] })
    expect((await s.load(id))?.flash.map((entry) => entry.message)).toEqual(['meanwhile'])
    expect(await s.get(id)).toEqual({ flash: { info: ['meanwhile'] } })
  })

  it('a set between a read and its flash removal never lets an old id name a new message', async () => {
    const s = store()
    const id = nextId()
    await s.set(id, { flash: { info: ['first'] } })
    const read = await s.load(id)
    await s.set(id, { flash: { info: ['replacement'] } })
    await s.update(id, { set: {}, unset: [], flashRemove: read?.flash.map((entry) => entry.id) ?? [] })
    expect((await s.get(id))?.flash).toEqual({ info: ['replacement'] })
  })

  it('keeps keys that look special (__proto__, cookie-like, flash) as plain data', async () => {
    const s = store()
    const id = nextId()
    const record = JSON.parse('{"__proto__":{"polluted":true},"constructor":1,"d:x":2,"m:user":3}') as Record<string, unknown>
    await s.set(id, record)
    const loaded = await s.get(id)
    expect(JSON.stringify(loaded)).toBe(JSON.stringify(record))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
