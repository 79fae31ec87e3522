import { beforeAll, describe, expect, it } from 'vitest'
import { createStoreSessionStorage } from '../../../src/lib/storage/store-session-storage.ts'
import { createRedisStore } from '../../../src/stores/redis.ts'
import { redisAvailable } from '../../support/services.ts'
import { connectCountedClientForSuite, uniquePrefix } from '../stores/redis/redis-clients.ts'

// The storage over the real Redis store: the same flows as on memory, and the round trips counted on the wire.
const up = await redisAvailable()
const prefix = uniquePrefix('storage')

describe.skipIf(!up)('createStoreSessionStorage over RedisStore (real server)', () => {
  const redis = connectCountedClientForSuite('node-redis v6', prefix)

  beforeAll(async () => {
    // Warm Redis's script cache, so a first EVALSHA's NOSCRIPT retry is not counted as a round trip below.
    const s = storage()
    const warm = await s.read(null)
    warm.set('warm', 1)
    const cookie = await s.save(warm)
    const again = await s.read(cookie)
    again.set('warm', 2)
    await s.save(again)
    again.destroy()
    await s.save(again)
  })

  function storage() {
    return createStoreSessionStorage(createRedisStore({ client: redis.client, prefix, userKey: 'userId' }), {
      secrets: 'redis storage test secret',
      ttl: 60_000,
    })
  }

  /** The commands `run` sends, without the ones before it. */
  async function commandsOf(run: () => Promise<unknown>): Promise<string[]> {
    const start = redis.commands.length
    await run()
    return redis.commands.slice(start).map((command) => command[0] as string)
  }

  it('counter, flash and destroy flows, with one round trip per read and per changed save', async () => {
    const s = storage()
    const first = await s.read(null)
    first.set('count', 1)
    let cookie: string | null = null
    expect(await commandsOf(async () => (cookie = await s.save(first)))).toHaveLength(1)

    const second = await s.read(cookie)
    second.set('count', Number(second.get('count')) + 1)
    second.flash('notice', 'saved')
    expect(await commandsOf(() => s.save(second))).toHaveLength(1)

    let third = await s.read(null)
    expect(await commandsOf(async () => (third = await s.read(cookie)))).toHaveLength(1)
    expect([third.get('count'), third.get('notice')]).toEqual([2, 'saved'])
    await s.save(third)
    const fourth = await s.read(cookie)
    expect(fourth.get('notice')).toBeUndefined()
    expect(await commandsOf(() => s.save(fourth))).toEqual([])

    fourth.destroy()
    expect(await s.save(fourth)).toBe('')
    expect((await s.read(cookie)).state).toBe('new')
  })

  it('parallel requests keep each other\'s keys and flash values', async () => {
    const s = storage()
    const session = await s.read(null)
    session.set('userId', 'u1')
    const cookie = await s.save(session)
    const parallel = await Promise.all(Array.from({ length: 8 }, () => s.read(cookie)))
    parallel.forEach((each, index) => {
      each.set(`k${index}`, index)
      each.flash(`f${index}`, index)
    })
    await Promise.all(parallel.map((each) => s.save(each)))
    const next = await s.read(cookie)
    for (let index = 0; index < 8; index++) expect([next.get(`k${index}`), next.get(`f${index}`)]).toEqual([index, index])
  })

  it('a session revoked by destroySessionsOfUser is not recreated by a request that had read it', async () => {
    const s = storage()
    const session = await s.read(null)
    session.set('userId', 'u2')
    const cookie = await s.save(session)
    const inFlight = await s.read(cookie)
    expect(await s.store.destroySessionsOfUser?.('u2')).toBe(1)
    inFlight.set('late', true)
    expect(await s.save(inFlight)).toBe('')
    expect(await s.store.get(session.id)).toBeUndefined()
  })

  it('regenerateId(true) moves the data to a new id and deletes the old one', async () => {
    const s = storage()
    const session = await s.read(null)
    session.set('userId', 'u3')
    const oldCookie = await s.save(session)
    const login = await s.read(oldCookie)
    login.regenerateId(true)
    const newCookie = await s.save(login)
    expect((await s.read(newCookie)).get('userId')).toBe('u3')
    expect((await s.read(oldCookie)).state).toBe('new')
  })
})
