import express from 'express'
import pg from 'pg'
import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import session from '../../../../src/express.ts'
import { SessionStoreError } from '../../../../src/index.ts'
import { PostgresStore } from '../../../../src/lib/stores/postgres/postgres-store.ts'
import { databaseUrl, postgresAvailable } from '../../../support/services.ts'
import { uniqueTableName } from './postgres-test-table.ts'
import { TcpProxy } from './tcp-proxy.ts'

const up = await postgresAvailable()

/** What a request is allowed to take while the database is down. */
const BOUND_MS = 3000

const tableName = uniqueTableName('outage')

/** A pool that reaches PostgreSQL through the proxy, with the outage settings docs/stores/postgres.md recommends. */
function poolThrough(proxy: TcpProxy, options: pg.PoolConfig = {}): pg.Pool {
  const url = new URL(databaseUrl)
  url.hostname = '127.0.0.1'
  url.port = String(proxy.port)
  return new pg.Pool({ connectionString: url.toString(), max: 4, connectionTimeoutMillis: 500, ...options })
}

function appWith(store: PostgresStore, storeTimeout: number) {
  const app = express()
  app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store, storeTimeout, cookie: { maxAge: 60_000 } }))
  app.post('/login', (req, res) => {
    req.session.userId = 'alice'
    res.send('ok')
  })
  app.get('/me', (req, res) => {
    res.json({ userId: req.session.userId ?? null })
  })
  app.get('/count', (req, res) => {
    req.session.views = ((req.session.views as number) ?? 0) + 1
    res.send(String(req.session.views))
  })
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const e = err as SessionStoreError
    const cause = e.cause as (Error & { code?: string }) | undefined
    res.status(500).json({
      name: e.name,
      isStoreError: err instanceof SessionStoreError,
      message: e.message,
      operation: e.operation,
      code: e.code,
      cause: cause && { name: cause.name, message: cause.message, code: cause.code },
    })
  })
  return app
}

/** Sends a request and measures how long the answer took. */
async function timed(send: () => PromiseLike<request.Response>): Promise<{ response: request.Response; ms: number }> {
  const started = performance.now()
  const response = await send()
  return { response, ms: performance.now() - started }
}

describe.skipIf(!up)('PostgresStore when PostgreSQL goes away and comes back (through a TCP proxy, Express 5)', () => {
  const admin = up ? new pg.Pool({ connectionString: databaseUrl, max: 2 }) : undefined
  const cleanups: (() => unknown)[] = []

  beforeAll(async () => {
    await admin!.query(`DROP TABLE IF EXISTS "${tableName}"`)
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  afterAll(async () => {
    await admin!.query(`DROP TABLE IF EXISTS "${tableName}"`)
    await admin!.end()
  })

  async function setUp(poolOptions: pg.PoolConfig = {}, storeTimeout = 1500) {
    const proxy = await TcpProxy.start({ host: new URL(databaseUrl).hostname, port: Number(new URL(databaseUrl).port) || 5432 })
    const pool = poolThrough(proxy, poolOptions)
    const store = new PostgresStore({ pool, tableName, createTable: true, pruneInterval: false })
    cleanups.push(
      () => proxy.close(),
      () => pool.end(),
      () => store.close(),
    )
    const app = appWith(store, storeTimeout)
    const login = await request(app).post('/login')
    expect(login.status).toBe(200)
    const cookie = (login.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!
    expect((await request(app).get('/me').set('Cookie', cookie)).body).toEqual({ userId: 'alice' })
    return { proxy, pool, store, app, cookie }
  }

  it('fails each request with a SessionStoreError within the bound while it is down, never crashes, and recovers without a restart', async () => {
    // no pool.on('error') of the application here: the store's own listener must keep the process alive
    const { proxy, pool, app, cookie } = await setUp()
    expect(pool.idleCount).toBeGreaterThan(0)
    expect(pool.listenerCount('error')).toBe(1)

    proxy.cut()
    // the pool notices its idle connections died and drops them (emitting 'error', which must not crash us)
    await vi.waitFor(() => expect(pool.totalCount).toBe(0), { timeout: 2000, interval: 10 })

    const attempts = [
      () => request(app).get('/me').set('Cookie', cookie),
      () => request(app).get('/count').set('Cookie', cookie),
      () => request(app).post('/login'),
      () => request(app).get('/me').set('Cookie', cookie),
    ]
    for (const attempt of attempts) {
      const { response, ms } = await timed(attempt)
      expect(ms).toBeLessThan(BOUND_MS)
      expect(response.status).toBe(500)
      expect(response.body).toMatchObject({ name: 'SessionStoreError', isStoreError: true, code: 'ECONNREFUSED', cause: { code: 'ECONNREFUSED' } })
      expect(response.body.message).toMatch(/^sessionkit: the PostgreSQL session store could not (load|set) a session in table /)
      expect(response.body.message).toContain(tableName)
      expect(response.body.message).toContain('needs no restart')
    }

    await proxy.restore()
    const back = await request(app).get('/me').set('Cookie', cookie)
    expect(back.status).toBe(200)
    expect(back.body).toEqual({ userId: 'alice' })
    expect((await request(app).get('/count').set('Cookie', cookie)).text).toBe('1')
    expect((await request(app).get('/count').set('Cookie', cookie)).text).toBe('2')
  })

  it('fails a statement in flight when its connection is cut, within the bound', async () => {
    const { proxy, store } = await setUp()
    await store.set('in-flight', { n: 1 }, 60_000)
    // a direct connection holds the row lock, so the store's UPDATE is still waiting when the proxy cuts it
    const holder = await admin!.connect()
    cleanups.push(async () => {
      await holder.query('ROLLBACK').catch(() => undefined)
      holder.release()
    })
    await holder.query('BEGIN')
    await holder.query(`SELECT 1 FROM "${tableName}" WHERE id = $1 FOR UPDATE`, ['in-flight'])
    const started = performance.now()
    const update = store.update('in-flight', { set: { n: 2 }, unset: [] }, 60_000)
    await vi.waitFor(async () => {
      const { rows } = await admin!.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%'`, [tableName])
      expect(rows[0].n).toBe(1)
    }, { timeout: 2000, interval: 20 })
    proxy.cut()
    const error = await update.then(() => undefined, (err: unknown) => err)
    expect(performance.now() - started).toBeLessThan(BOUND_MS)
    expect(error).toBeInstanceOf(SessionStoreError)
    expect(error).toMatchObject({ operation: 'update', message: expect.stringContaining(tableName) })
    expect(((error as Error).cause as Error).message).toMatch(/Connection terminated/)
    await holder.query('ROLLBACK')
    await proxy.restore()
    expect(await store.get('in-flight')).toMatchObject({ n: expect.any(Number) })
  })

  it('fails within the bound when the database accepts connections but never answers (connectionTimeoutMillis)', async () => {
    const { proxy, app, cookie } = await setUp({ connectionTimeoutMillis: 400 }, 2000)
    proxy.hang()
    const { response, ms } = await timed(() => request(app).get('/me').set('Cookie', cookie))
    expect(ms).toBeLessThan(BOUND_MS)
    expect(response.status).toBe(500)
    expect(response.body).toMatchObject({ name: 'SessionStoreError', operation: 'load' })
    expect(response.body.cause.message).toMatch(/timeout/i)
    await proxy.restore()
    expect((await request(app).get('/me').set('Cookie', cookie)).body).toEqual({ userId: 'alice' })
  })

  it('is still bounded by storeTimeout when the pool would wait forever for a connection', async () => {
    // connectionTimeoutMillis: 0 is pg's default: without storeTimeout this request would hang
    const { proxy, app, cookie } = await setUp({ connectionTimeoutMillis: 0 }, 300)
    proxy.hang()
    const { response, ms } = await timed(() => request(app).get('/me').set('Cookie', cookie))
    expect(ms).toBeLessThan(BOUND_MS)
    expect(response.status).toBe(500)
    expect(response.body).toMatchObject({ name: 'SessionStoreError', code: 'SESSIONKIT_STORE_TIMEOUT', cause: { name: 'SessionStoreTimeoutError' } })
    await proxy.restore()
    await vi.waitFor(async () => expect((await request(app).get('/me').set('Cookie', cookie)).body).toEqual({ userId: 'alice' }), { timeout: 3000, interval: 50 })
  })

  it("passes lost idle connections to the application's own pool 'error' listener too, and close() removes only its own", async () => {
    const { proxy, pool, store } = await setUp()
    const seen: unknown[] = []
    const listener = (err: unknown) => seen.push(err)
    pool.on('error', listener)
    expect(pool.listenerCount('error')).toBe(2)
    proxy.cut()
    await vi.waitFor(() => expect(seen.length).toBeGreaterThan(0), { timeout: 2000, interval: 10 })
    expect((seen[0] as Error).message).toMatch(/terminated|ECONNRESET/)
    await store.close()
    expect(pool.listeners('error')).toEqual([listener])
  })
})
