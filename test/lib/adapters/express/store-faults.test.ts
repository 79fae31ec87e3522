import request from 'supertest'
import { describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'
import { SessionStoreError } from '../../../../src/index.ts'
import { expressVersions } from '../../../support/express-versions.ts'

function appWith(express: (typeof expressVersions)[number]['express'], options: Parameters<typeof session>[0]) {
  const app = express()
  app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, ...options }))
  app.get('/', (req, res) => {
    req.session.views = ((req.session.views as number) ?? 0) + 1
    res.send(String(req.session.views))
  })
  app.use((err: unknown, _req: unknown, res: any, _next: unknown) => {
    const e = err as SessionStoreError
    res.status(500).json({ name: e.name, message: e.message, operation: e.operation, code: e.code, isStoreError: err instanceof SessionStoreError })
  })
  return app
}

describe.each(expressVersions)('store faults ($version)', ({ express }) => {
  it('fails a request whose store.get never answers within storeTimeout', async () => {
    const store = new session.MemoryStore()
    const app = appWith(express, { store, storeTimeout: 50 })
    const first = await request(app).get('/')
    store.get = () => {}
    const started = Date.now()
    const res = await request(app).get('/').set('Cookie', first.headers['set-cookie']![0]!.split(';')[0]!)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(res.status).toBe(500)
    expect(res.body).toMatchObject({ name: 'SessionStoreError', operation: 'get', code: 'SESSIONKIT_STORE_TIMEOUT', isStoreError: true })
    expect(res.body.message).toContain('storeTimeout')
  })

  it('fails a request whose store.set never answers within storeTimeout', async () => {
    const store = new session.MemoryStore()
    store.set = () => {}
    const res = await request(appWith(express, { store, storeTimeout: 50 })).get('/')
    expect(res.status).toBe(500)
    expect(res.body).toMatchObject({ operation: 'set', isStoreError: true })
  })

  it('turns a store method that throws into an error for next()', async () => {
    const store = new session.MemoryStore()
    const app = appWith(express, { store })
    const first = await request(app).get('/')
    store.get = () => {
      throw new Error('driver bug')
    }
    const res = await request(app).get('/').set('Cookie', first.headers['set-cookie']![0]!.split(';')[0]!)
    expect(res.status).toBe(500)
    expect(res.body.message).toBe('driver bug')
  })

  it('ignores a store that calls back twice', async () => {
    const store = new session.MemoryStore()
    const realSet = store.set.bind(store)
    store.set = (sid, sess, callback) => {
      realSet(sid, sess, callback)
      callback?.(new Error('second call'))
    }
    const res = await request(appWith(express, { store })).get('/')
    expect(res.status).toBe(200)
  })

  it('calls the store methods assigned after the middleware was created', async () => {
    const store = new session.MemoryStore()
    const app = appWith(express, { store })
    const calls: string[] = []
    for (const method of ['get', 'set', 'touch'] as const) {
      const original = (store[method] as (...args: unknown[]) => void).bind(store)
      ;(store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        calls.push(method)
        original(...args)
      }
    }
    const first = await request(app).get('/')
    await request(app).get('/').set('Cookie', first.headers['set-cookie']![0]!.split(';')[0]!)
    expect(calls).toEqual(['set', 'get', 'set'])
  })

  it('starts a new session when the stored record is corrupt', async () => {
    const store = new session.MemoryStore()
    const app = appWith(express, { store })
    const first = await request(app).get('/')
    const cookie = first.headers['set-cookie']![0]!.split(';')[0]!
    const sid = decodeURIComponent(cookie.split('=')[1]!).slice(2).split('.')[0]!
    for (const corrupt of [{ cookie: null }, { cookie: 'x' }, 'a string', 42, { cookie: { expires: 'not a date' } }, { cookie: { expires: 5 } }]) {
      store.get = (_sid, callback) => callback(null, corrupt as never)
      const res = await request(app).get('/').set('Cookie', cookie)
      expect(res.status).toBe(200)
      expect(res.text).toBe('1')
      expect(res.headers['set-cookie']?.[0]).not.toContain(encodeURIComponent(sid))
    }
  })

  // connect-redis and connect-pg-simple extend a session on touch without rewriting its stored cookie, so an
  // active read-only session comes back with an expiry in the past: the store, not the stale copy, decides.
  it('keeps a session the store returns even when its stored cookie expiry has passed', async () => {
    const store = new session.MemoryStore()
    const app = appWith(express, { store })
    const first = await request(app).get('/')
    const cookie = first.headers['set-cookie']![0]!.split(';')[0]!
    const stale = { cookie: { originalMaxAge: 1000, expires: new Date(Date.now() - 60_000).toISOString(), path: '/' }, views: 7 }
    store.get = (_sid, callback) => callback(null, structuredClone(stale) as never)
    const res = await request(app).get('/').set('Cookie', cookie)
    expect(res.text).toBe('8')
  })
})
