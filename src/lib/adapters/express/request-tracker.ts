import type { IncomingMessage } from 'node:http'

/**
 * What the middleware needs to hear from a session while a request runs. Sessions reach it through
 * their request, so `new Session(req, data)` built by a store still reports its saves.
 */
export interface SessionTracker {
  /** Milliseconds a store call may take (option storeTimeout). */
  readonly storeTimeout: number
  /** A session of this request is being saved explicitly. */
  sessionSaved(session: object): void
}

const TRACKER = Symbol('sessionkit.tracker')

type TrackedRequest = IncomingMessage & { [TRACKER]?: SessionTracker }

export function attachTracker(req: IncomingMessage, tracker: SessionTracker): void {
  ;(req as TrackedRequest)[TRACKER] = tracker
}

export function trackerOf(req: object | undefined): SessionTracker | undefined {
  return req ? (req as TrackedRequest)[TRACKER] : undefined
}

/** Store calls made outside a middleware-run request (a store's own `load`) use this limit. */
export const DEFAULT_STORE_TIMEOUT = 10_000
