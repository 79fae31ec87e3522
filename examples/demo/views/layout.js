// The page around every view: head (phone-friendly viewport, inline styles, nothing from the internet), header
// with navigation and the sign-in state, the flash messages, then the content. Every value is escaped here or by
// the view that passes it in.
import { CSRF_FIELD } from '../csrf-token.js'
import { escapeHtml } from '../escape-html.js'

/**
 * @typedef {object} PageContext
 * @property {{ email: string } | undefined} user  the signed-in user, if any
 * @property {number} [views]   how many times this session has seen the page; no counter line without it
 * @property {Record<string, string[]>} [messages]  flash messages to show once, by type
 * @property {string} [csrfToken]  the session's token, for the forms of the page (the header's "Log out" among them)
 * @property {string} [path]    the current path, to mark the navigation link of the current page
 */

const STYLES = `
  :root { color-scheme: light dark; --accent: #2563eb; --muted: #6b7280; --line: #8884; --card: #8881; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 1.0625rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  header, main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
  /* Long emails and user agents break anywhere rather than widen the page on a phone. */
  main { overflow-wrap: anywhere; }
  header { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center; border-bottom: 1px solid var(--line); }
  header nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; flex: 1 1 auto; }
  header nav a[aria-current=page] { font-weight: 700; text-decoration: none; }
  .account { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; overflow-wrap: anywhere; }
  a { color: var(--accent); }
  h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
  form.inline { display: inline; margin: 0; }
  label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
  input[type=email], input[type=password] { width: 100%; max-width: 22rem; padding: .5rem; font: inherit; }
  button { padding: .5rem 1rem; font: inherit; cursor: pointer; border-radius: .375rem; border: 1px solid var(--line); }
  button.primary { background: var(--accent); color: #fff; border-color: var(--accent); }
  button.danger { color: #b91c1c; }
  header button { padding: .25rem .75rem; }
  .flash { padding: .5rem .75rem; border-radius: .375rem; border: 1px solid; margin: 0 0 1rem; }
  .flash-success { background: #16a34a22; border-color: #16a34a66; }
  .flash-info { background: #2563eb1a; border-color: #2563eb66; }
  .flash-error { background: #dc26261a; border-color: #dc262666; font-weight: 600; }
  .views, .hint { color: var(--muted); font-size: .9375rem; }
  .devices { list-style: none; padding: 0; margin: 0 0 1rem; display: grid; gap: .75rem; }
  .device { border: 1px solid var(--line); background: var(--card); border-radius: .5rem; padding: .75rem 1rem; }
  .device.current { border-color: var(--accent); }
  .device h2 { font-size: 1.0625rem; margin: 0 0 .25rem; display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
  .device dl { display: grid; grid-template-columns: max-content 1fr; gap: .125rem .75rem; margin: 0 0 .5rem; }
  .device dt { color: var(--muted); }
  .device dd { margin: 0; overflow-wrap: anywhere; }
  .device p, .device form { margin: 0; }
  .badge { font-size: .8125rem; font-weight: 600; padding: .0625rem .5rem; border-radius: 999px; background: var(--accent); color: #fff; }
`

/**
 * The flash messages of this request, each shown once.
 * @param {Record<string, string[]> | undefined} messages
 * @returns {string}
 */
function flashMessages(messages = {}) {
  return Object.entries(messages)
    .flatMap(([type, list]) => list.map((text) => `<p class="flash flash-${escapeHtml(type)}" role="${type === 'error' ? 'alert' : 'status'}">${escapeHtml(text)}</p>`))
    .join('\n    ')
}

/**
 * The hidden field every POST form carries (see csrf-token.js).
 * @param {PageContext} ctx
 * @returns {string}
 */
export function csrfField(ctx) {
  return `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(ctx.csrfToken ?? '')}">`
}

/**
 * @param {PageContext} ctx
 * @param {string} href
 * @param {string} text
 * @returns {string}
 */
function navLink(ctx, href, text) {
  return `<a href="${href}"${ctx.path === href ? ' aria-current="page"' : ''}>${text}</a>`
}

/**
 * @param {string} title  plain text (escaped here)
 * @param {string} body   HTML (already escaped by the caller)
 * @param {PageContext} ctx
 * @returns {string}
 */
export function layout(title, body, ctx) {
  const account = ctx.user
    ? `<div class="account"><span>Signed in as <strong>${escapeHtml(ctx.user.email)}</strong></span>
      <form class="inline" method="post" action="/logout">${csrfField(ctx)}<button type="submit">Log out</button></form></div>`
    : `<div class="account">${navLink(ctx, '/login', 'Log in')} ${navLink(ctx, '/signup', 'Sign up')}</div>`
  const links = [navLink(ctx, '/', 'Home'), ctx.user ? navLink(ctx, '/devices', 'Your devices') : '', navLink(ctx, '/about', 'About')]
  const views = ctx.views === undefined ? '' : `<p class="views">You have seen this page ${ctx.views} ${ctx.views === 1 ? 'time' : 'times'}.</p>`
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
    <nav>${links.join('')}</nav>
    ${account}
  </header>
  <main>
    ${flashMessages(ctx.messages)}
    <h1>${escapeHtml(title)}</h1>
    ${body}
    ${views}
  </main>
</body>
</html>
`
}
