import type { ServerResponse } from 'node:http'
import type { Secret } from '../../core/cookie-signature.js'
import { debugLog, redactSessionId } from '../../core/debug-log.js'
import { warnSecureCookieWithheld } from '../../core/process-warnings.js'
import { checkStoredCookie, Cookie, serializeCookie, type CookieOptions } from './cookie.js'
import { attachTracker, type SessionTracker } from './session-tracker.js'
import { originalPathname } from './request-pathname.js'
import { settleRequestShape } from './dictionary-properties.js'
import { interceptResponse, type ResponseInterception } from './response-interception.js'
import { isSecureRequest } from './secure-request.js'
import { createSession, Session } from './session.js'
import { normalizeSessionOptions, type NormalizedSessionOptions, type SessionOptions } from './session-options.js'
import type { SessionRequest } from './session-request.js'
import { snapshotSessionData } from './session-snapshot.js'
import { RecentVerifications } from '../../core/recent-verifications.js'
import { presentsSessionCookie, readSessionCookie, signSessionId, type SessionCookie } from './signed-session-cookie.js'
import { secureAttributeOf, secureRequirementOf } from '../../core/cookie-rules.js'
import { sessionEndHeadersOf } from '../../core/session-end-headers.js'
import { metadataOfStoredCookie, storedMetadataOf, userAgentHashOf } from '../../core/session-metadata.js'
import { metadataOfNewSession, policyVerdictOf, type PolicyAcceptance } from '../../core/session-policy.js'
import { findStoredSession, writeStoredSession, type AnsweringStore, type StoredSessionLookup, type StoredSessionWrite } from '../../core/stored-sessions.js'
import { answeringStore } from './answering-store.js'
import { isThenable, whenAnswered, type Awaitable } from '../../core/awaitable.js'
import { createRejectionReporter } from '../../core/session-rejections.js'
import { dataJsonOf, isStoredSession, type StoredSessionData } from './stored-session-data.js'
import type { FlashEntry, SessionRecord } from '../../core/store-contract.js'
import { flashMessagesOf } from '../../core/store-records.js'
import { canUpdatePartially } from './partial-update-store.js'
import { sessionChangeOf, type LoadedState } from './session-change.js'

export type NextFunction = (err?: unknown) => void
// The store as the core's contract, partial (`load`/`update`) or not.
type StoreOf = (partial: boolean) => AnsweringStore
export type SessionMiddleware = (req: SessionRequest, res: ServerResponse, next: NextFunction) => void

function resolveCookieOptions(options: NormalizedSessionOptions, req: SessionRequest): CookieOptions {
  return typeof options.cookie === 'function' ? options.cookie(req) : options.cookie
}

/**
 * `secure` and `sameSite` for this request: `'auto'` means Secure on HTTPS (and SameSite=None there). A cookie
 * whose name needs Secure (`__Host-`, `__Secure-`) stays Secure over plain HTTP, so it is withheld with the
 * warning, not sent without Secure for the browser to drop in silence.
 */
function cookieSecurityFor(cookie: CookieOptions, name: string, secureRequest: () => boolean): Pick<CookieOptions, 'secure' | 'sameSite'> {
  const autoSecure = cookie.secure === 'auto' || cookie.sameSite === 'auto' ? secureRequest() : false
  const secure = secureAttributeOf(cookie.secure, secureRequirementOf(name, undefined, undefined), () => autoSecure)
  const sameSite = cookie.sameSite === 'auto' ? (autoSecure ? 'none' : 'lax') : cookie.sameSite
  return { secure, sameSite }
}

function hasCookie(session: object): boolean {
  const cookie = (session as Partial<Session>).cookie
  return typeof cookie === 'object' && cookie !== null
}

// What matters is the shape: an app may have put an object of its own (or another library's session) there.
function isUsableSession(session: object): boolean {
  return typeof (session as Partial<Session>).touch === 'function' && hasCookie(session)
}

// req.session.flash is where connect-flash keeps messages; a store that keeps them apart returns them apart.
// The spread keeps the record's own symbol-keyed properties: the data JSON a store attached (withDataJson)
// describes the record with its messages merged like this.
function withFlashMessages(record: SessionRecord, flash: readonly FlashEntry[]): StoredSessionData {
  const messages = flashMessagesOf(flash)
  return (messages ? { ...record, flash: messages } : record) as StoredSessionData
}

// A shallow copy of req.session.flash: the message lists themselves, compared by identity when saving.
function flashListsOf(session: object): Readonly<Record<string, unknown>> | undefined {
  const flash = (session as { flash?: unknown }).flash
  return typeof flash === 'object' && flash !== null ? { ...flash } : undefined
}

function appendSetCookie(res: ServerResponse, value: string): void {
  const previous = res.getHeader('Set-Cookie') ?? []
  res.setHeader('Set-Cookie', Array.isArray(previous) ? previous.concat(value) : [String(previous), value])
}

// The response the app ended is dropped when the session could not be stored: its headers must not
// describe the error page (a stale Content-Type or Location) or commit to what failed (its cookies).
const ABANDONED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-language',
  'content-disposition',
  'content-range',
  'etag',
  'last-modified',
  'location',
  'refresh',
  'set-cookie',
]

function dropAbandonedResponseHeaders(res: ServerResponse): void {
  for (const name of ABANDONED_RESPONSE_HEADERS) res.removeHeader(name)
}

/**
 * What one request does with its session: load it, decide after the app is done whether to save, touch or
 * destroy it, and whether to send the cookie. The rules are express-session's, to the letter.
 */
class RequestSession implements SessionTracker, ResponseInterception {
  private originalId: string | undefined
  private originalSnapshot: string | undefined
  private savedSnapshot: string | undefined
  // The id the saved state was saved under. express-session compares with the original id, so a session
  // regenerated and saved by the app was written a second time at the end; this makes that one write.
  private savedId: string | undefined
  // Taken when the app ends the response: the state that is saved is the state the cookie decision sees.
  private endSnapshot: string | undefined
  private touched = false
  private storeFailed = false
  // Set when the session came from a store that writes partially: saving it writes only what changed.
  private loadedSession: object | undefined
  private loadedState: LoadedState | undefined
  // The session read from the store for this request, if any (its response carries a session, for noStore).
  private inflatedSession: object | undefined
  private destroyed = false
  // The app's destroy() calls still on their way to the store: the response waits for them.
  private pendingDestroy: Promise<void> | undefined
  // rotateIdEvery: the session read from the store is due for a new id, given at the end of the request.
  private rotationDue = false
  // The rotated-away id, turned into a pointer to the new one once the session is saved under it.
  private rotatedFrom: string | undefined
  // The id the presented cookie's old id pointed to (a rotation): its cookie must reach the browser.
  private forwardedTo: string | undefined
  // The presented session was refused by a policy (timed out, another user agent): unless a new session's cookie
  // replaces it, the browser is told to drop it, so the refusal is reported once rather than on every request.
  private policyRejected = false
  // Saving found the session gone from the store (logged out everywhere, revoked): it is not recreated, and
  // the browser is told to drop its cookie rather than be sent it again.
  private goneId: string | undefined
  // The policies recorded metadata in the cookie ("last seen"), which change detection does not compare: the
  // session must be saved for it even when the request changed nothing else.
  private metadataPending = false

  constructor(
    private readonly options: NormalizedSessionOptions,
    private readonly req: SessionRequest,
    private readonly res: ServerResponse,
    private readonly next: NextFunction,
    private readonly secrets: readonly Secret[],
    private readonly cookieId: string | undefined,
    private readonly reusableCookieValue: string | undefined,
    private readonly storeFor: StoreOf,
  ) {}

  get storeTimeout(): number {
    return this.options.storeTimeout
  }

  saveSession(session: object & { readonly id: string }, done: (err?: unknown) => void): void {
    // Found gone by an earlier save of this request (revoked meanwhile): never written again, so never recreated.
    if (session.id === this.goneId) {
      if (debugLog.enabled) debugLog('session %s no longer exists; its changes were not saved', redactSessionId(session.id))
      return done()
    }
    const { store } = this.options
    let snapshot: string
    try {
      snapshot = session === this.req.session && this.endSnapshot !== undefined ? this.endSnapshot : snapshotSessionData(session)
    } catch (err) {
      return done(err)
    }
    this.savedSnapshot = snapshot
    this.savedId = session.id
    // Written with this save (the cookie goes whole, in `set` and in `update`); a failed save fails the request.
    this.metadataPending = false
    const partial = canUpdatePartially(store)
    const loaded = partial && session === this.loadedSession ? this.loadedState : undefined
    let write: StoredSessionWrite
    try {
      write =
        loaded === undefined
          ? { kind: 'set', id: session.id, record: session as unknown as SessionRecord, forwardFrom: this.rotatedFrom }
          : { kind: 'update', id: session.id, change: sessionChangeOf(loaded, session) }
    } catch (err) {
      return done(err)
    }
    whenAnswered(
      writeStoredSession(this.storeFor(partial), write, undefined, Date.now()),
      (applied) => {
        if (write.kind === 'set') this.rotatedFrom = undefined
        else {
          if (!applied) {
            this.goneId = session.id
            if (debugLog.enabled) debugLog('session %s no longer exists; its changes were not saved', redactSessionId(session.id))
          }
          this.afterPartialSave(snapshot, (loaded as LoadedState).flash, write.change.flashAdd !== undefined, write.change.flashRemove)
        }
        done()
      },
      (err: unknown) => done(err),
    )
  }

  // The saved state becomes what later saves in this request compare with. Messages this save added have ids
  // only the store knows, so once it added some, later saves write the whole session.
  private afterPartialSave(snapshot: string, flash: readonly FlashEntry[], flashAdded: boolean, flashRemoved: string[] | undefined): void {
    if (flashAdded) {
      this.loadedSession = undefined
      this.loadedState = undefined
      return
    }
    const removed = flashRemoved === undefined || flashRemoved.length === 0 ? undefined : new Set(flashRemoved)
    const kept = removed === undefined ? flash : flash.filter((entry) => !removed.has(entry.id))
    this.loadedState = { dataJson: snapshot, flash: kept, flashLists: flashListsOf(this.loadedSession as object) }
  }

  destroying(gone: Awaitable<boolean>): void {
    // A store that answered at once: headers written right after (`await destroy(); res.writeHead(…)`) must know.
    if (!isThenable(gone)) {
      if (gone) this.destroyed = true
      return
    }
    const earlier = this.pendingDestroy
    this.pendingDestroy = Promise.resolve(gone).then((deleted) => {
      if (deleted) this.destroyed = true
      return earlier
    })
  }

  /** The session was read through the old id of a rotation: it continues under `id`, and the browser gets its cookie. */
  forwarded(id: string): void {
    this.forwardedTo = id
  }

  /** A policy refused the presented session (it was deleted; a new one was generated). */
  sessionRefused(): void {
    this.policyRejected = true
  }

  /** The policies changed the metadata kept in the session's cookie: the session is saved at the end. */
  policyMetadataChanged(): void {
    this.metadataPending = true
  }

  /** The session read from the store gets a new id at the end of this request (rotateIdEvery). */
  scheduleRotation(): void {
    this.rotationDue = true
  }

  // Gives the session its new id, keeping its data, unless the app regenerated or destroyed it meanwhile (then
  // the id changed anyway). Runs before the cookie is decided and before the session is saved, whichever is first.
  private rotateIfDue(): void {
    if (!this.rotationDue) return
    this.rotationDue = false
    const req = this.req
    const current = req.session
    if (!current || current !== this.inflatedSession || req.sessionID !== this.originalId) return
    this.rotatedFrom = req.sessionID
    req.sessionID = this.options.generateId(req)
    const rotated = new Session(req, current)
    rotated.cookie.idIssuedAt = new Date().toISOString()
    attachTracker(rotated, this)
    req.session = rotated
  }

  generate(): void {
    const req = this.req
    this.options.store.generate?.(req)
    attachTracker(req.session, this)
    this.originalId = req.sessionID
    this.originalSnapshot = snapshotSessionData(req.session as Session)
  }

  inflate(data: StoredSessionData, flash?: readonly FlashEntry[]): void {
    const req = this.req
    const session = createSession(req, data)
    checkStoredCookie(session.cookie, this.options.name)
    attachTracker(session, this)
    this.originalId = req.sessionID
    this.originalSnapshot = dataJsonOf(data) ?? snapshotSessionData(data)
    this.inflatedSession = session
    if (flash) {
      this.loadedSession = session
      this.loadedState = { dataJson: this.originalSnapshot, flash, flashLists: flashListsOf(session) }
    }
    if (!this.options.resave) {
      this.savedSnapshot = this.originalSnapshot
      this.savedId = this.originalId
    }
  }

  beforeHeaders(): void {
    // A failed store call answers with an error page: it carries no session headers (nor a Clear-Site-Data that
    // would wipe the browser's cookies while the session lives on in the store).
    if (this.storeFailed) return
    this.rotateIfDue()
    const outcome = {
      cookieSent: this.sendSessionCookie(),
      destroyed: this.destroyed || this.shouldDestroy(),
      refused: this.policyRejected || this.isGone(),
      sessionRead: this.inflatedSession !== undefined,
    }
    const headers = sessionEndHeadersOf(outcome, this.options)
    if (headers.clearSiteData !== undefined) this.res.setHeader('Clear-Site-Data', headers.clearSiteData)
    if (headers.clearCookie) this.sendClearingCookie()
    if (headers.noStore) this.res.setHeader('Cache-Control', 'no-store')
  }

  // Sets the session cookie when express-session would; whether it did.
  private sendSessionCookie(): boolean {
    const req = this.req
    const session = req.session
    if (!session || !hasCookie(session)) return false
    if (this.isGone() || !this.shouldSetCookie(session)) return false
    if (session.cookie.secure && !isSecureRequest(req, this.options.trustProxy)) {
      debugLog('not secured')
      warnSecureCookieWithheld(this.options.name)
      return false
    }
    if (!this.touched) {
      session.touch()
      this.touched = true
    }
    try {
      const sid = req.sessionID as string
      const value = sid === this.cookieId && this.reusableCookieValue !== undefined ? this.reusableCookieValue : signSessionId(sid, this.secrets[0] as Secret)
      const header = serializeCookie(this.options.name, value, session.cookie.data)
      if (debugLog.enabled) debugLog('set-cookie for session %s', redactSessionId(req.sessionID))
      appendSetCookie(this.res, header)
      return true
    } catch (err) {
      setImmediate(this.next, err)
      return false
    }
  }

  // Expires the session cookie in the browser: same name, path and domain, so it replaces the one it holds.
  private sendClearingCookie(): void {
    const req = this.req
    const cookie = resolveCookieOptions(this.options, req)
    const { secure, sameSite } = cookieSecurityFor(cookie, this.options.name, () => isSecureRequest(req, this.options.trustProxy))
    try {
      const attributes = { path: cookie.path ?? '/', domain: cookie.domain, httpOnly: cookie.httpOnly ?? true, secure, sameSite, partitioned: cookie.partitioned, expires: new Date(0) }
      appendSetCookie(this.res, serializeCookie(this.options.name, '', attributes))
    } catch (err) {
      setImmediate(this.next, err)
    }
  }

  beforeEnd(resume: (error?: unknown) => void): boolean {
    const pending = this.pendingDestroy
    if (pending !== undefined) {
      // Whether the app's destroy() succeeded decides the cookie and Clear-Site-Data: decide once it has.
      this.pendingDestroy = undefined
      void pending.then(() => {
        try {
          if (!this.beforeEnd(resume)) resume()
        } catch (err) {
          resume(err)
        }
      })
      return true
    }
    this.rotateIfDue()
    const req = this.req
    const { store } = this.options
    if (this.shouldDestroy()) {
      debugLog('destroying')
      whenAnswered(this.storeFor(false).destroy(req.sessionID as string), () => resume(), resume)
      return true
    }
    const session = req.session
    if (!session) {
      debugLog('no session')
      return false
    }
    if (!isUsableSession(session)) {
      resume(
        new TypeError(
          'sessionkit: req.session was replaced by an object that is not a session, so it cannot be saved. ' +
            'Set properties on req.session instead (req.session.user = …), or call req.session.regenerate() for a fresh one.',
        ),
      )
      return true
    }
    if (!this.touched) {
      session.touch()
      this.touched = true
    }
    try {
      this.endSnapshot = snapshotSessionData(session)
    } catch (err) {
      resume(err)
      return true
    }
    if (this.shouldSave(session)) {
      session.save((err) => resume(err))
      return true
    }
    // A store that writes partially slid the expiry when it read the session: touching again is a wasted round trip.
    if (this.loadedState === undefined && typeof store.touch === 'function' && this.shouldTouch(session)) {
      debugLog('touching')
      whenAnswered(this.storeFor(false).touch?.(req.sessionID as string, session as unknown as SessionRecord), () => resume(), resume)
      return true
    }
    return false
  }

  failed(error: unknown, headersSent: boolean): void {
    this.storeFailed = true
    if (!headersSent) dropAbandonedResponseHeaders(this.res)
    setImmediate(this.next, error)
  }

  private snapshotNow(session: Session): string {
    return this.endSnapshot ?? snapshotSessionData(session)
  }

  private isModified(session: Session): boolean {
    return this.originalId !== session.id || this.originalSnapshot !== this.snapshotNow(session) || this.flashListTaken(session) || this.metadataPending
  }

  private isSaved(session: Session): boolean {
    return this.savedId === session.id && this.savedSnapshot === this.snapshotNow(session) && !this.flashListTaken(session) && !this.metadataPending
  }

  // A message list taken by req.flash(type) and refilled with the same text serializes as before, yet the
  // taken messages must leave the store and the new ones enter it (another request may take the old ones).
  private flashListTaken(session: Session): boolean {
    const lists = session === this.loadedSession ? this.loadedState?.flashLists : undefined
    if (lists === undefined) return false
    const flash = session.flash as Record<string, unknown> | undefined
    for (const type of Object.keys(lists)) if (flash?.[type] !== lists[type]) return true
    return false
  }

  // The request's session was found revoked when saved: it gets no cookie but a clearing one.
  private isGone(): boolean {
    return this.goneId !== undefined && this.goneId === this.req.sessionID
  }

  private shouldDestroy(): boolean {
    const req = this.req
    return Boolean(req.sessionID) && this.options.unsetDestroy && req.session == null
  }

  private shouldSave(session: Session): boolean {
    const req = this.req
    if (typeof req.sessionID !== 'string') {
      debugLog('session ignored because of bogus req.sessionID')
      return false
    }
    return !this.options.saveUninitialized && this.savedSnapshot === undefined && this.cookieId !== req.sessionID
      ? this.isModified(session)
      : !this.isSaved(session)
  }

  private shouldTouch(session: Session): boolean {
    const req = this.req
    if (typeof req.sessionID !== 'string') return false
    return this.cookieId === req.sessionID && !this.shouldSave(session)
  }

  private shouldSetCookie(session: Session): boolean {
    const req = this.req
    if (typeof req.sessionID !== 'string') return false
    if (this.forwardedTo !== undefined && this.forwardedTo === req.sessionID) return true
    return this.cookieId !== req.sessionID
      ? this.options.saveUninitialized || this.isModified(session)
      : this.options.rolling || (session.cookie.expires != null && this.isModified(session))
  }
}

/**
 * Creates the session middleware of the express face: express-session's options and behaviour, plus a
 * response that is held until the session is stored, a production-safe default store, and diagnostics.
 */
export function createSessionMiddleware(sessionOptions?: SessionOptions): SessionMiddleware {
  const options = normalizeSessionOptions(sessionOptions)
  const { store, name, storeTimeout, policy } = options
  const reportRejection = createRejectionReporter(options.onSessionRejected, name)
  const userAgentOf = (req: SessionRequest): string | undefined => (policy.bindUserAgent ? userAgentHashOf(req.headers['user-agent']) : undefined)

  store.generate = function generate(req: SessionRequest): void {
    req.sessionID = options.generateId(req)
    req.session = new Session(req)
    const cookieOptions = resolveCookieOptions(options, req)
    const cookie = new Cookie(cookieOptions)
    req.session.cookie = cookie
    if (cookieOptions.secure === 'auto' || cookieOptions.sameSite === 'auto') {
      const { secure, sameSite } = cookieSecurityFor(cookieOptions, name, () => isSecureRequest(req, options.trustProxy))
      cookie.secure = secure
      cookie.sameSite = sameSite
    }
    // A new session (or one regenerated at login): its age counts from now.
    const metadata = metadataOfNewSession(policy, Date.now(), userAgentOf(req))
    if (metadata !== undefined) Object.assign(cookie, storedMetadataOf(metadata))
  }

  // Only with the middleware's own secrets: a `req.secret` from cookie-parser may differ per request.
  const recentCookies = options.secrets ? new RecentVerifications<SessionCookie>() : undefined
  // The store as the core reads and writes it: whole records, or partially on stores that can.
  const partialStore = answeringStore(store, storeTimeout, true)
  const wholeStore = answeringStore(store, storeTimeout, false)
  const storeFor: StoreOf = (partial) => (partial ? partialStore : wholeStore)

  let storeReady = true
  store.on('disconnect', () => {
    storeReady = false
  })
  store.on('connect', () => {
    storeReady = true
  })

  function session(req: SessionRequest, res: ServerResponse, next: NextFunction): void {
    if (req.session) return next()
    if (!storeReady) {
      debugLog('store is disconnected')
      return next()
    }
    const cookiePath = resolveCookieOptions(options, req).path || '/'
    if (!originalPathname(req).startsWith(cookiePath)) {
      debugLog('pathname mismatch')
      return next()
    }
    const secrets = options.secrets ?? (req.secret ? [req.secret] : undefined)
    if (!secrets) {
      return next(new Error('sessionkit: secret option required for sessions. Pass session({ secret: "…" }) (or an array to rotate secrets), or run cookie-parser with a secret before it.'))
    }

    settleRequestShape(req, res)
    req.sessionStore = store
    const sessionCookie = readSessionCookie(req, name, secrets, recentCookies)
    const cookieId = sessionCookie?.sid
    req.sessionID = cookieId
    const state = new RequestSession(options, req, res, next, secrets, cookieId, sessionCookie?.signedWithCurrentSecret, storeFor)
    interceptResponse(res, state)

    if (!cookieId) {
      if (presentsSessionCookie(req, name)) reportRejection('bad-signature', req)
      debugLog('no SID sent, generating session')
      state.generate()
      return next()
    }

    if (debugLog.enabled) debugLog('fetching %s', redactSessionId(cookieId))
    const startSession = (start: () => void): void => {
      try {
        start()
      } catch (startError) {
        return next(startError)
      }
      next()
    }
    const found = (lookup: StoredSessionLookup): void => {
      const live = lookup.kind === 'found' ? lookup : undefined
      if (live?.forwarded) {
        // The id was rotated away moments ago (a request sent in parallel with the rotating one): carry on
        // with the session under its new id, whose cookie this response carries.
        req.sessionID = live.id
        state.forwarded(live.id)
      }
      const data = live && (live.flash ? withFlashMessages(live.record, live.flash) : (live.record as StoredSessionData))
      const stored = lookup.kind === 'missing' ? 'missing' : isStoredSession(data) ? 'live' : 'corrupt'
      if (stored === 'missing') reportRejection('unknown-id', req, cookieId)
      const now = Date.now()
      // Read once: the verdict and what the policies record next both come from it.
      const metadata = stored === 'live' && policy.recordsMetadata ? metadataOfStoredCookie(data?.cookie) : undefined
      const userAgent = metadata === undefined ? undefined : userAgentOf(req)
      const verdict = metadata === undefined ? undefined : policyVerdictOf(policy, metadata, now, userAgent)
      if (verdict?.rejection !== undefined) {
        // Timed out or presented by another user agent: the stored session is deleted and a new one starts.
        reportRejection(verdict.rejection, req, cookieId)
        state.sessionRefused()
        whenAnswered(
          storeFor(false).destroy((live as { id: string }).id),
          () => startSession(() => state.generate()),
          (destroyError: unknown) => {
            debugLog('could not delete a rejected session: %s', (destroyError as Error)?.message)
            startSession(() => state.generate())
          },
        )
        return
      }
      startSession(() => {
        if (stored === 'live' && inflateStored(state, data as StoredSessionData, live?.flash)) {
          debugLog('session found')
          if (verdict !== undefined) applyPolicy(req.session as Session, state, verdict)
        } else {
          debugLog(stored === 'missing' ? 'no session found' : 'stored session is corrupt; starting a new one')
          state.generate()
        }
      })
    }
    whenAnswered(findStoredSession(storeFor(canUpdatePartially(store)), cookieId), found, (err: unknown) => {
      debugLog('store read failed')
      next(err)
    })
  }

  // A stored session that cannot be used as it is (a cookie that could not be sent, data too deeply nested to
  // serialize again) is corrupt: the request gets a new session instead of an error.
  function inflateStored(state: RequestSession, data: StoredSessionData, flash: readonly FlashEntry[] | undefined): boolean {
    try {
      state.inflate(data, flash)
      return true
    } catch (error) {
      if (debugLog.enabled) debugLog('stored session is unusable (%s)', (error as Error)?.message)
      return false
    }
  }

  // "Last seen" when it is stale, and what a session stored before the policies were turned on lacks: written
  // at the end of the request, as any change of the session is. A session due for a new id gets it then too.
  function applyPolicy(session: Session, state: RequestSession, verdict: PolicyAcceptance): void {
    if (verdict.metadata !== undefined) {
      Object.assign(session.cookie, storedMetadataOf(verdict.metadata))
      state.policyMetadataChanged()
    }
    if (verdict.rotate) state.scheduleRotation()
  }

  // express-session's middleware is named `session` (Express shows it as the layer name); bundlers may rename it.
  return Object.defineProperty(session, 'name', { value: 'session' })
}
