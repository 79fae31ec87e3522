import { randomBytes } from 'node:crypto'
import { RedisStore as ConnectRedisStore } from 'connect-redis'
import connectPgSimple from 'connect-pg-simple'
import expressSession from 'express-session'
import pg from 'pg'
import { createClient } from 'redis'
import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import session from '../../../../src/express.ts'
import { connectPgSimpleTableSql } from '../../../support/connect-pg-simple-table.ts'
import { expressVersions } from '../../../support/express-versions.ts'
import { databaseUrl, postgresAvailable, redisAvailable, redisUrl } from '../../../support/services.ts'

// The stores express-session apps run in production, unchanged, under sessionkit/express.
const [redisUp, postgresUp] = await Promise.all([redisAvailable(), postgresAvailable()])
const run = randomBytes(4).toString('hex')
const redis = createClient({ url: redisUrl })
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 })
const pgTable = `connect_pg_simple_${run}`
const PgStore = connectPgSimple(expressSession)

beforeAll(async () => {
  if (redisUp) await redis.connect()
  if (postgresUp) await pool.query(connectPgSimpleTableSql(pgTable))
})
afterAll(async () => {
  if (redisUp) {
    for await (const keys of redis.scanIterator({ MATCH: `cr${run}:*` })) if (keys.length) await redis.del(keys)
    await redis.quit()
  }
  if (postgresUp) await pool.query(`DROP TABLE IF EXISTS ${pgTable}`)
  await pool.end()
})
afterEach(() => {
  vi.useRealTimers()
})

const stores = [
  { name: 'connect-redis', up: redisUp, create: () => new ConnectRedisStore({ client: redis, prefix: `cr${run}:` }) },
  { name: 'connect-pg-simple', up: postgresUp, create: () => new PgStore({ pool, tableName: pgTable, pruneSessionInterval: false }) },
]

function appOn(express: (typeof expressVersions)[number]['express'], store: unknown, rolling = false) {
  const app = express()
  app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, rolling, store: store as never, cookie: { maxAge: 60 * 60 * 1000 } }))
  app.post('/count', (req, res) => {
    req.session.views = ((req.session.views as number) ?? 0) + 1
    res.send(String(req.session.views))
  })
  app.get('/views', (req, res) => res.send(String(req.session.views ?? 0)))
  app.post('/login', async (req, res) => {
    await req.session.regenerate()
    req.session.user = 'alice'
    res.send('ok')
  })
  app.get('/user', (req, res) => res.send(String(req.session.user ?? 'nobody')))
  app.post('/logout', async (req, res) => {
    await req.session.destroy()
    res.send('bye')
  })
  return app
}

describe.each(expressVersions)('third-party stores under sessionkit/express ($version)', ({ express }) => {
  it.for(stores)('$name: counts, regenerates on login, destroys on logout', async ({ up, create }, { skip }) => {
    if (!up) skip()
    const agent = request.agent(appOn(express, create()))
    expect((await agent.post('/count')).text).toBe('1')
    expect((await agent.post('/count')).text).toBe('2')
    await agent.post('/login')
    expect((await agent.get('/user')).text).toBe('alice')
    expect((await agent.get('/views')).text).toBe('0')
    await agent.post('/logout')
    expect((await agent.get('/user')).text).toBe('nobody')
  })

  // Their touch extends the session's life in the database without rewriting the stored cookie, so a session
  // that is only read (its browser cookie kept fresh by `rolling`) comes back with a stored expiry in the past:
  // it is alive all the same.
  it.for(stores)('$name: a session that is only read outlives the stored cookie expiry', async ({ up, create }, { skip }) => {
    if (!up) skip()
    vi.useFakeTimers({ toFake: ['Date'] })
    const agent = request.agent(appOn(express, create(), true))
    expect((await agent.post('/count')).text).toBe('1')
    for (let minutes = 40; minutes <= 160; minutes += 40) {
      vi.setSystemTime(Date.now() + 40 * 60 * 1000)
      expect((await agent.get('/views')).text).toBe('1')
    }
  })
})
