import { debugLog } from '../../core/debug-log.js'
import type { SessionResponseHeaders } from './request-session.js'

/**
 * A copy of `response` with the session's headers added (`Set-Cookie` appended, the others replacing the
 * response's). Always a copy: the headers of some responses are immutable (`Response.redirect`, a `fetch`
 * result), and an app may return one bodiless Response object to every request, whose headers must never
 * carry one user's cookie to the next.
 */
export function responseWithSessionHeaders(response: Response, sessionHeaders: SessionResponseHeaders): Response {
  if (sessionHeaders.length === 0) return response
  // Copying a Headers keeps each Set-Cookie apart (the Fetch spec never joins them).
  const headers = new Headers(response.headers)
  for (const [name, value] of sessionHeaders) {
    if (name === 'Set-Cookie') headers.append(name, value)
    else headers.set(name, value)
  }
  try {
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  } catch (error) {
    // Response.error() (status 0) or a 101 upgrade cannot be rebuilt; they carry no cookie anyway.
    debugLog('cannot add the session headers to a %d response: %s', response.status, (error as Error).message)
    return response
  }
}
