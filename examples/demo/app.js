import express from 'express'
import { createMemoryStore } from 'sessionkit'
import session from 'sessionkit/express'
import flash from 'sessionkit/flash'
import { requireCsrfToken } from './csrf-token.js'
import { createDemoPassport } from './demo-passport.js'
import { plainPageContext } from './page-context.js'
import { accountRoutes } from './routes/account-routes.js'
import { deviceRoutes } from './routes/device-routes.js'
import { pageRoutes } from './routes/page-routes.js'
import { sessionUserId } from './session-user.js'
import { createMemoryUsers } from './users/memory-users.js'
import { errorPage, forbiddenPage, notFoundPage } from './views/pages.js'

export const COOKIE_NAME = 'demo.sid'
const DEV_SECRET = 'sessionkit-demo-dev-secret-do-not-use-in-production'
const ONE_DAY = 24 * 60 * 60 * 1000

/**
 * @typedef {object} DemoAppOptions
 * @property {string} [secret]  signs the session cookie; default `SESSION_SECRET`, else a fixed dev secret (with a notice)
 * @property {import('./routes/device-routes.js').PerUserStore & import('sessionkit').SessionStore} [store]
 *   keeps the sessions; it must index them by user with `userKey: sessionUserId` (session-user.js).
 *   Default: sessionkit's memory store, so indexed.
 * @property {import('./users/user-directory.js').UserDirectory} [users]  default: in this process's memory
 * @property {boolean | number | string} [trustProxy]  Express's `trust proxy` setting, for `secure: 'auto'` behind a TLS proxy
 */

/**
 * Builds the demo app. It does not listen; `server.js` does, and tests use it with supertest.
 * @param {DemoAppOptions} [options]
 * @returns {import('express').Express}
 */
export function createDemoApp(options = {}) {
  const store = options.store ?? createMemoryStore({ userKey: sessionUserId })
  if (typeof store.listSessionsOfUser !== 'function' || typeof store.destroySessionsOfUser !== 'function') {
    throw new TypeError('sessionkit: the demo app needs a store with listSessionsOfUser and destroySessionsOfUser (one of sessionkit\'s stores, created with userKey: sessionUserId).')
  }
  const users = options.users ?? createMemoryUsers()
  const passport = createDemoPassport(users)

  const app = express()
  app.disable('x-powered-by')
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy)

  let secret = options.secret ?? process.env.SESSION_SECRET
  if (!secret) {
    console.warn('[demo] SESSION_SECRET is not set: using a fixed dev secret. Set SESSION_SECRET outside development.')
    secret = DEV_SECRET
  }

  app.use(
    session({
      name: COOKIE_NAME,
      secret,
      store,
      resave: false,
      saveUninitialized: false,
      cookie: { maxAge: ONE_DAY, sameSite: 'lax', secure: 'auto' },
      // The security options (SECURITY.md): a session unused for an hour, or a day old, is refused on the
      // server; its id changes every 15 minutes; logout expires the cookie; no cache keeps a signed-in page.
      idleTimeout: 60 * 60 * 1000,
      absoluteTimeout: ONE_DAY,
      rotateIdEvery: 15 * 60 * 1000,
      clearCookieOnDestroy: true,
      noStore: true,
    }),
  )
  app.use(flash())
  app.use(passport.session())
  app.use(express.urlencoded({ extended: false, limit: '2kb' }))
  app.use(requireCsrfToken((req, res) => res.status(403).type('html').send(forbiddenPage(plainPageContext(req)))))

  app.use(pageRoutes())
  app.use(accountRoutes({ passport }))
  app.use(deviceRoutes({ store }))

  app.use((req, res) => {
    res.status(404).type('html').send(notFoundPage(plainPageContext(req)))
  })
  /** @type {import('express').ErrorRequestHandler} */
  const renderError = (err, req, res, next) => {
    if (res.headersSent) return next(err)
    // 4xx from the body parser (a form too large or malformed) are the client's; anything else is logged.
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500
    if (status === 500) console.error('[demo]', err)
    res.status(status).type('html').send(errorPage({ user: undefined, path: req.path }))
  }
  app.use(renderError)

  return app
}
