// Cross-site request forgery protection with a synchronizer token: each session gets a random token, every form
// carries it in a hidden field, and every POST must send it back. Another site can make a browser send a POST
// to this app, but it cannot read the token to put into it. (SameSite=Lax cookies already keep most cross-site
// POSTs from carrying the session; the token also covers older browsers and same-site subdomains.)
import { randomBytes, timingSafeEqual } from 'node:crypto'

export const CSRF_FIELD = '_csrf'

/**
 * The session's CSRF token, created on first use. Logging in regenerates the session, which gives a new token.
 * @param {import('express').Request} req
 * @returns {string}
 */
export function csrfTokenOf(req) {
  const session = /** @type {{ csrfToken?: string }} */ (/** @type {unknown} */ (req.session))
  session.csrfToken ??= randomBytes(32).toString('base64url')
  return session.csrfToken
}

/**
 * Whether the request's form field matches the session's token (compared in constant time).
 * @param {import('express').Request} req
 * @returns {boolean}
 */
function hasValidToken(req) {
  const expected = /** @type {{ csrfToken?: unknown }} */ (/** @type {unknown} */ (req.session)).csrfToken
  const sent = req.body?.[CSRF_FIELD]
  if (typeof expected !== 'string' || typeof sent !== 'string') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(sent)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Middleware: rejects every POST without the session's token with 403, before any route sees it.
 * Must come after the session and the form body parser.
 * @param {(req: import('express').Request, res: import('express').Response) => void} reject  renders the 403 page
 * @returns {import('express').RequestHandler}
 */
export function requireCsrfToken(reject) {
  return (req, res, next) => {
    if (req.method !== 'POST' || hasValidToken(req)) return next()
    reject(req, res)
  }
}
