import { EventEmitter } from 'node:events'
import { inherits } from 'node:util'
import { createSession, type Session } from './session.js'
import type { SessionRequest } from './session-request.js'
import { isStoredSession, type StoredSessionData } from './stored-session-data.js'

export type { StoredSessionData } from './stored-session-data.js'

export type StoreErrorCallback = (err?: unknown) => void
export type StoreGetCallback = (err: unknown, session?: StoredSessionData | null) => void

/**
 * The connect-style store of the express face: an EventEmitter with callback methods, exactly
 * express-session's `Store`. Subclass it as existing stores do, with `class X extends Store` or with
 * `Store.call(this)` plus `util.inherits(X, Store)`.
 *
 * - required: `get`, `set`, `destroy`
 * - recommended: `touch`
 * - optional: `all`, `length`, `clear`
 *
 * Emit `disconnect` to switch sessions off while the store is unreachable and `connect` to switch them back on.
 */
export interface Store extends EventEmitter {
  get(sid: string, callback: StoreGetCallback): void
  set(sid: string, session: Session | StoredSessionData, callback?: StoreErrorCallback): void
  destroy(sid: string, callback?: StoreErrorCallback): void
  touch?(sid: string, session: Session | StoredSessionData, callback?: StoreErrorCallback): void
  all?(callback: (err: unknown, sessions?: Record<string, StoredSessionData> | StoredSessionData[] | null) => void): void
  length?(callback: (err: unknown, length?: number) => void): void
  clear?(callback?: StoreErrorCallback): void
  /** Set by the session middleware: gives `req` a new session and id. */
  generate?(req: SessionRequest): void
  /** Destroys the request's session and generates a new one (`req.session.regenerate` calls it). */
  regenerate(req: SessionRequest, callback: StoreErrorCallback): void
  /** Loads a session by id as a `Session` (without a request). */
  load(sid: string, callback: (err?: unknown, session?: Session) => void): void
  /** Turns stored data into `req.session`, with a `Cookie` instance. */
  createSession(req: SessionRequest, data: StoredSessionData): Session
}

export interface StoreConstructor {
  new (): Store
  (this: Store): void
  readonly prototype: Store
}

// A plain function, not a class: connect-style stores call `Store.call(this)`, which a class forbids.
function StoreFunction(this: Store): void {
  EventEmitter.call(this)
}
inherits(StoreFunction, EventEmitter)

const storePrototype = StoreFunction.prototype as Store

storePrototype.regenerate = function regenerate(this: Store, req: SessionRequest, callback: StoreErrorCallback): void {
  this.destroy(req.sessionID as string, (err) => {
    this.generate?.(req)
    callback(err)
  })
}

storePrototype.load = function load(this: Store, sid: string, callback: (err?: unknown, session?: Session) => void): void {
  this.get(sid, (err, data) => {
    if (err) return callback(err)
    if (!isStoredSession(data)) return callback()
    const req = { sessionID: sid, sessionStore: this } as SessionRequest
    callback(undefined, this.createSession(req, data))
  })
}

storePrototype.createSession = function (this: Store, req: SessionRequest, data: StoredSessionData): Session {
  return createSession(req, data)
}

/** express-session's `Store`: the base class of connect-style session stores. */
export const Store = StoreFunction as unknown as StoreConstructor
