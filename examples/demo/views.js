import { escapeHtml } from './escape-html.js'

/**
 * @typedef {object} PageContext
 * @property {string | undefined} user  the signed-in username, if any
 * @property {number} views             how many times this session has seen the page
 * @property {Record<string, string[]>} [messages]  flash messages to show once, by type
 */

const STYLES = `
  :root { color-scheme: light dark; --accent: #2563eb; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 1.0625rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  header, main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
  header { display: flex; flex-wrap: wrap; gap: .75rem 1.25rem; align-items: center; border-bottom: 1px solid #8884; }
  header nav { display: flex; gap: 1rem; flex: 1; }
  a { color: var(--accent); }
  form.inline { display: inline; margin: 0; }
  label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
  input[type=text] { width: 100%; max-width: 20rem; padding: .5rem; font: inherit; }
  button { padding: .5rem 1rem; font: inherit; cursor: pointer; }
  header button { padding: .25rem .75rem; }
  .error { color: #b91c1c; font-weight: 600; }
  .flash { padding: .5rem .75rem; border-radius: .375rem; background: #16a34a22; border: 1px solid #16a34a66; }
  .views { color: #666; }
`

/**
 * The flash messages of this request, each shown once.
 * @param {Record<string, string[]> | undefined} messages
 * @returns {string}
 */
function flashMessages(messages = {}) {
  return Object.entries(messages)
    .flatMap(([type, list]) => list.map((text) => `<p class="flash flash-${escapeHtml(type)}" role="status">${escapeHtml(text)}</p>`))
    .join('\n    ')
}

/**
 * The page around every view: header with navigation and the sign-in state, then the content.
 * @param {string} title  plain text (escaped here)
 * @param {string} body   HTML (already escaped by the caller)
 * @param {PageContext} ctx
 * @returns {string}
 */
function layout(title, body, ctx) {
  const account = ctx.user
    ? `<span>Signed in as <strong>${escapeHtml(ctx.user)}</strong></span>
      <form class="inline" method="post" action="/logout"><button type="submit">Log out</button></form>`
    : `<a href="/login">Log in</a>`
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} · sessionkit demo</title>
  <style>${STYLES}</style>
</head>
<body>
  <header>
    <nav><a href="/">Home</a><a href="/about">About</a></nav>
    ${account}
  </header>
  <main>
    ${flashMessages(ctx.messages)}
    <h1>${escapeHtml(title)}</h1>
    ${body}
    <p class="views">You have seen this page ${ctx.views} ${ctx.views === 1 ? 'time' : 'times'}.</p>
  </main>
</body>
</html>
`
}

/** @param {PageContext} ctx */
export function homePage(ctx) {
  const greeting = ctx.user ? `<p>Welcome back, ${escapeHtml(ctx.user)}.</p>` : '<p>Welcome. You are not signed in.</p>'
  return layout(
    'Home',
    `${greeting}
    <p>This app keeps a session with <code>sessionkit/express</code> and its memory store.
    Each page counts your visits separately.</p>`,
    ctx,
  )
}

/** @param {PageContext} ctx */
export function aboutPage(ctx) {
  return layout(
    'About',
    `<p>The session cookie is <code>demo.sid</code>: HTTP-only, <code>SameSite=Lax</code>, valid for one day,
    and marked <code>Secure</code> when the request came over HTTPS.</p>
    <p>Signing in regenerates the session (a new id), signing out destroys it.</p>`,
    ctx,
  )
}

/**
 * @param {PageContext & { username?: string, error?: string }} ctx
 *   `username` refills the field, `error` is shown above the form
 */
export function loginPage(ctx) {
  const error = ctx.error ? `<p class="error" role="alert">${escapeHtml(ctx.error)}</p>` : ''
  return layout(
    'Log in',
    `${error}
    <form method="post" action="/login">
      <label for="username">Username</label>
      <input type="text" id="username" name="username" value="${escapeHtml(ctx.username ?? '')}"
        maxlength="40" required autofocus autocomplete="username">
      <p><button type="submit">Log in</button></p>
    </form>
    <p>No password needed: this is a demo.</p>`,
    ctx,
  )
}
