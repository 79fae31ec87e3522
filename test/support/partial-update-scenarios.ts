import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type session from '../../src/express.ts'
import type { SessionStore } from '../../src/index.ts'
import { expressVersions } from './express-versions.ts'
import { startParallelSessionApp, type ParallelSessionApp } from './parallel-session-app.ts'

/**
 * The express face on a store that reads and writes partially (`load` + `update`), proven on a real HTTP
 * server with parallel requests whose handlers overlap: what one request changes never undoes another's, and
 * flash messages are delivered exactly once. Each store's test file calls this with its own store. The app and
 * its overlapping routes are in parallel-session-app.ts (shared with test/proof/concurrency).
 */
export function describePartialUpdates(name: string, createStore: () => Promise<{ store: SessionStore | InstanceType<typeof session.MemoryStore>; cleanup?: () => Promise<void> }>): void {
  describe.each(expressVersions)(`the express face on ${name}: partial writes ($version)`, ({ express }) => {
    let app: ParallelSessionApp
    let cleanup: (() => Promise<void>) | undefined
    let calls: string[]

    beforeAll(async () => {
      const created = await createStore()
      cleanup = created.cleanup
      app = await startParallelSessionApp(express, created.store)
      calls = app.calls
    })

    afterAll(async () => {
      await app.close()
      await cleanup?.()
    })

    const newSession = () => app.newSession()
    const send = (cookie: string, method: string, path: string) => app.send(cookie, method, path)
    const dataOf = (cookie: string) => app.dataOf(cookie)
    const flashOf = (cookie: string) => app.flashOf(cookie)
    const overlap = (size: number) => app.overlap(size)

    it('reads a session it does not change in one store call and writes nothing', async () => {
      const cookie = await newSession()
      calls.length = 0
      await dataOf(cookie)
      expect(calls).toEqual(['load'])
    })

    it('reads a session with a message waiting, without taking it, in one store call and writes nothing', async () => {
      const cookie = await newSession()
      await send(cookie, 'POST', '/flash/waiting')
      calls.length = 0
      await dataOf(cookie)
      expect(calls).toEqual(['load'])
      expect(await flashOf(cookie)).toEqual(['waiting'])
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
      app.endOverlap()
      expect(await dataOf(cookie)).toEqual({ started: true, ...Object.fromEntries(keys.map((key) => [key, key])) })
    })

    it('delivers every message of 40 parallel requests exactly once', async () => {
      const cookie = await newSession()
      const messages = Array.from({ length: 40 }, (_, i) => `message ${i}`)
      overlap(messages.length)
      await Promise.all(messages.map((message) => send(cookie, 'POST', `/flash/${encodeURIComponent(message)}`)))
      app.endOverlap()
      expect(((await flashOf(cookie)) as string[]).sort()).toEqual([...messages].sort())
      expect(await flashOf(cookie)).toEqual([])
    })

    it('loses none of the messages added while another request reads the flash', async () => {
      const cookie = await newSession()
      await send(cookie, 'POST', '/flash/first')
      const added = Array.from({ length: 10 }, (_, i) => `added ${i}`)
      overlap(added.length + 1)
      const [read] = await Promise.all([flashOf(cookie), ...added.map((message) => send(cookie, 'POST', `/flash/${encodeURIComponent(message)}`))])
      app.endOverlap()
      expect(read).toEqual(['first'])
      expect(((await flashOf(cookie)) as string[]).sort()).toEqual([...added].sort())
    })

    it('counts a message taken and added again with the same text as taken and added', async () => {
      const cookie = await newSession()
      await send(cookie, 'POST', '/flash/Saved!')
      const runs = 10
      overlap(runs)
      const shown = await Promise.all(Array.from({ length: runs }, async () => (await send(cookie, 'POST', '/cycle')).json()))
      app.endOverlap()
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
      const after = await fetch(`${app.base}/data`, { headers: { cookie } })
      expect(await after.json()).toEqual({})
    })
  })
}
