import { afterEach, describe, expect, it } from 'vitest'
import { BoundedMemoryStore } from '../../../../src/lib/stores/memory/bounded-memory-store.ts'

let now = Date.parse('2026-01-01T00:00:00Z')
const stores: BoundedMemoryStore[] = []
function store(options: ConstructorParameters<typeof BoundedMemoryStore>[0] = {}): BoundedMemoryStore {
  const created = new BoundedMemoryStore({ now: () => now, ...options })
  stores.push(created)
  return created
}
afterEach(async () => {
  for (const created of stores.splice(0)) await created.close()
})

describe('BoundedMemoryStore', () => {
  it('keeps records serialized: callers cannot change stored state by reference', async () => {
    const s = store()
    const record = { cookie: { originalMaxAge: null }, cart: ['apple'] }
    await s.set('a', record)
    record.cart.push('pear')
    const loaded = await s.get('a')
    expect(loaded?.cart).toEqual(['apple'])
    ;(loaded?.cart as string[]).push('plum')
    expect((await s.get('a'))?.cart).toEqual(['apple'])
  })

  it('turns Dates into strings, as JSON does', async () => {
    const s = store()
    await s.set('a', { at: new Date(0) })
    expect((await s.get('a'))?.at).toBe('1970-01-01T00:00:00.000Z')
  })

  it('expires by ttl, else by the cookie expiry, else by defaultTtl', async () => {
    const s = store({ defaultTtl: 100 })
    await s.set('ttl', {}, 50)
    await s.set('cookie', { cookie: { expires: new Date(now + 70).toISOString() } })
    await s.set('default', {})
    now += 60
    expect(await s.get('ttl')).toBeUndefined()
    expect(await s.get('cookie')).toBeDefined()
    now += 20
    expect(await s.get('cookie')).toBeUndefined()
    expect(await s.get('default')).toBeDefined()
    now += 30
    expect(await s.get('default')).toBeUndefined()
  })

  it('touch extends the life without rewriting the data', async () => {
    const s = store()
    await s.set('a', { n: 1 }, 100)
    now += 90
    await s.touch('a', { n: 2 }, 100)
    now += 90
    expect(await s.get('a')).toEqual({ n: 1 })
  })

  it('has the full contract: destroy, all, length, clear', async () => {
    const s = store()
    await s.set('a', { n: 1 })
    await s.set('b', { n: 2 })
    expect(await s.length()).toBe(2)
    expect(await s.all()).toEqual({ a: { n: 1 }, b: { n: 2 } })
    await s.destroy('a')
    await s.destroy('never-existed')
    expect(await s.length()).toBe(1)
    await s.clear()
    expect(await s.all()).toEqual({})
  })

  it('stays within maxSessions', async () => {
    const s = store({ maxSessions: 10 })
    for (let i = 0; i < 100; i++) await s.set(`id${i}`, { i })
    expect(await s.length()).toBe(10)
    expect(await s.get('id99')).toEqual({ i: 99 })
    expect(await s.get('id0')).toBeUndefined()
  })
})
