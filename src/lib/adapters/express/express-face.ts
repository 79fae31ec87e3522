import { Cookie } from './cookie.js'
import { MemoryStore } from './memory-store.js'
import { Session } from './session.js'
import { createSessionMiddleware, type SessionMiddleware } from './session-middleware.js'
import type { SessionOptions } from './session-options.js'
import { Store } from './store.js'
import { NativeStoreBridge } from './native-store-bridge.js'
import { SessionStoreError, SessionStoreTimeoutError } from '../../core/errors.js'

/** The value of `require('sessionkit/express')`: the middleware factory with express-session's classes attached. */
export interface SessionFactory {
  (options?: SessionOptions): SessionMiddleware
  Store: typeof Store
  MemoryStore: typeof MemoryStore
  Cookie: typeof Cookie
  Session: typeof Session
  /** sessionkit only: serves a Promise-based sessionkit store to express-session (and to this face). */
  NativeStoreBridge: typeof NativeStoreBridge
  /** sessionkit only: what a failed or timed-out store call gives. */
  SessionStoreError: typeof SessionStoreError
  SessionStoreTimeoutError: typeof SessionStoreTimeoutError
}

/**
 * `session(options)`: the express-session middleware, changed in one import line.
 * A plain function (it also works through `session.bind(null, options)`), as express-session's export is,
 * with `Store`, `MemoryStore`, `Cookie` and `Session` attached (and sessionkit's `NativeStoreBridge` and store
 * errors, so CommonJS apps reach them through `require('sessionkit/express')` too).
 */
function session(options?: SessionOptions): SessionMiddleware {
  return createSessionMiddleware(options)
}

const sessionFactory: SessionFactory = Object.assign(session, { Store, MemoryStore, Cookie, Session, NativeStoreBridge, SessionStoreError, SessionStoreTimeoutError })

export default sessionFactory
