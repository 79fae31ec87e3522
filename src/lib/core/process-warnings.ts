const emitted = new Set<string>()

// depd's switch, which express-session users already set: NO_DEPRECATION=express-session (or *, or sessionkit).
function deprecationsSilenced(): boolean {
  const namespaces = (process.env.NO_DEPRECATION ?? '').split(/[\s,]+/)
  return namespaces.some((name) => name === '*' || name === 'sessionkit' || name === 'express-session')
}

/** Emits a process warning once per process for each code, so a busy server does not flood its log. */
export function warnOnce(code: string, message: string, type: 'Warning' | 'DeprecationWarning' = 'Warning'): void {
  if (emitted.has(code)) return
  if (type === 'DeprecationWarning' && deprecationsSilenced()) return
  emitted.add(code)
  process.emitWarning(message, { type, code })
}

export const INSECURE_COOKIE_WARNING_CODE = 'SESSIONKIT_SECURE_COOKIE_OVER_HTTP'

/**
 * The seed problem of this project: a `secure` cookie over plain HTTP is dropped silently,
 * and with it the session and every flash message.
 */
export function warnSecureCookieWithheld(cookieName: string): void {
  warnOnce(
    INSECURE_COOKIE_WARNING_CODE,
    `sessionkit: the session cookie "${cookieName}" was not sent because it is marked secure (cookie.secure) ` +
      'and this request did not arrive over HTTPS, so the browser will not keep the session. Fix one of: ' +
      "(1) behind a proxy that terminates TLS, call app.set('trust proxy', 1) (or pass proxy: true) so X-Forwarded-Proto is trusted; " +
      "(2) set cookie.secure to 'auto' to send a secure cookie only over HTTPS; " +
      '(3) serve HTTPS locally during development.',
  )
}

/**
 * The Fetch face's form of {@link warnSecureCookieWithheld}: same code (so the warning comes once per process
 * whichever face hits it first), with the fixes in that face's option names.
 */
export function warnSecureCookieWithheldOnFetch(cookieName: string, reason: string): void {
  warnOnce(
    INSECURE_COOKIE_WARNING_CODE,
    `sessionkit: the session cookie "${cookieName}" was not sent because ${reason} and this request did not arrive over HTTPS, ` +
      'so the browser would not keep it and the session would be lost. Fix one of: ' +
      '(1) behind a proxy that terminates TLS, pass trustProxy: true to createFetchSessions so X-Forwarded-Proto is trusted; ' +
      "(2) set cookie.secure to 'auto' (and drop the __Host-/__Secure- prefix, SameSite=None and Partitioned, which need Secure) to send the cookie without Secure over plain HTTP; " +
      '(3) serve HTTPS locally during development.',
  )
}
