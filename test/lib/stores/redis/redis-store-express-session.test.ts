import express from 'express'
import session from 'express-session'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NativeStoreBridge } from '../../../../src/lib/adapters/express/native-store-bridge.ts'
import { RedisStore } from '../../../../src/stores/redis.ts'
import { redisAvailable } from '../../../support/services.ts'
import { clientKinds, connectCountedClient, deleteKeysWithPrefix, sendOf, uniquePrefix, type CountedClient } from './redis-clients.ts'

const up = await redisAvailable()

describe.skipIf(!up).each(clientKinds)('RedisStore as the store of real express-session (Express 5) on $kind', ({ kind }) => {
  let connection: CountedClient
  const prefix = uniquePrefix(`express-session-${kind.replace(/\W/g, '')}`)

  beforeAll(async () => {
    connection = await connectCountedClient(kind)
  })
  afterAll(async () => {
    await deleteKeysWithPrefix(connection, prefix)
    await connection.quit()
  })

  it('counts across requests with the cookie, expires the key with the cookie, and destroys on logout', async () => {
    const store = new RedisStore({ client: connection.client, prefix })
    const app = express()
    app.use(
      session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store: new NativeStoreBridge(store) as unknown as session.Store, cookie: { maxAge: 60_000 } }),
    )
    app.get('/count', (req, res) => {
      const data = req.session as unknown as { views?: number }
      data.views = (data.views ?? 0) + 1
      res.send(String(data.views))
    })
    app.get('/peek', (req, res) => {
      res.send(String((req.session as unknown as { views?: number }).views ?? 0))
    })
    app.get('/logout', (req, res, next) => {
      req.session.destroy((err) => (err ? next(err) : res.send('bye')))
    })

    const agent = request.agent(app)
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
    const pttl = (await sendOf(connection.client)(['PTTL', `${prefix}{${id}}`])) as number
    expect(pttl).toBeGreaterThan(55_000)
    expect(pttl).toBeLessThanOrEqual(60_000)
    await agent.get('/logout')
    expect(await store.length()).toBe(0)
    expect((await agent.get('/peek')).text).toBe('0')
  })
})
