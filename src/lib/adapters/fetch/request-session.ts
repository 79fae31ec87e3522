import { debugLog } from '../../core/debug-log.js'
import { warnSecureCookieWithheldOnFetch } from '../../core/process-warnings.js'
import type { Session } from '../../core/session.js'
import type { NormalizedFetchSessionsOptions } from './fetch-session-options.js'
import { isHttpsRequest } from './https-request.js'
import { requestCookieValues } from './request-cookie-values.js'
import { sessionSetCookie } from './session-set-cookie.js'

/**
 * The session of the current request, read from storage on the first call (later calls return the same
 * session). A request that never calls it costs no store round trip and gets no cookie.
 */
export type SessionAccessor<Data extends object, FlashData extends object = Data> = () => Promise<Session<Data, FlashData>>

/** One request's session: the lazy accessor for the handler, and the step that saves it afterwards. */
export interface RequestSession<Data extends object, FlashData extends object> {
  readonly session: SessionAccessor<Data, FlashData>
  /**
   * Saves the session if the handler read it, and resolves to the Set-Cookie header to add to the response
   * (`undefined`: none). Rejects with the storage's error (a `SessionStoreError`) when saving fails.
   */
  finish(): Promise<string | undefined>
}

interface ReadResult<Data extends object, FlashData extends object> {
  session: Session<Data, FlashData>
  /** The cookie value the session was found under, for re-sending it unchanged (rolling). */
  cookieValue: string | undefined
}

/** Tracks the session of `request` for one handler call. */
export function createRequestSession<Data extends object, FlashData extends object>(
  request: Request,
  options: NormalizedFetchSessionsOptions<Data, FlashData>,
): RequestSession<Data, FlashData> {
  const { storage, cookie } = options
  let reading: Promise<ReadResult<Data, FlashData>> | undefined

  async function read(): Promise<ReadResult<Data, FlashData>> {
    // Same-named cookies come from a stale cookie on another path or domain, which browsers may send first:
    // the first value that finds a stored session wins, so a leftover cookie cannot lock the user out.
    const values = requestCookieValues(request.headers.get('cookie'), cookie.name)
    for (const value of values) {
      const session = await storage.read(value)
      if (session.state !== 'new') return { session, cookieValue: value }
    }
    return { session: await storage.read(null), cookieValue: undefined }
  }

  return {
    session() {
      reading ??= read()
      return reading.then(({ session }) => session)
    },

    async finish() {
      if (reading === undefined) return undefined
      let result: ReadResult<Data, FlashData>
      try {
        result = await reading
      } catch {
        // The handler was given the read error and answered anyway: there is no session to save.
        return undefined
      }
      const { session, cookieValue } = result
      let value = await storage.save(session)
      if (value === null) {
        if (!options.rolling || cookie.maxAge === null || cookieValue === undefined || session.state !== 'clean') return undefined
        value = cookieValue
      }
      const https = isHttpsRequest(request, options.trustProxy)
      const secure = cookie.secure === 'auto' ? https || cookie.secureRequiredBy !== undefined : cookie.secure
      if (secure && !https) {
        debugLog('session cookie %s withheld: it must be Secure and the request is plain HTTP', cookie.name)
        warnSecureCookieWithheldOnFetch(cookie.name, cookie.secure === true ? 'it is marked secure (cookie.secure: true)' : `it must be Secure because ${cookie.secureRequiredBy}`)
        return undefined
      }
      return sessionSetCookie(value, cookie, secure, Date.now())
    },
  }
}
