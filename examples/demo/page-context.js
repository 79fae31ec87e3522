// What the layout needs from a request: the user, the flash messages, the CSRF token and the view counter.
import { csrfTokenOf } from './csrf-token.js'

/**
 * @param {import('express').Request} req
 * @returns {{ email: string } | undefined}
 */
function userOf(req) {
  const user = /** @type {import('./users/user-directory.js').DemoUser | undefined} */ (req.user)
  return user && { email: user.email }
}

/**
 * For pages of the app: counts this visit in the session (per path) and takes the waiting flash messages.
 * @param {import('express').Request} req
 * @returns {import('./views/layout.js').PageContext}
 */
export function pageContext(req) {
  const sess = /** @type {{ views?: Record<string, number> }} */ (/** @type {unknown} */ (req.session))
  // A null-prototype object, so a path such as /__proto__ is a plain key.
  const views = (sess.views ??= Object.create(null))
  views[req.path] = (views[req.path] ?? 0) + 1
  return { user: userOf(req), views: views[req.path], messages: req.flash(), csrfToken: csrfTokenOf(req), path: req.path }
}

/**
 * For the goodbye and error pages: leaves the session alone (no counter, flash messages kept for the next page),
 * except for the token of the header's "Log out" form when someone is signed in.
 * @param {import('express').Request} req
 * @returns {import('./views/layout.js').PageContext}
 */
export function plainPageContext(req) {
  const user = userOf(req)
  return { user, csrfToken: user && req.session ? csrfTokenOf(req) : undefined, path: req.path }
}
