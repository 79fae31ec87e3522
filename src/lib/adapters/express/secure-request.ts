import type { TLSSocket } from 'node:tls'
import { forwardedProtoIsHttps } from '../../core/forwarded-proto.js'
import type { SessionRequest } from './session-request.js'

/**
 * Whether the request came over HTTPS, as express-session decides it: a TLS socket always counts;
 * `proxy: false` trusts nothing else; unset `proxy` defers to Express's `req.secure` (its `trust proxy`
 * setting); `proxy: true` trusts the first value of `X-Forwarded-Proto`.
 */
export function isSecureRequest(req: SessionRequest, trustProxy: boolean | undefined): boolean {
  if ((req.socket as TLSSocket | undefined)?.encrypted) return true
  if (trustProxy === false) return false
  if (trustProxy !== true) return req.secure === true
  const header = req.headers['x-forwarded-proto']
  return forwardedProtoIsHttps(Array.isArray(header) ? header[0] : header)
}
