// Types of app.js for the TypeScript tests (`npm run typecheck` covers test/, and app.js is plain JavaScript).
import type { Express } from 'express'
import type { SessionStore } from 'sessionkit'
import type { Store } from 'sessionkit/express'

export declare const COOKIE_NAME: 'demo.sid'

export interface DemoAppOptions {
  /** Signs the session cookie; default `SESSION_SECRET`, else a fixed dev secret (with a notice). */
  secret?: string
  /** Default: sessionkit's memory store; `server.js` passes the one STORE names (SQLite unless told otherwise). */
  store?: Store | SessionStore
  /** Express's `trust proxy` setting, for `secure: 'auto'` behind a TLS-terminating proxy. */
  trustProxy?: boolean | number | string
}

/** Builds the demo app without listening; `server.js` listens, tests use it with supertest. */
export declare function createDemoApp(options?: DemoAppOptions): Express
