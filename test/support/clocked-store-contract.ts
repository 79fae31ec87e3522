/**
 * The store contract proven on a fake clock: one call from a store's test file runs the exact-time tests of
 * expiry, `touch`, `load` sliding, flash split/merge and `update` against it, in the manner of
 * {@link describeStoreConformance} (which proves the same contract on real clocks, so it also runs remote stores).
 *
 * ```ts
 * describeClockedStoreContract('FsStore', ({ now, ttl }) => new FsStore({ directory: freshDirectory(), now, ttl, pruneInterval: false }))
 * ```
 *
 * How it runs:
 * - The suite owns the clock: it starts at 2026-01-01T00:00:00Z before every test and moves only when a test moves
 *   it, so lifetimes are checked to the millisecond without sleeping.
 * - `createStore` is called one or more times inside a test and must return an empty store isolated from every
 *   other store, reading the time from `now` only, with no timer of its own that could change what a test sees
 *   (turn pruning off). The suite closes every store it created after each test.
 * - Checks of how a store keeps its data (files, rows, a byte count) belong in the store's own test file; this
 *   suite asserts only through the store's methods.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SessionRecord, SessionStore } from '../../src/lib/core/store-contract.ts'

/** What the suite passes to `createStore`. */
export interface ClockedStoreOptions {
  /** The clock the store must read: the suite's fake time, in ms since the epoch. */
  now: () => number
  /**
   * The store's default lifetime in ms (the `ttl` option; the bounded memory store's `defaultTtl`).
   * @default undefined: the store's own default, which must be longer than an hour
   */
  ttl?: number
}

/** The methods the suite calls: the required ones plus touch, load, update, all, ids, length and clear. */
export type ClockedStore = SessionStore & Required<Pick<SessionStore, 'touch' | 'load' | 'update' | 'all' | 'ids' | 'length' | 'clear'>>

const START = Date.parse('2026-01-01T00:00:00Z')
const HOUR = 3_600_000

/** A cookie as express-session writes it at time `now`, living `maxAge` ms. */
export function expressCookie(now: number, maxAge: number): NonNullable<SessionRecord['cookie']> {
  return { originalMaxAge: maxAge, expires: new Date(now + maxAge).toISOString(), httpOnly: true, path: '/' }
}

/**
 * Registers the fake-clock contract tests for one store under `describe(name)`. `createStore` makes a new, empty,
 * isolated store on the clock and default lifetime it is given; see the file's header.
 */
export function describeClockedStoreContract(name: string, createStore: (options: ClockedStoreOptions) => ClockedStore): void {
  describe(name, () => {
    let now = START
    const created: ClockedStore[] = []
    const cookie = (maxAge: number) => expressCookie(now, maxAge)
    const store = (ttl?: number): ClockedStore => {
      const s = createStore({ now: () => now, ...(ttl === undefined ? {} : { ttl }) })
      created.push(s)
      return s
    }

    beforeEach(() => {
      now = START
    })
    afterEach(async () => {
      for (const s of created.splice(0)) await s.close?.()
    })

    it('round-trips a record as JSON does, and stored values are copies', async () => {
      const s = store()
      const record = { cookie: cookie(HOUR), cart: ['apple'], at: new Date(0), gone: undefined }
      await s.set('a', record)
      record.cart.push('pear')
      const loaded = await s.get('a')
      expect(loaded).toEqual({ cookie: record.cookie, cart: ['apple'], at: '1970-01-01T00:00:00.000Z' })
      expect(Object.keys(loaded ?? {})).toEqual(['cookie', 'cart', 'at'])
      ;(loaded?.cart as string[]).push('plum')
      expect((await s.get('a'))?.cart).toEqual(['apple'])
    })

    it('expires by ttl, else by the store ttl; expired sessions are never returned', async () => {
      const s = store(100)
      await s.set('ttl', {}, 50)
      await s.set('default', {})
      now += 50
      expect(await s.get('ttl')).toBeUndefined()
      expect(await s.load('ttl')).toBeUndefined()
      expect(await s.get('default')).toEqual({})
      now += 50
      expect(await s.get('default')).toBeUndefined()
      expect(await s.ids()).toEqual([])
    })

    it('deletes a session set with a ttl of 0 or less', async () => {
      const s = store()
      await s.set('a', { n: 1 })
      await s.set('a', { n: 2 }, 0)
      expect(await s.get('a')).toBeUndefined()
      await s.set('b', { n: 1 }, -5)
      expect(await s.length()).toBe(0)
    })

    it('get does not slide the expiry', async () => {
      const s = store()
      await s.set('a', {}, 100)
      now += 90
      await s.get('a')
      now += 10
      expect(await s.get('a')).toBeUndefined()
    })

    it('touch extends the life and stores the new cookie without rewriting the data; a missing session stays missing', async () => {
      const s = store()
      await s.set('a', { n: 1, cookie: cookie(100) }, 100)
      await s.set('no-cookie', { n: 1 }, 100)
      now += 90
      const newCookie = cookie(100)
      await s.touch('a', { n: 2, cookie: newCookie }, 100)
      await s.touch('no-cookie', { n: 2 }, 100)
      now += 90
      expect(await s.get('a')).toEqual({ n: 1, cookie: newCookie })
      expect(await s.get('no-cookie')).toEqual({ n: 1 })
      await s.touch('missing', { n: 1 }, 100)
      expect(await s.get('missing')).toBeUndefined()
    })

    it('set splits flash messages out and get merges them back; set replaces them', async () => {
      const s = store()
      await s.set('a', { n: 1, flash: { info: ['hi', 'there'], error: ['bad'] } })
      expect(await s.get('a')).toEqual({ n: 1, flash: { info: ['hi', 'there'], error: ['bad'] } })
      const loaded = await s.load('a')
      expect(loaded?.record).toEqual({ n: 1 })
      expect(loaded?.flash.map(({ type, message }) => [type, message])).toEqual([['info', 'hi'], ['info', 'there'], ['error', 'bad']])
      await s.set('a', { n: 1 })
      expect(await s.get('a')).toEqual({ n: 1 })
      expect((await s.load('a'))?.flash).toEqual([])
    })

    it('load slides the expiry by the lifetime the session was written with and moves cookie.expires', async () => {
      const s = store()
      await s.set('a', { cookie: cookie(HOUR), n: 1 }, HOUR)
      now += HOUR / 2
      expect((await s.load('a'))?.record).toEqual({ n: 1, cookie: cookie(HOUR) })
      now += HOUR - 1
      expect((await s.get('a'))?.cookie?.expires).toBe(new Date(now + 1).toISOString())
      now += 1
      expect(await s.get('a')).toBeUndefined()
    })

    it('load slides a session without a cookie lifetime by the store ttl, whatever ttl it was written with', async () => {
      const s = store(500)
      await s.set('default', { n: 1 })
      await s.set('short', { n: 2 }, 100)
      now += 90
      expect(await s.load('default')).toEqual({ record: { n: 1 }, flash: [] })
      expect(await s.load('short')).toEqual({ record: { n: 2 }, flash: [] })
      now += 499
      expect(await s.get('default')).toEqual({ n: 1 })
      expect(await s.get('short')).toEqual({ n: 2 })
      now += 1
      expect(await s.get('default')).toBeUndefined()
      expect(await s.get('short')).toBeUndefined()
    })

    it('update writes only the changed keys, removes unset keys, and sets the expiry', async () => {
      const s = store()
      const stored = cookie(HOUR)
      await s.set('a', { cookie: stored, keep: 1, change: 1, drop: 1 })
      now += 1000
      expect(await s.update('a', { set: { change: 2, added: { x: 1 } }, unset: ['drop'] }, 500)).toBe(true)
      expect(await s.get('a')).toEqual({ cookie: stored, keep: 1, change: 2, added: { x: 1 } })
      now += 500
      expect(await s.get('a')).toBeUndefined()
    })

    it('update of a missing, destroyed or expired session resolves false and creates nothing', async () => {
      const s = store()
      expect(await s.update('missing', { set: { n: 1 }, unset: [], flashAdd: [{ type: 'info', message: 'x' }] })).toBe(false)
      await s.set('gone', { n: 1 })
      await s.destroy('gone')
      expect(await s.update('gone', { set: { n: 2 }, unset: [] })).toBe(false)
      await s.set('expired', { n: 1 }, 10)
      now += 10
      expect(await s.update('expired', { set: { n: 2 }, unset: [] })).toBe(false)
      expect(await s.length()).toBe(0)
      expect(await s.get('missing')).toBeUndefined()
    })

    it('N interleaved updates to different keys all persist', async () => {
      const s = store()
      await s.set('a', {})
      const keys = Array.from({ length: 25 }, (_, i) => `k${i}`)
      expect(await Promise.all(keys.map((key, i) => s.update('a', { set: { [key]: i }, unset: [] })))).toEqual(keys.map(() => true))
      expect(await s.get('a')).toEqual(Object.fromEntries(keys.map((key, i) => [key, i])))
    })

    it('40 concurrent flash adds are all kept, in order, with unique ids', async () => {
      const s = store()
      await s.set('a', { n: 1 })
      await Promise.all(Array.from({ length: 40 }, (_, i) => s.update('a', { set: {}, unset: [], flashAdd: [{ type: 'info', message: i }] })))
      const loaded = await s.load('a')
      expect(loaded?.flash.map((entry) => entry.message)).toEqual(Array.from({ length: 40 }, (_, i) => i))
      expect(new Set(loaded?.flash.map((entry) => entry.id)).size).toBe(40)
    })

    it('removing flash entries by id keeps the others, and ignores unknown ids', async () => {
      const s = store()
      await s.set('a', { flash: { info: ['one', 'two'] } })
      const read = (await s.load('a'))?.flash ?? []
      await s.update('a', { set: {}, unset: [], flashAdd: [{ type: 'error', message: 'three' }] })
      await s.update('a', { set: {}, unset: [], flashRemove: [...read.map((entry) => entry.id), 'unknown'] })
      expect(await s.get('a')).toEqual({ flash: { error: ['three'] } })
    })

    it('flash ids keep growing after set replaces the messages, so old ids never remove new messages', async () => {
      const s = store()
      await s.set('a', { flash: { info: ['old'] } })
      const old = (await s.load('a'))?.flash ?? []
      await s.set('a', { flash: { info: ['new'] } })
      await s.update('a', { set: {}, unset: [], flashRemove: old.map((entry) => entry.id) })
      expect(await s.get('a')).toEqual({ flash: { info: ['new'] } })
    })

    it('all, ids, length and clear see only live sessions, with flash merged like get', async () => {
      const s = store()
      await s.set('a', { n: 1, flash: { info: ['hi'] } })
      await s.set('b', { n: 2 })
      await s.set('short', { n: 3 }, 10)
      now += 10
      expect(await s.all()).toEqual({ a: { n: 1, flash: { info: ['hi'] } }, b: { n: 2 } })
      expect((await s.ids()).sort()).toEqual(['a', 'b'])
      expect(await s.length()).toBe(2)
      await s.clear()
      expect(await s.length()).toBe(0)
    })
  })
}
