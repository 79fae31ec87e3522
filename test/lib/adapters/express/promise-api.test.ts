import request from 'supertest'
import { describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'
import { expressVersions } from '../../../support/express-versions.ts'

const cookieOf = (res: request.Response) => res.headers['set-cookie']![0]!.split(';')[0]!

describe.each(expressVersions)('session methods return Promises without a callback ($version)', ({ express }) => {
  it('save, reload, regenerate and destroy can be awaited', async () => {
    const store = new session.MemoryStore()
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store }))
    app.get('/login', async (req, res) => {
      const before = req.sessionID
      await req.session.regenerate()
      req.session.user = 'alice'
      await req.session.save()
      req.session.user = 'changed in memory'
      await req.session.reload()
      res.json({ regenerated: before !== req.sessionID, user: req.session.user })
    })
    app.get('/logout', async (req, res) => {
      const sid = req.sessionID
      await req.session.destroy()
      store.get(sid, (_err, data) => res.json({ session: req.session ?? null, stored: data ?? null }))
    })
    const login = await request(app).get('/login')
    expect(login.body).toEqual({ regenerated: true, user: 'alice' })
    const logout = await request(app).get('/logout').set('Cookie', cookieOf(login))
    expect(logout.body).toEqual({ session: null, stored: null })
  })

  it('rejects with the store error, and a save() nobody awaits does not crash the process', async () => {
    const store = new session.MemoryStore()
    store.set = (_sid, _sess, callback) => callback?.(new Error('disk full'))
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store }))
    app.get('/', async (req, res) => {
      void req.session.save()
      const error = await req.session.save().then(
        () => 'saved',
        (err: Error) => err.message,
      )
      res.send(error)
    })
    const res = await request(app).get('/')
    await new Promise((resolve) => setTimeout(resolve, 20))
    process.off('unhandledRejection', onUnhandled)
    expect(res.text).toBe('disk full')
    expect(unhandled).toEqual([])
  })

  it.each([
    ['a new session', async (req: any) => undefined],
    ['a regenerated session', async (req: any) => req.session.regenerate()],
    ['a reloaded session', async (req: any) => (req.sessionID && req.session.views ? req.session.reload() : undefined)],
  ])('does not write %s again at the end when the app saved it explicitly', async (_case, before) => {
    const store = new session.MemoryStore()
    const writes: string[] = []
    const set = store.set.bind(store)
    store.set = (sid, sess, callback) => {
      writes.push(sid)
      set(sid, sess, callback)
    }
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store }))
    app.get('/', async (req, res) => {
      await before(req)
      req.session.views = ((req.session.views as number) ?? 0) + 1
      await req.session.save()
      res.send(String(req.session.views))
    })
    const agent = request.agent(app)
    await agent.get('/')
    await agent.get('/')
    expect(writes).toHaveLength(2)
  })

  it('still returns the session for chaining when given a callback', async () => {
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }))
    app.get('/', (req, res) => {
      // The memory store calls back synchronously, before save() has returned.
      let returned: unknown
      returned = req.session.save(() => setImmediate(() => res.send(String(returned === req.session))))
    })
    expect((await request(app).get('/')).text).toBe('true')
  })
})

describe.each(expressVersions)('a callback that throws ($version)', ({ express }) => {
  it.each(['regenerate', 'save', 'reload', 'destroy'] as const)('in %s reaches the error handler instead of hanging the request', async (method) => {
    const app = express()
    app.use(session({ secret: 's', resave: false, saveUninitialized: false }))
    app.get('/', (req: any) => {
      req.session.user = 'alice'
      req.session[method](() => {
        throw new Error(`thrown in the ${method} callback`)
      })
    })
    app.use((err: Error, _req: unknown, res: any, _next: unknown) => void res.status(500).send(err.message))
    const response = await request(app).get('/').timeout(2000)
    expect(response.status).toBe(500)
    expect(response.text).toBe(`thrown in the ${method} callback`)
  })
})
