import { Hono } from 'hono'
import { createFetchSessions } from 'sessionkit/fetch'

const MAX_NAME_LENGTH = 40
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
/** @param {unknown} value */
const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (ch) => ESCAPES[/** @type {keyof typeof ESCAPES} */ (ch)])

/**
 * @param {{ views: number, user: string | null, message: string | null }} page
 * @returns {string}
 */
function homePage({ views, user, message }) {
  return `<!doctype html>
<meta charset="utf-8"><title>sessionkit on Hono</title>
${message ? `<p role="status">${escapeHtml(message)}</p>` : ''}
<p>You have been here ${views} time${views === 1 ? '' : 's'}.</p>
${
  user
    ? `<p>Signed in as <b>${escapeHtml(user)}</b>.</p><form method="post" action="/logout"><button>Log out</button></form>`
    : `<form method="post" action="/login"><input name="name" placeholder="your name" maxlength="${MAX_NAME_LENGTH}" required> <button>Log in</button></form>`
}
<p><a href="/about">A page that never reads the session</a> (no store call, no cookie).</p>`
}

/**
 * The example app: a view counter, login (a new session id), a flash message across the redirect, logout.
 * It does not listen; server.js does.
 * @param {{ storage: import('sessionkit').SessionStorage, secure?: boolean | 'auto', trustProxy?: boolean }} options
 */
export function createExampleApp({ storage, secure = 'auto', trustProxy = false }) {
  const sessions = createFetchSessions({ storage, cookie: { secure }, trustProxy })
  /** @type {Hono<{ Variables: import('sessionkit/fetch').SessionVariables }>} */
  const app = new Hono()
  app.use(sessions.hono())

  app.get('/', async (c) => {
    const session = await c.var.session()
    const views = Number(session.get('views') ?? 0) + 1
    session.set('views', views)
    const user = session.get('user')
    const message = session.get('message')
    return c.html(homePage({ views, user: typeof user === 'string' ? user : null, message: typeof message === 'string' ? message : null }))
  })

  app.post('/login', async (c) => {
    const form = await c.req.formData()
    const name = String(form.get('name') ?? '').trim().slice(0, MAX_NAME_LENGTH)
    const session = await c.var.session()
    if (!name) {
      session.flash('message', 'Please enter a name.')
      return c.redirect('/', 303)
    }
    // A new id on login, deleting the old one: an id planted before login is worthless (session fixation).
    session.regenerateId(true)
    session.set('user', name)
    session.flash('message', `Welcome, ${name}!`)
    return c.redirect('/', 303)
  })

  app.post('/logout', async (c) => {
    ;(await c.var.session()).destroy() // the store forgets it; the response expires the cookie
    return c.redirect('/', 303)
  })

  app.get('/about', (c) => c.text('This route never calls c.var.session(): no store round trip, no Set-Cookie.'))

  // A store failure (SessionStoreError) lands here like any other error.
  app.onError((error, c) => {
    console.error(error)
    return c.text('Something went wrong; please try again.', 500)
  })
  return app
}
