import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe } from 'vitest'
import { RedisStore } from '../../../../src/stores/redis.ts'
import { redisAvailable } from '../../../support/services.ts'
import { describeStoreConformance } from '../../../support/store-conformance.ts'
import { clientKinds, connectCountedClient, deleteKeysWithPrefix, sendOf, uniquePrefix, type CountedClient } from './redis-clients.ts'

const up = await redisAvailable()

describe.skipIf(!up).each(clientKinds)('on $kind', ({ kind }) => {
  let connection: CountedClient
  const base = uniquePrefix(`conformance-${kind.replace(/\W/g, '')}`)
  beforeAll(async () => {
    connection = await connectCountedClient(kind)
  })
  afterAll(async () => {
    await deleteKeysWithPrefix(connection, base)
    await connection.quit()
  })

  describeStoreConformance('RedisStore (userKey)', async () => {
    const prefix = `${base}${randomUUID().slice(0, 8)}:`
    const send = sendOf(connection.client)
    return {
      store: new RedisStore({ client: connection.client, prefix, userKey: 'userId', lastSeenResolution: 0 }),
      storeWithUserKey: (userKey) => new RedisStore({ client: connection.client, prefix, userKey, lastSeenResolution: 0 }),
      cleanup: () => deleteKeysWithPrefix(connection, prefix),
      // One millisecond of life left, then past it: Redis expires the key as its time runs out.
      expire: async (id: string) => {
        await send(['PEXPIRE', `${prefix}{${id}}`, '1'])
        await new Promise((resolve) => setTimeout(resolve, 5))
      },
      corrupt: async (id: string) => void (await send(['HSET', `${prefix}{${id}}`, 'd:userId', '{not json', 'c', '[]'])),
    }
  })
})
