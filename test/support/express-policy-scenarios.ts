import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import session, { type SessionOptions, type SessionRequest, type Store } from '../../src/express.ts'
import flash from '../../src/flash.ts'
import { signValue } from '../../src/lib/core/cookie-signature.ts'
import { expressVersions } from './express-versions.ts'
import { ABSOLUTE_TIMEOUT, advance, IDLE_TIMEOUT, LAST_SEEN_RESOLUTION, nowIso, SECOND, STEADY_ACTIVITIES, STORE_LIFETIME, useFakeDate } from './policy-clock.ts'
import { BROWSER_B, browserWithNewSession, keepUsing, listenOnLoopback, PolicyBrowser } from './policy-http-client.ts'
import { recordStoreWrites, storedMetadataOf, storedRecordOf, storeForAnotherMiddleware, type AnyStore, type CreatePolicyStore } from './policy-store-access.ts'
import { expectServedDespiteFailingListener, RejectionLog } from './rejection-log.ts'

type Express = (typeof expressVersions)[number]['express']

const SECRET = 'session policy scenarios secret'
const COOKIE = 'connect.sid'

/** What the test app's routes answer: the session id (to look the record up in the store) and its data. */
interface PageData {
  id: string
  count: number | null
  user: string | null
  cart: string[] | null
}

// The login route's three forms: express-session's regenerate(), and sessionkit's keepData in both API styles.
const LOGIN_FORMS = ['fresh', 'keep-data-callback', 'keep-data-promise'] as const
type LoginForm = (typeof LOGIN_FORMS)[number]

function regenerateAtLogin(req: SessionRequest, form: LoginForm, done: (err?: unknown) => void): void {
  const current = req.session as NonNullable<SessionRequest['session']>
  if (form === 'fresh') current.regenerate().then(() => done(), done)
  else if (form === 'keep-data-promise') current.regenerate({ keepData: true }).then(() => done(), done)
  else current.regenerate({ keepData: true }, done)
}

/** The app every scenario talks to, over real HTTP; `options` decides which policies are on. */
function policyApp(express: Express, options: SessionOptions): ReturnType<Express> {
  const app = express()
  app.use(session(options))
  app.use(flash())
  const page = (req: SessionRequest): PageData => ({
    id: req.sessionID as string,
    count: (req.session?.count as number | undefined) ?? null,
    user: (req.session?.user as string | undefined) ?? null,
    cart: (req.session?.cart as string[] | undefined) ?? null,
  })
  app.get('/static', (_req, res) => {
    res.send('no session here')
  })
  app.get('/data', (req, res) => {
    res.json(page(req))
  })
  app.post('/count', (req, res) => {
    req.session.count = ((req.session.count as number | undefined) ?? 0) + 1
    res.json(page(req))
  })
  app.post('/cart/:item', (req, res) => {
    req.session.cart = [...((req.session.cart as string[] | undefined) ?? []), req.params.item as string]
    res.json(page(req))
  })
  app.get('/flash', (req, res) => {
    res.json(req.flash('info'))
  })
  app.post('/login/:form', (req, res, next) => {
    req.flash('info', 'welcome, alice')
    regenerateAtLogin(req, req.params.form as LoginForm, (err) => {
      if (err) return next(err)
      req.session.user = 'alice'
      res.json(page(req))
    })
  })
  app.post('/logout', (req, res, next) => {
    req.session.destroy().then(() => res.json({ loggedOut: true }), next)
  })
  app.post('/unset', (req, res) => {
    ;(req as { session?: unknown }).session = null
    res.json({ loggedOut: true })
  })
  return app
}

/** A cookie value the express face accepts: `s:` + the id signed with the secret, percent-encoded. */
function signedCookieFor(id: string): string {
  return `${COOKIE}=${encodeURIComponent(`s:${signValue(id, SECRET)}`)}`
}

/** The browser's cookie with one character of its signature changed. */
function tamperedCookieOf(browser: PolicyBrowser): string {
  const signed = decodeURIComponent(browser.cookies.get(COOKIE) as string)
  const flipped = signed.slice(0, -1) + (signed.endsWith('A') ? 'B' : 'A')
  return `${COOKIE}=${encodeURIComponent(flipped)}`
}

/**
 * The security options of `sessionkit/express` on one store, on Express 4 and 5, over real HTTP with only
 * `Date` faked: idle and absolute timeouts, user-agent binding, onSessionRejected, clearCookieOnDestroy,
 * clearSiteData, noStore and regenerate({ keepData }). Called by describeSessionPolicies.
 */
export function describeExpressPolicies(name: string, createStore: CreatePolicyStore): void {
  describe.each(expressVersions)(`sessionkit/express on ${name}: session policies ($version)`, ({ express }) => {
    useFakeDate()
    const log = new RejectionLog<SessionRequest>()
    let store: AnyStore
    let writes: string[]
    let cleanup: () => Promise<void>
    const servers: Array<{ close(): Promise<void> }> = []
    const origins = { guarded: '', plain: '', unsetting: '' }

    beforeAll(async () => {
      ;({ store, cleanup } = await createStore())
      writes = recordStoreWrites(store)
      const common = { secret: SECRET, resave: false, saveUninitialized: false, cookie: { maxAge: STORE_LIFETIME } }
      const apps: Record<keyof typeof origins, SessionOptions> = {
        guarded: {
          ...common,
          store: store as Store,
          idleTimeout: IDLE_TIMEOUT,
          absoluteTimeout: ABSOLUTE_TIMEOUT,
          bindUserAgent: true,
          onSessionRejected: log.listener,
          clearCookieOnDestroy: true,
          clearSiteData: true,
          noStore: true,
        },
        // The same sessions before the policies were turned on, and with express-session's defaults.
        plain: { ...common, store: storeForAnotherMiddleware(store) as Store },
        unsetting: { ...common, store: storeForAnotherMiddleware(store) as Store, unset: 'destroy', clearCookieOnDestroy: true, clearSiteData: ['cookies', 'storage'] },
      }
      for (const key of Object.keys(apps) as Array<keyof typeof origins>) {
        const server = await listenOnLoopback(policyApp(express, apps[key]))
        servers.push(server)
        origins[key] = server.origin
      }
    })
    afterAll(async () => {
      for (const server of servers) await server.close()
      await cleanup?.()
    })
    beforeEach(() => {
      log.reset()
      writes.length = 0
    })

    // A browser with a session stored with count 1, created now.
    const newSession = (origin = origins.guarded) => browserWithNewSession(origin, COOKIE)
    // What the guarded app shows the browser (whichever app it got its cookie from).
    const pageOf = (browser: PolicyBrowser) => browser.at(origins.guarded).json<PageData>('/data')

    describe('idleTimeout', () => {
      it('keeps the session through a gap just under idleTimeout', async () => {
        const { browser, id } = await newSession()
        advance(IDLE_TIMEOUT - SECOND)
        expect(await pageOf(browser)).toEqual({ id, count: 1, user: null, cart: null })
        expect(log.events).toEqual([])
      })

      it('refuses it after a gap just over idleTimeout: a fresh session, an idle-timeout event without the raw id, the old one deleted', async () => {
        const { browser, id } = await newSession()
        advance(IDLE_TIMEOUT + SECOND)
        const page = await pageOf(browser)
        expect(page.count).toBeNull()
        expect(page.id).not.toBe(id)
        log.expectOnly('idle-timeout', COOKIE, id)
        expect(await storedRecordOf(store, id)).toBeUndefined()
      })

      it('tells the browser to drop the refused cookie, so the refusal is reported once', async () => {
        const { browser } = await newSession()
        advance(IDLE_TIMEOUT + SECOND)
        await pageOf(browser)
        expect(browser.cookies.has(COOKIE)).toBe(false)
        await pageOf(browser)
        expect(log.events.map((event) => event.reason)).toEqual(['idle-timeout'])
      })

      // A regression guard: the express face once recorded "last seen" (and a pre-policy session's creation) in
      // req.session.cookie without saving it, as change detection ignores the cookie, so read-only use never reached the store.
      it('keeps a session alive through steady read-only activity every idleTimeout / 2', async () => {
        const { browser, id } = await newSession()
        for (let step = 1; step <= 4; step++) {
          advance(IDLE_TIMEOUT / 2)
          expect(await pageOf(browser), `read ${step}, ${step * 5} minutes in`).toEqual({ id, count: 1, user: null, cart: null })
        }
        expect(log.events).toEqual([])
      })

      it('keeps a session alive through steady activity that writes, every idleTimeout / 2', async () => {
        const { browser, id } = await newSession()
        for (let step = 1; step <= 4; step++) {
          advance(IDLE_TIMEOUT / 2)
          expect(await browser.json<PageData>('/count', { method: 'POST' })).toEqual({ id, count: step + 1, user: null, cart: null })
        }
        expect(log.events).toEqual([])
      })

      // A regression guard: the express face once recorded "last seen" (and a pre-policy session's creation) in
      // req.session.cookie without saving it, as change detection ignores the cookie, so read-only use never reached the store.
      it('writes nothing for a read-only request within the last-seen resolution, and records last seen on the first one past it', async () => {
        const { browser, id } = await newSession()
        const created = await storedMetadataOf(store, id)
        expect(created).toEqual({ createdAt: nowIso(), lastSeenAt: nowIso(), userAgent: expect.any(String) })
        advance(LAST_SEEN_RESOLUTION - SECOND)
        writes.length = 0
        await pageOf(browser)
        // A touch only refreshes a connect-style store's expiry, as express-session does on every request.
        expect(writes.filter((write) => write !== 'touch')).toEqual([])
        expect(await storedMetadataOf(store, id)).toEqual(created)
        advance(2 * SECOND)
        await pageOf(browser)
        expect(await storedMetadataOf(store, id)).toEqual({ ...created, lastSeenAt: nowIso() })
      })
    })

    describe('absoluteTimeout', () => {
      // A regression guard: the express face once recorded "last seen" (and a pre-policy session's creation) in
      // req.session.cookie without saving it, as change detection ignores the cookie, so read-only use never reached the store.
      it.each(STEADY_ACTIVITIES)('refuses a session past absoluteTimeout however steady its activity ($name)', async (activity) => {
        const { browser, id } = await newSession()
        await keepUsing(browser, activity, ABSOLUTE_TIMEOUT, advance)
        advance(SECOND)
        expect((await pageOf(browser)).count).toBeNull()
        log.expectOnly('absolute-timeout', COOKIE, id)
        expect(await storedRecordOf(store, id)).toBeUndefined()
      })

      it.each(LOGIN_FORMS)('restarts the count when the session is regenerated at login (%s)', async (form) => {
        const { browser } = await newSession()
        advance(IDLE_TIMEOUT / 2)
        await browser.json<PageData>('/count', { method: 'POST' })
        advance(IDLE_TIMEOUT / 2)
        await browser.json<PageData>('/count', { method: 'POST' })
        advance(IDLE_TIMEOUT / 2)
        const { id } = await browser.json<PageData>(`/login/${form}`, { method: 'POST' })
        for (let step = 1; step <= 5; step++) {
          advance(IDLE_TIMEOUT / 2)
          await browser.json<PageData>('/count', { method: 'POST' })
        }
        // 40 minutes after the session began, 25 after the login.
        expect((await pageOf(browser)).user).toBe('alice')
        expect(log.events).toEqual([])
        expect((await storedMetadataOf(store, id))?.createdAt).toBe(new Date(Date.now() - 25 * 60_000).toISOString())
      })
    })

    // A regression guard: the express face once recorded "last seen" (and a pre-policy session's creation) in
    // req.session.cookie without saving it, as change detection ignores the cookie, so read-only use never reached the store.
    it('accepts a session stored before the policies were turned on, and counts its age from then', async () => {
      const { browser, id } = await newSession(origins.plain)
      expect(await storedMetadataOf(store, id)).toEqual({ createdAt: undefined, lastSeenAt: undefined, userAgent: undefined })
      advance(ABSOLUTE_TIMEOUT + IDLE_TIMEOUT)
      expect(await pageOf(browser)).toEqual({ id, count: 1, user: null, cart: null })
      expect(log.events).toEqual([])
      expect(await storedMetadataOf(store, id)).toEqual({ createdAt: nowIso(), lastSeenAt: nowIso(), userAgent: expect.any(String) })
      // The idle timeout now applies to it.
      advance(IDLE_TIMEOUT + SECOND)
      expect((await pageOf(browser)).count).toBeNull()
      log.expectOnly('idle-timeout', COOKIE, id)
    })

    describe('bindUserAgent', () => {
      it('accepts the session from the user agent that created it', async () => {
        const { browser, id } = await newSession()
        const stored = await storedMetadataOf(store, id)
        // A hash of the header, never the header itself.
        expect(stored?.userAgent).toMatch(/^[A-Za-z0-9_-]{22}$/)
        expect(JSON.stringify(await storedRecordOf(store, id))).not.toContain('Browser A')
        expect((await pageOf(browser)).count).toBe(1)
        expect(log.events).toEqual([])
      })

      it('refuses it from another user agent, and deletes it', async () => {
        const { browser, id } = await newSession()
        const replayed = await new PolicyBrowser(origins.guarded, BROWSER_B).json<PageData>('/data', { cookie: browser.cookieHeader })
        expect(replayed.count).toBeNull()
        expect(replayed.id).not.toBe(id)
        log.expectOnly('user-agent-mismatch', COOKIE, id)
        expect(await storedRecordOf(store, id)).toBeUndefined()
      })
    })

    describe('onSessionRejected', () => {
      it('reports a tampered cookie as bad-signature, naming no session', async () => {
        const { browser } = await newSession()
        const page = await browser.json<PageData>('/data', { cookie: tamperedCookieOf(browser) })
        expect(page.count).toBeNull()
        expect(log.expectOnly('bad-signature', COOKIE).sessionIdHash).toBeUndefined()
      })

      it('reports a validly signed id that is not stored as unknown-id, by hash only', async () => {
        const forgedId = 'policyScenarioForgedSessionId0001'
        const page = await new PolicyBrowser(origins.guarded).json<PageData>('/data', { cookie: signedCookieFor(forgedId) })
        expect(page.count).toBeNull()
        expect(page.id).not.toBe(forgedId)
        log.expectOnly('unknown-id', COOKIE, forgedId)
      })

      it.each(['throw', 'reject'] as const)('serves the request when the listener fails (%s), with no unhandled rejection', async (behaviour) => {
        const { browser } = await newSession()
        await expectServedDespiteFailingListener(log, behaviour, () => browser.request('/data', { cookie: tamperedCookieOf(browser) }))
      })
    })

    describe('logout', () => {
      it('destroy() with clearCookieOnDestroy and clearSiteData: the cookie expires, Clear-Site-Data is sent, the session is deleted', async () => {
        const { browser, id } = await newSession()
        const response = await browser.request('/logout', { method: 'POST' })
        expect(response.status).toBe(200)
        expect(response.headers.getSetCookie()).toEqual([`${COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly`])
        expect(response.headers.get('clear-site-data')).toBe('"cache", "cookies", "storage"')
        expect(response.headers.get('cache-control')).toBe('no-store')
        expect(browser.cookies.has(COOKIE)).toBe(false)
        expect(await storedRecordOf(store, id)).toBeUndefined()
      })

      it("unset: 'destroy' with clearCookieOnDestroy and a list for clearSiteData does the same", async () => {
        const { browser, id } = await newSession(origins.unsetting)
        const response = await browser.request('/unset', { method: 'POST' })
        expect(response.status).toBe(200)
        expect(response.headers.getSetCookie()).toEqual([`${COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly`])
        expect(response.headers.get('clear-site-data')).toBe('"cookies", "storage"')
        expect(await storedRecordOf(store, id)).toBeUndefined()
      })

      it('without those options leaves the cookie alone, as express-session does', async () => {
        const { browser, id } = await newSession(origins.plain)
        const response = await browser.request('/logout', { method: 'POST' })
        expect(response.headers.getSetCookie()).toEqual([])
        expect(response.headers.get('clear-site-data')).toBeNull()
        expect(await storedRecordOf(store, id)).toBeUndefined()
      })
    })

    describe('noStore', () => {
      it('marks a response that sets the session cookie, and one that answers a stored session, no-store', async () => {
        const browser = new PolicyBrowser(origins.guarded)
        const created = await browser.request('/count', { method: 'POST' })
        expect(created.headers.getSetCookie()).toHaveLength(1)
        expect(created.headers.get('cache-control')).toBe('no-store')
        const read = await browser.request('/data')
        expect(read.headers.getSetCookie()).toEqual([])
        expect(read.headers.get('cache-control')).toBe('no-store')
        const untouched = await browser.request('/static')
        expect(untouched.headers.get('cache-control')).toBe('no-store')
      })

      it('leaves a response that carries no session alone', async () => {
        const response = await new PolicyBrowser(origins.guarded).request('/static')
        expect(await response.text()).toBe('no session here')
        expect(response.headers.getSetCookie()).toEqual([])
        expect(response.headers.get('cache-control')).toBeNull()
      })
    })

    describe('regenerate({ keepData: true })', () => {
      it.each(['keep-data-callback', 'keep-data-promise'] as const)('(%s) keeps the data and the flash messages under a new id, and deletes the old one', async (form) => {
        const browser = new PolicyBrowser(origins.guarded)
        const { id: before } = await browser.json<PageData>('/cart/book', { method: 'POST' })
        await browser.json<PageData>('/cart/pen', { method: 'POST' })
        const { id: after, cart, user } = await browser.json<PageData>(`/login/${form}`, { method: 'POST' })
        expect(after).not.toBe(before)
        expect({ cart, user }).toEqual({ cart: ['book', 'pen'], user: 'alice' })
        expect(await storedRecordOf(store, before)).toBeUndefined()
        expect(await pageOf(browser)).toEqual({ id: after, count: null, user: 'alice', cart: ['book', 'pen'] })
        expect(await browser.json<string[]>('/flash')).toEqual(['welcome, alice'])
        expect(await browser.json<string[]>('/flash')).toEqual([])
      })

      it('regenerate() without it starts empty, as in express-session', async () => {
        const browser = new PolicyBrowser(origins.guarded)
        await browser.json<PageData>('/cart/book', { method: 'POST' })
        const { cart, user } = await browser.json<PageData>('/login/fresh', { method: 'POST' })
        expect({ cart, user }).toEqual({ cart: null, user: 'alice' })
      })
    })
  })
}
