import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect } from 'vitest'
import session, { NativeStoreBridge } from '../../src/express.ts'
import flash from '../../src/flash.ts'
import type { SessionStore } from '../../src/index.ts'
import type { expressVersions } from './express-versions.ts'

/** A sessionkit store, or a connect-style store such as the express face's MemoryStore. */
export type ParallelTestStore = SessionStore | InstanceType<typeof session.MemoryStore>

/**
 * The express face (+ sessionkit/flash) on a real HTTP server over `store`, with routes whose handlers can be
 * made to overlap: after `overlap(n)`, the next n requests to a waiting route each load the session and then
 * wait until all n have, so every one of them saves on top of a session it read before the others wrote. Used
 * by test/support/partial-update-scenarios.ts and by the concurrency proofs in test/proof/concurrency.
 *
 * Routes: POST /start (a new session), POST /set/:key (sets key = key), POST /flash/:message (adds an `info`
 * message), POST /cycle (shows and takes the `info` messages, then adds 'Saved!'), GET /flash (takes the `info`
 * messages), GET /data (the session without its cookie), POST /regenerate, POST /revoke-then-write.
 */
export interface ParallelSessionApp {
  base: string
  /** Store calls by the contract's names (`load`, `update`, …) when `countCalls` was asked for. */
  calls: string[]
  /** The next `size` requests to a waiting route overlap. */
  overlap(size: number): void
  /** Requests stop waiting for each other. */
  endOverlap(): void
  /** A new session; its `name=value` cookie. */
  newSession(): Promise<string>
  send(cookie: string, method: string, path: string): Promise<Response>
  dataOf(cookie: string): Promise<unknown>
  flashOf(cookie: string): Promise<unknown>
  close(): Promise<void>
}

/** Records the store's calls (under the contract's names) into `calls`, on the instance or on its prototype's level. */
function countStoreCalls(store: ParallelTestStore, calls: string[]): void {
  // Calls are recorded under the contract's names: a connect-style store's readSession is a `load`.
  const names: Record<string, string> = { get: 'get', set: 'set', touch: 'touch', load: 'load', update: 'update', destroy: 'destroy', readSession: 'load', updateSession: 'update' }
  // On the prototype's level for a connect-style store: replacing get/set on the instance would (rightly)
  // switch its partial writes off.
  const target = 'on' in store ? Object.getPrototypeOf(store) : store
  const counted = 'on' in store ? Object.create(target) : store
  for (const [method, name] of Object.entries(names)) {
    const original = target[method] as ((...args: unknown[]) => unknown) | undefined
    if (typeof original !== 'function') continue
    const wrapper = function (this: unknown, ...args: unknown[]) {
      calls.push(name)
      return original.apply(this, args)
    }
    if ('on' in store) Object.defineProperty(counted, method, { value: wrapper, writable: true, configurable: true })
    else (store as unknown as Record<string, unknown>)[method] = wrapper
  }
  if ('on' in store) Object.setPrototypeOf(store, counted)
}

/** Starts the app on a loopback port; see {@link ParallelSessionApp}. */
export async function startParallelSessionApp(express: (typeof expressVersions)[number]['express'], store: ParallelTestStore, { countCalls = true } = {}): Promise<ParallelSessionApp> {
  const calls: string[] = []
  // Requests that wait here overlap: each has loaded the session before any of them saves it.
  let barrier: { size: number; arrived: number; release: () => void; released: Promise<void> } | undefined

  function overlap(size: number): void {
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    barrier = { size, arrived: 0, release, released }
  }
  async function waitForOthers(): Promise<void> {
    const current = barrier
    if (!current) return
    if (++current.arrived === current.size) current.release()
    await current.released
  }

  if (countCalls) countStoreCalls(store, calls)
  const app = express()
  app.use(session({ secret: 'partial', resave: false, saveUninitialized: false, store: 'on' in store ? store : new NativeStoreBridge(store), cookie: { maxAge: 60_000 } }))
  app.use(flash())
  app.post('/start', (req, res) => {
    req.session.started = true
    res.end()
  })
  app.post('/set/:key', async (req, res) => {
    await waitForOthers()
    req.session[req.params.key as string] = req.params.key
    res.end()
  })
  app.post('/flash/:message', async (req, res) => {
    await waitForOthers()
    req.flash('info', req.params.message as string)
    res.end()
  })
  // Shows the message the previous request left and leaves the same text again.
  app.post('/cycle', async (req, res) => {
    const shown = req.flash('info')
    await waitForOthers()
    req.flash('info', 'Saved!')
    res.json(shown)
  })
  app.get('/flash', async (req, res) => {
    const messages = req.flash('info')
    await waitForOthers()
    res.json(messages)
  })
  app.get('/data', (req, res) => {
    const { cookie: _cookie, ...data } = req.session
    res.json(data)
  })
  app.post('/regenerate', async (req, res) => {
    await req.session.regenerate()
    req.session.fresh = true
    res.end()
  })
  app.post('/revoke-then-write', async (req, res) => {
    const id = req.sessionID as string
    if ('on' in store) await new Promise<void>((resolve, reject) => store.destroy(id, (err) => (err ? reject(err) : resolve())))
    else await store.destroy(id)
    req.session.late = true
    res.end()
  })
  const server: Server = createServer(app)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const send = (cookie: string, method: string, path: string) => fetch(`${base}${path}`, { method, headers: { cookie } })
  return {
    base,
    calls,
    overlap,
    endOverlap: () => void (barrier = undefined),
    async newSession() {
      const res = await fetch(`${base}/start`, { method: 'POST' })
      const cookie = res.headers.get('set-cookie')
      expect(cookie).toBeTruthy()
      return (cookie as string).split(';')[0] as string
    },
    send,
    dataOf: async (cookie) => (await send(cookie, 'GET', '/data')).json(),
    flashOf: async (cookie) => (await send(cookie, 'GET', '/flash')).json(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
