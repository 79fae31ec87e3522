import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import type { FetchSessions } from '../../../../src/lib/adapters/fetch/fetch-sessions.ts'
import type { SessionVariables } from '../../../../src/lib/adapters/fetch/hono-session-middleware.ts'
import { toNodeListener } from '../../../../src/lib/adapters/fetch/node-listener.ts'
import type { Session } from '../../../../src/lib/core/session.ts'

/** The data of the test app's sessions. */
export interface AppData {
  views: number
  user: string
}
export interface AppFlash {
  message: string
}
type AppSession = Session<AppData, AppFlash>

// The one app, written once against a Session and served both by the wrapper and by Hono.
function page(session: AppSession): Response {
  const views = (session.get('views') ?? 0) + 1
  session.set('views', views)
  return Response.json({ views, user: session.get('user') ?? null, message: session.get('message') ?? null })
}
function login(session: AppSession, url: string): Response {
  session.regenerateId(true)
  session.set('user', 'alice')
  session.flash('message', 'welcome, alice')
  // Response.redirect's headers are immutable: the cookie must still reach the browser.
  return Response.redirect(new URL('/', url), 303)
}
function logout(session: AppSession, url: string): Response {
  session.destroy()
  return Response.redirect(new URL('/', url), 303)
}

/** A plain Fetch handler on `sessions.wrap`. */
export function wrappedApp(sessions: FetchSessions<AppData, AppFlash>): (request: Request) => Promise<Response> {
  return sessions.wrap(async (request, { session }) => {
    const { pathname } = new URL(request.url)
    if (pathname === '/static') return new Response('no session here')
    if (pathname === '/fail') throw new Error('handler failed')
    const current = await session()
    if (pathname === '/login' && request.method === 'POST') return login(current, request.url)
    if (pathname === '/logout' && request.method === 'POST') return logout(current, request.url)
    return page(current)
  })
}

/** The same app on Hono with `sessions.hono()`. */
export function honoApp(sessions: FetchSessions<AppData, AppFlash>): Hono<{ Variables: SessionVariables<AppData, AppFlash> }> {
  const app = new Hono<{ Variables: SessionVariables<AppData, AppFlash> }>()
  app.use(sessions.hono())
  app.get('/static', (c) => c.text('no session here'))
  app.get('/fail', () => {
    throw new Error('handler failed')
  })
  app.post('/login', async (c) => login(await c.var.session(), c.req.url))
  app.post('/logout', async (c) => logout(await c.get('session')(), c.req.url))
  app.get('/', async (c) => page(await c.var.session()))
  return app
}

/** Sends requests somewhere, as a browser would (no redirects followed). */
export type Send = (path: string, init?: RequestInit) => Promise<Response>

export interface Transport {
  name: string
  start(sessions: FetchSessions<AppData, AppFlash>): Promise<{ send: Send; close(): Promise<void> }>
}

function listening(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))
  })
}
function closing(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
}
const overHttp = (origin: string): Send => (path, init) => fetch(origin + path, { ...init, redirect: 'manual' })

export const transports: Transport[] = [
  {
    name: 'node:http (toNodeListener + wrap)',
    async start(sessions) {
      const server = createServer(toNodeListener(wrappedApp(sessions), { onError: () => {} }))
      return { send: overHttp(await listening(server)), close: () => closing(server) }
    },
  },
  {
    name: 'Hono app.request()',
    async start(sessions) {
      const app = honoApp(sessions)
      app.onError((error, c) => c.text(`error: ${error.message}`, 500))
      return { send: async (path, init) => app.request(path, init), close: async () => {} }
    },
  },
  {
    name: 'Hono on @hono/node-server',
    async start(sessions) {
      const app = honoApp(sessions)
      app.onError((error, c) => c.text(`error: ${error.message}`, 500))
      const server = await new Promise<Server>((resolve) => {
        const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started as Server))
      })
      return { send: overHttp(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), close: () => closing(server) }
    },
  },
]

/** A browser's cookie jar for one site: keeps what Set-Cookie says, sends it back. */
export class CookieJar {
  readonly cookies = new Map<string, string>()
  /** Every Set-Cookie seen, newest last. */
  readonly received: string[] = []

  constructor(private readonly send: Send) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size > 0 && !headers.has('cookie')) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '))
    const response = await this.send(path, { ...init, headers })
    for (const header of response.headers.getSetCookie()) {
      this.received.push(header)
      const [pair = ''] = header.split(';')
      const equals = pair.indexOf('=')
      const name = pair.slice(0, equals)
      const value = pair.slice(equals + 1)
      if (value === '' || /;\s*Max-Age=0(;|$)/i.test(header)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }
}
