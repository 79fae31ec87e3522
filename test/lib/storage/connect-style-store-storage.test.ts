import { randomUUID } from 'node:crypto'
import { RedisStore as ConnectRedisStore } from 'connect-redis'
import expressSession from 'express-session'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signValue } from '../../../src/lib/core/cookie-signature.ts'
import { createStoreSessionStorage } from '../../../src/lib/storage/store-session-storage.ts'
import { redisAvailable, redisUrl } from '../../support/services.ts'

// express-session's own stores keep sessions for the storages of `sessionkit` too, through their Promise face.
const secrets = ['connect-style stores secret, 32 bytes']
const redisUp = await redisAvailable()
const redis = createClient({ url: redisUrl })
const prefix = `sk-connect-storage-${randomUUID()}:`
beforeAll(async () => {
  if (redisUp) await redis.connect()
})
afterAll(async () => {
  if (!redisUp) return
  for await (const keys of redis.scanIterator({ MATCH: `${prefix}*` })) if (keys.length) await redis.del(keys)
  await redis.quit()
})

const stores = [
  { name: "express-session's MemoryStore", up: true, create: () => new expressSession.MemoryStore() },
  { name: 'connect-redis', up: redisUp, create: () => new ConnectRedisStore({ client: redis, prefix }) },
]

describe('createStoreSessionStorage over an express-session store', () => {
  it.for(stores)('$name: counts, flashes once, regenerates and destroys', async ({ up, create }, { skip }) => {
    if (!up) skip()
    const storage = createStoreSessionStorage(create(), { secrets })
    const step = async (cookie: string | null, change: (session: Awaited<ReturnType<typeof storage.read>>) => void) => {
      const session = await storage.read(cookie)
      change(session)
      return { session, cookie: (await storage.save(session)) ?? cookie }
    }
    const one = await step(null, (s) => s.set('count', 1))
    const two = await step(one.cookie, (s) => {
      s.set('count', Number(s.get('count')) + 1)
      s.flash('message', 'saved')
    })
    expect(two.session.get('count')).toBe(2)
    const three = await step(two.cookie, () => {})
    expect(three.session.get('message')).toBe('saved')
    const four = await step(three.cookie, (s) => s.regenerateId(true))
    expect(four.session.get('message')).toBeUndefined()
    expect(four.session.get('count')).toBe(2)
    expect((await storage.read(three.cookie)).get('count')).toBeUndefined()
    const five = await storage.read(four.cookie)
    five.destroy()
    expect(await storage.save(five)).toBe('')
    expect((await storage.read(four.cookie)).get('count')).toBeUndefined()
  })

  it('treats a store error with code ENOENT as "no session", as express-session does', async () => {
    const store = new expressSession.MemoryStore()
    let asked = 0
    store.get = (_sid, callback) => {
      asked++
      callback(Object.assign(new Error('gone'), { code: 'ENOENT' }))
    }
    const session = await createStoreSessionStorage(store, { secrets }).read(signValue('some-id', secrets[0] as string))
    expect(asked).toBe(1)
    expect(session.state).toBe('new')
  })
})
