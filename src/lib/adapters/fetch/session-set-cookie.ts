import { formatSetCookie } from '../../core/set-cookie-header.js'
import type { NormalizedFetchCookie } from './fetch-session-options.js'

const EPOCH = new Date(0)

/**
 * The Set-Cookie header for a storage's cookie value: `''` expires the cookie (same path and domain, so the
 * browser matches and drops it), any other value sets it with the configured lifetime.
 */
export function sessionSetCookie(value: string, cookie: NormalizedFetchCookie, secure: boolean, now: number): string {
  const clear = value === ''
  const { maxAge } = cookie
  return formatSetCookie(cookie.name, value, {
    maxAge: clear ? 0 : maxAge === null ? null : Math.floor(maxAge / 1000),
    expires: clear ? EPOCH : maxAge === null ? null : new Date(now + maxAge),
    path: cookie.path,
    domain: cookie.domain,
    httpOnly: cookie.httpOnly,
    secure,
    partitioned: cookie.partitioned,
    priority: cookie.priority,
    sameSite: cookie.sameSite,
  })
}
