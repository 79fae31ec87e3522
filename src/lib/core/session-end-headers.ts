/**
 * The headers a response gets besides the session cookie itself, decided in one place for every face: whether
 * the browser is told to drop the cookie it holds, to wipe the site's data, and that the response must not be
 * cached.
 */

/** What happened to the session in one request. */
export interface SessionOutcome {
  /** A live session's cookie goes out with this response (new, re-signed, rotated or rolling). */
  readonly cookieSent: boolean
  /** The request destroyed its session (a logout). */
  readonly destroyed: boolean
  /** The cookie the browser presented leads to no session any more (refused by a policy, revoked meanwhile). */
  readonly refused: boolean
  /** The request read a stored session: the response may show what belongs to that session only. */
  readonly sessionRead: boolean
}

/** The options the decision follows, as each face has them after checking. */
export interface SessionEndHeaderRules {
  /** Expire the browser's cookie when the session is destroyed (express-session leaves it). */
  readonly clearCookieOnDestroy: boolean
  /** The `Clear-Site-Data` value sent on a logout, or `undefined`. */
  readonly clearSiteData: string | undefined
  /** Send `Cache-Control: no-store` on every response that carries a session. */
  readonly noStore: boolean
}

/** The headers to add; `clearCookie` means an expired cookie of the same name, path and domain. */
export interface SessionEndHeaders {
  readonly clearCookie: boolean
  readonly clearSiteData: string | undefined
  readonly noStore: boolean
}

const NONE: SessionEndHeaders = { clearCookie: false, clearSiteData: undefined, noStore: false }

/**
 * The headers for `outcome`. A session cookie that goes out anyway belongs to a new session made after the
 * old one ended, so it replaces the old cookie and the site's data stays.
 */
export function sessionEndHeadersOf(outcome: SessionOutcome, rules: SessionEndHeaderRules): SessionEndHeaders {
  const { cookieSent, destroyed } = outcome
  const clearCookie = !cookieSent && ((destroyed && rules.clearCookieOnDestroy) || outcome.refused)
  const clearSiteData = destroyed && !cookieSent ? rules.clearSiteData : undefined
  const noStore = rules.noStore && (cookieSent || clearCookie || destroyed || outcome.sessionRead)
  if (!clearCookie && clearSiteData === undefined && !noStore) return NONE
  return { clearCookie, clearSiteData, noStore }
}
