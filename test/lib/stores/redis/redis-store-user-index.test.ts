import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { RedisStore, type RedisStoreOptions } from '../../../../src/stores/redis.ts'
import { redisAvailable } from '../../../support/services.ts'
import { clientKinds, connectCountedClientForSuite, uniquePrefix } from './redis-clients.ts'

const up = await redisAvailable()
const hour = 3_600_000

describe.skipIf(!up).each(clientKinds)('RedisStore per-user index on $kind', ({ kind }) => {
  const base = uniquePrefix(`users-${kind.replace(/\W/g, '')}`)
  let storeCount = 0
  let now = Date.parse('2026-01-01T00:00:00Z')

  const connection = connectCountedClientForSuite(kind, base)
  const send = connection.send

  // Each test its own prefix, so user ids never collide between tests.
  function store(options: Partial<RedisStoreOptions> = {}): RedisStore {
    return new RedisStore({ client: connection.client, prefix: `${base}${++storeCount}:`, userKey: 'userId', now: () => now, ...options })
  }

  it('lists live sessions, most recently seen first, with times and records without flash', async () => {
    // ttl: the lifetime load slides these cookie-less sessions by; every load records "last seen".
    const s = store({ ttl: hour, lastSeenResolution: 0 })
    now += 1000
    await s.set('a', { userId: 'alice', agent: 'firefox', flash: { info: ['x'] } }, hour)
    now += 1000
    await s.set('b', { userId: 'alice', agent: 'curl' }, hour)
    await s.set('c', { userId: 'bob' }, hour)
    now += 1000
    const loadedAt = now
    await s.load('a')
    const sessions = await s.listSessionsOfUser('alice')
    expect(sessions.map((session) => session.id)).toEqual(['a', 'b'])
    expect(sessions[0]?.record).toEqual({ userId: 'alice', agent: 'firefox' })
    expect(sessions[0]?.lastSeenAt.getTime()).toBe(loadedAt)
    expect(sessions[0]?.createdAt.getTime()).toBe(loadedAt - 2000)
    expect(sessions[0]?.expiresAt.getTime()).toBeGreaterThan(now + hour - 5000)
    expect(sessions[0]?.expiresAt.getTime()).toBeLessThanOrEqual(now + hour)
    expect((await s.listSessionsOfUser('bob')).map((session) => session.id)).toEqual(['c'])
    expect(await s.listSessionsOfUser('nobody')).toEqual([])
  })

  it('a read records "last seen" only once the stored one is lastSeenResolution old', async () => {
    const s = store({ ttl: hour, lastSeenResolution: 60_000 })
    const setAt = now
    await s.set('a', { userId: 'alice' }, hour)
    now += 59_999
    await s.load('a')
    expect((await s.listSessionsOfUser('alice'))[0]?.lastSeenAt.getTime()).toBe(setAt)
    now += 1
    await s.load('a')
    expect((await s.listSessionsOfUser('alice'))[0]?.lastSeenAt.getTime()).toBe(now)
  })

  it('a read moves the expiry only once that moves it by more than a tenth of the lifetime', async () => {
    const s = store({ ttl: 2000 })
    await s.set('a', { userId: 'alice' }, 2000)
    const key = `${base}${storeCount}:{a}`
    await sleep(50)
    await s.load('a')
    expect((await send(['PTTL', key])) as number).toBeLessThanOrEqual(1950)
    await sleep(200)
    await s.load('a')
    expect((await send(['PTTL', key])) as number).toBeGreaterThan(1900)
  })

  it("a read that does not move the expiry reports the key's real one", async () => {
    const s = store({ ttl: 2000 })
    await s.set('a', { userId: 'alice', cookie: { originalMaxAge: 2000, expires: new Date(now + 2000).toISOString() } }, 2000)
    await sleep(50)
    const loaded = await s.load('a')
    const reported = Date.parse(loaded?.record.cookie?.expires as string) - now
    expect(reported).toBeLessThanOrEqual(1950)
    expect(reported).toBeGreaterThan(1500)
  })

  it('createdAt survives a replacing set', async () => {
    const s = store()
    const createdAt = now
    await s.set('a', { userId: 'alice' })
    now += 5000
    await s.set('a', { userId: 'alice', n: 2 })
    const [session] = await s.listSessionsOfUser('alice')
    expect(session?.createdAt.getTime()).toBe(createdAt)
    expect(session?.lastSeenAt.getTime()).toBe(now)
  })

  it('numeric user ids and a function userKey index the same way', async () => {
    const s = store({ userKey: (record) => (record.passport as { user?: number } | undefined)?.user })
    await s.set('a', { passport: { user: 42 } })
    expect((await s.listSessionsOfUser('42')).map((session) => session.id)).toEqual(['a'])
    // The function reads `passport`: an update that changes it moves the session; one that does not keeps it.
    await s.update('a', { set: { other: 1 }, unset: [] })
    expect((await s.listSessionsOfUser('42')).map((session) => session.id)).toEqual(['a'])
    await s.update('a', { set: { passport: {} }, unset: [] })
    expect(await s.listSessionsOfUser('42')).toEqual([])
  })

  it('a session whose user changes moves index; one whose user key is removed leaves it', async () => {
    const s = store()
    await s.set('a', { userId: 'alice' })
    await s.set('b', { userId: 'alice' })
    expect(await s.update('a', { set: { userId: 'bob' }, unset: [] })).toBe(true)
    expect(await s.update('b', { set: {}, unset: ['userId'] })).toBe(true)
    expect(await s.listSessionsOfUser('alice')).toEqual([])
    expect((await s.listSessionsOfUser('bob')).map((session) => session.id)).toEqual(['a'])
    await s.set('a', { anonymous: true })
    expect(await s.listSessionsOfUser('bob')).toEqual([])
  })

  it('never lists destroyed or expired sessions, and removes them from the index (self-cleaning)', async () => {
    const s = store()
    await s.set('gone', { userId: 'alice' })
    await s.set('short', { userId: 'alice' }, 20)
    await s.set('live', { userId: 'alice' })
    await s.destroy('gone')
    await sleep(60)
    const indexKey = `${base}${storeCount}:user:{${(await import('node:crypto')).createHash('sha256').update('alice').digest('base64url')}}`
    expect(await send(['ZCARD', indexKey])).toBe(3)
    expect((await s.listSessionsOfUser('alice')).map((session) => session.id)).toEqual(['live'])
    expect(await send(['ZRANGE', indexKey, '0', '-1'])).toEqual(['live'])
  })

  it('an update to a missing session adds no live entry', async () => {
    const s = store()
    expect(await s.update('ghost', { set: { userId: 'alice' }, unset: [] })).toBe(false)
    expect(await s.listSessionsOfUser('alice')).toEqual([])
  })

  it('destroySessionsOfUser destroys all but except, counts them, and spares sessions that changed user', async () => {
    const s = store()
    for (const id of ['a', 'b', 'c', 'd']) await s.set(id, { userId: 'alice' })
    await s.set('other', { userId: 'bob' })
    await s.update('d', { set: { userId: 'bob' }, unset: [] })
    expect(await s.destroySessionsOfUser('alice', { except: 'a' })).toBe(2)
    expect(await s.get('a')).toBeDefined()
    expect(await s.get('b')).toBeUndefined()
    expect(await s.get('d')).toEqual({ userId: 'bob' })
    expect((await s.listSessionsOfUser('alice')).map((session) => session.id)).toEqual(['a'])
    await s.set('e', { userId: 'alice' })
    expect(await s.destroySessionsOfUser('alice', { except: ['a', 'e'] })).toBe(0)
    expect(await s.destroySessionsOfUser('alice')).toBe(2)
    expect(await s.listSessionsOfUser('alice')).toEqual([])
    expect((await s.listSessionsOfUser('bob')).map((session) => session.id).sort()).toEqual(['d', 'other'])
  })

  it('the index key expires twice the longest session lifetime after its last write', async () => {
    const s = store({ ttl: 10_000 })
    await s.set('a', { userId: 'alice' })
    await s.set('b', { userId: 'alice', cookie: { originalMaxAge: hour, expires: 'x' } }, hour)
    await s.set('c', { userId: 'alice' }, 1000)
    const indexKey = (await send(['KEYS', `${base}${storeCount}:user:*`])) as string[]
    const pttl = (await send(['PTTL', indexKey[0] as string])) as number
    expect(pttl).toBeGreaterThan(2 * hour - 5000)
    expect(pttl).toBeLessThanOrEqual(2 * hour)
  })

  it('a session kept alive by reads alone refreshes its index at most once per half lifetime', async () => {
    const s = store({ ttl: 10_000 })
    await s.set('a', { userId: 'alice' })
    connection.commands.length = 0
    now += 4000
    await s.load('a')
    expect(connection.commands).toHaveLength(1)
    now += 2000
    await s.load('a')
    await sleep(20)
    expect(connection.commands).toHaveLength(3)
    expect(connection.commands[2]?.[0]).toMatch(/^EVAL/)
  })

  it('without userKey the per-user methods throw a sessionkit error saying to pass it', async () => {
    const s = store({ userKey: undefined })
    await expect(s.listSessionsOfUser('alice')).rejects.toThrow(/^sessionkit: RedisStore.listSessionsOfUser\(\) needs .*userKey/)
    await expect(s.destroySessionsOfUser('alice')).rejects.toThrow(/^sessionkit: .*userKey/)
  })

  it('any user id is safe in a key: it is hashed', async () => {
    const s = store()
    const weird = '{evil}* ?[x]\n' + 'ü'.repeat(1000)
    await s.set('a', { userId: weird })
    expect((await s.listSessionsOfUser(weird)).map((session) => session.id)).toEqual(['a'])
    const keys = (await send(['KEYS', `${base}${storeCount}:user:*`])) as string[]
    expect(keys).toHaveLength(1)
    expect(keys[0]).toMatch(/user:\{[A-Za-z0-9_-]{43}\}$/)
  })
})
