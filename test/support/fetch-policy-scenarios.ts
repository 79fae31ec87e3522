import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createFetchSessions, toNodeListener, type FetchSessions, type FetchSessionsOptions } from '../../src/fetch.ts'
import { createCookieSessionStorage } from '../../src/lib/storage/cookie-session-storage.ts'
import type { SessionStorage } from '../../src/lib/storage/session-storage.ts'
import { createStoreSessionStorage } from '../../src/lib/storage/store-session-storage.ts'
import { signValue } from '../../src/lib/core/cookie-signature.ts'
import { ABSOLUTE_TIMEOUT, advance, IDLE_TIMEOUT, LAST_SEEN_RESOLUTION, nowIso, SECOND, STEADY_ACTIVITIES, STORE_LIFETIME, useFakeDate } from './policy-clock.ts'
import { BROWSER_B, browserWithNewSession, keepUsing, listenOnLoopback, PolicyBrowser } from './policy-http-client.ts'
import { recordStoreWrites, storedMetadataOf, storedRecordOf, type AnyStore, type CreatePolicyStore } from './policy-store-access.ts'
import { expectServedDespiteFailingListener, RejectionLog } from './rejection-log.ts'

// The cookie storage needs 32 bytes of secret; the store storage takes the same one.
const SECRET = 'session policy scenarios secret, thirty-two bytes or more'
const COOKIE = '__session'

interface PolicyData {
  count: number
  user: string
}
interface PageData {
  id: string
  count: number | null
  user: string | null
}

/** The app every scenario talks to, a plain Fetch handler served by node:http. */
function policyHandler(sessions: FetchSessions<PolicyData>): (request: Request) => Promise<Response> {
  return sessions.wrap(async (request, { session }) => {
    const { pathname } = new URL(request.url)
    if (pathname === '/static') return new Response('no session here')
    const current = await session()
    const page = (): PageData => ({ id: current.id, count: current.get('count') ?? null, user: current.get('user') ?? null })
    if (request.method === 'POST' && pathname === '/count') current.set('count', (current.get('count') ?? 0) + 1)
    if (request.method === 'POST' && pathname === '/login') {
      // At login: a new id (the old one deleted), so a planted id is worthless, and the absolute count restarts.
      current.regenerateId(true)
      current.set('user', 'alice')
    }
    if (request.method === 'POST' && pathname === '/logout') {
      current.destroy()
      return Response.json({ loggedOut: true })
    }
    return Response.json(page())
  })
}

/** Where the Fetch face keeps sessions in one describe block: a storage, and the store under it if any. */
interface FetchBackend {
  storage: SessionStorage<PolicyData>
  /** The server-side store, with every write it receives recorded; none for the cookie storage. */
  store?: { store: AnyStore; writes: string[] }
  cleanup(): Promise<void>
}

/** A store behind createStoreSessionStorage, its writes recorded before the storage binds any of its methods. */
export function storeBackend(createStore: CreatePolicyStore): () => Promise<FetchBackend> {
  return async () => {
    const { store, cleanup } = await createStore()
    const writes = recordStoreWrites(store)
    return { storage: createStoreSessionStorage<PolicyData>(store, { secrets: SECRET, ttl: STORE_LIFETIME }), store: { store, writes }, cleanup }
  }
}

/** The cookie storage, on the faked clock (its own expiry is checked too). */
export async function cookieBackend(): Promise<FetchBackend> {
  return { storage: createCookieSessionStorage<PolicyData>({ secrets: SECRET, ttl: STORE_LIFETIME, now: () => Date.now() }), cleanup: async () => {} }
}

/**
 * The security options of the Fetch face (`createFetchSessions`) on one storage, over real HTTP with only
 * `Date` faked: idle and absolute timeouts, user-agent binding, onSessionRejected, noStore and clearSiteData.
 * `serverSide`: whether sessions live in a store (the cookie storage cannot delete a refused session, and names
 * an expired cookie where a store names an unknown id).
 */
export function describeFetchPolicies(name: string, createBackend: () => Promise<FetchBackend>, { serverSide }: { serverSide: boolean }): void {
  describe(`sessionkit/fetch on ${name}: session policies`, () => {
    useFakeDate()
    const log = new RejectionLog<Request>()
    let backend: FetchBackend
    const servers: Array<{ close(): Promise<void> }> = []
    const origins = { guarded: '', plain: '' }

    beforeAll(async () => {
      backend = await createBackend()
      const { storage } = backend
      const apps: Record<keyof typeof origins, FetchSessionsOptions<PolicyData>> = {
        guarded: { storage, idleTimeout: IDLE_TIMEOUT, absoluteTimeout: ABSOLUTE_TIMEOUT, bindUserAgent: true, onSessionRejected: log.listener, noStore: true, clearSiteData: true },
        // The same sessions before the policies were turned on.
        plain: { storage },
      }
      for (const key of Object.keys(apps) as Array<keyof typeof origins>) {
        const server = await listenOnLoopback(toNodeListener(policyHandler(createFetchSessions(apps[key]))))
        servers.push(server)
        origins[key] = server.origin
      }
    })
    afterAll(async () => {
      for (const server of servers) await server.close()
      await backend?.cleanup()
    })
    beforeEach(() => {
      log.reset()
      if (backend.store) backend.store.writes.length = 0
    })

    const store = (): AnyStore => (backend.store as NonNullable<FetchBackend['store']>).store
    // A browser with a session stored with count 1, created now.
    const newSession = (origin = origins.guarded) => browserWithNewSession(origin, COOKIE)
    const pageOf = (browser: PolicyBrowser) => browser.at(origins.guarded).json<PageData>('/data')

    describe('idleTimeout', () => {
      it('keeps the session through a gap just under idleTimeout', async () => {
        const { browser, id } = await newSession()
        advance(IDLE_TIMEOUT - SECOND)
        expect(await pageOf(browser)).toEqual({ id, count: 1, user: null })
        expect(log.events).toEqual([])
      })

      it('refuses it after a gap just over idleTimeout: a fresh session, an idle-timeout event without the raw id', async () => {
        const { browser, id } = await newSession()
        const cookie = browser.cookieHeader
        advance(IDLE_TIMEOUT + SECOND)
        const page = await pageOf(browser)
        expect(page.count).toBeNull()
        expect(page.id).not.toBe(id)
        log.expectOnly('idle-timeout', COOKIE, id)
        // However often the old cookie comes back.
        log.reset()
        expect((await new PolicyBrowser(origins.guarded).json<PageData>('/data', { cookie })).count).toBeNull()
        expect(log.events).toHaveLength(1)
      })

      it.runIf(serverSide)('deletes the refused session from the store', async () => {
        const { browser, id } = await newSession()
        advance(IDLE_TIMEOUT + SECOND)
        await pageOf(browser)
        expect(await storedRecordOf(store(), id)).toBeUndefined()
      })

      it('keeps a session alive through steady read-only activity every idleTimeout / 2', async () => {
        const { browser, id } = await newSession()
        for (let step = 1; step <= 4; step++) {
          advance(IDLE_TIMEOUT / 2)
          expect(await pageOf(browser), `read ${step}, ${step * 5} minutes in`).toEqual({ id, count: 1, user: null })
        }
        expect(log.events).toEqual([])
      })

      // A regression guard: touching a store without `load` once replaced the stored cookie with the lifetime only,
      // wiping the policies' metadata, so the session's age started again on every request.
      it.runIf(serverSide)('writes nothing for a read-only request within the last-seen resolution, and records last seen on the first one past it', async () => {
        const { browser, id } = await newSession()
        const created = await storedMetadataOf(store(), id)
        expect(created).toEqual({ createdAt: nowIso(), lastSeenAt: nowIso(), userAgent: expect.any(String) })
        advance(LAST_SEEN_RESOLUTION - SECOND)
        const writes = (backend.store as NonNullable<FetchBackend['store']>).writes
        writes.length = 0
        await pageOf(browser)
        // A touch only refreshes the expiry of a store that cannot slide it when reading.
        expect(writes.filter((write) => write !== 'touch')).toEqual([])
        expect(await storedMetadataOf(store(), id)).toEqual(created)
        advance(2 * SECOND)
        await pageOf(browser)
        expect(await storedMetadataOf(store(), id)).toEqual({ ...created, lastSeenAt: nowIso() })
      })

      it.runIf(!serverSide)('rewrites no cookie for a read-only request within the last-seen resolution, and does on the first one past it', async () => {
        const { browser } = await newSession()
        const first = browser.cookies.get(COOKIE)
        advance(LAST_SEEN_RESOLUTION - SECOND)
        await browser.request('/data')
        // The cookie is rolled (sent again to restart its Max-Age), but with the same sealed value.
        expect(browser.cookies.get(COOKIE)).toBe(first)
        advance(2 * SECOND)
        await browser.request('/data')
        expect(browser.cookies.get(COOKIE)).not.toBe(first)
      })
    })

    describe('absoluteTimeout', () => {
      // A regression guard: touching a store without `load` once replaced the stored cookie with the lifetime only,
      // wiping the policies' metadata, so the session's age started again on every request.
      it.each(STEADY_ACTIVITIES)('refuses a session past absoluteTimeout however steady its activity ($name)', async (activity) => {
        const { browser, id } = await newSession()
        await keepUsing(browser, activity, ABSOLUTE_TIMEOUT, advance)
        advance(SECOND)
        expect((await pageOf(browser)).count).toBeNull()
        log.expectOnly('absolute-timeout', COOKIE, id)
        if (serverSide) expect(await storedRecordOf(store(), id)).toBeUndefined()
      })

      // A regression guard: touching a store without `load` once replaced the stored cookie with the lifetime only,
      // wiping the policies' metadata, so the session's age started again on every request.
      it('restarts the count when the session gets a new id at login (session.regenerateId)', async () => {
        const { browser, id: before } = await newSession()
        for (let step = 1; step <= 2; step++) {
          advance(IDLE_TIMEOUT / 2)
          await browser.json<PageData>('/count', { method: 'POST' })
        }
        advance(IDLE_TIMEOUT / 2)
        const { id } = await browser.json<PageData>('/login', { method: 'POST' })
        expect(id).not.toBe(before)
        for (let step = 1; step <= 5; step++) {
          advance(IDLE_TIMEOUT / 2)
          await browser.json<PageData>('/count', { method: 'POST' })
        }
        // 40 minutes after the session began, 25 after the login.
        expect(await pageOf(browser)).toEqual({ id, count: 8, user: 'alice' })
        expect(log.events).toEqual([])
        if (serverSide) {
          expect((await storedMetadataOf(store(), id))?.createdAt).toBe(new Date(Date.now() - 25 * 60_000).toISOString())
          expect(await storedRecordOf(store(), before)).toBeUndefined()
        }
      })
    })

    it('accepts a session stored before the policies were turned on, and counts its age from then', async () => {
      const { browser, id } = await newSession(origins.plain)
      if (serverSide) expect(await storedMetadataOf(store(), id)).toEqual({ createdAt: undefined, lastSeenAt: undefined, userAgent: undefined })
      advance(ABSOLUTE_TIMEOUT + IDLE_TIMEOUT)
      expect(await pageOf(browser)).toEqual({ id, count: 1, user: null })
      expect(log.events).toEqual([])
      if (serverSide) expect(await storedMetadataOf(store(), id)).toEqual({ createdAt: nowIso(), lastSeenAt: nowIso(), userAgent: expect.any(String) })
      // The idle timeout now applies to it.
      advance(IDLE_TIMEOUT + SECOND)
      expect((await pageOf(browser)).count).toBeNull()
      log.expectOnly('idle-timeout', COOKIE, id)
    })

    describe('bindUserAgent', () => {
      it('accepts the session from the user agent that created it', async () => {
        const { browser, id } = await newSession()
        if (serverSide) {
          expect((await storedMetadataOf(store(), id))?.userAgent).toMatch(/^[A-Za-z0-9_-]{22}$/)
          expect(JSON.stringify(await storedRecordOf(store(), id))).not.toContain('Browser A')
        }
        expect((await pageOf(browser)).count).toBe(1)
        expect(log.events).toEqual([])
      })

      it('refuses it from another user agent', async () => {
        const { browser, id } = await newSession()
        const replayed = await new PolicyBrowser(origins.guarded, BROWSER_B).json<PageData>('/data', { cookie: browser.cookieHeader })
        expect(replayed.count).toBeNull()
        expect(replayed.id).not.toBe(id)
        log.expectOnly('user-agent-mismatch', COOKIE, id)
        if (serverSide) expect(await storedRecordOf(store(), id)).toBeUndefined()
      })
    })

    describe('onSessionRejected', () => {
      const tampered = (browser: PolicyBrowser): string => {
        const value = decodeURIComponent(browser.cookies.get(COOKIE) as string)
        return `${COOKIE}=${encodeURIComponent(value.slice(0, -2) + (value.endsWith('AA') ? 'BB' : 'AA'))}`
      }

      it('reports a tampered cookie as bad-signature, naming no session', async () => {
        const { browser } = await newSession()
        expect((await browser.json<PageData>('/data', { cookie: tampered(browser) })).count).toBeNull()
        expect(log.expectOnly('bad-signature', COOKIE).sessionIdHash).toBeUndefined()
      })

      it('tells the browser to drop a refused cookie (tampered, timed out), so each refusal is reported once', async () => {
        const tamperedBrowser = new PolicyBrowser(origins.guarded)
        const { browser } = await newSession()
        tamperedBrowser.cookies.set(COOKIE, tampered(browser).slice(COOKIE.length + 1))
        await tamperedBrowser.request('/data')
        expect(tamperedBrowser.cookies.has(COOKIE)).toBe(false)
        advance(IDLE_TIMEOUT + SECOND)
        await pageOf(browser)
        expect(browser.cookies.has(COOKIE)).toBe(false)
        await pageOf(browser)
        await tamperedBrowser.request('/data')
        expect(log.events.map((event) => event.reason)).toEqual(['bad-signature', 'idle-timeout'])
      })

      it.runIf(serverSide)('reports a validly signed id that is not stored as unknown-id, by hash only', async () => {
        const forgedId = 'policyScenarioForgedSessionId0001'
        const page = await new PolicyBrowser(origins.guarded).json<PageData>('/data', { cookie: `${COOKIE}=${encodeURIComponent(signValue(forgedId, SECRET))}` })
        expect(page.count).toBeNull()
        expect(page.id).not.toBe(forgedId)
        log.expectOnly('unknown-id', COOKIE, forgedId)
      })

      it.runIf(!serverSide)('reports an authentic cookie past its expiry as unknown-id', async () => {
        const { browser } = await newSession()
        advance(STORE_LIFETIME + SECOND)
        expect((await pageOf(browser)).count).toBeNull()
        log.expectOnly('unknown-id', COOKIE)
      })

      it.each(['throw', 'reject'] as const)('serves the request when the listener fails (%s), with no unhandled rejection', async (behaviour) => {
        const { browser } = await newSession()
        await expectServedDespiteFailingListener(log, behaviour, () => browser.request('/data', { cookie: tampered(browser) }))
      })
    })

    it('logout: the cookie expires, Clear-Site-Data and no-store are sent', async () => {
      const { browser, id } = await newSession()
      const response = await browser.request('/logout', { method: 'POST' })
      expect(response.status).toBe(200)
      expect(response.headers.getSetCookie()).toEqual([`${COOKIE}=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`])
      expect(response.headers.get('clear-site-data')).toBe('"cache", "cookies", "storage"')
      expect(response.headers.get('cache-control')).toBe('no-store')
      if (serverSide) expect(await storedRecordOf(store(), id)).toBeUndefined()
    })

    describe('noStore', () => {
      it('marks a response that sets the session cookie, and one that answers a stored session, no-store', async () => {
        const browser = new PolicyBrowser(origins.guarded)
        const created = await browser.request('/count', { method: 'POST' })
        expect(created.headers.getSetCookie()).toHaveLength(1)
        expect(created.headers.get('cache-control')).toBe('no-store')
        // (The Fetch face rolls the cookie by default, so this one may set it again.)
        const read = await browser.request('/data')
        expect(read.headers.get('cache-control')).toBe('no-store')
      })

      it('leaves a response that carries no session alone', async () => {
        const browser = new PolicyBrowser(origins.guarded)
        const untouched = await browser.request('/static')
        expect(untouched.headers.get('cache-control')).toBeNull()
        // A new session read but not saved sets no cookie: nothing of a session in the response.
        const unsaved = await browser.request('/data')
        expect(unsaved.headers.getSetCookie()).toEqual([])
        expect(unsaved.headers.get('cache-control')).toBeNull()
      })
    })
  })
}
