// Types of app.js for the TypeScript tests (`npm run typecheck` covers test/, and app.js is plain JavaScript).
import type { Hono } from 'hono'
import type { SessionStorage } from 'sessionkit'

export interface ExampleAppOptions {
  /** Where sessions live: any sessionkit storage. */
  storage: SessionStorage
  /** The cookie's `secure` setting. @default 'auto' */
  secure?: boolean | 'auto'
  /** Trust X-Forwarded-Proto (behind a TLS-terminating proxy). @default false */
  trustProxy?: boolean
}

/** Builds the example app without listening; `server.js` serves it with @hono/node-server. */
export declare function createExampleApp(options: ExampleAppOptions): Hono
