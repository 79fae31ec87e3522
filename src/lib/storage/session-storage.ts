import type { Session, SessionData } from '../core/session.js'

/**
 * Reads a session from its cookie value and saves it back: the storage contract of the framework-agnostic
 * face, after Remix's `@remix-run/session`. The application moves the cookie value between the request, the
 * storage and the response; the storage never sees headers.
 *
 * @typeParam Data - the shape of the stored values.
 * @typeParam FlashData - the shape of the flash values; defaults to `Data`.
 */
export interface SessionStorage<Data extends object = SessionData, FlashData extends object = Data> {
  /** The cookie name the application reads the value from and sends it under. */
  readonly cookieName: string
  /** How long a session lives after it was last saved (or, with stores that slide it, used), in milliseconds; `undefined` means the store's own default. */
  readonly ttl: number | undefined
  /**
   * Whether using a session moves its expiry on the server (stores slide it on every read), so that re-sending
   * an unchanged cookie with a fresh `Max-Age` (the Fetch face's `rolling`) tells the browser the truth. The
   * cookie storage's expiry is sealed in the cookie and moves only when it is rewritten: `false`.
   * @default false
   */
  readonly expirySlides?: boolean
  /**
   * The session of a request, from the value of its session cookie (`null` when there is none). A missing,
   * tampered, expired or unknown cookie gives a new session; it never throws for bad input. A store failure
   * rejects with `SessionStoreError`.
   */
  read(cookie: string | null): Promise<Session<Data, FlashData>>
  /**
   * Writes the session and resolves to the cookie value to send: a string to set, `''` to clear the cookie
   * (a destroyed session), or `null` when nothing needs sending (an unchanged session, or a new one nothing was
   * stored in).
   */
  save(session: Session<Data, FlashData>): Promise<string | null>
}
