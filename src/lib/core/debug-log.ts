import { createHash } from 'node:crypto'
import createDebug from 'debug'

/** Debug output under the `sessionkit` namespace (`DEBUG=sessionkit`). */
export const debugLog = createDebug('sessionkit')

/**
 * A short, stable stand-in for a session id in logs: 8 hex characters of its SHA-256.
 * Logs are shared widely; a raw id in them would let anyone who reads them take over the session.
 */
export function redactSessionId(id: unknown): string {
  if (typeof id !== 'string') return String(id)
  return `#${createHash('sha256').update(id).digest('hex').slice(0, 8)}`
}
