/**
 * The attributes of a Set-Cookie header, as express-session's `cookie.data` and the `cookie` package name them.
 * `maxAge` is in seconds (the header's unit).
 */
export interface SetCookieAttributes {
  maxAge?: number | null | undefined
  domain?: string | undefined
  path?: string | undefined
  expires?: Date | null | undefined
  httpOnly?: boolean | undefined
  secure?: boolean | 'auto' | undefined
  partitioned?: boolean | undefined
  priority?: string | undefined
  sameSite?: boolean | string | undefined
}

// The `cookie` package's grammar (RFC 6265): the header this module writes is the one it would write.
const COOKIE_NAME = /^[\u0021-\u003A\u003C\u003E-\u007E]+$/
const DOMAIN_VALUE = /^([.]?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)([.][a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i
const PATH_VALUE = /^[\u0020-\u003A\u003D-\u007E]*$/

const PRIORITY: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High' }
const SAME_SITE: Record<string, string> = { strict: 'Strict', lax: 'Lax', none: 'None' }

// Nearly every response of an app carries the same name, path and domain: check each distinct one once.
const validNames = new Set<string>()
const validPaths = new Set<string>()
const validDomains = new Set<string>()
const MAX_REMEMBERED = 64

function checkOnce(cache: Set<string>, value: string, pattern: RegExp, message: string): void {
  if (cache.has(value)) return
  if (!pattern.test(value)) throw new TypeError(`${message}: ${value}`)
  if (cache.size < MAX_REMEMBERED) cache.add(value)
}

/**
 * A Set-Cookie header value: `name=encodeURIComponent(value)` and the attributes, in the order and
 * spelling of the `cookie` package's `serialize`, with its validation, several times faster on the hot path.
 */
export function formatSetCookie(name: string, value: string, attributes: SetCookieAttributes = {}): string {
  checkOnce(validNames, name, COOKIE_NAME, 'argument name is invalid')
  // encodeURIComponent's output is always a valid cookie-value.
  let header = `${name}=${encodeURIComponent(value)}`
  const { maxAge, domain, path, expires, priority, sameSite } = attributes
  if (maxAge !== undefined && maxAge !== null) {
    if (!Number.isInteger(maxAge)) throw new TypeError(`option maxAge is invalid: ${maxAge}`)
    header += `; Max-Age=${maxAge}`
  }
  if (domain) {
    checkOnce(validDomains, domain, DOMAIN_VALUE, 'option domain is invalid')
    header += `; Domain=${domain}`
  }
  if (path) {
    checkOnce(validPaths, path, PATH_VALUE, 'option path is invalid')
    header += `; Path=${path}`
  }
  if (expires) {
    if (!(expires instanceof Date) || !Number.isFinite(expires.getTime())) throw new TypeError('option expires is invalid')
    header += `; Expires=${expires.toUTCString()}`
  }
  if (attributes.httpOnly) header += '; HttpOnly'
  if (attributes.secure) header += '; Secure'
  if (attributes.partitioned) header += '; Partitioned'
  if (priority) {
    const formatted = typeof priority === 'string' ? PRIORITY[priority.toLowerCase()] : undefined
    if (!formatted) throw new TypeError(`option priority is invalid: ${priority}`)
    header += `; Priority=${formatted}`
  }
  if (sameSite) {
    const formatted = sameSite === true ? 'Strict' : typeof sameSite === 'string' ? SAME_SITE[sameSite.toLowerCase()] : undefined
    if (!formatted) throw new TypeError(`option sameSite is invalid: ${sameSite}`)
    header += `; SameSite=${formatted}`
  }
  return header
}
