// The pages that show information only: home, about, the goodbye page and the error pages.
import { escapeHtml } from '../escape-html.js'
import { layout } from './layout.js'

/** @typedef {import('./layout.js').PageContext} PageContext */

/** @param {PageContext} ctx */
export function homePage(ctx) {
  const body = ctx.user
    ? `<p>Welcome back, ${escapeHtml(ctx.user.email)}.</p>
    <p>See where else you are signed in on <a href="/devices">Your devices</a>, and sign those sessions out.</p>`
    : `<p>Welcome. You are not signed in.</p>
    <p><a href="/signup">Create an account</a> or <a href="/login">log in</a>, then open this app in a second browser
    to see both on <em>Your devices</em>.</p>`
  return layout(
    'Home',
    `${body}
    <p class="hint">Sessions are kept by <code>sessionkit/express</code>; each page counts your visits separately.</p>`,
    ctx,
  )
}

/** @param {PageContext} ctx */
export function aboutPage(ctx) {
  return layout(
    'About',
    `<p>The session cookie is <code>demo.sid</code>: HTTP-only, <code>SameSite=Lax</code>, valid for one day,
    and marked <code>Secure</code> when the request came over HTTPS.</p>
    <p>Logging in regenerates the session (a new id, so an id planted before login is worthless); logging out
    destroys it and clears the cookie. Passwords are hashed with scrypt. Every form carries a CSRF token.</p>
    <p>Your devices lists the sessions of your account from the store (<code>listSessionsOfUser</code>) and ends
    them there (<code>destroySessionsOfUser</code>). Session ids never appear in a page: each is named by a hash.</p>`,
    ctx,
  )
}

/**
 * After logging out there is no session left to carry a flash message, so the goodbye is a page of its own.
 * @param {PageContext} ctx
 */
export function loggedOutPage(ctx) {
  return layout('Logged out', `<p>You have logged out: your session is gone from the server and its cookie from your browser.</p>
    <p><a href="/login">Log in again</a> or go <a href="/">home</a>.</p>`, ctx)
}

/** @param {PageContext} ctx */
export function forbiddenPage(ctx) {
  return layout(
    'Form expired',
    `<p>This form could not be accepted: it did not carry this session's security token. That happens when the
    session ended (you logged out, or another device signed you out) or the page was open for a long time.</p>
    <p>Go back, reload the page and try again.</p>`,
    ctx,
  )
}

/** @param {PageContext} ctx */
export function notFoundPage(ctx) {
  return layout('Not found', '<p>There is no such page. Go <a href="/">home</a>.</p>', ctx)
}

/** @param {PageContext} ctx */
export function errorPage(ctx) {
  return layout('Something went wrong', '<p>The server could not handle this request. Please try again in a moment.</p>', ctx)
}
