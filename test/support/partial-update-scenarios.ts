import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import session, { NativeStoreBridge } from '../../src/express.ts'
import flash from '../../src/flash.ts'
import type { SessionStore } from '../../src/index.ts'
import { expressVersions } from './express-versions.ts'

/**
 * The express face on a store that reads and writes partially (`load` + `update`), proven on a real HTTP
 * server with parallel requests whose handlers overlap: what one request changes never undoes another's, and
 * flash messages are delivered exactly once. Each store's test file calls this with its own store.
 */
export function describePartialUpdates(name: string, createStore: () => Promise<{ store: SessionStore | InstanceType<typeof session.MemoryStore>; cleanup?: () => Promise<void> }>): void {
  describe.each(expressVersions)(`the express face on ${name}: partial writes ($version)`, ({ express }) => {
    let server: Server
    let base: string
    let store: SessionStore | InstanceType<typeof session.MemoryStore>
    let cleanup: (() => Promise<void>) | undefined
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

    beforeAll(async () => {
      ;({ store, cleanup } = await createStore())
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
      server = createServer(app)
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    })

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve))
      await cleanup?.()
    })

    async function newSession(): Promise<string> {
      const res = await fetch(`${base}/start`, { method: 'POST' })
      const cookie = res.headers.get('set-cookie')
      expect(cookie).toBeTruthy()
      return (cookie as string).split(';')[0] as string
    }
    const send = (cookie: string, method: string, path: string) => fetch(`${base}${path}`, { method, headers: { cookie } })
    const dataOf = async (cookie: string) => (await send(cookie, 'GET', '/data')).json()
    const flashOf = async (cookie: string) => (await send(cookie, 'GET', '/flash')).json()

    it('reads a session it does not change in one store call and writes nothing', async () => {
      const cookie = await newSession()
      calls.length = 0
      await dataOf(cookie)
      expect(calls).toEqual(['load'])
    })

    it('writes a changed session with one update after the one read', async () => {
      const cookie = await newSession()
      calls.length = 0
      await send(cookie, 'POST', '/set/color')
      expect(calls).toEqual(['load', 'update'])
      expect(await dataOf(cookie)).toMatchObject({ started: true, color: 'color' })
    })

    it('keeps every change of parallel requests that change different keys', async () => {
      const cookie = await newSession()
      const keys = Array.from({ length: 20 }, (_, i) => `key${i}`)
      overlap(keys.length)
      await Promise.all(keys.map((key) => send(cookie, 'POST', `/set/${key}`)))
      barrier = undefined
      expect(await dataOf(cookie)).toEqual({ started: true, ...Object.fromEntries(keys.map((key) => [key, key])) })
    })

    it('delivers every message of 40 parallel requests exactly once', async () => {
      const cookie = await newSession()
      const messages = Array.from({ length: 40 }, (_, i) => `message ${i}`)
      overlap(messages.length)
      await Promise.all(messages.map((message) => send(cookie, 'POST', `/flash/${encodeURIComponent(message)}`)))
      barrier = undefined
      expect(((await flashOf(cookie)) as string[]).sort()).toEqual([...messages].sort())
      expect(await flashOf(cookie)).toEqual([])
    })

    it('loses none of the messages added while another request reads the flash', async () => {
      const cookie = await newSession()
      await send(cookie, 'POST', '/flash/first')
      const added = Array.from({ length: 10 }, (_, i) => `added ${i}`)
      overlap(added.length + 1)
      const [read] = await Promise.all([flashOf(cookie), ...added.map((message) => send(cookie, 'POST', `/flash/${encodeURIComponent(message)}`))])
      barrier = undefined
      expect(read).toEqual(['first'])
      expect(((await flashOf(cookie)) as string[]).sort()).toEqual([...added].sort())
    })

    it('counts a message taken and added again with the same text as taken and added', async () => {
      const cookie = await newSession()
      await send(cookie, 'POST', '/flash/Saved!')
      const runs = 10
      overlap(runs)
      const shown = await Promise.all(Array.from({ length: runs }, async () => (await send(cookie, 'POST', '/cycle')).json()))
      barrier = undefined
      // Each request saw the one waiting message and left one of its own: ten wait now, none was lost.
      expect(shown).toEqual(Array.from({ length: runs }, () => ['Saved!']))
      expect(await flashOf(cookie)).toEqual(Array.from({ length: runs }, () => 'Saved!'))
    })

    it('keeps a message through requests that do not read it, until one does', async () => {
      const cookie = await newSession()
      await send(cookie, 'POST', '/flash/kept')
      await dataOf(cookie)
      await send(cookie, 'POST', '/set/other')
      await dataOf(cookie)
      expect(await flashOf(cookie)).toEqual(['kept'])
      expect(await flashOf(cookie)).toEqual([])
    })

    it('writes a regenerated session whole under its new id', async () => {
      const cookie = await newSession()
      calls.length = 0
      const res = await send(cookie, 'POST', '/regenerate')
      expect(calls).toEqual(['load', 'destroy', 'set'])
      const fresh = (res.headers.get('set-cookie') as string).split(';')[0] as string
      expect(await dataOf(fresh)).toEqual({ fresh: true })
    })

    it('does not bring back a session destroyed while the request ran', async () => {
      const cookie = await newSession()
      const res = await send(cookie, 'POST', '/revoke-then-write')
      expect(res.status).toBe(200)
      const after = await fetch(`${base}/data`, { headers: { cookie } })
      expect(await after.json()).toEqual({})
    })
  })
}
