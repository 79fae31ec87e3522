import { debugLog } from '../../core/debug-log.js'

/**
 * A copy of `response` with a `Set-Cookie` header appended. Always a copy: the headers of some responses are
 * immutable (`Response.redirect`, a `fetch` result), and an app may return one bodiless Response object to
 * every request, whose headers must never carry one user's cookie to the next.
 */
export function responseWithSetCookie(response: Response, setCookie: string): Response {
  // Copying a Headers keeps each Set-Cookie apart (the Fetch spec never joins them).
  const headers = new Headers(response.headers)
  headers.append('Set-Cookie', setCookie)
  try {
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  } catch (error) {
    // Response.error() (status 0) or a 101 upgrade cannot be rebuilt; they carry no cookie anyway.
    debugLog('cannot add the session cookie to a %d response: %s', response.status, (error as Error).message)
    return response
  }
}
