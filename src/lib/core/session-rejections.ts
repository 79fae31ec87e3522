import { debugLog, redactSessionId } from './debug-log.js'
import type { SessionRejectionReason } from './session-policy.js'
import { invalidOptionError } from './errors.js'
import { warnOnce } from './process-warnings.js'

/** A session cookie that was not accepted, as `onSessionRejected` receives it. Never holds the raw session id. */
export interface SessionRejection<Request> {
  /**
   * - `bad-signature`: the cookie does not verify with any secret (tampered, forged, or signed by a retired secret);
   * - `unknown-id`: it verifies, but no such session is stored (expired, destroyed, revoked, or guessed);
   * - `idle-timeout` / `absolute-timeout`: the session outlived `idleTimeout` / `absoluteTimeout`;
   * - `user-agent-mismatch`: `bindUserAgent` is on and another user agent created the session.
   */
  reason: SessionRejectionReason
  /** The request that presented the cookie (to log its IP, rate-limit, …). */
  request: Request
  /** The session cookie's name. */
  cookieName: string
  /** A short hash of the session id (as in sessionkit's debug output) when the cookie named one; never the id. */
  sessionIdHash: string | undefined
}

/** Called for every rejected session cookie; must not throw (an error is reported as a warning and ignored). */
export type SessionRejectionListener<Request> = (rejection: SessionRejection<Request>) => void

/** Reports one rejected cookie to the listener and counts it in the debug output. */
export type RejectionReporter<Request> = (reason: SessionRejectionReason, request: Request, sessionId?: string) => void

/** The reporter of one face instance (its own count), calling `listener` when given. */
export function createRejectionReporter<Request>(listener: SessionRejectionListener<Request> | undefined, cookieName: string): RejectionReporter<Request> {
  let count = 0
  return (reason, request, sessionId) => {
    count++
    const sessionIdHash = sessionId === undefined ? undefined : redactSessionId(sessionId)
    if (debugLog.enabled) debugLog('session cookie %s rejected (%s%s); %d rejected so far', cookieName, reason, sessionIdHash ? ` ${sessionIdHash}` : '', count)
    if (listener === undefined) return
    try {
      const result: unknown = listener({ reason, request, cookieName, sessionIdHash })
      // An async listener's rejection must not become an unhandled rejection that ends the process.
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') (result as PromiseLike<unknown>).then(undefined, listenerFailed)
    } catch (error) {
      listenerFailed(error)
    }
  }
}

function listenerFailed(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error)
  warnOnce('SESSIONKIT_REJECTION_LISTENER_THREW', `sessionkit: onSessionRejected failed (${message}); the error was ignored. Catch errors inside the listener.`)
}

/** The `onSessionRejected` option, checked. */
export function checkedRejectionListener<Request>(listener: unknown): SessionRejectionListener<Request> | undefined {
  if (listener === undefined || typeof listener === 'function') return listener as SessionRejectionListener<Request> | undefined
  throw invalidOptionError('onSessionRejected', listener, 'Pass a function ({ reason, request, cookieName, sessionIdHash }) => void, or leave it out.')
}
