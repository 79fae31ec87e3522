import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import express, { type NextFunction, type Request, type Response } from 'express'
import pg from 'pg'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import session from '../../../src/express.ts'
import { createFetchSessions, toNodeListener } from '../../../src/fetch.ts'
import { createStoreSessionStorage, type SessionStore } from '../../../src/index.ts'
import { sessionFileName } from '../../../src/lib/stores/fs/session-file-name.ts'
import { FsStore } from '../../../src/stores/fs.ts'
import { PostgresStore } from '../../../src/stores/postgres.ts'
import { RedisStore, type RedisCommandClient } from '../../../src/stores/redis.ts'
import { SqliteStore } from '../../../src/stores/sqlite.ts'
import { uniqueTableName } from '../../lib/stores/postgres/postgres-test-table.ts'
import { databaseUrl, postgresAvailable, redisAvailable, redisUrl } from '../../support/services.ts'
import { listenOnLoopback, rawClient } from '../support/raw-http.ts'

/**
 * Corrupt stored payloads that the property tests (redis.test.ts, postgres.test.ts, sqlite.test.ts) found failing a
 * request, written out one by one as regression tests. What each did before it was fixed:
 *
 * 1. A data value nested thousands of levels deep (valid JSON: JSON.parse takes it) → the express face's change
 *    detection (JSON.stringify) overflowed the stack at save: 500. Now a corrupt session: a fresh one.
 * 2. A stored cookie whose `domain`, `path`, `sameSite` or `priority` is invalid, or whose `originalMaxAge` puts the
 *    expiry beyond a valid Date → the Set-Cookie serialization threw inside writeHead; the response went out
 *    (200, no Set-Cookie) and the error reached next(err) with the headers sent, so Express's finalhandler
 *    destroyed the socket: the NEXT request on that keep-alive connection got ECONNRESET. Now a fresh session.
 * 3. A PostgreSQL row whose sliding_ttl_ms puts now() ± ttl outside timestamptz's range → the load statement failed
 *    (22008 timestamp out of range; for a large positive ttl, "Invalid time value" in the store): 500 on both
 *    faces for as long as the row existed. Now the store's default ttl applies and the session is read.
 * 4. A Redis hash whose lifetime field m:ttl holds a number beyond what PEXPIRE takes ("1e+30",
 *    "99999999999999999999") → the load script failed (ERR value is not an integer or out of range): 500. Now the
 *    default ttl applies.
 * 5. A SQLite row or a session file whose data holds a value nested thousands of levels deep, on the Fetch face →
 *    the handler changed one key and the store's `update` re-serialized the whole data, which overflowed the
 *    stack: 500. Now the store deletes such a session when it cannot write it back (`update` resolves false, a
 *    file's load reads it as gone), and the request carries on with a fresh one.
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

describe.skipIf(!redisUp)('corrupt Redis data the properties found (express face)', () => {
  const prefix = `sk-proof:found:${randomBytes(4).toString('hex')}:`
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
      // Before the fix: 200 without a Set-Cookie, the old session kept with its corrupt cookie, and the
      // serialization error handed to next(err) after the headers went out, so Express destroyed the connection.
      const next = await client2.send('GET', '/visit').catch((error: Error) => ({ status: 0, body: `connection failed: ${error.message}` }))
      expectFreshSession({ id, visit })
      expect(next.status, next.body).toBe(200)
    } finally {
      client2.close()
    }
  })
})

describe.skipIf(!postgresUp)('corrupt PostgreSQL rows the properties found', () => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 })
  const tableName = uniqueTableName('proof_found')
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
    { face: 'express' as const, ttl: '-212663030785104' },
    { face: 'fetch' as const, ttl: '-9000000000000000' },
    { face: 'fetch' as const, ttl: '9000000000000000' },
    { face: 'fetch' as const, ttl: '-212663030785104' },
  ])('$face face: a row whose sliding_ttl_ms ($ttl) puts the expiry out of timestamp range is read with the default ttl, not a 500', async ({ face, ttl }) => {
    const result = await visitAfterDamage(apps.faces[face], async (id) => {
      await pool.query(`UPDATE "${tableName}" SET sliding_ttl_ms = $2 WHERE id = $1`, [id, ttl])
    })
    expect(result.visit.status, result.visit.body).toBe(200)
    expect(JSON.parse(result.visit.body)).toEqual({ id: result.id, user: 'mj' })
  })
})

describe('data nested too deep in the stores that write a session whole (SQLite, files), on both faces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sessionkit-proof-found-'))
  const database = new Database(join(dir, 'sessions.db'))
  const sqlite = new SqliteStore({ database, pruneInterval: false })
  const files = new FsStore({ directory: join(dir, 'files'), pruneInterval: false })
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
  const stores = {
    sqlite: {
      store: sqlite,
      damage: async (id: string, depth: number) => void database.prepare('UPDATE sessions SET data = ? WHERE id = ?').run(`{"user":"mj","deep":${nested(depth)}}`, id),
    },
    files: {
      store: files,
      damage: async (id: string, depth: number) => {
        const path = join(dir, 'files', sessionFileName(id))
        const file = JSON.parse(readFileSync(path, 'utf8')) as { record: Record<string, unknown> }
        const text = JSON.stringify(file).replace('"record":{', `"record":{"deep":${nested(depth)},`)
        writeFileSync(path, text)
      },
    },
  }
  let apps: Record<keyof typeof stores, Awaited<ReturnType<typeof startApps>>>

  beforeAll(async () => {
    apps = { sqlite: await startApps(stores.sqlite.store), files: await startApps(stores.files.store) }
  })
  afterAll(async () => {
    await apps?.sqlite.close()
    await apps?.files.close()
    await sqlite.close()
    await files.close()
    database.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it.each([
    { store: 'sqlite' as const, face: 'express' as const, depth: 20_000 },
    { store: 'sqlite' as const, face: 'fetch' as const, depth: 20_000 },
    { store: 'files' as const, face: 'express' as const, depth: 20_000 },
    { store: 'files' as const, face: 'fetch' as const, depth: 20_000 },
  ])('$store, $face face: data nested $depth levels deep never fails the request', async ({ store, face, depth }) => {
    const result = await visitAfterDamage(apps[store].faces[face], (id) => stores[store].damage(id, depth))
    expect(result.visit.status, result.visit.body.slice(0, 300)).toBe(200)
  })
})
