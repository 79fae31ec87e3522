import type { Session, SessionData } from './session.js'
import type { Store } from './store.js'

/** `req.session`: the session with the fields declared in {@link SessionData}. */
export type RequestSession = Session & Partial<SessionData>

declare global {
  // Express's own request type, as @types/express-session augments it, so `req.session` is typed in handlers.
  namespace Express {
    interface Request {
      /** The session of this request; `undefined` when the middleware skipped it (path mismatch, store disconnected). */
      session: RequestSession
      /** The id of `req.session`. */
      sessionID: string
      /** The store of the session middleware that handled this request. */
      sessionStore: Store
    }
  }
}
