import http from 'node:http'
import { describe, expect, it } from 'vitest'
import session from '../../../../src/express.ts'

// A socketless request through the middleware alone: what it does before it returns is observable.
function requestWith(cookie: string | undefined) {
  const req = new http.IncomingMessage(null as never) as http.IncomingMessage & { session?: Record<string, unknown>; originalUrl?: string }
  req.method = 'GET'
  req.url = '/'
  req.headers = cookie ? { cookie } : {}
  const res = new http.ServerResponse(req)
  return { req, res }
}

// The default MemoryStore, but answering on a later tick as a networked store does.
class LaterStore extends session.MemoryStore {
  override readSession(sid: string, callback: Parameters<InstanceType<typeof session.MemoryStore>['readSession']>[1]): void {
    setImmediate(() => super.readSession(sid, callback))
  }
}

async function loginCookie(middleware: ReturnType<typeof session>): Promise<string> {
  const { req, res } = requestWith(undefined)
  await new Promise<void>((resolve, reject) => middleware(req as never, res, (err?: unknown) => (err ? reject(err) : resolve())))
  req.session!.user = 'mj'
  res.end()
  await new Promise((resolve) => setImmediate(resolve))
  return String(res.getHeader('set-cookie')).split(';')[0]!
}

describe('a store that calls back at once', () => {
  it('gives the request its session before the middleware returns, and ends the response at once', async () => {
    const middleware = session({ secret: 's', resave: false, saveUninitialized: false, store: new session.MemoryStore() })
    const cookie = await loginCookie(middleware)
    const { req, res } = requestWith(cookie)
    let user: unknown
    middleware(req as never, res, () => {
      user = req.session?.user
    })
    expect(user).toBe('mj')
    req.session!.views = 1
    res.end('ok')
    expect(res.writableEnded).toBe(true)
    expect(res.headersSent).toBe(true)
  })

  it('a store that answers later gets the same result, later', async () => {
    const middleware = session({ secret: 's', resave: false, saveUninitialized: false, store: new LaterStore() })
    const cookie = await loginCookie(middleware)
    const { req, res } = requestWith(cookie)
    let user: unknown = 'not yet'
    const ready = new Promise<void>((resolve) =>
      middleware(req as never, res, () => {
        user = req.session?.user
        resolve()
      }),
    )
    expect(user).toBe('not yet')
    await ready
    expect(user).toBe('mj')
  })
})
