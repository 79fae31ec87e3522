import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { warnOnce } from '../../core/process-warnings.js'

interface CheckedRequest extends Partial<IncomingMessage> {
  res?: ServerResponse
  secure?: boolean
  originalUrl?: string
  session?: { cookie?: { secure?: unknown; path?: unknown } } | null
}

const checked = new WeakSet<object>()

function isHttps(req: CheckedRequest): boolean {
  return req.secure === true || (req.socket as TLSSocket | undefined)?.encrypted === true
}

function redirectPath(req: CheckedRequest, location: string): string | undefined {
  try {
    return new URL(location, `http://localhost${req.originalUrl ?? req.url ?? '/'}`).pathname
  } catch {
    return undefined
  }
}

function checkDelivery(req: CheckedRequest, res: ServerResponse): void {
  const cookie = req.session?.cookie
  if (!cookie) return
  if (cookie.secure === true && !isHttps(req)) {
    warnOnce(
      'SESSIONKIT_FLASH_SECURE_COOKIE_OVER_HTTP',
      'sessionkit: a flash message was set, but the session cookie is marked secure and this request came over plain HTTP, ' +
        'so the browser holds no session to read the message from. Fix one of: ' +
        "(1) behind a proxy that terminates TLS, app.set('trust proxy', 1); (2) cookie.secure: 'auto'; (3) HTTPS locally.",
    )
  }
  const location = res.getHeader('location')
  const cookiePath = typeof cookie.path === 'string' && cookie.path !== '' ? cookie.path : '/'
  if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
    const target = redirectPath(req, location)
    if (target !== undefined && !target.startsWith(cookiePath)) {
      warnOnce(
        'SESSIONKIT_FLASH_COOKIE_PATH',
        `sessionkit: a flash message was set before a redirect to ${target}, but the session cookie's path is ${cookiePath}, ` +
          'so the browser will not send the session there and the message cannot be shown. ' +
          "Set cookie.path to a prefix of both pages (usually '/').",
      )
    }
  }
}

/**
 * When a request sets a flash message, checks once its response is sent that the browser can bring the
 * session back to read it: not a secure cookie over HTTP, not a redirect outside the cookie's path.
 * Costs nothing on requests that set no message.
 */
export function checkFlashDelivery(request: object): void {
  const req = request as CheckedRequest
  const res = req.res
  if (!res || typeof res.once !== 'function' || checked.has(req)) return
  // The common case leaves nothing for the response to decide: a cookie sent over any connection, to every path.
  const cookie = req.session?.cookie
  if (cookie && cookie.secure !== true && (cookie.path === undefined || cookie.path === '/')) return
  checked.add(req)
  res.once('finish', () => checkDelivery(req, res))
}
