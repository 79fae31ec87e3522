import { createRequire } from 'node:module'
import request from 'supertest'
import { afterEach, describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'
import { BoundedMemoryStore } from '../../../../src/index.ts'
import { NativeStoreBridge } from '../../../../src/express.ts'
import { expressVersions } from '../../../support/express-versions.ts'

const expressSession = createRequire(import.meta.url)('express-session') as typeof session
const nativeStores: BoundedMemoryStore[] = []
afterEach(async () => {
  for (const store of nativeStores.splice(0)) await store.close()
})

function nativeStore(): BoundedMemoryStore {
  const store = new BoundedMemoryStore()
  nativeStores.push(store)
  return store
}

const middlewares = [
  { middleware: 'sessionkit/express', factory: session },
  { middleware: 'express-session', factory: expressSession },
]
const stores = [
  { store: "sessionkit's MemoryStore", create: () => new session.MemoryStore() },
  // express-session needs a connect-style store: the bridge makes one of a Promise-based store.
  { store: 'BoundedMemoryStore through NativeStoreBridge', create: () => new NativeStoreBridge(nativeStore()) },
]

describe.each(expressVersions)('stores plug into both middlewares ($version)', ({ express }) => {
  describe.each(middlewares)('$middleware', ({ factory }) => {
    it.each(stores)('$store: counts views across requests, regenerates and destroys', async ({ create }) => {
      const store = create()
      const app = express()
      app.use(factory({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store: store as never }))
      app.get('/count', (req, res) => {
        req.session.views = ((req.session.views as number) ?? 0) + 1
        res.send(String(req.session.views))
      })
      app.get('/login', (req, res, next) => {
        req.session.regenerate((err) => {
          if (err) return next(err)
          req.session.user = 'alice'
          res.send(req.sessionID)
        })
      })
      app.get('/logout', (req, res, next) => {
        req.session.destroy((err) => (err ? next(err) : res.send('bye')))
      })
      const agent = request.agent(app)
      expect((await agent.get('/count')).text).toBe('1')
      expect((await agent.get('/count')).text).toBe('2')
      const sid = (await agent.get('/login')).text
      expect((await agent.get('/count')).text).toBe('1')
      const stored = await new Promise<any>((resolve) => store.get(sid, (_err: unknown, data: unknown) => resolve(data)))
      expect(stored).toMatchObject({ user: 'alice', views: 1 })
      await agent.get('/logout')
      const gone = await new Promise<any>((resolve) => store.get(sid, (_err: unknown, data: unknown) => resolve(data)))
      expect(gone ?? undefined).toBeUndefined()
    })
  })

  it('sessionkit/express takes a Promise-based store directly', async () => {
    const store = nativeStore()
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store }))
    app.get('/', (req, res) => {
      req.session.views = ((req.session.views as number) ?? 0) + 1
      res.send(String(req.session.views))
    })
    const agent = request.agent(app)
    await agent.get('/')
    expect((await agent.get('/')).text).toBe('2')
    expect(await store.length()).toBe(1)
  })
})
