import express, { type NextFunction, type Request, type Response } from 'express'
import { expect } from 'vitest'
import session from '../../../src/express.ts'
import { SessionStoreError, type SessionStore } from '../../../src/index.ts'
import { listenOnLoopback, rawClient, type RawResponse } from './raw-http.ts'

/**
 * A stream of requests through sessionkit/express (Express 5) while the store's server is stopped and started
 * again underneath it, and the checks every outage must pass: each failing request is a SessionStoreError (a
 * 500 from the app's error handler) answered within the store timeout, none hangs, routes without sessions keep
 * answering, service comes back by itself, and every write acknowledged (2xx) is still there afterwards.
 */

/** One request of the stream, as the client saw it. */
interface Exchange {
  client: number
  seq: number
  /** When the request was sent, and when its answer came. */
  phase: Phase
  endPhase: Phase
  status: number
  ms: number
  body: string
}

type Phase = 'up' | 'down' | 'restarting' | 'back'

export interface OutageStreamOptions {
  store: SessionStore
  /** The store timeout the middleware is given (ms). */
  storeTimeout: number
  /** Stops the server (the way the test chooses: graceful or a crash). */
  stop(): Promise<void>
  /** Starts it again on the same port and data, resolving once it accepts connections. */
  start(): Promise<void>
  /** Sessions writing in parallel. @default 4 */
  clients?: number
  /** How long the stream runs before the stop, and how long the server stays down (ms). */
  upMs?: number
  downMs?: number
  /** Successful writes per client after the restart before the stream ends. @default 10 */
  successesAfter?: number
}

export interface OutageReport {
  requests: number
  acknowledged: number
  failed: number
  failedWhileDown: number
  slowestFailureMs: number
  slowestMs: number
  /** From the restart until every client had a successful write again (ms). */
  recoveryMs: number
  healthChecks: number
}

/** The app under test: POST /write/:n sets key `w<n>` (a partial write of one key), GET /keys lists them. */
function outageApp(store: SessionStore, storeTimeout: number) {
  const app = express()
  app.get('/health', (_req, res) => void res.send('ok'))
  app.use(session({ secret: 'outage stream secret', resave: false, saveUninitialized: false, store, storeTimeout, cookie: { maxAge: 600_000 } }))
  app.post('/login', (req, res) => {
    req.session.user = 'mj'
    res.send('ok')
  })
  app.post('/write/:n', (req, res) => {
    req.session[`w${req.params.n}`] = Number(req.params.n)
    res.send('ok')
  })
  app.get('/keys', (req, res) => {
    res.json(Object.keys(req.session).filter((key) => key.startsWith('w')))
  })
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as SessionStoreError
    res.status(500).json({ name: e.name, isStoreError: err instanceof SessionStoreError, code: e.code, operation: e.operation, message: e.message })
  })
  return app
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs the stream around one stop/start of the server and checks everything the outage must satisfy. */
export async function runOutageStream(options: OutageStreamOptions): Promise<OutageReport> {
  const { store, storeTimeout, clients = 4, upMs = 800, downMs = 1500, successesAfter = 10 } = options
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => void unhandled.push(reason)
  process.on('unhandledRejection', onUnhandled)
  process.on('uncaughtException', onUnhandled)
  const server = await listenOnLoopback(outageApp(store, storeTimeout))
  // A request that takes longer than the store timeout plus this is a hang.
  const http = rawClient(server.port, storeTimeout + 2000)
  try {
    const cookies: string[] = []
    for (let i = 0; i < clients; i++) {
      const login = await http.send('POST', '/login')
      expect(login.status, login.body).toBe(200)
      cookies.push(login.cookies[0] as string)
    }

    let phase: Phase = 'up'
    let restartedAt = 0
    const exchanges: Exchange[] = []
    const successesSinceRestart = new Array<number>(clients).fill(0)
    const recoveredAt = new Array<number>(clients).fill(0)
    let streaming = true

    async function writer(client: number): Promise<void> {
      for (let seq = 0; streaming; seq++) {
        const sentIn = phase
        const res: RawResponse = await http.send('POST', `/write/${seq}`, { cookie: cookies[client] as string })
        exchanges.push({ client, seq, phase: sentIn, endPhase: phase, status: res.status, ms: res.ms, body: res.body })
        if (res.status === 200 && sentIn === 'back') {
          if (successesSinceRestart[client] === 0) recoveredAt[client] = performance.now()
          successesSinceRestart[client] = (successesSinceRestart[client] as number) + 1
        }
        // A failing store answers at once: do not spin the CPU meanwhile.
        if (res.status !== 200) await pause(20)
      }
    }
    let healthChecks = 0
    async function healthChecker(): Promise<void> {
      while (streaming) {
        const res = await http.send('GET', '/health')
        expect(res.status).toBe(200)
        healthChecks++
        await pause(50)
      }
    }

    const running = [...cookies.map((_, client) => writer(client)), healthChecker()]
    await pause(upMs)
    phase = 'down'
    await options.stop()
    await pause(downMs)
    phase = 'restarting'
    await options.start()
    restartedAt = performance.now()
    phase = 'back'
    const deadline = restartedAt + 15_000
    while (successesSinceRestart.some((n) => n < successesAfter) && performance.now() < deadline) await pause(20)
    streaming = false
    await Promise.all(running)

    // Service came back by itself (same app, same client, same store objects).
    expect(successesSinceRestart.every((n) => n >= successesAfter), `successful writes per client after the restart: ${successesSinceRestart}`).toBe(true)

    // Every answer is a 200 or a store error from the error handler, within the store timeout.
    const failures = exchanges.filter((e) => e.status !== 200)
    for (const failure of failures) {
      expect(failure.status, failure.body).toBe(500)
      expect(JSON.parse(failure.body)).toMatchObject({ name: 'SessionStoreError', isStoreError: true })
      expect(failure.ms, failure.body).toBeLessThan(storeTimeout + 500)
    }
    // Sent or answered while the server was down (a frozen server fails the requests already in flight).
    const failedWhileDown = failures.filter((e) => e.phase !== 'up' || e.endPhase !== 'up').length
    expect(failedWhileDown, 'the outage was seen by requests').toBeGreaterThan(0)

    // Every acknowledged write is stored, and nothing that was never sent.
    for (let client = 0; client < clients; client++) {
      const res = await http.send('GET', '/keys', { cookie: cookies[client] as string })
      expect(res.status, res.body).toBe(200)
      const stored = new Set(JSON.parse(res.body) as string[])
      const mine = exchanges.filter((e) => e.client === client)
      const acknowledged = mine.filter((e) => e.status === 200).map((e) => `w${e.seq}`)
      expect(acknowledged.filter((key) => !stored.has(key)), `acknowledged writes of client ${client} missing after the restart`).toEqual([])
      const attempted = new Set(mine.map((e) => `w${e.seq}`))
      expect([...stored].filter((key) => !attempted.has(key))).toEqual([])
    }
    expect(unhandled).toEqual([])

    return {
      requests: exchanges.length,
      acknowledged: exchanges.length - failures.length,
      failed: failures.length,
      failedWhileDown,
      slowestFailureMs: Math.round(Math.max(0, ...failures.map((e) => e.ms))),
      slowestMs: Math.round(Math.max(...exchanges.map((e) => e.ms))),
      recoveryMs: Math.round(Math.max(...recoveredAt) - restartedAt),
      healthChecks,
    }
  } finally {
    http.close()
    await server.close()
    process.off('unhandledRejection', onUnhandled)
    process.off('uncaughtException', onUnhandled)
  }
}
