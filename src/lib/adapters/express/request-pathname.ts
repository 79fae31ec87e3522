import type { SessionRequest } from './session-request.js'

/**
 * The path of the URL the request was made for (`originalUrl`, which Express keeps when routers
 * rewrite `url`), without query or fragment.
 */
export function originalPathname(req: SessionRequest): string {
  const url = req.originalUrl ?? req.url ?? '/'
  if (url.includes('://')) {
    try {
      // An absolute-form request target (`GET http://host/path`), as proxies send.
      return new URL(url).pathname
    } catch {
      // Not a URL after all: read it as a path, as below.
    }
  }
  // Origin-form (`/path?query`) and the asterisk form (`OPTIONS *`), which then matches no cookie path.
  let end = url.length
  const query = url.indexOf('?')
  if (query !== -1) end = query
  const hash = url.indexOf('#')
  if (hash !== -1 && hash < end) end = hash
  // An empty path counts as `/`, as in express-session.
  return (end === url.length ? url : url.slice(0, end)) || '/'
}
