import { Cookie } from './cookie.js'
import { promiseOrCallback, type DoneCallback } from './promise-or-callback.js'
import { callStore } from './store-call.js'
import { answeringStore } from './answering-store.js'
import { isThenable, whenAnswered } from '../../core/awaitable.js'
import type { SessionRecord } from '../../core/store-contract.js'
import type { AnsweringStore } from '../../core/stored-sessions.js'
import { attachTracker, DEFAULT_STORE_TIMEOUT, trackerOf } from './session-tracker.js'
import type { SessionRequest } from './session-request.js'
import type { Store } from './store.js'
import { isStoredSession, type StoredSessionData } from './stored-session-data.js'

/**
 * The application's own session fields. Declare them by merging into this interface:
 * `declare module 'sessionkit/express' { interface SessionData { views: number } }`.
 */
export interface SessionData {}

function storeTimeoutOf(session: object): number {
  return trackerOf(session)?.storeTimeout ?? DEFAULT_STORE_TIMEOUT
}

function storeOf(req: SessionRequest): Store {
  const store = req.sessionStore
  if (!store) throw new Error('sessionkit: req.sessionStore is not set; is the session middleware mounted on this route?')
  return store
}

// The request's store as the core's contract (whole records), each call bounded by the session's limit.
function storeContractOf(session: Session): AnsweringStore {
  return answeringStore(storeOf(session.req), storeTimeoutOf(session), false)
}

/**
 * `req.session` of the express face: the session's data as own enumerable properties plus `cookie`.
 * `id`, `req` and the methods are not enumerable, so `JSON.stringify(req.session)` is exactly what is stored.
 */
export class Session {
  declare readonly id: string
  declare readonly req: SessionRequest
  declare cookie: Cookie;
  [key: string]: unknown

  constructor(req: SessionRequest, data?: object | null) {
    Object.defineProperty(this, 'req', { value: req })
    Object.defineProperty(this, 'id', { value: req.sessionID })
    if (typeof data === 'object' && data !== null) {
      const source = data as Record<string, unknown>
      // Stored keys named like a method (or `id`, `req`) are ignored rather than shadowing it.
      for (const key in source) {
        if (!(key in this)) this[key] = source[key]
      }
    }
  }

  /** Resets the cookie's countdown (`maxAge = originalMaxAge`). Synchronous, like express-session's. */
  touch(): this {
    return this.resetMaxAge()
  }

  /** Resets the cookie's countdown to its original max age. */
  resetMaxAge(): this {
    this.cookie.maxAge = this.cookie.originalMaxAge
    return this
  }

  /** Writes the session to the store now. With a callback returns the session; without one, a Promise. */
  save(callback: DoneCallback): this
  save(): Promise<void>
  save(callback?: DoneCallback): this | Promise<void> {
    const req = this.req
    const tracker = trackerOf(this)
    return promiseOrCallback(this, callback, (done) => {
      if (tracker) return tracker.saveSession(this, done)
      whenAnswered(storeContractOf(this).set(this.id, this as unknown as SessionRecord), () => done(), done)
    })
  }

  /** Reloads the session's data from the store into `req.session`. */
  reload(callback: DoneCallback): this
  reload(): Promise<void>
  reload(callback?: DoneCallback): this | Promise<void> {
    const req = this.req
    return promiseOrCallback(this, callback, (done) => {
      // A store's ENOENT means "not found" here too: the session is gone, so it failed to load.
      whenAnswered(
        storeContractOf(this).get(this.id),
        (sess) => {
          if (!isStoredSession(sess)) return done(new Error('failed to load session'))
          try {
            attachTracker(createSession(req, sess), trackerOf(this))
          } catch (createError) {
            return done(createError)
          }
          done()
        },
        done,
      )
    })
  }

  /** Removes `req.session` and deletes the session from the store. */
  destroy(callback: DoneCallback): this
  destroy(): Promise<void>
  destroy(callback?: DoneCallback): this | Promise<void> {
    const req = this.req
    const tracker = trackerOf(this)
    delete req.session
    return promiseOrCallback(this, callback, (done) => {
      const destroyed = storeContractOf(this).destroy(this.id)
      // Only a session really gone from the store may have its cookie and site data cleared in the browser; the
      // response waits for the store's answer even when the app did not (`destroy(); res.redirect('/')`).
      tracker?.destroying(isThenable(destroyed) ? destroyed.then(() => true, () => false) : true)
      whenAnswered(destroyed, () => done(), done)
    })
  }

  /**
   * Replaces the session with a new one under a new id (and deletes the old one from the store): call it at
   * login, so an id planted before (session fixation) is worthless after. The new session is empty, as in
   * express-session, unless `{ keepData: true }` carries the data over (a cart, flash messages).
   * With a callback returns the session; without one, a Promise.
   */
  regenerate(callback: DoneCallback): this
  regenerate(options: RegenerateOptions, callback: DoneCallback): this
  regenerate(options?: RegenerateOptions): Promise<void>
  regenerate(optionsOrCallback?: RegenerateOptions | DoneCallback, maybeCallback?: DoneCallback): this | Promise<void> {
    const req = this.req
    const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback
    const options = typeof optionsOrCallback === 'object' && optionsOrCallback !== null ? optionsOrCallback : undefined
    const kept = options?.keepData === true ? dataOf(this) : undefined
    return promiseOrCallback(this, callback, (done) => {
      const store = storeOf(req)
      callStore(
        'regenerate',
        storeTimeoutOf(this),
        (cb) => store.regenerate(req, cb),
        (err) => {
          attachTracker(req.session, trackerOf(this))
          if (kept && req.session) Object.assign(req.session, kept)
          done(err)
        },
      )
    })
  }
}

/** Options of `req.session.regenerate(options)`. */
export interface RegenerateOptions {
  /** Carry the session's data (everything but the cookie) over to the new session. @default false */
  keepData?: boolean
}

// The session's data as it would be stored, without the cookie: what `keepData` carries over.
function dataOf(session: Session): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  for (const key of Object.keys(session)) if (key !== 'cookie') data[key] = session[key]
  return data
}

/**
 * Turns stored data into `req.session`: a {@link Session} with a {@link Cookie}. The middleware calls this,
 * not `store.createSession`, because stores built on express-session's own `Store` (connect-redis,
 * connect-pg-simple, …) inherit its createSession, whose sessions would save, reload and regenerate behind
 * the middleware's back.
 */
export function createSession(req: SessionRequest, data: StoredSessionData): Session {
  const stored = data.cookie as Record<string, unknown>
  const expires = stored.expires
  const originalMaxAge = stored.originalMaxAge as number | null | undefined
  const cookie = new Cookie(stored)
  if (typeof expires === 'string') cookie.expires = new Date(expires)
  // Setting expires recomputed originalMaxAge from the time left; keep the configured one.
  cookie.originalMaxAge = originalMaxAge
  data.cookie = cookie as unknown as Record<string, unknown>
  const session = new Session(req, data)
  req.session = session
  return session
}
