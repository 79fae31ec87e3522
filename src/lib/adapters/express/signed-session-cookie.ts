import { parse } from 'cookie'
import { signValue, verifySignedValue, type Secret } from '../../core/cookie-signature.js'
import { decodeCookieValue } from '../../core/cookie-value.js'
import { debugLog } from '../../core/debug-log.js'
import type { RecentVerifications } from '../../core/recent-verifications.js'
import { warnOnce } from '../../core/process-warnings.js'
import type { SessionRequest } from './session-request.js'

// express-session's cookie value: 's:' + sid + '.' + unpadded base64 HMAC-SHA256, URI-encoded by the serializer.
const SIGNED_PREFIX = 's:'

/** The cookie value (before URI encoding) that carries a session id. */
export function signSessionId(sid: string, secret: Secret): string {
  return SIGNED_PREFIX + signValue(sid, secret)
}

/** The session id a request presented, and its signed cookie value when the current (first) secret signed it. */
export interface SessionCookie {
  sid: string
  /** Reusable as the value of a Set-Cookie for the same id: signing again would give the same string. */
  signedWithCurrentSecret: string | undefined
}

const asSent = (value: string): string => value

/**
 * `sent` is the value as the request carried it; `decode` what it stands for. The cache is keyed by the value as
 * sent, so a visitor's next requests skip its decoding as well as the HMAC.
 */
function readSignedValue(
  sent: unknown,
  secrets: readonly Secret[],
  recent?: RecentVerifications<SessionCookie>,
  decode: (value: string) => string = asSent,
): SessionCookie | undefined {
  if (typeof sent !== 'string' || sent.length === 0) return undefined
  const known = recent?.get(sent)
  if (known) return known
  const raw = decode(sent)
  if (!raw.startsWith(SIGNED_PREFIX)) {
    debugLog('cookie unsigned')
    return undefined
  }
  const verified = verifySignedValue(raw.slice(SIGNED_PREFIX.length), secrets)
  if (!verified || verified.value.length === 0) {
    debugLog('cookie signature invalid')
    return undefined
  }
  const cookie = { sid: verified.value, signedWithCurrentSecret: verified.secretIndex === 0 ? raw : undefined }
  recent?.remember(sent, cookie)
  return cookie
}

function warnCookieParserFallback(): void {
  warnOnce('SESSIONKIT_COOKIE_PARSER_FALLBACK', 'sessionkit deprecated cookie should be available in req.headers.cookie', 'DeprecationWarning')
}

/**
 * The session id from the request's cookie, when its signature verifies with one of the secrets.
 * As express-session does, falls back to what cookie-parser left in `req.signedCookies` and `req.cookies`;
 * an unsigned or tampered value is never accepted. `recent` remembers values that verified with these
 * same secrets, to skip the HMAC on a visitor's next requests.
 */
export function readSessionCookie(
  req: SessionRequest,
  name: string,
  secrets: readonly Secret[],
  recent?: RecentVerifications<SessionCookie>,
): SessionCookie | undefined {
  const header = req.headers.cookie
  const fromHeader = header ? readSignedValue(parse(header, { decode: asSent })[name], secrets, recent, decodeCookieValue) : undefined
  if (fromHeader) return fromHeader

  const signed = req.signedCookies?.[name]
  if (typeof signed === 'string' && signed.length > 0) {
    warnCookieParserFallback()
    return { sid: signed, signedWithCurrentSecret: undefined }
  }

  const fromCookies = readSignedValue(req.cookies?.[name], secrets)
  if (fromCookies) warnCookieParserFallback()
  return fromCookies
}

/**
 * Whether the request presented a cookie named `name` at all (in the header, or cookie-parser's
 * `req.cookies`): asked when {@link readSessionCookie} found no valid one, to tell a tampered or forged cookie
 * from none.
 */
export function presentsSessionCookie(req: SessionRequest, name: string): boolean {
  const header = req.headers.cookie
  const raw = header ? parse(header)[name] : undefined
  const parsed = req.cookies?.[name]
  return (typeof raw === 'string' && raw.length > 0) || (typeof parsed === 'string' && parsed.length > 0)
}
