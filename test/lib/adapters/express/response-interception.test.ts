import http from 'node:http'
import type { AddressInfo } from 'node:net'
import compression from 'compression'
import request from 'supertest'
import { afterEach, describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'
import { expressVersions } from '../../../support/express-versions.ts'

const servers: http.Server[] = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

function listen(app: http.RequestListener): Promise<number> {
  const server = http.createServer(app)
  servers.push(server)
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)))
}

/** A store whose writes wait until the test releases them. */
function gatedStore() {
  const store = new session.MemoryStore()
  const realSet = store.set.bind(store)
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let writeStarted!: () => void
  const started = new Promise<void>((resolve) => (writeStarted = resolve))
  store.set = (sid, sess, callback) => {
    writeStarted()
    void released.then(() => realSet(sid, sess, callback))
  }
  return { store, release, started }
}

describe.each(expressVersions)('the response waits for the session write ($version)', ({ express }) => {
  it('sends nothing of a redirect before the store has saved the session', async () => {
    const { store, release, started } = gatedStore()
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store }))
    app.post('/login', (req, res) => {
      req.session.user = 'alice'
      res.redirect('/')
    })
    const port = await listen(app)

    let responded = false
    const response = new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request({ port, host: '127.0.0.1', method: 'POST', path: '/login' }, (res) => {
        responded = true
        resolve(res)
      })
      req.on('error', reject)
      req.end()
    })
    await started
    // Give a response that was not held every chance to arrive.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(responded).toBe(false)

    release()
    const res = await response
    expect(res.statusCode).toBe(302)
    expect(res.headers.location).toBe('/')
    expect(res.headers['set-cookie']?.[0]).toMatch(/^connect\.sid=s%3A/)
    const sid = decodeURIComponent(res.headers['set-cookie']![0]!.split(';')[0]!.split('=')[1]!).slice(2).split('.')[0]!
    const saved = await new Promise<any>((resolve) => store.get(sid, (_err, data) => resolve(data)))
    expect(saved.user).toBe('alice')
  })

  it('keeps streamed bodies intact and ends them after the write', async () => {
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }))
    app.get('/stream', (req, res) => {
      req.session.streamed = true
      res.write('part 1,')
      res.write('part 2,')
      res.end('end')
    })
    const res = await request(app).get('/stream')
    expect(res.text).toBe('part 1,part 2,end')
    expect(res.headers['set-cookie']).toHaveLength(1)
  })

  it('works with compression mounted before it and after it', async () => {
    const body = 'x'.repeat(5000)
    const before = express()
    before.use(compression({ threshold: 0 }))
    before.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }))
    before.get('/', (req, res) => {
      req.session.n = 1
      res.send(body)
    })
    const after = express()
    after.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }))
    after.use(compression({ threshold: 0 }))
    after.get('/', (req, res) => {
      req.session.n = 1
      res.send(body)
    })
    for (const app of [before, after]) {
      const res = await request(app).get('/').set('Accept-Encoding', 'gzip')
      expect(res.headers['content-encoding']).toBe('gzip')
      expect(res.text).toBe(body)
      expect(res.headers['set-cookie']?.[0]).toMatch(/^connect\.sid=/)
    }
  })

  it("keeps the app's own Set-Cookie headers and adds the session cookie", async () => {
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: true }))
    app.get('/', (_req, res) => {
      res.cookie('theme', 'dark')
      res.cookie('lang', 'en')
      res.send('ok')
    })
    const res = await request(app).get('/')
    const cookies = res.headers['set-cookie'] as unknown as string[]
    expect(cookies.map((c) => c.split('=')[0])).toEqual(['theme', 'lang', 'connect.sid'])
  })

  it.each([
    ['an object', (res: any) => res.writeHead(200, { 'Set-Cookie': 'theme=dark', 'Content-Type': 'text/plain' })],
    ['a reason phrase and an object', (res: any) => res.writeHead(200, 'Fine', { 'Set-Cookie': ['theme=dark'] })],
    ['a raw array', (res: any) => res.writeHead(200, ['Set-Cookie', 'theme=dark', 'Content-Type', 'text/plain'])],
    ['a nested raw array', (res: any) => res.writeHead(200, [['Set-Cookie', 'theme=dark']])],
  ])('keeps headers given to writeHead as %s and adds the session cookie', async (_case, writeHead) => {
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: true }))
    app.get('/', (_req, res) => {
      writeHead(res)
      res.end('ok')
    })
    const res = await request(app).get('/')
    const cookies = res.headers['set-cookie'] as unknown as string[]
    expect(cookies.map((c) => c.split('=')[0])).toEqual(['theme', 'connect.sid'])
    expect(res.text).toBe('ok')
  })

  it('answers with the error handler, instead of hanging, when the app replaced req.session with a plain object', async () => {
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }))
    app.get('/', (req, res) => {
      ;(req as { session: unknown }).session = { user: 'alice' }
      res.send('ok')
    })
    app.use((err: Error, _req: unknown, res: any, _next: unknown) => {
      res.status(500).send(`${err instanceof TypeError} ${err.message}`)
    })
    const res = await request(app).get('/')
    expect(res.status).toBe(500)
    expect(res.text).toMatch(/^true sessionkit: req.session was replaced by an object that is not a session/)
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  it('passes a store failure on a redirect to the error handler instead of sending the redirect', async () => {
    const store = new session.MemoryStore()
    store.set = (_sid, _sess, callback) => callback?.(Object.assign(new Error('connection lost'), { code: 'ECONNRESET' }))
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store }))
    app.post('/login', (req, res) => {
      req.session.user = 'alice'
      res.redirect('/')
    })
    app.use((err: Error & { code?: string }, _req: unknown, res: any, _next: unknown) => {
      res.status(503).send(`store down: ${err.message} (${err.code})`)
    })
    const res = await request(app).post('/login')
    expect(res.status).toBe(503)
    expect(res.text).toBe('store down: connection lost (ECONNRESET)')
    expect(res.headers['set-cookie']).toBeUndefined()
  })
})

describe.each(expressVersions)('headers are final once the app ended the response ($version)', ({ express }) => {
  it('throws ERR_HTTP_HEADERS_SENT for a header set while the session write holds the response, and sends the response as ended', async () => {
    const { store, release, started } = gatedStore()
    const app = express()
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store }))
    const lateHeaderErrors: unknown[] = []
    app.get('/', (req, res) => {
      req.session.user = 'alice'
      res.end('done')
      for (const change of [() => res.setHeader('X-Late', '1'), () => res.appendHeader('X-Late', '1'), () => res.removeHeader('Content-Type')]) {
        try {
          change()
        } catch (err) {
          lateHeaderErrors.push(err)
        }
      }
    })
    const port = await listen(app)
    const response = request(`http://127.0.0.1:${port}`).get('/').then((res) => res)
    await started
    release()
    const res = await response
    expect(res.status).toBe(200)
    expect(res.text).toBe('done')
    expect(res.headers['x-late']).toBeUndefined()
    expect(res.headers['set-cookie']).toHaveLength(1)
    expect(lateHeaderErrors).toHaveLength(3)
    for (const err of lateHeaderErrors) expect(err).toMatchObject({ code: 'ERR_HTTP_HEADERS_SENT' })
  })

  it("gives back a header method another middleware wrapped on the response, once it is sent", async () => {
    const { store, release, started } = gatedStore()
    const app = express()
    const wrapped: string[] = []
    app.use((_req, res, next) => {
      const setHeader = res.setHeader
      res.setHeader = function wrappedSetHeader(this: typeof res, name: string, value: string | number | readonly string[]) {
        wrapped.push(name.toLowerCase())
        return setHeader.call(this, name, value)
      }
      next()
    })
    app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false, store }))
    app.get('/', (req, res) => {
      req.session.user = 'alice'
      res.end('done')
    })
    const port = await listen(app)
    const response = request(`http://127.0.0.1:${port}`).get('/').then((res) => res)
    await started
    release()
    expect((await response).status).toBe(200)
    // The session cookie went out through the middleware's wrapper, after the seal was lifted.
    expect(wrapped).toContain('set-cookie')
  })
})
