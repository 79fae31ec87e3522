import { debugLog } from '../../core/debug-log.js'
import { warnSecureCookieWithheldOnFetch } from '../../core/process-warnings.js'
import { recordSessionMetadata, rotateSessionId, sessionChangesOf, sessionMetadataOf, type Session } from '../../core/session.js'
import { secureAttributeOf } from '../../core/cookie-rules.js'
import { sessionEndHeadersOf, type SessionEndHeaderRules } from '../../core/session-end-headers.js'
import { userAgentHashOf } from '../../core/session-metadata.js'
import { metadataOfNewSession, policyVerdictOf } from '../../core/session-policy.js'
import { rejectedCookieOf, type RejectedCookie } from '../../core/session-read-outcome.js'
import type { RejectionReporter } from '../../core/session-rejections.js'
import type { NormalizedFetchSessionsOptions } from './fetch-session-options.js'
import { isHttpsRequest } from './https-request.js'
import { requestCookieValues } from './request-cookie-values.js'
import { sessionSetCookie } from './session-set-cookie.js'

/**
 * The session of the current request, read from storage on the first call (later calls return the same
 * session). A request that never calls it costs no store round trip and gets no cookie.
 */
export type SessionAccessor<Data extends object, FlashData extends object = Data> = () => Promise<Session<Data, FlashData>>

/** Headers to add to the response: `Set-Cookie` is appended, the others replace the response's own. */
export type SessionResponseHeaders = Array<[name: string, value: string]>

/** One request's session: the lazy accessor for the handler, and the step that saves it afterwards. */
export interface RequestSession<Data extends object, FlashData extends object> {
  readonly session: SessionAccessor<Data, FlashData>
  /**
   * Saves the session if the handler read it, and resolves to the headers to add to the response (the
   * session cookie, `Cache-Control`, `Clear-Site-Data`; none when the session was not read). Rejects with the
   * storage's error (a `SessionStoreError`) when saving fails.
   */
  finish(): Promise<SessionResponseHeaders>
}

interface ReadResult<Data extends object, FlashData extends object> {
  session: Session<Data, FlashData>
  /** The cookie value the session was found under, for re-sending it unchanged (rolling). */
  cookieValue: string | undefined
  /** A presented cookie was refused (bad signature, unknown id, a policy): the browser is told to drop it. */
  refused: boolean
}

/** Tracks the session of `request` for one handler call. */
export function createRequestSession<Data extends object, FlashData extends object>(
  request: Request,
  options: NormalizedFetchSessionsOptions<Data, FlashData>,
  reportRejection: RejectionReporter<Request>,
): RequestSession<Data, FlashData> {
  const { storage, cookie, policy } = options
  const userAgentHash = policy.bindUserAgent ? userAgentHashOf(request.headers.get('user-agent')) : undefined
  let reading: Promise<ReadResult<Data, FlashData>> | undefined
  // Storages expire the cookie of a destroyed session ('' from save): the Fetch face always clears it.
  const rules: SessionEndHeaderRules = { clearCookieOnDestroy: true, clearSiteData: options.clearSiteData, noStore: options.noStore }

  // A stored session the policy refuses (timed out, another user agent) is deleted and reported.
  async function acceptedByPolicy(session: Session<Data, FlashData>): Promise<boolean> {
    if (!policy.recordsMetadata) return true
    const now = Date.now()
    const metadata = sessionMetadataOf(session)
    const verdict = policyVerdictOf(policy, metadata, now, userAgentHash)
    if (verdict.rejection !== undefined) {
      reportRejection(verdict.rejection, request, session.id)
      session.destroy()
      await storage.save(session)
      return false
    }
    if (verdict.metadata !== undefined) recordSessionMetadata(session, verdict.metadata)
    if (verdict.rotate) {
      rotateSessionId(session)
      recordSessionMetadata(session, { ...(verdict.metadata ?? metadata), idIssuedAt: now })
    }
    return true
  }

  async function read(): Promise<ReadResult<Data, FlashData>> {
    // Same-named cookies come from a stale cookie on another path or domain, which browsers may send first:
    // the first value that finds a stored session wins, so a leftover cookie cannot lock the user out.
    const values = requestCookieValues(request.headers.get('cookie'), cookie.name)
    const rejected: RejectedCookie[] = []
    let refused = false
    for (const value of values) {
      const session = await storage.read(value)
      if (session.state !== 'new') {
        if (await acceptedByPolicy(session)) return { session, cookieValue: value, refused: false }
        refused = true
        continue
      }
      const rejection = rejectedCookieOf(session)
      if (rejection) rejected.push(rejection)
    }
    // Only when no cookie led to a session: a stale leftover beside a good cookie is no attack.
    for (const { reason, sessionId } of rejected) reportRejection(reason, request, sessionId)
    return { session: await storage.read(null), cookieValue: undefined, refused: refused || rejected.length > 0 }
  }

  // What the storage says to send ('' expires the cookie, null: nothing), or the unchanged cookie again (rolling).
  async function savedCookieValue(session: Session<Data, FlashData>, cookieValue: string | undefined): Promise<string | null> {
    if (policy.recordsMetadata) {
      const changes = sessionChangesOf(session)
      // A new session, or one given a new id at login (not by rotation): its age counts from now.
      if (!changes.destroyed && changes.storedId !== changes.id && changes.forwardId === undefined) recordSessionMetadata(session, metadataOfNewSession(policy, Date.now(), userAgentHash) ?? {})
    }
    const value = await storage.save(session)
    if (value !== null) return value
    if (!options.rolling || storage.expirySlides !== true || cookie.maxAge === null || cookieValue === undefined || session.state !== 'clean') return null
    return cookieValue
  }

  return {
    session() {
      reading ??= read()
      return reading.then(({ session }) => session)
    },

    async finish() {
      if (reading === undefined) return []
      let result: ReadResult<Data, FlashData>
      try {
        result = await reading
      } catch {
        // The handler was given the read error and answered anyway: there is no session to save.
        return []
      }
      const { session, cookieValue, refused } = result
      const destroyed = session.destroyed
      const value = await savedCookieValue(session, cookieValue)
      const https = isHttpsRequest(request, options.trustProxy)
      const secure = secureAttributeOf(cookie.secure, cookie.secureRequiredBy, () => https)
      const deliverable = !secure || https
      const outcome = {
        cookieSent: deliverable && value !== null && value !== '',
        destroyed,
        // '' for a session not destroyed here: it was gone from the store when saved (revoked meanwhile).
        refused: refused || (value === '' && !destroyed),
        sessionRead: cookieValue !== undefined,
      }
      const end = sessionEndHeadersOf(outcome, rules)
      const wanted = value !== null && value !== '' ? value : end.clearCookie ? '' : undefined
      const headers: SessionResponseHeaders = []
      if (wanted !== undefined && !deliverable) {
        debugLog('session cookie %s withheld: it must be Secure and the request is plain HTTP', cookie.name)
        warnSecureCookieWithheldOnFetch(cookie.name, cookie.secure === true ? 'it is marked secure (cookie.secure: true)' : `it must be Secure because ${cookie.secureRequiredBy}`)
      } else if (wanted !== undefined) headers.push(['Set-Cookie', sessionSetCookie(wanted, cookie, secure, Date.now())])
      if (end.noStore) headers.push(['Cache-Control', 'no-store'])
      if (end.clearSiteData !== undefined) headers.push(['Clear-Site-Data', end.clearSiteData])
      return headers
    },
  }
}
