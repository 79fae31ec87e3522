import { Cookie } from './cookie.js'
import { MemoryStore } from './memory-store.js'
import { Session } from './session.js'
import { createSessionMiddleware, type SessionMiddleware } from './session-middleware.js'
import type { SessionOptions } from './session-options.js'
import { Store } from './store.js'

/** The value of `require('sessionkit/express')`: the middleware factory with express-session's classes attached. */
export interface SessionFactory {
  (options?: SessionOptions): SessionMiddleware
  Store: typeof Store
  MemoryStore: typeof MemoryStore
  Cookie: typeof Cookie
  Session: typeof Session
}

/**
 * `session(options)`: the express-session middleware, changed in one import line.
 * A plain function (it also works through `session.bind(null, options)`), as express-session's export is,
 * with `Store`, `MemoryStore`, `Cookie` and `Session` attached.
 */
function session(options?: SessionOptions): SessionMiddleware {
  return createSessionMiddleware(options)
}

const sessionFactory: SessionFactory = Object.assign(session, { Store, MemoryStore, Cookie, Session })

export default sessionFactory
