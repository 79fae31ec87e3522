import type { Secret } from '../core/cookie-signature.js'
import { invalidOptionError } from '../core/errors.js'
import { COOKIE_NAME_PATTERN } from '../core/common-options.js'

/** The cookie name every storage uses unless told otherwise (Remix's). */
export const DEFAULT_COOKIE_NAME = '__session'

/** The cookie name, checked; throws a `sessionkit:` TypeError naming the bad value. */
export function checkedCookieName(name: unknown): string {
  if (name === undefined) return DEFAULT_COOKIE_NAME
  if (typeof name === 'string' && COOKIE_NAME_PATTERN.test(name)) return name
  throw invalidOptionError('cookieName', name, 'Pass a cookie name made of letters, digits and !#$%&\'*+-.^_`|~ (e.g. "__session").')
}

/**
 * The secrets as a non-empty list (the first signs or encrypts, every one verifies or decrypts), each at least
 * `minLength` bytes; throws a `sessionkit:` TypeError naming the bad value.
 */
export function checkedSecrets(secrets: unknown, minLength = 1): Secret[] {
  const list: unknown[] = Array.isArray(secrets) ? secrets : secrets === undefined ? [] : [secrets]
  if (list.length === 0) {
    throw new TypeError(
      `sessionkit: option secrets is missing${Array.isArray(secrets) ? ' (an empty array)' : ''}. Pass a secret string of at least ${Math.max(minLength, 32)} random characters (e.g. from process.env.SESSION_SECRET), or a list of them to rotate: the first is used for new cookies, all are accepted.`,
    )
  }
  for (const secret of list) {
    const length = typeof secret === 'string' ? Buffer.byteLength(secret) : Buffer.isBuffer(secret) ? secret.length : -1
    if (length < 0) throw invalidOptionError('secrets', secret, 'Every secret must be a string or a Buffer.')
    if (length < minLength) {
      throw new TypeError(
        `sessionkit: option secrets is invalid: a secret of ${length} bytes, and at least ${minLength} are needed. Generate one with: node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"`,
      )
    }
  }
  return list as Secret[]
}

/** The ttl in milliseconds (`fallback` when not given); throws a `sessionkit:` TypeError for anything but a positive whole number. */
export function checkedTtl<Fallback extends number | undefined>(ttl: unknown, fallback: Fallback): number | Fallback {
  if (ttl === undefined) return fallback
  if (typeof ttl === 'number' && Number.isSafeInteger(ttl) && ttl > 0) return ttl
  throw invalidOptionError('ttl', ttl, 'Pass the session lifetime in milliseconds, a positive whole number (e.g. 86400000 for one day).')
}
