import { format } from 'node:util'
import express, { type NextFunction, type Request, type Response } from 'express'
import fc from 'fast-check'
import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'
import { debugLog } from '../../../../src/lib/core/debug-log.ts'
import { RedisStore } from '../../../../src/stores/redis.ts'
import { redisAvailable } from '../../../support/services.ts'
import { clientKinds, connectCountedClient, deleteKeysWithPrefix, sendOf, uniquePrefix, type CountedClient } from './redis-clients.ts'

const up = await redisAvailable()

const originalLog = debugLog.log
const originalEnabled = debugLog.enabled
afterEach(() => {
  debugLog.log = originalLog
  debugLog.enabled = originalEnabled
})

/** Captures sessionkit's debug output (what `DEBUG=sessionkit` prints) while `run` runs. */
async function debugLinesDuring(run: () => Promise<void>): Promise<string[]> {
  const lines: string[] = []
  debugLog.enabled = true
  debugLog.log = (...args: unknown[]) => void lines.push(format(...args))
  try {
    await run()
  } finally {
    debugLog.log = originalLog
    debugLog.enabled = originalEnabled
  }
  return lines
}

function appWith(store: RedisStore) {
  const app = express()
  app.use(session({ secret: 'corrupt secret', resave: false, saveUninitialized: false, store }))
  app.post('/login', (req, res) => {
    req.session.user = 'mj'
    res.json({ id: req.sessionID })
  })
  app.get('/visit', (req, res) => {
    req.session.views = ((req.session.views as number) ?? 0) + 1
    res.json({ id: req.sessionID, user: req.session.user ?? null, views: req.session.views })
  })
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => void res.status(500).json({ name: err.name, message: err.message }))
  return app
}

const cookieOf = (res: request.Response) => (res.headers['set-cookie'] as unknown as string[] | undefined)?.[0]?.split(';')[0]

describe.skipIf(!up).each(clientKinds)('corrupt Redis data under sessionkit/express on Express 5 ($kind)', ({ kind }) => {
  const prefix = uniquePrefix(`corrupt-express-${kind.replace(/\W/g, '')}`)
  let connection: CountedClient
  let send: (args: string[]) => Promise<unknown>
  let app: ReturnType<typeof appWith>

  beforeAll(async () => {
    connection = await connectCountedClient(kind)
    send = sendOf(connection.client)
    app = appWith(new RedisStore({ client: connection.client, prefix }))
  })
  afterAll(async () => {
    await deleteKeysWithPrefix(connection, prefix)
    await connection.quit()
  })

  async function login(): Promise<{ id: string; cookie: string; key: string }> {
    const res = await request(app).post('/login')
    expect(res.status).toBe(200)
    const id = (res.body as { id: string }).id
    return { id, cookie: cookieOf(res)!, key: `${prefix}{${id}}` }
  }

  it.each([
    { case: 'a session field that is not JSON', corrupt: (key: string) => ['HSET', key, 'd:user', '{oops'], logged: /corrupt stored data; treated as no session/ },
    { case: 'a cookie field that is not JSON', corrupt: (key: string) => ['HSET', key, 'c', 'not json'], logged: /corrupt stored data; treated as no session/ },
    { case: 'a cookie that is not an object', corrupt: (key: string) => ['HSET', key, 'c', '"x"'], logged: /corrupt stored data; treated as no session/ },
    { case: 'a string at the session key (WRONGTYPE)', corrupt: (key: string) => ['SET', key, '{"user":"mj"}'], logged: /is not a hash; treated as no session/ },
    { case: 'a list at the session key (WRONGTYPE)', corrupt: (key: string) => ['EVAL', "redis.call('DEL', KEYS[1]) return redis.call('RPUSH', KEYS[1], 'x')", '1', key], logged: /is not a hash; treated as no session/ },
  ])('$case: the next request gets a fresh session (200, new cookie, old data gone) and a debug line without the raw id', async ({ corrupt, logged }) => {
    const old = await login()
    await send(corrupt(old.key))
    let res!: request.Response
    const lines = await debugLinesDuring(async () => {
      res = await request(app).get('/visit').set('Cookie', old.cookie)
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ user: null, views: 1 })
    expect(res.body.id).not.toBe(old.id)
    const fresh = cookieOf(res)
    expect(fresh).toBeDefined()
    expect(fresh).not.toBe(old.cookie)
    expect(fresh).not.toContain(encodeURIComponent(old.id))
    // The new session is stored under its own key; the old one is never adopted.
    expect(await send(['TYPE', `${prefix}{${res.body.id}}`])).toBe('hash')

    expect(lines.some((line) => logged.test(line))).toBe(true)
    for (const line of lines) {
      expect(line).not.toContain(old.id)
      expect(line).not.toContain(res.body.id)
    }
  })

  it('any value written into a session field never makes a request fail', async () => {
    const old = await login()
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('c', 'd:user', 'd:views', 'f:1', 'm:ttl', 'm:created'), fc.string(), async (field, value) => {
        await send(['HSET', old.key, field, value])
        const res = await request(app).get('/visit').set('Cookie', old.cookie)
        expect(res.status).toBe(200)
        // Repair the session for the next run, so each run corrupts a live one.
        await send(['DEL', old.key])
        await send(['HSET', old.key, 'c', JSON.stringify({ originalMaxAge: null, path: '/', httpOnly: true }), 'd:user', '"mj"', 'm:ttl', '86400000'])
        await send(['PEXPIRE', old.key, '60000'])
      }),
      { numRuns: 30 },
    )
  })
})
