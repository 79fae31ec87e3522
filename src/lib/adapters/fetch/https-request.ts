/**
 * Whether a Fetch request arrived over HTTPS: its URL says so, or, with `trustProxy`, the first value of
 * `X-Forwarded-Proto` does (a TLS-terminating proxy in front).
 */
export function isHttpsRequest(request: Request, trustProxy: boolean): boolean {
  if (request.url.startsWith('https:')) return true
  if (!trustProxy) return false
  const header = request.headers.get('x-forwarded-proto')
  if (header === null) return false
  const comma = header.indexOf(',')
  return (comma === -1 ? header : header.slice(0, comma)).trim().toLowerCase() === 'https'
}
