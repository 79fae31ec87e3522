import express, { type NextFunction, type Request, type Response } from 'express'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import session from '../../../src/express.ts'
import { createFetchSessions, toNodeListener } from '../../../src/fetch.ts'
import { createStoreSessionStorage, type SessionStore } from '../../../src/index.ts'
import { listenOnLoopback, rawClient } from './raw-http.ts'

/**
 * Corrupt stored payloads through real HTTP: a test file gives a real store and a way to damage one session in
 * it behind the store's back (garbage written straight into Redis, a table row, a file), and this runs, on both
 * faces, the same property: log in, damage the stored session, visit → 200, a fresh session (no user, views 1,
 * a new id), never a 500, never a hang.
 */

export interface CorruptibleStore<Garbage> {
  store: SessionStore
  /** Generates one way of damaging a stored session. */
  garbage: fc.Arbitrary<Garbage>
  /**
   * Writes `garbage` over the stored session `id`. Resolves `false` when the backend itself refuses that garbage
   * (a jsonb column rejecting invalid JSON, a NOT NULL constraint): such data cannot exist there, so the run is skipped.
   */
  corrupt(id: string, garbage: Garbage): Promise<boolean>
  cleanup(): Promise<void>
}

const SECRET = 'corrupt payload secret'
const TIMEOUT = 60_000

interface Visit {
  id: string
  user: string | null
  views: number
}

// The routes look at stored values only through these: whatever garbage a data key holds (a 20,000-deep array,
// an object with a throwing toString), the app itself never walks it, so any failure is sessionkit's own.
const numberOr0 = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0)
const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null)

/** An app on either face with three routes: POST /login, GET /visit (counts views), an error handler (500). */
async function startFace(face: 'express' | 'fetch', store: SessionStore) {
  if (face === 'express') {
    const app = express()
    app.use(session({ secret: SECRET, resave: false, saveUninitialized: false, store, storeTimeout: 5000, cookie: { maxAge: 60_000 } }))
    app.post('/login', (req, res) => {
      req.session.user = 'mj'
      req.session.views = 5
      res.json({ id: req.sessionID })
    })
    app.get('/visit', (req, res) => {
      const views = numberOr0(req.session.views) + 1
      req.session.views = views
      res.json({ id: req.sessionID, user: stringOrNull(req.session.user), views })
    })
    // An error that arrives after the response went out cannot be answered: record it (the property fails on
    // it with its message) instead of letting Express destroy the keep-alive connection.
    const failures: unknown[] = []
    app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
      if (res.headersSent) return void failures.push(err)
      res.status(500).json({ name: err.name, message: err.message, stack: err.stack })
    })
    return { cookieName: 'connect.sid', failures, ...(await listenOnLoopback(app)) }
  }
  const sessions = createFetchSessions({ storage: createStoreSessionStorage(store, { secrets: [SECRET], ttl: 60_000, storeTimeout: 5000 }) })
  const failures: unknown[] = []
  const handler = sessions.wrap(async (request, { session: read }) => {
    // (Errors reach toNodeListener's onError, recorded in `failures` and checked after the run.)
    const s = await read()
    const path = new URL(request.url).pathname
    if (path === '/login') {
      s.set('user' as never, 'mj' as never)
      s.set('views' as never, 5 as never)
      s.flash('info' as never, 'hi' as never)
      return Response.json({ id: s.id })
    }
    const views = numberOr0(s.get('views' as never)) + 1
    s.set('views' as never, views as never)
    return Response.json({ id: s.id, user: stringOrNull(s.get('user' as never)), views })
  })
  const listening = await listenOnLoopback(toNodeListener(handler, { onError: (error) => void failures.push(error) }))
  return { cookieName: '__session', failures, ...listening }
}

/** Registers the corrupt-payload property for `name` on both faces, `runs` cases each (skipped when `skip`). */
export function describeCorruptStoredPayloads<Garbage>(name: string, runs: number, setup: () => Promise<CorruptibleStore<Garbage>>, skip = false): void {
  describe.skipIf(skip).each(['express', 'fetch'] as const)(`corrupt stored payloads in ${name} through real HTTP (%s face)`, (face) => {
    let backend: CorruptibleStore<Garbage>
    let app: Awaited<ReturnType<typeof startFace>>
    let client: ReturnType<typeof rawClient>

    beforeAll(async () => {
      backend = await setup()
      app = await startFace(face, backend.store)
      client = rawClient(app.port)
    })
    afterAll(async () => {
      client?.close()
      await app?.close()
      await backend?.cleanup()
    })

    it(`a damaged stored session gives a fresh session: 200, never a 500 or a hang (${runs} cases)`, async () => {
      let skipped = 0
      const fresh = { kept: 0 }
      await fc.assert(
        fc.asyncProperty(backend.garbage, async (garbage) => {
          const login = await client.send('POST', '/login')
          expect(login.status, login.body).toBe(200)
          const { id } = JSON.parse(login.body) as { id: string }
          const cookie = login.cookies.find((c) => c.startsWith(`${app.cookieName}=`)) as string
          expect(cookie).toBeDefined()
          if (!(await backend.corrupt(id, garbage))) {
            skipped++
            return
          }
          const res = await client.send('GET', '/visit', { cookie })
          expect(res.status, res.body).toBe(200)
          expect(app.failures.splice(0).map(String)).toEqual([])
          const visit = JSON.parse(res.body) as Visit
          // Either the store saw the damage and answered "no session" (a fresh one, never adopting the old id), or
          // the garbage was well-formed data (an unknown field, a valid JSON value in a data field) and the
          // session read as stored: both are fine, a 500 or a hang is not.
          if (visit.id !== id) expect(visit).toEqual({ id: expect.any(String), user: null, views: 1 })
          else fresh.kept++
        }),
        // No shrinking: over HTTP each shrink step costs round trips (and a hang 5 s); the first failure is reported as found.
        { numRuns: runs, endOnFailure: true },
      )
      console.log(`${name}, ${face} face: ${runs} cases, ${skipped} skipped (garbage the backend itself refuses), ${fresh.kept} read as valid data, the rest fresh sessions`)
    }, TIMEOUT)
  })
}
