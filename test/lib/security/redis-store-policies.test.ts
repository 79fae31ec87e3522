import { randomUUID } from 'node:crypto'
import { RedisStore as ConnectRedisStore } from 'connect-redis'
import { createClient } from 'redis'
import { describe } from 'vitest'
import { RedisStore } from '../../../src/lib/stores/redis/redis-store.ts'
import type { RedisCommandClient } from '../../../src/stores/redis.ts'
import type { ConnectStyleStore } from '../../../src/lib/storage/connect-style-store.ts'
import { redisAvailable, redisUrl } from '../../support/services.ts'
import { describeSessionPolicies } from '../../support/session-policy-scenarios.ts'

const up = await redisAvailable()

// A client of its own per store, and every key under a prefix of its own, deleted afterwards.
async function connectedClient() {
  const client = createClient({ url: redisUrl })
  await client.connect()
  return {
    client,
    async dropKeys(prefix: string): Promise<void> {
      const keys: string[] = []
      for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) keys.push(...batch)
      if (keys.length > 0) await client.del(keys)
      client.destroy()
    },
  }
}

describe.skipIf(!up)('the session policies on Redis', () => {
  describeSessionPolicies('RedisStore (node-redis)', async () => {
    const { client, dropKeys } = await connectedClient()
    const prefix = `sk-policies-${randomUUID()}:`
    const store = new RedisStore({ client: client as unknown as RedisCommandClient, prefix })
    return {
      store,
      cleanup: async () => {
        await store.close?.()
        await dropKeys(prefix)
      },
    }
  })

  // A third-party express-session store: the policies' metadata rides in the record's cookie, which it keeps as is.
  describeSessionPolicies('connect-redis', async () => {
    const { client, dropKeys } = await connectedClient()
    const prefix = `sk-policies-connect-redis-${randomUUID()}:`
    const store = new ConnectRedisStore({ client, prefix })
    return { store: store as unknown as ConnectStyleStore, cleanup: () => dropKeys(prefix) }
  })
})
