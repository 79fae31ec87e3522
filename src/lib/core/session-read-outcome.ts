import type { SessionRejectionReason } from './session-policy.js'

/**
 * Why a storage's `read` returned a new session although a cookie was presented, for the faces to report
 * (tamper and guessing detection). Kept beside the session, not in it: it concerns one read, not the session.
 */
export interface RejectedCookie {
  reason: Extract<SessionRejectionReason, 'bad-signature' | 'unknown-id'>
  /** The id the cookie named, when it verified (never logged raw). */
  sessionId?: string
}

const rejectedCookies = new WeakMap<object, RejectedCookie>()

/** Records that `session` was started because the presented cookie was rejected. For storages. */
export function noteRejectedCookie(session: object, rejected: RejectedCookie): void {
  rejectedCookies.set(session, rejected)
}

/** Why the cookie presented to the read that returned `session` was rejected, if it was. For faces. */
export function rejectedCookieOf(session: object): RejectedCookie | undefined {
  return rejectedCookies.get(session)
}
