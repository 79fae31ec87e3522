import { randomUUID } from 'node:crypto'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStoreSessionStorage } from '../../../src/lib/storage/store-session-storage.ts'
import { createRedisStore, type RedisCommandClient } from '../../../src/stores/redis.ts'
import { redisAvailable, redisUrl } from '../../support/services.ts'

// The storage over the real Redis store: the same flows as on memory, and the round trips counted on the wire.
const up = await redisAvailable()
const prefix = `sk-test:storage:${randomUUID().slice(0, 8)}:`

describe.skipIf(!up)('createStoreSessionStorage over RedisStore (real server)', () => {
  const client = createClient({ url: redisUrl })
  const commands: string[][] = []

  beforeAll(async () => {
    await client.connect()
    const sendCommand = client.sendCommand.bind(client) as (args: string[]) => Promise<unknown>
    Object.assign(client, {
      sendCommand: (args: string[]) => {
        commands.push([...args])
        return sendCommand(args)
      },
    })
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
  afterAll(async () => {
    let cursor = '0'
    do {
      const [next, keys] = (await client.sendCommand(['SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '500'])) as [string, string[]]
      cursor = String(next)
      if (keys.length > 0) await client.sendCommand(['UNLINK', ...keys])
    } while (cursor !== '0')
    await client.quit()
  })

  function storage() {
    return createStoreSessionStorage(createRedisStore({ client: client as unknown as RedisCommandClient, prefix, userKey: 'userId' }), {
      secrets: 'redis storage test secret',
      ttl: 60_000,
    })
  }

  /** The commands `run` sends, without the ones before it. */
  async function commandsOf(run: () => Promise<unknown>): Promise<string[]> {
    const start = commands.length
    await run()
    return commands.slice(start).map((command) => command[0] as string)
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
