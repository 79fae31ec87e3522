import type { Server } from 'node:http'
import express, { type NextFunction, type Request, type Response as ExpressResponse } from 'express'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'
import { SessionStoreError } from '../../../../src/index.ts'
import { RedisStore, type RedisCommandClient } from '../../../../src/stores/redis.ts'
import { PrivateRedisServer, redisServerBinaryAvailable } from './private-redis-server.ts'

const binary = redisServerBinaryAvailable()

const storeTimeout = 500
// Reconnect quickly (at most every 200 ms) so service resumes within moments of Redis coming back.
const reconnectDelay = (attempt: number) => Math.min(50 * 2 ** attempt, 200)

/**
 * The client settings docs/stores/redis.md recommends under "Outages": fail commands at once while
 * disconnected instead of queueing them, keep reconnecting, and listen for 'error' events.
 */
const clientKinds = [
  {
    kind: 'node-redis v6',
    offlineMessage: 'The client is offline',
    connect: async (url: string, errors: unknown[]): Promise<Connection> => {
      const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: 1000, reconnectStrategy: reconnectDelay } })
      // Without an 'error' listener node-redis rethrows connection errors and the process dies.
      client.on('error', (error) => errors.push(error))
      await client.connect()
      return { client, ready: () => client.isReady, quit: async () => void client.destroy() }
    },
  },
  {
    kind: 'ioredis v6',
    offlineMessage: "Stream isn't writeable and enableOfflineQueue options is false",
    connect: async (url: string, errors: unknown[]): Promise<Connection> => {
      const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: reconnectDelay })
      client.on('error', (error) => errors.push(error))
      await client.connect()
      return { client: client as unknown as RedisCommandClient, ready: () => client.status === 'ready', quit: async () => client.disconnect() }
    },
  },
] as const

interface Connection {
  client: RedisCommandClient
  /** Whether the client is connected and ready for commands. */
  ready(): boolean
  quit(): Promise<void>
}

interface ErrorBody {
  name: string
  message: string
  code?: string
  operation?: string
  isStoreError: boolean
  cause?: { name: string; message: string; code?: string }
}

function appWith(store: RedisStore) {
  const app = express()
  app.get('/health', (_req, res) => void res.send('ok'))
  app.use(session({ secret: 'outage secret', resave: false, saveUninitialized: false, store, storeTimeout }))
  app.post('/login', (req, res) => {
    req.session.user = 'mj'
    res.send('ok')
  })
  app.post('/count', (req, res) => {
    req.session.count = ((req.session.count as number) ?? 0) + 1
    res.send(String(req.session.count))
  })
  app.get('/me', (req, res) => void res.json({ id: req.sessionID, user: req.session.user ?? null, count: req.session.count ?? 0 }))
  app.use((err: unknown, _req: Request, res: ExpressResponse, _next: NextFunction) => {
    const e = err as SessionStoreError
    const cause = e.cause as { name?: string; message?: string; code?: string } | undefined
    const body: ErrorBody = { name: e.name, message: e.message, code: e.code, operation: e.operation, isStoreError: err instanceof SessionStoreError }
    if (cause) body.cause = { name: String(cause.name), message: String(cause.message), code: cause.code }
    res.status(500).json(body)
  })
  return app
}

function listen(app: ReturnType<typeof express>): Promise<{ server: Server; base: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const address = server.address()
      resolve({ server, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` })
    })
  })
}

async function timed(run: () => Promise<Response>): Promise<{ res: Response; ms: number }> {
  const started = performance.now()
  const res = await run()
  return { res, ms: performance.now() - started }
}

/** Waits (polling every 10 ms, at most 5 s) until `condition` holds: reconnects take a backoff delay or two. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const sessionCookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0]

describe.skipIf(!binary).each(clientKinds)('RedisStore under sessionkit/express on Express 5 when a private Redis fails ($kind)', ({ connect, offlineMessage }) => {
  let redis: PrivateRedisServer
  let connection: Connection
  let server: Server | undefined
  let base: string
  let cookie: string
  // Connection errors the client reports while Redis is down; listening for them keeps the process alive.
  const clientErrors: unknown[] = []
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => void unhandled.push(reason)

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled)
    process.on('uncaughtException', onUnhandled)
    redis = await PrivateRedisServer.start()
    connection = await connect(redis.url, clientErrors)
    ;({ server, base } = await listen(appWith(new RedisStore({ client: connection.client, prefix: 'outage:' }))))
  })

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled)
    process.off('uncaughtException', onUnhandled)
    await connection?.quit()
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
    await redis?.dispose()
  })

  const me = (headers: Record<string, string> = { cookie }) => fetch(`${base}/me`, { headers })

  it('logs in and records acknowledged writes while Redis is up', async () => {
    const login = await fetch(`${base}/login`, { method: 'POST' })
    expect(login.status).toBe(200)
    cookie = sessionCookieOf(login)!
    expect(cookie).toMatch(/^connect\.sid=/)
    for (const expected of ['1', '2']) {
      const res = await fetch(`${base}/count`, { method: 'POST', headers: { cookie } })
      expect(await res.text()).toBe(expected)
    }
    expect(await (await me()).json()).toMatchObject({ user: 'mj', count: 2 })
  })

  it('slow Redis (CLIENT PAUSE): the request fails with SESSIONKIT_STORE_TIMEOUT within storeTimeout, the next one after the pause succeeds', async () => {
    const admin = new Redis(redis.url, { lazyConnect: true })
    await admin.connect()
    try {
      await admin.call('CLIENT', 'PAUSE', '1500', 'ALL')
      const { res, ms } = await timed(() => me())
      expect(res.status).toBe(500)
      expect(ms).toBeGreaterThanOrEqual(storeTimeout - 50)
      expect(ms).toBeLessThan(1500)
      const body = (await res.json()) as ErrorBody
      expect(body).toMatchObject({ name: 'SessionStoreError', code: 'SESSIONKIT_STORE_TIMEOUT', operation: 'load', isStoreError: true })
      expect(body.cause).toMatchObject({ name: 'SessionStoreTimeoutError' })
      // A paused server answers this only once the pause is over.
      expect(await admin.ping()).toBe('PONG')
    } finally {
      admin.disconnect()
    }
    const after = await me()
    expect(after.status).toBe(200)
    expect(await after.json()).toMatchObject({ user: 'mj', count: 2 })
  })

  it('Redis down: requests fail fast with 500 from the error handler, carrying the client error; non-session routes answer; nothing hangs or crashes', async () => {
    await redis.stop()
    await until(() => !connection.ready())
    for (const run of [() => me(), () => fetch(`${base}/login`, { method: 'POST' }), () => me()]) {
      const { res, ms } = await timed(run)
      expect(ms).toBeLessThan(2000)
      expect(res.status).toBe(500)
      const body = (await res.json()) as ErrorBody
      expect(body.message).toContain(offlineMessage)
    }
    expect((await fetch(`${base}/health`)).status).toBe(200)
    expect(unhandled).toEqual([])
  })

  // A sessionkit store's failure reaches the error handler as a SessionStoreError with the client error as cause.
  it('Redis down: the error handler receives a SessionStoreError whose cause is the client error', async () => {
    const res = await me()
    expect(res.status).toBe(500)
    const body = (await res.json()) as ErrorBody
    expect(body).toMatchObject({ name: 'SessionStoreError', isStoreError: true, operation: 'load' })
    expect(body.cause?.message).toBe(offlineMessage)
  })

  it('Redis back on the same port and data: service resumes by itself, with the session and every acknowledged write', async () => {
    await redis.start()
    await until(() => connection.ready())
    const res = await me()
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ user: 'mj', count: 2 })
    const write = await fetch(`${base}/count`, { method: 'POST', headers: { cookie } })
    expect(await write.text()).toBe('3')
    expect(unhandled).toEqual([])
  })
})
