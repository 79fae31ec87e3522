// Declarations of the CommonJS face: `require('sessionkit/express')` is the factory function itself
// (`export =`), with express-session's classes on it and every type reachable as `session.X`, the shape
// @types/express-session gives express-session. The types come from the ESM declarations beside this file.
import type * as esm from './express.js'

declare function session(options?: esm.SessionOptions): esm.SessionMiddleware

declare namespace session {
  const Store: typeof esm.Store
  const MemoryStore: typeof esm.MemoryStore
  const Cookie: typeof esm.Cookie
  const Session: typeof esm.Session
  const NativeStoreBridge: typeof esm.NativeStoreBridge
  const SessionStoreError: typeof esm.SessionStoreError
  const SessionStoreTimeoutError: typeof esm.SessionStoreTimeoutError
  type NativeStoreBridge = esm.NativeStoreBridge
  type SessionStoreError = esm.SessionStoreError
  type SessionStoreTimeoutError = esm.SessionStoreTimeoutError
  type SessionRejectionListener = esm.SessionRejectionListener<esm.SessionRequest>
  type SessionPolicyOptions = esm.SessionPolicyOptions
  type ClearSiteDataDirective = esm.ClearSiteDataDirective
  type PartialUpdateStore = esm.PartialUpdateStore
  type Store = esm.Store
  type MemoryStore = esm.MemoryStore
  type Cookie = esm.Cookie
  type Session = esm.Session
  type SessionOptions = esm.SessionOptions
  type RegenerateOptions = esm.RegenerateOptions
  type SessionRejection = esm.SessionRejection<esm.SessionRequest>
  type SessionRejectionReason = esm.SessionRejectionReason
  type CookieOptions = esm.CookieOptions
  type CookieData = esm.CookieData
  /** Declare your session fields by merging into this interface: `declare module 'sessionkit/express' { interface SessionData { … } }`. */
  interface SessionData {}
  type RequestSession = esm.RequestSession
  type SessionMiddleware = esm.SessionMiddleware
  type SessionRequest = esm.SessionRequest
  type StoredSessionData = esm.StoredSessionData
  type MemoryStoreOptions = esm.ExpressMemoryStoreOptions
}

// CommonJS users declare their fields on this namespace's SessionData (their `declare module
// 'sessionkit/express'` resolves here); this makes the ESM SessionData, which types req.session, include them.
declare module './express.js' {
  interface SessionData extends session.SessionData {}
}

export = session
