import express, { type NextFunction, type Request, type Response } from 'express'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import session from '../../src/express.ts'
import { createFetchSessions, toNodeListener } from '../../src/fetch.ts'
import { createMemorySessionStorage } from '../../src/index.ts'
import { asHeaderBytes, hostileCookieHeader, hostileCookieValue } from './support/cookie-arbitraries.ts'
import { listenOnLoopback, rawClient, type RawResponse } from './support/raw-http.ts'

/**
 * Hostile Cookie headers through real HTTP, on both faces: sessionkit/express on Express 5 (default MemoryStore)
 * and the Fetch face (createFetchSessions + toNodeListener, memory storage). Tampered signed values, huge
 * values (up to 64 KiB a value; the server accepts 1 MiB of headers), odd encodings, dozens of same-named
 * cookies: every request gets a 200 with a fresh session (views 1, a new id and cookie), never a 500, never a
 * hang (each request must answer within 5 s). A valid cookie followed by hostile same-named ones still finds its session.
 *
 * Runs: fewer than the 100,000 of the parser properties (test/proof/cookie-parsing.property.test.ts), since each
 * case is an HTTP round trip: PROOF_HTTP_RUNS per face (default 3,000; about 1–2 ms a request on this machine
 * when it is quiet, so a few seconds per face).
 */

const RUNS = Number(process.env.PROOF_HTTP_RUNS ?? 3000)
// 60 s by default; a long run (PROOF_HTTP_RUNS=100000) gets about 5 ms a request.
const TIMEOUT = Math.max(60_000, RUNS * 5)
const SECRET = 'http property secret'

interface Visit {
  id: string
  views: number
}

/** The checks every hostile request must pass, on either face. */
function expectFreshSession(res: RawResponse, cookieName: string, known: { id: string; cookie: string }): void {
  expect(res.status, res.body).toBe(200)
  const visit = JSON.parse(res.body) as Visit
  expect(visit.views).toBe(1)
  expect(visit.id).not.toBe(known.id)
  const fresh = res.cookies.find((c) => c.startsWith(`${cookieName}=`))
  expect(fresh).toBeDefined()
  expect(fresh).not.toBe(known.cookie)
}

const faces = [
  {
    face: 'sessionkit/express on Express 5',
    cookieName: 'connect.sid',
    async start() {
      const app = express()
      app.use(session({ secret: SECRET, resave: false, saveUninitialized: false, cookie: { maxAge: 60_000 } }))
      app.get('/visit', (req, res) => {
        req.session.views = ((req.session.views as number | undefined) ?? 0) + 1
        res.json({ id: req.sessionID, views: req.session.views })
      })
      app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => void res.status(500).json({ name: err.name, message: err.message }))
      return listenOnLoopback(app)
    },
  },
  {
    face: 'the Fetch face (createFetchSessions + toNodeListener)',
    cookieName: '__session',
    async start() {
      const storage = createMemorySessionStorage({ secrets: [SECRET] })
      const sessions = createFetchSessions({ storage })
      const handler = sessions.wrap(async (_request, { session: read }) => {
        const s = await read()
        const views = Number(s.get('views' as never) ?? 0) + 1
        s.set('views' as never, views as never)
        return Response.json({ id: s.id, views })
      })
      const failures: unknown[] = []
      const listening = await listenOnLoopback(toNodeListener(handler, { onError: (error) => void failures.push(error) }))
      return { ...listening, close: async () => (await listening.close(), expect(failures).toEqual([])) }
    },
  },
]

describe.each(faces)('hostile Cookie headers over HTTP: $face', ({ cookieName, start }) => {
  let server: Awaited<ReturnType<typeof start>>
  let client: ReturnType<typeof rawClient>
  let known: { id: string; cookie: string }

  beforeAll(async () => {
    server = await start()
    client = rawClient(server.port)
    const first = await client.send('GET', '/visit')
    known = { id: (JSON.parse(first.body) as Visit).id, cookie: first.cookies[0] as string }
  })
  afterAll(async () => {
    client?.close()
    await server?.close()
  })

  it(`gives every hostile header a fresh session: 200, never a 500 or a hang (${RUNS.toLocaleString('en')} requests)`, async () => {
    let slowest = 0
    const started = performance.now()
    await fc.assert(
      fc.asyncProperty(hostileCookieHeader(cookieName, SECRET, { hugeMaxLength: 65_536 }), async (header) => {
        const res = await client.send('GET', '/visit', { cookie: asHeaderBytes(header) })
        slowest = Math.max(slowest, res.ms)
        expectFreshSession(res, cookieName, known)
      }),
      { numRuns: RUNS },
    )
    const perRequest = (performance.now() - started) / RUNS
    console.log(`${cookieName}: ${RUNS} hostile requests, ${perRequest.toFixed(2)} ms each on average, slowest ${slowest.toFixed(0)} ms`)
  }, TIMEOUT)

  it('still finds the session of a valid cookie sent first, whatever same-named hostile cookies follow it', async () => {
    // A session of its own: after a long run of the test above, the bounded memory store (50,000 sessions) has
    // evicted the first one.
    const first = await client.send('GET', '/visit')
    const mine = { id: (JSON.parse(first.body) as Visit).id, cookie: first.cookies[0] as string }
    const [name, value] = mine.cookie.split(/=(.*)/s) as [string, string]
    let views = 1
    await fc.assert(
      fc.asyncProperty(fc.array(hostileCookieValue(SECRET, 4096), { maxLength: 12 }), async (followers) => {
        const header = [`${name}=${value}`, ...followers.map((v) => `${name}=${v}`)].join('; ')
        const res = await client.send('GET', '/visit', { cookie: asHeaderBytes(header) })
        expect(res.status, res.body).toBe(200)
        expect(JSON.parse(res.body)).toEqual({ id: mine.id, views: ++views })
      }),
      { numRuns: Math.max(100, RUNS / 10) },
    )
  }, TIMEOUT)
})
