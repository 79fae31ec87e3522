// Types of the demo's JavaScript modules that the TypeScript tests import (`npm run typecheck` covers test/,
// and the demo is plain JavaScript run by Node).
import type { Express } from 'express'
import type { SessionStore } from 'sessionkit'
import type { UserDirectory } from './users/user-directory.js'

export declare const COOKIE_NAME: 'demo.sid'

/** A store that keeps a per-user index (created with `userKey: sessionUserId`). */
export type PerUserSessionStore = SessionStore & Required<Pick<SessionStore, 'listSessionsOfUser' | 'destroySessionsOfUser'>>

export interface DemoAppOptions {
  /** Signs the session cookie; default `SESSION_SECRET`, else a fixed dev secret (with a notice). */
  secret?: string
  /** Keeps the sessions, indexed by user with `userKey: sessionUserId`. Default: sessionkit's memory store. */
  store?: PerUserSessionStore
  /** Keeps the accounts. Default: in this process's memory. */
  users?: UserDirectory
  /** Express's `trust proxy` setting, for `secure: 'auto'` behind a TLS-terminating proxy. */
  trustProxy?: boolean | number | string
}

/** Builds the demo app without listening; `server.js` listens, tests use it with supertest. */
export declare function createDemoApp(options?: DemoAppOptions): Express
