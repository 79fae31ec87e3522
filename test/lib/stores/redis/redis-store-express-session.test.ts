import request from 'supertest'
import { describe, expect, it } from 'vitest'
import { RedisStore } from '../../../../src/stores/redis.ts'
import { viewCounterApp } from '../../../support/express-session-view-counter.ts'
import { redisAvailable } from '../../../support/services.ts'
import { clientKinds, connectCountedClientForSuite, uniquePrefix } from './redis-clients.ts'

const up = await redisAvailable()

describe.skipIf(!up).each(clientKinds)('RedisStore as the store of real express-session (Express 5) on $kind', ({ kind }) => {
  const prefix = uniquePrefix(`express-session-${kind.replace(/\W/g, '')}`)
  const connection = connectCountedClientForSuite(kind, prefix)

  it('counts across requests with the cookie, expires the key with the cookie, and destroys on logout', async () => {
    const store = new RedisStore({ client: connection.client, prefix })
    const agent = request.agent(viewCounterApp(store))
    expect((await agent.get('/count')).text).toBe('1')
    expect((await agent.get('/count')).text).toBe('2')
    expect((await agent.get('/peek')).text).toBe('2') // unmodified: express-session touches
    expect((await agent.get('/count')).text).toBe('3')
    const [id] = await store.ids()
    expect(id).toBeDefined()
    const stored = await store.get(id as string)
    expect(stored).toMatchObject({ views: 3, cookie: { httpOnly: true, path: '/' } })
    // express-session itself recomputes originalMaxAge from expires on a later save: 60000, or 59999 a millisecond on.
    expect(stored?.cookie?.originalMaxAge).toBeGreaterThan(59_000)
    const pttl = (await connection.send(['PTTL', `${prefix}{${id}}`])) as number
    expect(pttl).toBeGreaterThan(55_000)
    expect(pttl).toBeLessThanOrEqual(60_000)
    await agent.get('/logout')
    expect(await store.length()).toBe(0)
    expect((await agent.get('/peek')).text).toBe('0')
  })
})
