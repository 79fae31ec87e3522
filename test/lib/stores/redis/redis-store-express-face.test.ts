import { randomUUID } from 'node:crypto'
import { describe } from 'vitest'
import { RedisStore } from '../../../../src/lib/stores/redis/redis-store.ts'
import { describePartialUpdates } from '../../../support/partial-update-scenarios.ts'
import { redisAvailable } from '../../../support/services.ts'
import { clientKinds, connectCountedClient } from './redis-clients.ts'

const up = await redisAvailable()

describe.skipIf(!up).each(clientKinds)('RedisStore under sessionkit/express ($kind)', ({ kind }) => {
  describePartialUpdates(`RedisStore (${kind})`, async () => {
    const { client, quit } = await connectCountedClient(kind)
    const store = new RedisStore({ client, prefix: `sk-face-${randomUUID()}:` })
    return {
      store,
      cleanup: async () => {
        await store.clear()
        await store.close?.()
        await quit()
      },
    }
  })
})
