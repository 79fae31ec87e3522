// Real http.IncomingMessage / http.ServerResponse instances without a socket, to drive middleware without HTTP.
import http from 'node:http'

/**
 * Runs `middleware` for one new visitor (no cookie) that sets `req.session.visited = true`.
 * `onDone(err)` is called once the middleware lets the response end, i.e. after the session was saved.
 */
export function newVisitor(middleware, onDone) {
  const req = new http.IncomingMessage(null)
  req.method = 'GET'
  req.url = '/new'
  req.httpVersionMajor = 1
  req.httpVersionMinor = 1
  req.headers = {}
  const res = new http.ServerResponse(req)
  // Wrapped before the middleware wraps it: this runs when the middleware finally ends the response.
  const end = res.end
  res.end = function endAfterSession(...args) {
    const result = end.apply(this, args)
    onDone(undefined, req, res)
    return result
  }
  middleware(req, res, (err) => {
    if (err) return onDone(err)
    req.session.visited = true
    res.end('welcome')
  })
}
