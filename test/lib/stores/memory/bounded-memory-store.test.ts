import { afterEach, describe, expect, it } from 'vitest'
import { BoundedMemoryStore } from '../../../../src/lib/stores/memory/bounded-memory-store.ts'
import { describeClockedStoreContract } from '../../../support/clocked-store-contract.ts'

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

describeClockedStoreContract('BoundedMemoryStore contract on a fake clock', (options) => new BoundedMemoryStore({ now: options.now, defaultTtl: options.ttl }))

describe('BoundedMemoryStore', () => {
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

describe('BoundedMemoryStore load and update', () => {
  it('update sets the expiry to ttl, else to the sliding lifetime; a ttl <= 0 deletes', async () => {
    const s = store({ defaultTtl: 500 })
    await s.set('a', { n: 1 }, 100)
    expect(await s.update('a', { set: { n: 2 }, unset: [] }, 1000)).toBe(true)
    now += 900
    expect(await s.get('a')).toEqual({ n: 2 })
    expect(await s.update('a', { set: {}, unset: [] })).toBe(true)
    now += 499
    expect(await s.get('a')).toEqual({ n: 2 })
    expect(await s.update('a', { set: { n: 3 }, unset: [] }, 0)).toBe(true)
    expect(await s.get('a')).toBeUndefined()
    expect(await s.update('a', { set: { n: 4 }, unset: [] })).toBe(false)
  })

  it('update never writes flash through set or unset: messages change only through flashAdd and flashRemove', async () => {
    const s = store()
    await s.set('a', { flash: { info: ['kept'] } })
    await s.update('a', { set: { flash: { error: ['ignored'] } }, unset: ['flash'] })
    expect(await s.get('a')).toEqual({ flash: { info: ['kept'] } })
  })

  it('counts flash entries in the byte size', async () => {
    const s = store()
    await s.set('a', { n: 1 })
    const plain = s.cache.byteSize
    await s.update('a', { set: {}, unset: [], flashAdd: [{ type: 'info', message: 'x'.repeat(1000) }] })
    expect(s.cache.byteSize).toBeGreaterThan(plain + 2000)
    const [entry] = (await s.load('a'))?.flash ?? []
    await s.update('a', { set: {}, unset: [], flashRemove: [entry?.id ?? ''] })
    expect(s.cache.byteSize).toBe(plain)
    await s.set('b', { flash: { info: ['y'.repeat(1000)] } })
    await s.destroy('a')
    expect(s.cache.byteSize).toBeGreaterThan(2000)
    await s.destroy('b')
    expect(s.cache.byteSize).toBe(0)
  })

  it('evicts by bytes counting flash: messages added by update can push the oldest session out', async () => {
    // 'old' takes about 120 bytes; 'young' with its message about 1900: together past 2000.
    const s = store({ maxBytes: 2000 })
    await s.set('old', { n: 1 })
    await s.set('young', { n: 2 })
    await s.update('young', { set: {}, unset: [], flashAdd: [{ type: 'info', message: 'z'.repeat(850) }] })
    expect(await s.get('old')).toBeUndefined()
    expect((await s.get('young'))?.flash).toEqual({ info: ['z'.repeat(850)] })
  })
})

describe('BoundedMemoryStore sessions of a user', () => {
  it('keeps createdAt across rewrites and moves lastSeenAt on load, touch and update (not get, the hot read)', async () => {
    const s = store({ userKey: 'user' })
    const created = now
    await s.set('a', { user: 'u1' })
    now += 10
    await s.set('a', { user: 'u1', n: 1 })
    const seen = async () => (await s.listSessionsOfUser('u1'))[0]
    expect((await seen())?.createdAt.getTime()).toBe(created)
    expect((await seen())?.lastSeenAt.getTime()).toBe(now)
    now += 10
    await s.get('a')
    expect((await seen())?.lastSeenAt.getTime()).toBe(now - 10)
    for (const use of [() => s.load('a'), () => s.touch('a', { user: 'u1' }), () => s.update('a', { set: {}, unset: [] })]) {
      now += 10
      await use()
      expect((await seen())?.lastSeenAt.getTime()).toBe(now)
    }
    expect((await seen())?.expiresAt.getTime()).toBe(now + 86_400_000)
  })

  it('reads the user from a userKey function; numbers become strings', async () => {
    const s = store({ userKey: (record) => (record.account as { id?: number } | undefined)?.id })
    await s.set('a', { account: { id: 7 } })
    await s.set('b', { account: {} })
    expect((await s.listSessionsOfUser('7')).map((info) => info.id)).toEqual(['a'])
  })

  it('forgets a user once the last session goes by eviction, expiry, destroy or clear', async () => {
    const s = store({ userKey: 'user', maxSessions: 2 })
    await s.set('a', { user: 'evicted' })
    await s.set('b', { user: 'expired' }, 100)
    await s.set('c', { user: 'kept' })
    expect(s.cache.userCount).toBe(2)
    expect(await s.listSessionsOfUser('evicted')).toEqual([])
    now += 100
    s.cache.sweep()
    expect(s.cache.userCount).toBe(1)
    await s.destroy('c')
    expect(s.cache.userCount).toBe(0)
    await s.set('d', { user: 'cleared' })
    await s.clear()
    expect(s.cache.userCount).toBe(0)
  })

  it.each([[''], [42], [{}]])('rejects userKey = %j with a clear error', (userKey) => {
    expect(() => new BoundedMemoryStore({ userKey: userKey as never })).toThrow('sessionkit: option userKey is invalid')
  })
})
