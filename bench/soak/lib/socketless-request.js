// One request through a session middleware on real http.IncomingMessage / http.ServerResponse objects without
// a socket: the middleware runs exactly as under node:http (the same objects, the same end-of-response
// interception), minus the kernel and the HTTP parser, so a million requests take minutes, not the hours that
// ~3k req/s of real HTTP would on this machine.
import http from 'node:http'

/**
 * Runs `middleware` for one GET request with `cookie` (or none), calls `handle(req)` as the route would, and
 * resolves once the middleware let the response end (after the session was saved) with the Set-Cookie it sent.
 */
export function socketlessRequest(middleware, { cookie, handle }) {
  return new Promise((resolve, reject) => {
    const req = new http.IncomingMessage(null)
    req.method = 'GET'
    req.url = '/'
    req.httpVersionMajor = 1
    req.httpVersionMinor = 1
    req.headers = cookie ? { cookie } : {}
    const res = new http.ServerResponse(req)
    const end = res.end
    // Wrapped before the middleware wraps it: runs when the middleware finally ends the response.
    res.end = function endAfterSession(...args) {
      const result = end.apply(this, args)
      const setCookie = res.getHeader('set-cookie')
      resolve({ req, setCookie: Array.isArray(setCookie) ? setCookie[0] : setCookie })
      return result
    }
    middleware(req, res, (err) => {
      if (err) return reject(err)
      try {
        handle(req)
        res.end('ok')
      } catch (error) {
        reject(error)
      }
    })
  })
}

/** The `name=value` part of a Set-Cookie header. */
export const cookiePair = (setCookie) => (setCookie ? setCookie.split(';')[0] : undefined)
