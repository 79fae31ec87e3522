import type { Awaitable } from '../../core/awaitable.js'

/**
 * What the middleware needs to hear from a session while a request runs: its store time limit, and its
 * saves, which it performs (so the end of the request does not save the same state again, and a store that
 * writes partially gets only what changed). The tracker travels with the session object, and moves to the
 * new one on `regenerate` and `reload`.
 */
export interface SessionTracker {
  /** Milliseconds a store call may take (option storeTimeout). */
  readonly storeTimeout: number
  /** Writes a session of this request to the store. */
  saveSession(session: object & { readonly id: string }, done: (err?: unknown) => void): void
  /**
   * Hears that the app is destroying a session of this request in the store; `gone` is (or resolves to) whether
   * the store deleted it (then the cookie may be expired and Clear-Site-Data sent). The response waits for it.
   */
  destroying(gone: Awaitable<boolean>): void
}

// A symbol, so neither JSON.stringify, for…in nor Object.keys sees it; a property of the small session object
// rather than of Node's large request object, where adding one is slow.
const TRACKER = Symbol('sessionkit.tracker')

type TrackedSession = { [TRACKER]?: SessionTracker }

export function attachTracker(session: object | null | undefined, tracker: SessionTracker | undefined): void {
  if (session && tracker) (session as TrackedSession)[TRACKER] = tracker
}

export function trackerOf(session: object): SessionTracker | undefined {
  return (session as TrackedSession)[TRACKER]
}

/** Store calls of sessions that no middleware tracks (a store's own `load`) use this limit. */
export { DEFAULT_STORE_TIMEOUT } from '../../core/common-options.js'
