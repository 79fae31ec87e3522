import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import type { TLSSocket } from 'node:tls'

/**
 * A Fetch `Request` for a `node:http` request: method, absolute URL (scheme from the socket, host from the Host
 * header), headers, and for methods other than GET and HEAD the body as a stream. `signal` aborts when the
 * client goes away. Throws a TypeError for a request target or Host that makes no URL; the caller answers 400.
 */
export function requestOfIncomingMessage(req: IncomingMessage, signal: AbortSignal): Request {
  const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http'
  const target = req.url ?? '/'
  // Origin-form targets are appended to the origin, never resolved against it: "//evil.example/" stays a path.
  const url = target.startsWith('/') ? new URL(`${originOf(scheme, req.headers.host)}${target}`) : new URL(target)
  const headers = new Headers()
  const raw = req.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string
    // HTTP/2 pseudo-headers (":path") are not header names to Fetch.
    if (!name.startsWith(':')) headers.append(name, raw[i + 1] as string)
  }
  const method = req.method ?? 'GET'
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal }
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>
    init.duplex = 'half'
  }
  return new Request(url, init)
}

// A Host header is host[:port] and nothing else: one holding "/", "?", "#" or "@" would change the path, query or
// credentials the handler sees (Node does not check it), so it makes no URL and the request gets a 400.
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

function originOf(scheme: string, host: string | undefined): string {
  if (host === undefined) return `${scheme}://localhost`
  if (!HOST.test(host)) throw new TypeError(`sessionkit: the Host header ${JSON.stringify(host.slice(0, 100))} is not a host name.`)
  return `${scheme}://${host}`
}
