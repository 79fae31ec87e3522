import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { createClient as createClient4 } from 'redis4'
import { describe, expect, it } from 'vitest'
import { RedisStore } from '../../../../src/stores/redis.ts'
import type { RedisCommandClient } from '../../../../src/stores/redis.ts'
import { redisAvailable } from '../../../support/services.ts'
import { clientKinds, connectCountedClient } from './redis-clients.ts'

const up = await redisAvailable()
const refused = 'redis://127.0.0.1:1'

// Clients whose server is down (nothing listens on port 1), set up so they report it rather than queue commands.
const downClients = [
  {
    kind: 'node-redis v6, never connected',
    create: async (): Promise<RedisCommandClient> => createClient({ url: refused, socket: { reconnectStrategy: false } }),
  },
  {
    kind: 'node-redis v4, connection refused',
    create: async (): Promise<RedisCommandClient> => {
      const client = createClient4({ url: refused, socket: { reconnectStrategy: false } })
      client.on('error', () => {})
      await client.connect().catch(() => {})
      return client
    },
  },
  {
    kind: 'ioredis v6, connection refused, no offline queue',
    create: async (): Promise<RedisCommandClient> => {
      const client = new Redis(refused, { lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null })
      client.on('error', () => {})
      await client.connect().catch(() => {})
      return client as unknown as RedisCommandClient
    },
  },
]

describe('RedisStore when Redis is down', () => {
  it.each(downClients)('$kind: every operation rejects with the client error', async ({ create }) => {
    const store = new RedisStore({ client: await create(), userKey: 'user' })
    const operations = [
      () => store.get('a'),
      () => store.set('a', { n: 1 }),
      () => store.load('a'),
      () => store.update('a', { set: { n: 2 }, unset: [] }),
      () => store.touch('a', { n: 1 }),
      () => store.destroy('a'),
      () => store.ids(),
      () => store.clear(),
      () => store.listSessionsOfUser('u'),
    ]
    for (const operation of operations) await expect(operation()).rejects.toBeInstanceOf(Error)
  })
})

describe.skipIf(!up)('RedisStore after the client is closed', () => {
  it.each(clientKinds)('$kind: rejects with the client error, then the application can reconnect a new client', async ({ kind }) => {
    const connection = await connectCountedClient(kind)
    const store = new RedisStore({ client: connection.client, prefix: `sk-test:faults:${kind.replace(/\W/g, '')}:` })
    await store.set('a', { n: 1 })
    await connection.quit()
    await expect(store.get('a')).rejects.toThrow(/closed|Connection is closed/i)
    await expect(store.load('a')).rejects.toThrow(/closed/i)
    const again = await connectCountedClient(kind)
    try {
      const fresh = new RedisStore({ client: again.client, prefix: `sk-test:faults:${kind.replace(/\W/g, '')}:` })
      expect(await fresh.get('a')).toEqual({ n: 1 })
      await fresh.destroy('a')
    } finally {
      await again.quit()
    }
  })
})
