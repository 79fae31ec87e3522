import { randomBytes } from 'node:crypto'
import { createClient } from 'redis'
import { RedisStore, type RedisCommandClient } from '../../../src/stores/redis.ts'
import { redisAvailable, redisUrl } from '../../support/services.ts'
import { describeConcurrencyTrials } from '../support/concurrency-trials.ts'

/** Concurrency proof on the Redis store (REDIS_URL, node-redis v6): its Lua load and partial-update scripts. */

const up = await redisAvailable()

describeConcurrencyTrials(
  'RedisStore',
  async () => {
    const client = createClient({ url: redisUrl })
    await client.connect()
    const prefix = `sk-proof:concurrency:${randomBytes(4).toString('hex')}:`
    const store = new RedisStore({ client: client as unknown as RedisCommandClient, prefix })
    return {
      store,
      cleanup: async () => {
        await store.clear()
        await client.quit()
      },
    }
  },
  !up,
)
