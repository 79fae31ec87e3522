import { parse } from 'cookie'
import { signValue, unsignValue, type Secret } from '../../core/cookie-signature.js'
import { debugLog } from '../../core/debug-log.js'
import { warnOnce } from '../../core/process-warnings.js'
import type { SessionRequest } from './session-request.js'

// express-session's cookie value: 's:' + sid + '.' + unpadded base64 HMAC-SHA256, URI-encoded by the serializer.
const SIGNED_PREFIX = 's:'

/** The cookie value (before URI encoding) that carries a session id. */
export function signSessionId(sid: string, secret: Secret): string {
  return SIGNED_PREFIX + signValue(sid, secret)
}

function verifySignedValue(raw: unknown, secrets: readonly Secret[]): string | undefined {
  if (typeof raw !== 'string' || raw.length === 0) return undefined
  if (!raw.startsWith(SIGNED_PREFIX)) {
    debugLog('cookie unsigned')
    return undefined
  }
  const sid = unsignValue(raw.slice(SIGNED_PREFIX.length), secrets)
  if (sid === false) {
    debugLog('cookie signature invalid')
    return undefined
  }
  return sid
}

function warnCookieParserFallback(): void {
  warnOnce('SESSIONKIT_COOKIE_PARSER_FALLBACK', 'sessionkit deprecated cookie should be available in req.headers.cookie', 'DeprecationWarning')
}

/**
 * The session id from the request's cookie, when its signature verifies with one of the secrets.
 * As express-session does, falls back to what cookie-parser left in `req.signedCookies` and `req.cookies`;
 * an unsigned or tampered value is never accepted.
 */
export function readSessionCookie(req: SessionRequest, name: string, secrets: readonly Secret[]): string | undefined {
  const header = req.headers.cookie
  let sid = header ? verifySignedValue(parse(header)[name], secrets) : undefined
  if (sid) return sid

  const signed = req.signedCookies?.[name]
  if (typeof signed === 'string' && signed.length > 0) {
    warnCookieParserFallback()
    return signed
  }

  sid = verifySignedValue(req.cookies?.[name], secrets)
  if (sid) warnCookieParserFallback()
  return sid
}
