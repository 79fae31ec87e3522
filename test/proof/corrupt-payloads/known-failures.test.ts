import { randomBytes } from 'node:crypto'
import express, { type NextFunction, type Request, type Response } from 'express'
import pg from 'pg'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import session from '../../../src/express.ts'
import { createFetchSessions, toNodeListener } from '../../../src/fetch.ts'
import { createStoreSessionStorage, type SessionStore } from '../../../src/index.ts'
import { PostgresStore } from '../../../src/stores/postgres.ts'
import { RedisStore, type RedisCommandClient } from '../../../src/stores/redis.ts'
import { uniqueTableName } from '../../lib/stores/postgres/postgres-test-table.ts'
import { databaseUrl, postgresAvailable, redisAvailable, redisUrl } from '../../support/services.ts'
import { listenOnLoopback, rawClient } from '../support/raw-http.ts'

/**
 * Corrupt stored payloads that the property tests (redis.test.ts, postgres.test.ts, sqlite.test.ts) found
 * failing a request instead of giving a fresh session. Each case is written out here, deterministically, and
 * FAILS until the bug is fixed; the property tests leave these kinds of garbage out so they keep guarding
 * everything else. Once a case passes, put its garbage back into the property's generator.
 *
 * 1. A data value nested thousands of levels deep (valid JSON: JSON.parse takes it) → the express face's change
 *    detection (JSON.stringify in session-change.ts / session-snapshot.ts) overflows the stack at save: 500.
 * 2. A stored cookie whose `domain`, `path`, `sameSite` or `priority` is invalid, or whose `originalMaxAge` puts the
 *    expiry beyond a valid Date (±8.64e15 ms) → isStoredSession accepts it; the
 *    Set-Cookie serialization throws inside writeHead; the response still goes out (200, no Set-Cookie) and the
 *    error reaches next(err) with the headers sent, so the app's error handler cannot answer and Express's
 *    finalhandler destroys the socket: the NEXT request on that keep-alive connection gets ECONNRESET.
 * 3. A PostgreSQL row whose sliding_ttl_ms puts now() ± ttl outside timestamptz's range → the load statement's
 *    arithmetic fails (22008 timestamp out of range), or for a large positive ttl the store's own Date
 *    conversion does ("Invalid time value"): SessionStoreError, 500, on both faces, for as long as the row exists. (Around -2.1e14 ms it fails or not depending on the millisecond: the property found it there.)
 * 4. A Redis hash whose lifetime field m:ttl holds a number beyond what PEXPIRE takes ("1e+30",
 *    "99999999999999999999") → the load script fails (ERR value is not an integer or out of range):
 *    SessionStoreError, 500. The JS decoder already checks the field (/^-?\d+$/); the Lua script uses it raw.
 */

const redisUp = await redisAvailable()
const postgresUp = await postgresAvailable()
const SECRET = 'known failures secret'

async function startApps(store: SessionStore) {
  const app = express()
  app.use(session({ secret: SECRET, resave: false, saveUninitialized: false, store, cookie: { maxAge: 60_000 } }))
  app.post('/login', (req, res) => {
    req.session.user = 'mj'
    res.json({ id: req.sessionID })
  })
  app.get('/visit', (req, res) => {
    req.session.views = 1
    res.json({ id: req.sessionID, user: typeof req.session.user === 'string' ? req.session.user : null })
  })
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => void res.status(500).json({ message: err.message }))
  const fetchFace = createFetchSessions({ storage: createStoreSessionStorage(store, { secrets: [SECRET] }) }).wrap(async (request, { session: read }) => {
    const s = await read()
    if (new URL(request.url).pathname === '/login') {
      s.set('user' as never, 'mj' as never)
      return Response.json({ id: s.id })
    }
    s.set('views' as never, 1 as never)
    const user = s.get('user' as never) as unknown
    return Response.json({ id: s.id, user: typeof user === 'string' ? user : null })
  })
  const express5 = await listenOnLoopback(app)
  const fetch = await listenOnLoopback(toNodeListener(fetchFace, { onError: () => {} }))
  return {
    faces: { express: { port: express5.port, cookieName: 'connect.sid' }, fetch: { port: fetch.port, cookieName: '__session' } },
    close: async () => {
      await express5.close()
      await fetch.close()
    },
  }
}

/** Logs in on a face, lets `damage` rewrite the stored session, visits, and returns what the visit got. */
async function visitAfterDamage(face: { port: number; cookieName: string }, damage: (id: string) => Promise<void>) {
  const client = rawClient(face.port)
  try {
    const login = await client.send('POST', '/login')
    const { id } = JSON.parse(login.body) as { id: string }
    await damage(id)
    const cookie = login.cookies.find((c) => c.startsWith(`${face.cookieName}=`)) as string
    const visit = await client.send('GET', '/visit', { cookie }).catch((error: Error) => ({ status: 0, body: `connection failed: ${error.message}` }))
    return { id, visit }
  } finally {
    client.close()
  }
}

function expectFreshSession(result: Awaited<ReturnType<typeof visitAfterDamage>>): void {
  expect(result.visit.status, result.visit.body).toBe(200)
  expect(JSON.parse(result.visit.body)).toMatchObject({ user: null })
  expect((JSON.parse(result.visit.body) as { id: string }).id).not.toBe(result.id)
}

describe.skipIf(!redisUp)('known failures on corrupt Redis data (express face)', () => {
  const prefix = `sk-proof:known:${randomBytes(4).toString('hex')}:`
  const client = createClient({ url: redisUrl })
  let apps: Awaited<ReturnType<typeof startApps>>

  beforeAll(async () => {
    await client.connect()
    apps = await startApps(new RedisStore({ client: client as unknown as RedisCommandClient, prefix }))
  })
  afterAll(async () => {
    await apps?.close()
    const keys = (await client.sendCommand(['KEYS', `${prefix}*`])) as string[]
    if (keys.length > 0) await client.sendCommand(['DEL', ...keys])
    await client.quit()
  })

  it.each(['1e+30', '99999999999999999999', '-5', '0', '1.5', 'abc', ''])('a lifetime field m:ttl of %j never fails the request', async (ttl) => {
    const result = await visitAfterDamage(apps.faces.express, async (id) => {
      await client.sendCommand(['HSET', `${prefix}{${id}}`, 'm:ttl', ttl])
    })
    expect(result.visit.status, result.visit.body.slice(0, 300)).toBe(200)
  })

  // 1,000 levels still serialize (the session is read as stored, which is fine); 5,000 and more overflow the
  // stack at save, how deep exactly depends on the stack in use at that point.
  it.each([1_000, 5_000, 20_000])('a data value nested %i levels deep never fails the request', async (depth) => {
    const result = await visitAfterDamage(apps.faces.express, async (id) => {
      await client.sendCommand(['HSET', `${prefix}{${id}}`, 'd:deep', `${'['.repeat(depth)}1${']'.repeat(depth)}`])
    })
    expect(result.visit.status, result.visit.body.slice(0, 300)).toBe(200)
  })

  it.each([
    { attribute: 'domain', value: 'bad;domain' },
    { attribute: 'path', value: '/a;b' },
    { attribute: 'sameSite', value: 'sideways' },
    { attribute: 'priority', value: 'urgent' },
    { attribute: 'originalMaxAge', value: -8_641_796_227_884_512 },
    { attribute: 'originalMaxAge', value: 1e308 },
  ])('a stored cookie with an invalid $attribute gives a fresh session, and the connection keeps serving', async ({ attribute, value }) => {
    const client2 = rawClient(apps.faces.express.port)
    try {
      const login = await client2.send('POST', '/login')
      const { id } = JSON.parse(login.body) as { id: string }
      const cookie = { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000).toISOString(), path: '/', httpOnly: true, [attribute]: value }
      await client.sendCommand(['HSET', `${prefix}{${id}}`, 'c', JSON.stringify(cookie)])
      const visit = await client2.send('GET', '/visit', { cookie: login.cookies[0] as string })
      // Today: 200 without a Set-Cookie, the old session kept with its corrupt cookie, and the serialization
      // error handed to next(err) after the headers went out, so Express destroys the keep-alive connection.
      const next = await client2.send('GET', '/visit').catch((error: Error) => ({ status: 0, body: `connection failed: ${error.message}` }))
      expectFreshSession({ id, visit })
      expect(next.status, next.body).toBe(200)
    } finally {
      client2.close()
    }
  })
})

describe.skipIf(!postgresUp)('known failures on corrupt PostgreSQL rows', () => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 })
  const tableName = uniqueTableName('proof_known')
  let store: PostgresStore
  let apps: Awaited<ReturnType<typeof startApps>>

  beforeAll(async () => {
    store = new PostgresStore({ pool, tableName, createTable: true, pruneInterval: false })
    apps = await startApps(store)
  })
  afterAll(async () => {
    await apps?.close()
    await store?.close()
    await pool.query(`DROP TABLE IF EXISTS "${tableName}"`)
    await pool.end()
  })

  it.each([
    { face: 'express' as const, ttl: '-9000000000000000' },
    { face: 'express' as const, ttl: '9000000000000000' },
    { face: 'fetch' as const, ttl: '-9000000000000000' },
    { face: 'fetch' as const, ttl: '9000000000000000' },
  ])('$face face: a row whose sliding_ttl_ms ($ttl) puts the expiry out of timestamp range gives a fresh session, not a 500', async ({ face, ttl }) => {
    const result = await visitAfterDamage(apps.faces[face], async (id) => {
      await pool.query(`UPDATE "${tableName}" SET sliding_ttl_ms = $2 WHERE id = $1`, [id, ttl])
    })
    expectFreshSession(result)
  })
})
