/**
 * Whether the first value of an `X-Forwarded-Proto` header is `https`: what the nearest TLS-terminating proxy
 * saw. Every face trusts it only when the app says a proxy sets (and overwrites) that header.
 */
export function forwardedProtoIsHttps(header: string | null | undefined): boolean {
  if (!header) return false
  const comma = header.indexOf(',')
  return (comma === -1 ? header : header.slice(0, comma)).trim().toLowerCase() === 'https'
}
