import { randomUUID } from 'node:crypto'
import { RedisStore } from 'connect-redis'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisAvailable, redisUrl } from '../../support/services.ts'
import { describeStoreConformance, fromConnectStore, type ConnectStyleStore } from '../../support/store-conformance.ts'

/**
 * The conformance suite against the real connect-redis v10 (node-redis v6 client), through fromConnectStore:
 * proof that the suite's required and recommended parts describe what express-session stores do, and a record
 * of where connect-redis departs from the sessionkit contract (the `deviation:` tests below).
 */
const up = await redisAvailable()
const runPrefix = `sessionkit-test:connect-redis-conformance:${randomUUID()}:`
const DAY = 86_400_000

describe.skipIf(!up)('connect-redis v10', () => {
  const client = createClient({ url: redisUrl })
  beforeAll(async () => {
    await client.connect()
  })
  afterAll(async () => {
    const keys = await keysUnder(runPrefix)
    if (keys.length > 0) await client.del(keys)
    client.destroy()
  })

  async function keysUnder(prefix: string): Promise<string[]> {
    const keys: string[] = []
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) keys.push(...batch)
    return keys
  }

  describeStoreConformance(
    'RedisStore through fromConnectStore',
    async () => {
      const prefix = `${runPrefix}${randomUUID()}:`
      const redisStore = new RedisStore({ client, prefix })
      return {
        store: fromConnectStore(redisStore as unknown as ConnectStyleStore),
        redisStore,
        prefix,
        expire: async (id: string) => {
          await client.pExpire(prefix + id, 1)
          await new Promise((resolve) => setTimeout(resolve, 5))
        },
        cleanup: async () => {
          const keys = await keysUnder(prefix)
          if (keys.length > 0) await client.del(keys)
        },
      }
    },
    {
      // connect-redis takes lifetimes from cookie.expires in whole seconds (SET … EX), and touch is a bare EXPIRE.
      capabilities: { ttlArgument: false, subsecondTtl: false, touchStoresCookie: false },
      additionalTests: (current) => {
        const cookie = (ttl: number) => ({ originalMaxAge: ttl, expires: new Date(Date.now() + ttl).toISOString(), path: '/' })

        it('deviation: lifetimes are whole seconds taken from cookie.expires, rounded up (1500 ms lives 2 s)', async () => {
          const { store, prefix } = current()
          await store.set('s1', { cookie: cookie(1500) }, 1500)
          const pttl = await client.pTTL(prefix + 's1')
          expect(pttl).toBeGreaterThan(1500)
          expect(pttl).toBeLessThanOrEqual(2000)
        })

        it('deviation: the ttl argument is not seen; a record without cookie.expires lives the store ttl option (1 day)', async () => {
          const { store, prefix } = current()
          await store.set('s1', { n: 1 }, 100)
          expect(await client.pTTL(prefix + 's1')).toBeGreaterThan(DAY - 5000)
        })

        it('deviation: touch only extends the life (EXPIRE); the stored cookie keeps its old expiry', async () => {
          const { store, prefix } = current()
          const first = { cookie: cookie(60_000), n: 1 }
          await store.set('s1', first, 60_000)
          await store.touch?.('s1', { cookie: cookie(DAY), n: 1 }, DAY)
          expect(await client.pTTL(prefix + 's1')).toBeGreaterThan(DAY - 5000)
          expect((await store.get('s1'))?.cookie?.expires).toBe(first.cookie.expires)
        })

        it('deviation: corrupt JSON makes get fail (the contract wants undefined: a fresh session)', async () => {
          const { store, prefix } = current()
          await client.set(prefix + 's1', '{not json')
          await expect(store.get('s1')).rejects.toThrow(SyntaxError)
        })

        it('deviation: all() answers an array of sessions with an `id` field, which fromConnectStore turns into an object by id', async () => {
          const { redisStore } = current()
          await redisStore.set('s1', { cookie: cookie(DAY), n: 1 } as never)
          expect(await redisStore.all()).toEqual([{ cookie: expect.any(Object), n: 1, id: 's1' }])
        })
      },
    },
  )
})
