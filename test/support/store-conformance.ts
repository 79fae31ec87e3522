/**
 * The store conformance suite: one call from a store's test file runs the whole {@link SessionStore} contract
 * against it, in the manner of unstorage's `testDriver`.
 *
 * ```ts
 * describeStoreConformance('RedisStore (node-redis)', async () => {
 *   const store = createRedisStore({ client, prefix: `test:${randomUUID()}:`, userKey: 'userId' })
 *   return { store, cleanup: () => deleteKeys(prefix), expire: (id) => client.pExpire(prefix + id, 1) }
 * }, { additionalTests: (current) => { it('…', async () => { const { store } = current() }) } })
 * ```
 *
 * How it runs:
 * - `setup` is called before EVERY test and must return an empty store isolated from every other store (its own
 *   prefix, table or directory: test files run in parallel). After each test the suite calls `store.close()` and
 *   then `cleanup()`, so cleanup must not need the store (use the raw client to delete what the store wrote).
 *   A fresh prefix per call is cheapest for key-value stores; a SQL store may reuse one table per test file
 *   when its cleanup empties it.
 * - Capabilities are detected from the store's methods before each test (`touch`, `load`+`update`, `all`, `ids`,
 *   `length`, `clear`, `listSessionsOfUser`+`destroySessionsOfUser`); `options.capabilities` overrides any of
 *   them and declares the behaviours that cannot be detected (see {@link StoreCapabilities}). A test whose
 *   capability is missing is reported SKIPPED, never failed and never absent: every test name starts with what it
 *   needs (`required:`, `recommended touch:`, `optional load+update:`, …). Declared `false`, it is skipped at
 *   collection; detected missing, it is skipped when it runs, with a note naming the capability.
 * - Per-user tests write records whose `userId` field (or `options.userField`) names the user: create the store
 *   with `userKey: 'userId'`. The setup's optional `storeWithUserKey(fn)` hook gives the tests of a function
 *   `userKey` a second store like it, created with `userKey: fn`.
 * - Lifetimes: records are written as the engine writes them, with a cookie whose `originalMaxAge`/`expires`
 *   match the `ttl` argument. Expiry is observed with real clocks and short lifetimes (100–300 ms, about 1.5 s of
 *   waiting in all); the setup's optional `expire(id)` hook makes one session expired at once, as if its time had
 *   run out on the server (stores that keep expired rows should leave the row in place).
 * - Corrupt stored data is store-specific and only tested when setup provides `corrupt(id)` (write garbage where
 *   the session's data is): `get` and `load` must then resolve `undefined`, not reject.
 *
 * Connect-style (callback) stores run the required and recommended parts through {@link fromConnectStore}.
 */
import { afterEach, beforeEach, describe, expect, it, type TestContext } from 'vitest'
import type { FlashEntry, SessionChange, SessionRecord, SessionStore, UserKey } from '../../src/lib/core/store-contract.ts'

export { fromConnectStore, type ConnectStyleStore } from '../../src/lib/storage/connect-style-store.ts'

/** What `setup` returns: the store under test and the hooks the suite may use. */
export interface StoreUnderTest {
  /** An empty store, isolated from every other store. */
  store: SessionStore
  /** Removes what the store wrote and releases what setup opened; runs after `store.close()`. */
  cleanup?: () => Promise<void>
  /** Makes session `id` expired right now, as if its lifetime had run out (the stored row may stay). */
  expire?: (id: string) => Promise<void>
  /** Overwrites session `id`'s stored data with garbage (bad JSON, wrong types). */
  corrupt?: (id: string) => Promise<void>
  /**
   * Another empty store like `store`, isolated the same way, created with this function as its `userKey`
   * instead of the field name; the suite closes it, and `cleanup` must remove what it wrote.
   */
  storeWithUserKey?: (userKey: Exclude<UserKey, string>) => SessionStore
}

/** What the store can do. Detected ones default to the presence of the methods; the others to `true`. */
export interface StoreCapabilities {
  /** recommended `touch`. Detected. */
  touch: boolean
  /** optional `load` and `update` (partial writes, flash entries). Detected (both methods). */
  loadUpdate: boolean
  /** optional `all`. Detected. */
  all: boolean
  /** optional `ids`. Detected. */
  ids: boolean
  /** optional `length`. Detected. */
  length: boolean
  /** optional `clear`. Detected. */
  clear: boolean
  /** optional `listSessionsOfUser` and `destroySessionsOfUser`, the store created with `userKey`. Detected (both methods). */
  perUser: boolean
  /**
   * The store honours the `ttl` argument of `set`/`touch` on its own, without a cookie expiry in the record.
   * Connect-style stores take the lifetime from `record.cookie.expires` instead.
   * @default true
   */
  ttlArgument: boolean
  /**
   * Lifetimes are kept to the millisecond, so the tests that wait a few hundred ms for a session to expire can
   * run. `false` for stores that round up to whole seconds (connect-redis's `EX`): those tests are skipped.
   * @default true
   */
  subsecondTtl: boolean
  /**
   * `touch` stores the record's new cookie (its `expires`) besides extending the life. connect-redis and
   * connect-pg-simple only extend the life.
   * @default true
   */
  touchStoresCookie: boolean
  /**
   * Concurrent `update` calls are applied in the order they were made (a pipelined connection does; a pool of
   * connections may not, and then only the delivery of every message is checked).
   * @default true
   */
  orderedConcurrentUpdates: boolean
}

/** Options of {@link describeStoreConformance}. */
export interface ConformanceOptions<T extends StoreUnderTest> {
  /** Overrides detected capabilities and declares the undetectable ones. @default detected from the store */
  capabilities?: Partial<StoreCapabilities>
  /** The record field the store's `userKey` reads. @default 'userId' */
  userField?: string
  /** Registers the store's own tests inside the suite; `current()` is the running test's setup result. */
  additionalTests?: (current: () => T) => void
}

type Capability = keyof StoreCapabilities

const DETECTED: Record<Capability, (store: SessionStore) => boolean> = {
  touch: (s) => typeof s.touch === 'function',
  loadUpdate: (s) => typeof s.load === 'function' && typeof s.update === 'function',
  all: (s) => typeof s.all === 'function',
  ids: (s) => typeof s.ids === 'function',
  length: (s) => typeof s.length === 'function',
  clear: (s) => typeof s.clear === 'function',
  perUser: (s) => typeof s.listSessionsOfUser === 'function' && typeof s.destroySessionsOfUser === 'function',
  ttlArgument: () => true,
  subsecondTtl: () => true,
  touchStoresCookie: () => true,
  orderedConcurrentUpdates: () => true,
}

const DAY = 86_400_000
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const noChange = (change: Partial<SessionChange>): SessionChange => ({ set: {}, unset: [], ...change })

/** A cookie as express-session stores it, living `ttl` ms from now. */
function cookieFor(ttl: number): SessionRecord['cookie'] {
  return { originalMaxAge: ttl, expires: new Date(Date.now() + ttl).toISOString(), httpOnly: true, path: '/' }
}

/** The record as the engine writes it for a lifetime of `ttl` ms: with a matching cookie. */
function living(ttl: number, data: Record<string, unknown> = {}): SessionRecord {
  return { ...data, cookie: cookieFor(ttl) }
}

/** What JSON makes of a value (Dates become strings, undefined keys vanish). */
function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

function withoutCookie(record: SessionRecord | undefined): Record<string, unknown> | undefined {
  if (record === undefined) return undefined
  const { cookie: _cookie, ...data } = record
  return data
}

/**
 * Registers the conformance suite for one store under `describe(name)`. `setup` runs before every test; see the
 * file's header for the hooks and for how missing capabilities are reported.
 */
export function describeStoreConformance<T extends StoreUnderTest>(name: string, setup: () => Promise<T>, options: ConformanceOptions<T> = {}): void {
  const declared = options.capabilities ?? {}
  const userField = options.userField ?? 'userId'
  let current: T | undefined
  let capabilities: StoreCapabilities | undefined

  const under = (): T => {
    if (!current) throw new Error('store conformance: no store is set up (current() is only valid inside a test)')
    return current
  }
  const user = (userId: string, data: Record<string, unknown> = {}) => living(DAY, { ...data, [userField]: userId })

  /** A test that needs `needs`: skipped at collection when declared off, at run time when not detected. */
  function test(label: string, needs: readonly Capability[], title: string, fn: (env: T, ctx: TestContext) => Promise<void>): void {
    const declaredOff = needs.some((capability) => declared[capability] === false)
    it.skipIf(declaredOff)(`${label}: ${title}`, async (ctx) => {
      const missing = needs.filter((capability) => !capabilities?.[capability])
      if (missing.length > 0) ctx.skip(`the store lacks ${missing.join(', ')}`)
      await fn(under(), ctx)
    })
  }

  describe(name, () => {
    beforeEach(async () => {
      current = await setup()
      const store = current.store
      capabilities = Object.fromEntries(
        (Object.keys(DETECTED) as Capability[]).map((capability) => [capability, declared[capability] ?? DETECTED[capability](store)]),
      ) as unknown as StoreCapabilities
    })
    afterEach(async () => {
      const done = current
      current = undefined
      if (!done) return
      await done.store.close?.()
      await done.cleanup?.()
    })

    describe('required: get, set, destroy', () => {
      test('required', [], 'get of an unknown id resolves undefined', async ({ store }) => {
        expect(await store.get('never-stored')).toBeUndefined()
      })

      test('required', [], 'set then get returns the record', async ({ store }) => {
        const record = living(DAY, { user: 'alice', views: 3 })
        await store.set('s1', record, DAY)
        expect(await store.get('s1')).toEqual(record)
      })

      test('required', [], 'set without a ttl keeps the session (the store default applies)', async ({ store }) => {
        await store.set('s1', { views: 1 })
        expect(await store.get('s1')).toEqual({ views: 1 })
      })

      test('required', [], 'round-trips as JSON: nested objects, arrays, Dates to ISO strings, undefined keys vanish, unicode', async ({ store }) => {
        const record: SessionRecord = {
          cookie: { originalMaxAge: DAY, expires: new Date(Date.now() + DAY), httpOnly: true, path: '/', sameSite: 'lax' },
          nested: { a: { b: [1, { c: 'd' }, []] }, empty: {} },
          list: [1, 'two', null, true, 2.5, -0.125],
          at: new Date(0),
          gone: undefined,
          kept: null,
          zero: 0,
          flag: false,
          text: 'héllo wörld — 日本語 🌍 "quoted" \\ back\u2028line',
          'key with spaces and ünïcode 🔑': 'ok',
        }
        await store.set('s1', record, DAY)
        const loaded = await store.get('s1')
        expect(loaded).toEqual(viaJson(record))
        expect(loaded).not.toHaveProperty('gone')
        expect(loaded?.at).toBe('1970-01-01T00:00:00.000Z')
        expect(typeof loaded?.cookie?.expires).toBe('string')
      })

      test('required', [], 'set replaces the whole record: a key absent from the second set is gone', async ({ store }) => {
        await store.set('s1', living(DAY, { a: 1, b: 2 }), DAY)
        await store.set('s1', living(DAY, { b: 3 }), DAY)
        expect(withoutCookie(await store.get('s1'))).toEqual({ b: 3 })
      })

      test('required', [], 'stored values are copies: changing the record given to set or returned by get never changes the store', async ({ store }) => {
        const record = living(DAY, { cart: ['apple'], profile: { name: 'alice' } })
        await store.set('s1', record, DAY)
        ;(record.cart as string[]).push('pear')
        ;(record.profile as Record<string, unknown>).name = 'mallory'
        const first = await store.get('s1')
        expect(first?.cart).toEqual(['apple'])
        ;(first?.cart as string[]).push('plum')
        ;(first?.profile as Record<string, unknown>).name = 'eve'
        const second = await store.get('s1')
        expect(second?.cart).toEqual(['apple'])
        expect(second?.profile).toEqual({ name: 'alice' })
      })

      test('required', [], 'sessions are independent of each other', async ({ store }) => {
        await store.set('s1', living(DAY, { n: 1 }), DAY)
        await store.set('s2', living(DAY, { n: 2 }), DAY)
        await store.destroy('s1')
        expect(await store.get('s1')).toBeUndefined()
        expect((await store.get('s2'))?.n).toBe(2)
      })

      test('required', [], 'destroy forgets a session; destroying an unknown id resolves', async ({ store }) => {
        await store.set('s1', living(DAY), DAY)
        await store.destroy('s1')
        expect(await store.get('s1')).toBeUndefined()
        await expect(store.destroy('never-stored')).resolves.toBeUndefined()
      })

      test('required', [], 'record.flash round-trips in connect-flash shape ({ type: messages[] })', async ({ store }) => {
        const flash = { info: ['saved', 'welcome'], error: ['nope'] }
        await store.set('s1', living(DAY, { user: 'alice', flash }), DAY)
        const loaded = await store.get('s1')
        expect(loaded?.flash).toEqual(flash)
        expect(loaded?.user).toBe('alice')
      })

      test('required', [], 'set replaces flash messages: new ones replace old ones, none leaves no flash key', async ({ store }) => {
        await store.set('s1', living(DAY, { flash: { info: ['old'] } }), DAY)
        await store.set('s1', living(DAY, { flash: { error: ['new'] } }), DAY)
        expect((await store.get('s1'))?.flash).toEqual({ error: ['new'] })
        await store.set('s1', living(DAY, { n: 1 }), DAY)
        expect(await store.get('s1')).not.toHaveProperty('flash')
      })
    })

    describe('required: expiry', () => {
      it.each([0, -1000])('required: set with ttl %s ms deletes the session (it is already expired)', async (ttl) => {
        const { store } = under()
        await store.set('s1', living(DAY, { n: 1 }), DAY)
        await store.set('s1', living(ttl, { n: 2 }), ttl)
        expect(await store.get('s1')).toBeUndefined()
      })

      test('required (subsecondTtl)', ['subsecondTtl'], 'a session is returned until its ttl runs out, never after', async ({ store }) => {
        await store.set('short', living(100, { n: 1 }), 100)
        await store.set('long', living(DAY, { n: 2 }), DAY)
        expect(await store.get('short')).toBeDefined()
        await sleep(160)
        expect(await store.get('short')).toBeUndefined()
        expect(await store.get('long')).toBeDefined()
      })

      test('required (ttlArgument, subsecondTtl)', ['ttlArgument', 'subsecondTtl'], 'the ttl argument alone sets the lifetime (record without a cookie)', async ({ store }) => {
        await store.set('s1', { n: 1 }, 100)
        expect(await store.get('s1')).toEqual({ n: 1 })
        await sleep(160)
        expect(await store.get('s1')).toBeUndefined()
      })

      test('required (expire hook)', [], 'an expired session is never returned by get, load, all, ids or length', async (env, ctx) => {
        if (!env.expire) ctx.skip('setup provides no expire(id) hook')
        const { store } = env
        await store.set('gone', living(DAY, { n: 1 }), DAY)
        await store.set('kept', living(DAY, { n: 2 }), DAY)
        await env.expire?.('gone')
        expect(await store.get('gone')).toBeUndefined()
        if (capabilities?.loadUpdate) expect(await store.load?.('gone')).toBeUndefined()
        if (capabilities?.all) expect(Object.keys((await store.all?.()) ?? {})).toEqual(['kept'])
        if (capabilities?.ids) expect(await store.ids?.()).toEqual(['kept'])
        if (capabilities?.length) expect(await store.length?.()).toBe(1)
      })
    })

    describe('recommended: touch', () => {
      test('recommended touch', ['touch'], 'touch keeps the data as stored (it never rewrites it)', async ({ store }) => {
        await store.set('s1', living(DAY, { n: 1 }), DAY)
        await store.touch?.('s1', living(DAY, { n: 2 }), DAY)
        expect((await store.get('s1'))?.n).toBe(1)
      })

      test('recommended touch (subsecondTtl)', ['touch', 'subsecondTtl'], 'touch extends the life of a session', async ({ store }) => {
        await store.set('s1', living(300, { n: 1 }), 300)
        await sleep(150)
        await store.touch?.('s1', living(5000, { n: 1 }), 5000)
        await sleep(200)
        expect((await store.get('s1'))?.n).toBe(1)
      })

      test('recommended touch (touchStoresCookie)', ['touch', 'touchStoresCookie'], "touch stores the record's new cookie expiry", async ({ store }) => {
        await store.set('s1', living(DAY, { n: 1 }), DAY)
        const touched = living(2 * DAY, { n: 1 })
        await store.touch?.('s1', touched, 2 * DAY)
        expect((await store.get('s1'))?.cookie?.expires).toBe(touched.cookie?.expires)
      })

      test('recommended touch', ['touch'], 'touch of a missing session does not create it', async ({ store }) => {
        await store.touch?.('never-stored', living(DAY, { n: 1 }), DAY)
        expect(await store.get('never-stored')).toBeUndefined()
      })
    })

    describe('optional: all, ids, length, clear', () => {
      test('optional all', ['all'], "all returns every live session by id, flash merged as get returns it", async ({ store }) => {
        expect(await store.all?.()).toEqual({})
        const a = living(DAY, { n: 1, flash: { info: ['hi'] } })
        const b = living(DAY, { n: 2 })
        await store.set('a', a, DAY)
        await store.set('b', b, DAY)
        expect(await store.all?.()).toEqual({ a, b })
      })

      test('optional all', ['all'], 'all returns copies', async ({ store }) => {
        await store.set('a', living(DAY, { list: [1] }), DAY)
        const all = await store.all?.()
        ;(all?.a?.list as number[]).push(2)
        expect((await store.get('a'))?.list).toEqual([1])
      })

      test('optional ids', ['ids'], 'ids lists every live session id', async ({ store }) => {
        expect(await store.ids?.()).toEqual([])
        await store.set('a', living(DAY), DAY)
        await store.set('b', living(DAY), DAY)
        expect([...((await store.ids?.()) ?? [])].sort()).toEqual(['a', 'b'])
      })

      test('optional length', ['length'], 'length counts the live sessions', async ({ store }) => {
        expect(await store.length?.()).toBe(0)
        await store.set('a', living(DAY), DAY)
        await store.set('b', living(DAY), DAY)
        await store.set('a', living(DAY, { again: true }), DAY)
        expect(await store.length?.()).toBe(2)
        await store.destroy('a')
        expect(await store.length?.()).toBe(1)
      })

      test('optional clear', ['clear'], 'clear forgets every session', async ({ store }) => {
        await store.set('a', living(DAY), DAY)
        await store.set('b', living(DAY), DAY)
        await store.clear?.()
        expect(await store.get('a')).toBeUndefined()
        expect(await store.get('b')).toBeUndefined()
        if (capabilities?.length) expect(await store.length?.()).toBe(0)
      })
    })

    describe('optional: load + update', () => {
      const needs: Capability[] = ['loadUpdate']
      const label = 'optional load+update'
      const loadOf = async (store: SessionStore, id: string) => {
        const loaded = await store.load?.(id)
        if (!loaded) throw new Error(`session ${id} did not load`)
        return loaded
      }

      test(label, needs, 'load of an unknown id resolves undefined', async ({ store }) => {
        expect(await store.load?.('never-stored')).toBeUndefined()
      })

      test(label, needs, 'load returns the record without flash, and the flash entries apart, oldest first', async ({ store }) => {
        const record = living(DAY, { user: 'alice', nested: { a: [1] } })
        await store.set('s1', { ...record, flash: { info: ['one', 'two'], error: ['three'] } }, DAY)
        const loaded = await loadOf(store, 's1')
        expect(loaded.record).not.toHaveProperty('flash')
        expect(withoutCookie(loaded.record)).toEqual(withoutCookie(record))
        expect(loaded.flash.map(({ type, message }) => [type, message])).toEqual([
          ['info', 'one'],
          ['info', 'two'],
          ['error', 'three'],
        ])
        for (const entry of loaded.flash) expect(typeof entry.id).toBe('string')
        expect(new Set(loaded.flash.map((entry) => entry.id)).size).toBe(3)
      })

      test(label, needs, 'load of a session without flash returns no entries', async ({ store }) => {
        await store.set('s1', living(DAY, { n: 1 }), DAY)
        expect((await loadOf(store, 's1')).flash).toEqual([])
      })

      test(label, needs, 'load returns copies', async ({ store }) => {
        await store.set('s1', living(DAY, { list: [1] }), DAY)
        const loaded = await loadOf(store, 's1')
        ;(loaded.record.list as number[]).push(2)
        expect((await store.get('s1'))?.list).toEqual([1])
      })

      test(`${label} (subsecondTtl)`, [...needs, 'subsecondTtl'], "load slides the expiry by the session's lifetime and moves cookie.expires along", async ({ store }) => {
        const record = living(300, { n: 1 })
        await store.set('s1', record, 300)
        await sleep(150)
        const loaded = await loadOf(store, 's1')
        const before = Date.parse(String(record.cookie?.expires))
        expect(Date.parse(String(loaded.record.cookie?.expires))).toBeGreaterThanOrEqual(before + 100)
        await sleep(200)
        expect((await store.get('s1'))?.n).toBe(1)
      })

      test(label, needs, 'update writes the set keys and removes the unset ones, keeping the rest', async ({ store }) => {
        await store.set('s1', living(DAY, { a: 1, b: 2, c: 3 }), DAY)
        expect(await store.update?.('s1', noChange({ set: { b: 20, d: { deep: [4] } }, unset: ['c'] }))).toBe(true)
        expect(withoutCookie(await store.get('s1'))).toEqual({ a: 1, b: 20, d: { deep: [4] } })
      })

      test(label, needs, 'update can write the cookie', async ({ store }) => {
        await store.set('s1', living(DAY, { a: 1 }), DAY)
        const cookie = cookieFor(2 * DAY)
        expect(await store.update?.('s1', noChange({ set: { cookie } }), 2 * DAY)).toBe(true)
        expect(await store.get('s1')).toEqual({ a: 1, cookie })
      })

      test(label, needs, 'update of a missing session resolves false and creates nothing', async ({ store }) => {
        expect(await store.update?.('never-stored', noChange({ set: { a: 1 }, flashAdd: [{ type: 'info', message: 'x' }] }))).toBe(false)
        expect(await store.get('never-stored')).toBeUndefined()
      })

      test(label, needs, 'update of a destroyed session resolves false and does not bring it back', async ({ store }) => {
        await store.set('s1', living(DAY, { a: 1 }), DAY)
        await store.destroy('s1')
        expect(await store.update?.('s1', noChange({ set: { a: 2 } }))).toBe(false)
        expect(await store.get('s1')).toBeUndefined()
      })

      test(`${label} (expire hook)`, needs, 'update of an expired session resolves false and does not bring it back', async (env, ctx) => {
        if (!env.expire) ctx.skip('setup provides no expire(id) hook')
        const { store } = env
        await store.set('s1', living(DAY, { a: 1 }), DAY)
        await env.expire?.('s1')
        expect(await store.update?.('s1', noChange({ set: { a: 2 } }))).toBe(false)
        expect(await store.get('s1')).toBeUndefined()
      })

      test(label, needs, '20 concurrent updates of different keys all persist', async ({ store }) => {
        await store.set('s1', living(DAY, { base: true }), DAY)
        const results = await Promise.all(range(20).map((i) => store.update?.('s1', noChange({ set: { [`k${i}`]: i } }))))
        expect(results).toEqual(range(20).map(() => true))
        expect(withoutCookie(await store.get('s1'))).toEqual({ base: true, ...Object.fromEntries(range(20).map((i) => [`k${i}`, i])) })
      })

      test(label, needs, '40 concurrent flash adds are all delivered (in request order when orderedConcurrentUpdates)', async ({ store }) => {
        await store.set('s1', living(DAY), DAY)
        await Promise.all(range(40).map((i) => store.update?.('s1', noChange({ flashAdd: [{ type: 'info', message: `m${i}` }] }))))
        const { flash } = await loadOf(store, 's1')
        const messages = flash.map((entry) => entry.message)
        const expected = range(40).map((i) => `m${i}`)
        if (capabilities?.orderedConcurrentUpdates) expect(messages).toEqual(expected)
        else expect([...messages].sort()).toEqual([...expected].sort())
        expect(new Set(flash.map((entry) => entry.id)).size).toBe(40)
      })

      test(label, needs, 'flash added in one update keeps its order and reads back through get in connect-flash shape', async ({ store }) => {
        await store.set('s1', living(DAY, { flash: { info: ['first'] } }), DAY)
        const add = [
          { type: 'error', message: 'e1' },
          { type: 'info', message: 'i2' },
          { type: 'error', message: { nested: ['e2'] } },
        ]
        expect(await store.update?.('s1', noChange({ flashAdd: add }))).toBe(true)
        expect((await store.get('s1'))?.flash).toEqual({ info: ['first', 'i2'], error: ['e1', { nested: ['e2'] }] })
        const { flash } = await loadOf(store, 's1')
        expect(flash.map((entry) => entry.message)).toEqual(['first', 'e1', 'i2', { nested: ['e2'] }])
      })

      test(label, needs, 'flashRemove removes the entries read, keeps messages added meanwhile, ignores unknown ids', async ({ store }) => {
        await store.set('s1', living(DAY, { flash: { info: ['a', 'b'] } }), DAY)
        const read: FlashEntry[] = (await loadOf(store, 's1')).flash
        expect(await store.update?.('s1', noChange({ flashAdd: [{ type: 'info', message: 'added meanwhile' }] }))).toBe(true)
        const ids = [...read.map((entry) => entry.id), 'no-such-id']
        expect(await store.update?.('s1', noChange({ set: { seen: true }, flashRemove: ids }))).toBe(true)
        const { record, flash } = await loadOf(store, 's1')
        expect(flash.map((entry) => entry.message)).toEqual(['added meanwhile'])
        expect(record.seen).toBe(true)
        expect((await store.get('s1'))?.flash).toEqual({ info: ['added meanwhile'] })
      })

      test(label, needs, 'removing every flash entry leaves no flash key in get', async ({ store }) => {
        await store.set('s1', living(DAY, { flash: { info: ['a'] } }), DAY)
        const { flash } = await loadOf(store, 's1')
        await store.update?.('s1', noChange({ flashRemove: flash.map((entry) => entry.id) }))
        expect(await store.get('s1')).not.toHaveProperty('flash')
      })

      test(label, needs, 'a flash key in the set or unset of an update is ignored: flash changes only through flashAdd and flashRemove', async ({ store }) => {
        await store.set('s1', living(DAY, { a: 1 }), DAY)
        expect(await store.update?.('s1', noChange({ flashAdd: [{ type: 'info', message: 'kept' }] }))).toBe(true)
        expect(await store.update?.('s1', noChange({ set: { flash: { info: ['smuggled'] }, b: 2 } }))).toBe(true)
        expect(await store.update?.('s1', noChange({ unset: ['flash'] }))).toBe(true)
        const loaded = await loadOf(store, 's1')
        expect(loaded.record).not.toHaveProperty('flash')
        expect(loaded.flash.map(({ type, message }) => ({ type, message }))).toEqual([{ type: 'info', message: 'kept' }])
        expect(withoutCookie(await store.get('s1'))).toEqual({ a: 1, b: 2, flash: { info: ['kept'] } })
      })

      test(label, needs, 'set replaces flash entries added by update', async ({ store }) => {
        await store.set('s1', living(DAY), DAY)
        await store.update?.('s1', noChange({ flashAdd: [{ type: 'info', message: 'old' }] }))
        await store.set('s1', living(DAY, { flash: { error: ['new'] } }), DAY)
        expect((await loadOf(store, 's1')).flash.map(({ type, message }) => [type, message])).toEqual([['error', 'new']])
      })
    })

    describe('optional: sessions of a user', () => {
      const needs: Capability[] = ['perUser']
      const label = `optional per-user (userKey '${userField}')`
      const idsOf = async (store: SessionStore, userId: string) => ((await store.listSessionsOfUser?.(userId)) ?? []).map((info) => info.id)

      test(label, needs, 'lists the live sessions of a user with their record (without flash) and Date metadata', async ({ store }) => {
        const before = Date.now()
        await store.set('a', { ...user('u1', { agent: 'firefox' }), flash: { info: ['hi'] } }, DAY)
        await store.set('other', user('u2'), DAY)
        const list = (await store.listSessionsOfUser?.('u1')) ?? []
        expect(list.map((info) => info.id)).toEqual(['a'])
        const [info] = list
        expect(info?.record).not.toHaveProperty('flash')
        expect(info?.record.agent).toBe('firefox')
        expect(info?.record[userField]).toBe('u1')
        for (const key of ['createdAt', 'lastSeenAt', 'expiresAt'] as const) {
          expect(info?.[key]).toBeInstanceOf(Date)
          expect(Number.isFinite(info?.[key].getTime())).toBe(true)
        }
        expect(info?.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000)
        expect(info?.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000)
        expect(info?.lastSeenAt.getTime()).toBeGreaterThanOrEqual(info?.createdAt.getTime() ?? Number.NaN)
        expect(info?.expiresAt.getTime()).toBeGreaterThan(Date.now() + DAY / 2)
      })

      test(label, needs, 'lists the most recently seen session first', async ({ store }) => {
        await store.set('older', user('u1'), DAY)
        await sleep(15)
        await store.set('newer', user('u1'), DAY)
        expect(await idsOf(store, 'u1')).toEqual(['newer', 'older'])
      })

      test(`${label} + load`, [...needs, 'loadUpdate'], 'load counts as being seen: the loaded session moves first', async ({ store }) => {
        await store.set('older', user('u1'), DAY)
        await sleep(15)
        await store.set('newer', user('u1'), DAY)
        await sleep(15)
        await store.load?.('older')
        expect(await idsOf(store, 'u1')).toEqual(['older', 'newer'])
      })

      test(label, needs, 'a user with no sessions lists none and destroys none', async ({ store }) => {
        expect(await store.listSessionsOfUser?.('nobody')).toEqual([])
        expect(await store.destroySessionsOfUser?.('nobody')).toBe(0)
      })

      test(label, needs, 'a session whose user changes moves to the new user; one whose user key is removed leaves the index', async ({ store }) => {
        await store.set('a', user('u1'), DAY)
        await store.set('a', user('u2'), DAY)
        expect(await idsOf(store, 'u1')).toEqual([])
        expect(await idsOf(store, 'u2')).toEqual(['a'])
        await store.set('a', living(DAY, { anonymous: true }), DAY)
        expect(await idsOf(store, 'u2')).toEqual([])
      })

      test(`${label} + update`, [...needs, 'loadUpdate'], 'update moves a session between users and out of the index', async ({ store }) => {
        await store.set('a', living(DAY), DAY)
        await store.update?.('a', noChange({ set: { [userField]: 'u1' } }))
        expect(await idsOf(store, 'u1')).toEqual(['a'])
        await store.update?.('a', noChange({ set: { [userField]: 'u2' } }))
        expect(await idsOf(store, 'u1')).toEqual([])
        expect(await idsOf(store, 'u2')).toEqual(['a'])
        await store.update?.('a', noChange({ unset: [userField] }))
        expect(await idsOf(store, 'u2')).toEqual([])
      })

      test(`${label} + update (storeWithUserKey hook)`, [...needs, 'loadUpdate'], 'with a function userKey over two keys, updating one of them files the session under the user of the whole record', async (env, ctx) => {
        if (!env.storeWithUserKey) ctx.skip('setup provides no storeWithUserKey(userKey) hook')
        const store = env.storeWithUserKey?.((record) => (record.tenant && record.login ? `${String(record.tenant)}:${String(record.login)}` : undefined)) as SessionStore
        try {
          await store.set('a', living(DAY, { tenant: 'acme', login: 'alice', n: 1 }), DAY)
          expect(await idsOf(store, 'acme:alice')).toEqual(['a'])
          await store.update?.('a', noChange({ set: { login: 'bob' } }))
          expect(await idsOf(store, 'acme:bob')).toEqual(['a'])
          expect(await idsOf(store, 'acme:alice')).toEqual([])
          await store.update?.('a', noChange({ set: { tenant: 'globex' } }))
          expect(await idsOf(store, 'globex:bob')).toEqual(['a'])
          expect(await idsOf(store, 'acme:bob')).toEqual([])
          // A key the function does not read leaves the session where it is.
          await store.update?.('a', noChange({ set: { n: 2 } }))
          expect(await idsOf(store, 'globex:bob')).toEqual(['a'])
          await store.update?.('a', noChange({ unset: ['login'] }))
          expect(await idsOf(store, 'globex:bob')).toEqual([])
        } finally {
          await store.close?.()
        }
      })

      test(label, needs, 'destroyed sessions drop out of the list', async ({ store }) => {
        await store.set('a', user('u1'), DAY)
        await store.set('b', user('u1'), DAY)
        await store.destroy('a')
        expect(await idsOf(store, 'u1')).toEqual(['b'])
      })

      test(`${label} (expire hook or subsecondTtl)`, needs, 'expired sessions drop out of the list and are not counted as destroyed', async (env, ctx) => {
        const { store } = env
        const realTime = !env.expire
        if (realTime && !capabilities?.subsecondTtl) ctx.skip('setup provides no expire(id) hook and the store lacks subsecondTtl')
        await store.set('a', realTime ? living(100, { [userField]: 'u1' }) : user('u1'), realTime ? 100 : DAY)
        await store.set('b', user('u1'), DAY)
        if (realTime) await sleep(160)
        else await env.expire?.('a')
        expect(await idsOf(store, 'u1')).toEqual(['b'])
        expect(await store.destroySessionsOfUser?.('u1')).toBe(1)
      })

      it.skipIf(declared.perUser === false).for([
        { except: 'b' as string | string[], kept: ['b'], destroyed: 2, title: 'one id' },
        { except: ['b', 'c'], kept: ['b', 'c'], destroyed: 1, title: 'a list of ids' },
        { except: [] as string[], kept: [] as string[], destroyed: 3, title: 'nothing' },
      ])(`${label}: destroySessionsOfUser except $title destroys the other sessions of that user only, and counts them`, async ({ except, kept, destroyed }, ctx) => {
        if (!capabilities?.perUser) ctx.skip('the store lacks perUser')
        const { store } = under()
        await store.set('a', user('u1'), DAY)
        await store.set('b', user('u1'), DAY)
        await store.set('c', user('u1'), DAY)
        await store.set('other', user('u2'), DAY)
        expect(await store.destroySessionsOfUser?.('u1', { except })).toBe(destroyed)
        for (const id of ['a', 'b', 'c']) expect(await store.get(id) !== undefined, id).toBe(kept.includes(id))
        expect([...(await idsOf(store, 'u1'))].sort()).toEqual(kept)
        expect(await idsOf(store, 'u2')).toEqual(['other'])
        expect(await store.get('other')).toBeDefined()
      })
    })

    describe('corrupt data (setup hook)', () => {
      test('corrupt hook', [], 'corrupt stored data reads as no session: get and load resolve undefined', async (env, ctx) => {
        if (!env.corrupt) ctx.skip('setup provides no corrupt(id) hook (corrupt data is tested in the store’s own tests)')
        const { store } = env
        await store.set('s1', living(DAY, { n: 1 }), DAY)
        await env.corrupt?.('s1')
        expect(await store.get('s1')).toBeUndefined()
        if (capabilities?.loadUpdate) expect(await store.load?.('s1')).toBeUndefined()
      })
    })

    if (options.additionalTests) describe('store-specific', () => options.additionalTests?.(under))
  })
}
