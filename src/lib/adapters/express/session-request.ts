import type { IncomingMessage } from 'node:http'
import type { Session } from './session.js'
import type { Store } from './store.js'

/** The request as the express face sees it: Node's request plus what express, cookie-parser and the middleware add. */
export interface SessionRequest extends IncomingMessage {
  session?: Session | null
  sessionID?: string
  sessionStore?: Store
  originalUrl?: string
  secure?: boolean
  secret?: string
  signedCookies?: Record<string, unknown>
  cookies?: Record<string, unknown>
}
