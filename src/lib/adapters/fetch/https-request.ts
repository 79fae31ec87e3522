import { forwardedProtoIsHttps } from '../../core/forwarded-proto.js'

/**
 * Whether a Fetch request arrived over HTTPS: its URL says so, or, with `trustProxy`, the first value of
 * `X-Forwarded-Proto` does (a TLS-terminating proxy in front).
 */
export function isHttpsRequest(request: Request, trustProxy: boolean): boolean {
  if (request.url.startsWith('https:')) return true
  return trustProxy && forwardedProtoIsHttps(request.headers.get('x-forwarded-proto'))
}
