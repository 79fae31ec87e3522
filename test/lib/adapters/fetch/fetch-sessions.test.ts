import { Hono } from 'hono'
import { afterAll, describe, expect, it } from 'vitest'
import { createFetchSessions } from '../../../../src/lib/adapters/fetch/fetch-sessions.ts'
import { SessionStoreError } from '../../../../src/lib/core/errors.ts'
import type { SessionStore } from '../../../../src/lib/core/store-contract.ts'
import { createStoreSessionStorage } from '../../../../src/lib/storage/store-session-storage.ts'
import { BoundedMemoryStore } from '../../../../src/lib/stores/memory/bounded-memory-store.ts'

const secrets = ['fetch face unit tests secret, 32 bytes or more']
const stores: BoundedMemoryStore[] = []
afterAll(async () => {
  for (const store of stores) await store.close()
})

/** A memory store that records every contract call it gets, and can be made to fail. */
function spiedStore() {
  const store = new BoundedMemoryStore()
  stores.push(store)
  const calls: string[] = []
  let failing: string | undefined
  const spied = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown
      if (typeof value !== 'function' || typeof property !== 'string') return value
      return (...args: unknown[]) => {
        calls.push(property)
        if (property === failing) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  }) as SessionStore
  return { store: spied, calls, failOn: (operation: string | undefined) => (failing = operation) }
}

const url = 'http://app.test/'
const get = (cookie?: string) => new Request(url, cookie === undefined ? {} : { headers: { cookie } })
const valueOf = (response: Response) => (response.headers.getSetCookie()[0] ?? '').split(';')[0]!.replace(/^[^=]+=/, '')

describe('laziness and round trips', () => {
  it('a handler that never asks for the session costs no store call and sends no cookie, even with a session cookie', async () => {
    const { store, calls } = spiedStore()
    const sessions = createFetchSessions({ storage: createStoreSessionStorage(store, { secrets }) })
    const login = sessions.wrap(async (_request, { session }) => {
      ;(await session()).set('user', 'alice')
      return new Response('ok')
    })
    const cookie = valueOf(await login(get()))
    calls.length = 0
    const untouched = sessions.wrap(async () => new Response('static'))
    const response = await untouched(get(`__session=${cookie}`))
    expect(calls).toEqual([])
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it('through the Hono middleware too: a route that never asks for the session costs no store call', async () => {
    const { store, calls } = spiedStore()
    const sessions = createFetchSessions({ storage: createStoreSessionStorage(store, { secrets }) })
    const app = new Hono<{ Variables: { session: () => Promise<{ set(key: string, value: unknown): void }> } }>()
    app.use(sessions.hono())
    app.post('/login', async (c) => {
      ;(await c.var.session()).set('user', 'alice')
      return c.text('ok')
    })
    app.get('/static', (c) => c.text('static'))
    const cookie = valueOf(await app.request('/login', { method: 'POST' }))
    calls.length = 0
    const response = await app.request('/static', { headers: { cookie: `__session=${cookie}` } })
    expect(await response.text()).toBe('static')
    expect(calls).toEqual([])
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it.each([
    { handler: 'reads twice, changes nothing', change: false, expected: ['load'] },
    { handler: 'changes a value', change: true, expected: ['load', 'update'] },
  ])('a request that $handler: $expected', async ({ change, expected }) => {
    const { store, calls } = spiedStore()
    const sessions = createFetchSessions({ storage: createStoreSessionStorage(store, { secrets }) })
    const handler = sessions.wrap(async (_request, { session }) => {
      const first = await session()
      expect(await session()).toBe(first)
      if (change || first.state === 'new') first.set('views', Number(first.get('views') ?? 0) + 1)
      return new Response('ok')
    })
    const cookie = valueOf(await handler(get()))
    calls.length = 0
    await handler(get(`__session=${cookie}`))
    expect(calls).toEqual(expected)
  })
})

describe('the cookie', () => {
  it('is re-sent unchanged on a read-only request with a maxAge (rolling), not with rolling: false', async () => {
    const { store } = spiedStore()
    const storage = createStoreSessionStorage(store, { secrets, ttl: 60_000 })
    const handlerOf = (rolling: boolean) =>
      createFetchSessions({ storage, rolling }).wrap(async (_request, { session }) => {
        const current = await session()
        if (current.state === 'new') current.set('user', 'alice')
        return new Response('ok')
      })
    const first = await handlerOf(true)(get())
    const cookie = valueOf(first)
    expect(first.headers.getSetCookie()[0]).toMatch(/; Max-Age=60; Path=\/; Expires=/)
    const rolled = await handlerOf(true)(get(`__session=${cookie}`))
    expect(valueOf(rolled)).toBe(cookie)
    expect((await handlerOf(false)(get(`__session=${cookie}`))).headers.getSetCookie()).toEqual([])
  })

  it('uses the configured name and attributes', async () => {
    const { store } = spiedStore()
    const sessions = createFetchSessions({
      storage: createStoreSessionStorage(store, { secrets }),
      cookie: { name: 'sid', path: '/app', domain: 'app.test', maxAge: 3_600_000, sameSite: 'strict', httpOnly: false, priority: 'high' },
    })
    const handler = sessions.wrap(async (_request, { session }) => {
      const current = await session()
      current.set('views', Number(current.get('views') ?? 0) + 1)
      return new Response(String(current.get('views')))
    })
    const first = await handler(get())
    expect(first.headers.getSetCookie()[0]).toMatch(/^sid=[^;]+; Max-Age=3600; Domain=app\.test; Path=\/app; Expires=[^;]+; Priority=High; SameSite=Strict$/)
    expect(await (await handler(get(`__session=x; sid=${valueOf(first)}`))).text()).toBe('2')
  })

  it('among same-named cookies, the first one that finds a stored session wins (a stale cookie cannot lock the user out)', async () => {
    const { store, calls } = spiedStore()
    const storage = createStoreSessionStorage(store, { secrets })
    const sessions = createFetchSessions({ storage })
    const handler = sessions.wrap(async (_request, { session }) => {
      const current = await session()
      if (current.state === 'new') current.set('user', 'alice')
      return new Response(current.state)
    })
    const live = valueOf(await handler(get()))
    const stale = valueOf(await handler(get()))
    const destroy = sessions.wrap(async (_request, { session }) => {
      ;(await session()).destroy()
      return new Response('bye')
    })
    await destroy(get(`__session=${stale}`))
    calls.length = 0
    const response = await handler(get(`__session=not-signed; __session=${stale}; __session=${live}`))
    expect(await response.text()).toBe('clean')
    // The unsigned value costs nothing, the stale one a load, the live one a load.
    expect(calls).toEqual(['load', 'load'])
  })

  it('is appended to a Response whose headers are immutable, keeping its status, location and other cookies', async () => {
    const { store } = spiedStore()
    const sessions = createFetchSessions({ storage: createStoreSessionStorage(store, { secrets }) })
    const redirect = sessions.wrap(async (_request, { session }) => {
      ;(await session()).set('user', 'alice')
      return Response.redirect('http://app.test/home', 302)
    })
    const response = await redirect(get())
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('http://app.test/home')
    expect(response.headers.getSetCookie()).toHaveLength(1)

    const withCookies = sessions.wrap(async (_request, { session }) => {
      ;(await session()).set('user', 'alice')
      const headers = new Headers([['set-cookie', 'theme=dark'], ['set-cookie', 'lang=en']])
      return new Response('body', { status: 201, headers })
    })
    const both = await withCookies(get())
    expect(both.headers.getSetCookie().map((header) => header.split('=')[0])).toEqual(['theme', 'lang', '__session'])
    expect(await both.text()).toBe('body')
  })

  it("never writes into the handler's Response: one shared object cannot carry a cookie to another user", async () => {
    const { store } = spiedStore()
    const sessions = createFetchSessions({ storage: createStoreSessionStorage(store, { secrets }) })
    const shared = new Response(null, { status: 204 })
    const handler = sessions.wrap(async (_request, { session }) => {
      ;(await session()).set('user', 'alice')
      return shared
    })
    const first = await handler(get())
    const second = await handler(get())
    expect(shared.headers.getSetCookie()).toEqual([])
    expect(first.status).toBe(204)
    expect(second.headers.getSetCookie()).toHaveLength(1)
    expect(valueOf(second)).not.toBe(valueOf(first))
  })

  it('passes Response.error() through unchanged (it cannot carry headers)', async () => {
    const { store } = spiedStore()
    const sessions = createFetchSessions({ storage: createStoreSessionStorage(store, { secrets }) })
    const failed = Response.error()
    const handler = sessions.wrap(async (_request, { session }) => {
      ;(await session()).set('user', 'alice')
      return failed
    })
    expect(await handler(get())).toBe(failed)
  })

  it('passes the platform arguments through (Bun server, Cloudflare env)', async () => {
    const { store } = spiedStore()
    const sessions = createFetchSessions({ storage: createStoreSessionStorage(store, { secrets }) })
    const handler = sessions.wrap<[{ region: string }]>(async (_request, _context, env) => new Response(env.region))
    expect(await (await handler(get(), { region: 'eu' })).text()).toBe('eu')
  })
})

describe('store failures', () => {
  it.each(['load', 'set'])('a failing %s rejects the wrapped handler with a SessionStoreError', async (operation) => {
    const { store, failOn } = spiedStore()
    const sessions = createFetchSessions({ storage: createStoreSessionStorage(store, { secrets }) })
    const handler = sessions.wrap(async (_request, { session }) => {
      ;(await session()).set('user', 'alice')
      return new Response('ok')
    })
    const cookie = valueOf(await handler(get()))
    failOn(operation)
    const error = await handler(get(operation === 'load' ? `__session=${cookie}` : undefined)).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(SessionStoreError)
    expect((error as SessionStoreError).code).toBe('ECONNREFUSED')
  })

  it('a handler that catches the read failure answers, with no cookie and no save', async () => {
    const { store, calls, failOn } = spiedStore()
    const sessions = createFetchSessions({ storage: createStoreSessionStorage(store, { secrets }) })
    const seed = sessions.wrap(async (_request, { session }) => {
      ;(await session()).set('user', 'alice')
      return new Response('ok')
    })
    const cookie = valueOf(await seed(get()))
    failOn('load')
    calls.length = 0
    const handler = sessions.wrap(async (_request, { session }) => {
      const user = await session().then((current) => current.get('user'), () => 'unknown')
      return new Response(String(user))
    })
    const response = await handler(get(`__session=${cookie}`))
    expect(await response.text()).toBe('unknown')
    expect(response.headers.getSetCookie()).toEqual([])
    expect(calls).toEqual(['load'])
  })

  it("reaches Hono's app.onError", async () => {
    const { store, failOn } = spiedStore()
    const sessions = createFetchSessions({ storage: createStoreSessionStorage(store, { secrets }) })
    // A plain Hono app (no declared variables) accepts the middleware too.
    const app = new Hono()
    app.use(sessions.hono())
    app.get('/', async (c) => {
      const accessor = c.get('session' as never) as () => Promise<{ set(key: string, value: unknown): void }>
      ;(await accessor()).set('user', 'alice')
      return c.text('ok')
    })
    const errors: unknown[] = []
    app.onError((error, c) => {
      errors.push(error)
      return c.text('store down', 503)
    })
    failOn('set')
    const response = await app.request('/')
    expect(response.status).toBe(503)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(SessionStoreError)
  })
})
