import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { RedisStore as ConnectRedisStore } from 'connect-redis'
import { createClient } from 'redis'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import session from '../../../src/express.ts'
import { createFetchSessions, toNodeListener } from '../../../src/fetch.ts'
import { createStoreSessionStorage, type SessionStore } from '../../../src/index.ts'
import { BoundedMemoryStore } from '../../../src/lib/stores/memory/bounded-memory-store.ts'
import { PostgresStore } from '../../../src/lib/stores/postgres/postgres-store.ts'
import { RedisStore } from '../../../src/lib/stores/redis/redis-store.ts'
import { SqliteStore } from '../../../src/lib/stores/sqlite/sqlite-store.ts'
import { expressVersions } from '../../support/express-versions.ts'
import { postgresAvailable, redisAvailable, redisUrl } from '../../support/services.ts'
import { testPool, uniqueTableName } from '../stores/postgres/postgres-test-table.ts'

const [redisUp, postgresUp] = await Promise.all([redisAvailable(), postgresAvailable()])

type ConnectStore = InstanceType<typeof session.MemoryStore>
type AnyStore = SessionStore | ConnectStore

/** Every kind of store the express face serves from; records are read back through the store itself. */
const stores: Array<{ name: string; up: boolean; create: () => Promise<{ store: AnyStore; close: () => Promise<void> }> }> = [
  { name: 'the default MemoryStore', up: true, create: async () => ({ store: new session.MemoryStore(), close: async () => {} }) },
  { name: 'BoundedMemoryStore', up: true, create: async () => { const store = new BoundedMemoryStore(); return { store, close: () => store.close() } } },
  { name: 'SqliteStore', up: true, create: async () => { const store = new SqliteStore({ path: ':memory:' }); return { store, close: () => store.close() } } },
  {
    name: 'RedisStore',
    up: redisUp,
    create: async () => {
      const client = createClient({ url: redisUrl })
      await client.connect()
      const store = new RedisStore({ client, prefix: `sk-rotate-${randomUUID()}:` })
      return { store, close: async () => { await store.clear(); await client.quit() } }
    },
  },
  {
    name: 'PostgresStore',
    up: postgresUp,
    create: async () => {
      const pool = testPool()
      const tableName = uniqueTableName('rotate')
      const store = new PostgresStore({ pool, tableName, createTable: true, pruneInterval: false })
      return { store, close: async () => { await store.close(); await pool.query(`DROP TABLE IF EXISTS "${tableName}"`); await pool.end() } }
    },
  },
  {
    name: 'connect-redis',
    up: redisUp,
    create: async () => {
      const client = createClient({ url: redisUrl })
      await client.connect()
      const store = new ConnectRedisStore({ client, prefix: `cr-rotate-${randomUUID()}:` }) as unknown as ConnectStore
      return { store, close: async () => { await client.quit() } }
    },
  },
]

function readRecord(store: AnyStore, id: string): Promise<Record<string, any> | undefined> {
  if ('on' in store) return new Promise((resolve, reject) => store.get(id, (err, data) => (err ? reject(err) : resolve((data ?? undefined) as Record<string, any> | undefined))))
  return store.get(id) as Promise<Record<string, any> | undefined>
}

const expressCases = stores.flatMap((entry) => expressVersions.map((version) => ({ ...entry, ...version })))

/**
 * rotateIdEvery, on both faces over real HTTP: a session past the interval gets a new id with its data, the old
 * id points to the new one for the grace (so a request sent in parallel carries on with the new session), then
 * leads nowhere; a login (regenerate) in the rotating request never leaves the old id pointing to the new session.
 * Only Date is faked: sockets and the store run for real.
 */

const ROTATE = 15 * 60_000
const GRACE = 30_000

interface Answer {
  status: number
  body: string
  cookie: string | undefined
}

function cookieOf(response: Response, name: string): string | undefined {
  const header = response.headers.getSetCookie().find((value) => value.startsWith(`${name}=`))
  return header?.split(';')[0]
}

async function listen(listener: Parameters<typeof createServer>[1]): Promise<{ server: Server; base: string }> {
  const server = createServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

function client(base: string, name: string) {
  return async (method: string, path: string, cookie?: string): Promise<Answer> => {
    const response = await fetch(base + path, { method, headers: cookie ? { cookie } : {} })
    return { status: response.status, body: await response.text(), cookie: cookieOf(response, name) }
  }
}

beforeEach(() => {
  // From the real time on: stores that keep their own clock must not see records from the past.
  vi.useFakeTimers({ toFake: ['Date'] })
})
afterEach(() => {
  vi.useRealTimers()
})

describe.each(expressCases)('rotateIdEvery on the express face with $name ($version)', ({ express, up, create }) => {
  let server: Server
  let call: ReturnType<typeof client>
  let store: AnyStore
  let close: () => Promise<void>

  beforeAll(async () => {
    if (!up) return
    ;({ store, close } = await create())
    const app = express()
    app.use(session({ secret: 'rotate', resave: false, saveUninitialized: false, store, rotateIdEvery: ROTATE, absoluteTimeout: 2 * ROTATE + 60_000 }))
    app.post('/set/:value', (req, res) => {
      req.session.value = req.params.value
      res.end()
    })
    app.get('/value', (req, res) => {
      res.send(String(req.session.value ?? 'none'))
    })
    app.post('/login', async (req, res) => {
      await req.session.regenerate({ keepData: true })
      req.session.user = 'ada'
      res.end()
    })
    ;({ server } = await listen(app))
    call = client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'connect.sid')
  })
  afterAll(async () => {
    if (!up) return
    server.close()
    await close()
  })
  beforeEach(({ skip }) => {
    if (!up) skip()
  })

  async function sessionIdOf(cookie: string): Promise<string> {
    const value = decodeURIComponent(cookie.split('=')[1] as string)
    return value.slice(2, value.lastIndexOf('.'))
  }

  it('gives a session past the interval a new id with its data, and the old id leads to it for the grace only', async () => {
    const first = await call('POST', '/set/kept')
    const oldCookie = first.cookie as string
    expect(await call('GET', '/value', oldCookie)).toMatchObject({ body: 'kept', cookie: undefined })

    vi.setSystemTime(Date.now() + ROTATE)
    const rotating = await call('GET', '/value', oldCookie)
    expect(rotating.body).toBe('kept')
    expect(rotating.cookie).toBeDefined()
    const newCookie = rotating.cookie as string
    const [oldId, newId] = [await sessionIdOf(oldCookie), await sessionIdOf(newCookie)]
    expect(newId).not.toBe(oldId)
    expect((await readRecord(store, newId))?.value).toBe('kept')
    expect((await readRecord(store, oldId))?.cookie?.rotatedTo).toBe(newId)

    // A request sent with the old cookie in parallel: it carries on with the new session and learns its cookie.
    const parallel = await call('POST', '/set/parallel', oldCookie)
    expect(parallel.cookie).toBe(newCookie)
    expect(await call('GET', '/value', newCookie)).toMatchObject({ body: 'parallel', cookie: undefined })

    vi.setSystemTime(Date.now() + GRACE + 1)
    expect(await call('GET', '/value', oldCookie)).toMatchObject({ body: 'none' })
    expect(await call('GET', '/value', newCookie)).toMatchObject({ body: 'parallel' })
  })

  it('keeps the creation time across rotations, so the absolute timeout still ends the session', async () => {
    const cookie = (await call('POST', '/set/old')).cookie as string
    vi.setSystemTime(Date.now() + ROTATE)
    const second = (await call('GET', '/value', cookie)).cookie as string
    vi.setSystemTime(Date.now() + ROTATE)
    const third = (await call('GET', '/value', second)).cookie as string
    expect(third).not.toBe(second)
    vi.setSystemTime(Date.now() + 60_001)
    expect(await call('GET', '/value', third)).toMatchObject({ body: 'none' })
  })

  it('a login in the request that would rotate leaves no pointer from the old id to the new session', async () => {
    const cookie = (await call('POST', '/set/cart')).cookie as string
    const oldId = await sessionIdOf(cookie)
    vi.setSystemTime(Date.now() + ROTATE)
    const login = await call('POST', '/login', cookie)
    const loggedIn = login.cookie as string
    expect(await call('GET', '/value', loggedIn)).toMatchObject({ body: 'cart' })
    expect(await readRecord(store, oldId)).toBeUndefined()
    expect(await call('GET', '/value', cookie)).toMatchObject({ body: 'none' })
  })
})

describe('rotateIdEvery on the Fetch face', () => {
  let server: Server
  let call: ReturnType<typeof client>
  const store: SessionStore = new BoundedMemoryStore()

  beforeAll(async () => {
    const storage = createStoreSessionStorage(store, { secrets: 'rotate-fetch', ttl: 86_400_000 })
    const sessions = createFetchSessions({ storage, rotateIdEvery: ROTATE })
    const handler = sessions.wrap(async (request, { session }) => {
      const s = await session()
      const url = new URL(request.url)
      const [, action, value] = url.pathname.split('/')
      if (action === 'set') s.set('value', value)
      if (action === 'login') {
        s.regenerateId()
        s.set('user', 'ada')
      }
      return new Response(String(s.get('value') ?? 'none'))
    })
    ;({ server } = await listen(toNodeListener(handler)))
    call = client(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, '__session')
  })
  afterAll(async () => {
    server.close()
    await store.close?.()
  })

  it('rotates, forwards the old id for the grace, then forgets it', async () => {
    const oldCookie = (await call('POST', '/set/kept')).cookie as string
    vi.setSystemTime(Date.now() + ROTATE)
    const rotating = await call('GET', '/read', oldCookie)
    expect(rotating.body).toBe('kept')
    const newCookie = rotating.cookie as string
    expect(newCookie.split('.')[0]).not.toBe(oldCookie.split('.')[0])

    const parallel = await call('POST', '/set/parallel', oldCookie)
    expect(parallel.cookie).toBe(newCookie)
    expect((await call('GET', '/read', newCookie)).body).toBe('parallel')

    vi.setSystemTime(Date.now() + GRACE + 1)
    expect((await call('GET', '/read', oldCookie)).body).toBe('none')
  })

  it('a login (regenerateId) in the rotating request leaves the old id a session of its own, not a pointer', async () => {
    const cookie = (await call('POST', '/set/cart')).cookie as string
    vi.setSystemTime(Date.now() + ROTATE)
    const login = await call('POST', '/login', cookie)
    expect(login.body).toBe('cart')
    const oldId = decodeURIComponent(cookie.split('=')[1] as string).split('.')[0] as string
    // The old id is still a session of its own (regenerateId(false) keeps it, as Remix does), not a pointer.
    const old = await store.get(oldId)
    expect(old?.cookie?.rotatedTo).toBeUndefined()
    expect(old?.user).toBeUndefined()
    expect((await call('GET', '/read', cookie)).body).toBe('cart')
  })
})
