import express from 'express'
import session from 'sessionkit/express'
import flash from 'sessionkit/flash'
import { aboutPage, homePage, loginPage } from './views.js'

export const COOKIE_NAME = 'demo.sid'
const DEV_SECRET = 'sessionkit-demo-dev-secret-do-not-use-in-production'
const ONE_DAY = 24 * 60 * 60 * 1000
const MAX_USERNAME_LENGTH = 40

/**
 * @typedef {object} DemoAppOptions
 * @property {string} [secret]  signs the session cookie; default `SESSION_SECRET`, else a fixed dev secret (with a notice)
 * @property {import('sessionkit/express').Store | import('sessionkit').SessionStore} [store]  default: sessionkit's memory store
 * @property {boolean | number | string} [trustProxy]  Express's `trust proxy` setting, for `secure: 'auto'` behind a TLS proxy
 */

/**
 * Builds the demo app. It does not listen; `server.js` does, and tests use it with supertest.
 * @param {DemoAppOptions} [options]
 * @returns {import('express').Express}
 */
export function createDemoApp(options = {}) {
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
      store: options.store,
      resave: false,
      saveUninitialized: false,
      cookie: { maxAge: ONE_DAY, sameSite: 'lax', secure: 'auto' },
    }),
  )
  app.use(flash())

  app.get('/', (req, res) => {
    res.type('html').send(homePage(pageContext(req)))
  })

  app.get('/about', (req, res) => {
    res.type('html').send(aboutPage(pageContext(req)))
  })

  app.get('/login', (req, res) => {
    res.type('html').send(loginPage(pageContext(req)))
  })

  // SameSite=Lax keeps cross-site POSTs from carrying the session cookie; a real app would add a CSRF token too.
  app.post('/login', express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    const raw = typeof req.body?.username === 'string' ? req.body.username : ''
    const username = raw.trim()
    const length = Array.from(username).length // characters, not UTF-16 units
    if (length < 1 || length > MAX_USERNAME_LENGTH) {
      const error = length < 1 ? 'Please enter a username.' : `A username is at most ${MAX_USERNAME_LENGTH} characters.`
      res.status(400).type('html').send(loginPage({ ...pageContext(req), username: raw, error }))
      return
    }
    // A new session id on sign-in, so an id planted before login (session fixation) is worthless afterwards.
    await req.session.regenerate()
    req.session.user = username
    // Stored with the session before the redirect leaves, so the next page always shows it, once.
    req.flash('success', `Welcome, ${username}!`)
    res.redirect(303, '/')
  })

  app.post('/logout', async (req, res) => {
    if (req.session) await req.session.destroy()
    res.clearCookie(COOKIE_NAME)
    res.redirect(303, '/')
  })

  return app
}

/**
 * Counts this visit in the session and returns what every page shows.
 * @param {import('express').Request} req
 * @returns {import('./views.js').PageContext}
 */
function pageContext(req) {
  const sess = /** @type {Record<string, any>} */ (req.session)
  sess.views ??= {}
  sess.views[req.path] = (sess.views[req.path] ?? 0) + 1
  return { user: sess.user, views: sess.views[req.path], messages: req.flash() }
}
