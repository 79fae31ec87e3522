import type { Secret } from '../core/cookie-signature.js'
import { noteRejectedCookie } from '../core/session-read-outcome.js'
import { debugLog } from '../core/debug-log.js'
import { describeValue } from '../core/errors.js'
import { warnOnce } from '../core/process-warnings.js'
import { markSessionSaved, Session, sessionChangesOf, type SessionData } from '../core/session.js'
import { parsePayload, serializePayload } from './cookie-session-payload.js'
import { deriveCookieKeys, openCookieValue, sealCookieValue } from './session-cookie-codec.js'
import type { SessionStorage } from './session-storage.js'
import { checkedCookieName, checkedSecrets, checkedTtl } from './session-storage-options.js'

/** Options of {@link createCookieSessionStorage}. */
export interface CookieSessionStorageOptions {
  /**
   * The name of the session cookie. It is bound into the encryption: a cookie sealed under one name does not
   * open under another.
   * @default '__session'
   */
  cookieName?: string
  /**
   * The secret(s) the encryption keys are derived from (HKDF-SHA256), each at least 32 bytes: the first
   * encrypts, every one decrypts, so a secret can be rotated by putting the new one first. A cookie opened with
   * an older secret is re-encrypted with the first on its next save.
   */
  secrets: Secret | readonly Secret[]
  /**
   * How long a cookie is accepted after it was last written, in milliseconds. An unchanged session's cookie is
   * rewritten (and so extended) once less than half of this is left.
   * @default 86400000 (one day)
   */
  ttl?: number
  /** The clock, for tests. @default Date.now */
  now?: () => number
}

/** The most bytes of `name=value` a browser keeps for one cookie. */
export const MAX_COOKIE_BYTES = 4096

const MIN_SECRET_BYTES = 32

interface CookieState {
  expiresAt: number
  openedWithOldSecret: boolean
}

/**
 * A session storage keeping the whole session in its cookie, encrypted and authenticated with AES-256-GCM, so
 * no server-side store is needed. The client cannot read or alter it; a tampered, truncated, expired or
 * foreign cookie reads as a new session.
 *
 * What it cannot do: revoke a session server-side. A copy of a cookie stays valid until its `ttl` runs out,
 * even after `destroy()` or `regenerateId(true)` (the response clears or replaces the browser's copy, not
 * other copies). And the session must fit one cookie: `save` throws when the cookie would exceed 4096 bytes.
 * Use {@link createStoreSessionStorage} with a server-side store when either matters.
 *
 * @example
 * const storage = createCookieSessionStorage({ secrets: process.env.SESSION_SECRET })
 * const session = await storage.read(cookieValue)
 */
export function createCookieSessionStorage<Data extends object = SessionData, FlashData extends object = Data>(
  options: CookieSessionStorageOptions,
): SessionStorage<Data, FlashData> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`sessionkit: createCookieSessionStorage(options) needs options with secrets, got ${describeValue(options)}.`)
  }
  const cookieName = checkedCookieName(options.cookieName)
  const keys = deriveCookieKeys(checkedSecrets(options.secrets, MIN_SECRET_BYTES))
  const ttl = checkedTtl(options.ttl, 86_400_000)
  const now = options.now ?? Date.now
  if (typeof now !== 'function') throw new TypeError(`sessionkit: option now is invalid: ${describeValue(now)}. Pass a function returning epoch milliseconds, or leave it out.`)
  const context = `sessionkit cookie session v1 ${cookieName}`
  const cookieStates = new WeakMap<object, CookieState>()

  return {
    cookieName,
    ttl,

    async read(cookie) {
      if (typeof cookie !== 'string' || cookie === '') return new Session<Data, FlashData>()
      const opened = cookie.length <= MAX_COOKIE_BYTES ? openCookieValue(cookie, keys, context) : undefined
      const payload = opened && parsePayload(opened.plaintext, now())
      if (!opened || !payload) {
        debugLog('session cookie %s is %s; starting a new session', cookieName, opened ? 'expired or malformed' : 'not authentic')
        const fresh = new Session<Data, FlashData>()
        // An authentic cookie past its expiry names a session that is gone, as an unknown id does.
        noteRejectedCookie(fresh, { reason: opened ? 'unknown-id' : 'bad-signature' })
        return fresh
      }
      const session = new Session<Data, FlashData>({ id: payload.id, data: payload.data, flash: payload.flash, metadata: payload.metadata })
      cookieStates.set(session, { expiresAt: payload.expiresAt, openedWithOldSecret: opened.keyIndex > 0 })
      return session
    },

    async save(session) {
      const changes = sessionChangesOf(session)
      if (changes.deleteId !== undefined || changes.forwardId !== undefined) {
        warnOnce(
          'SESSIONKIT_COOKIE_STORAGE_CANNOT_REVOKE',
          'sessionkit: regenerateId(true) and rotateIdEvery cannot retire the old session with cookie storage: the session lives in the cookie, so a copy of the old cookie stays valid until its ttl runs out. Use a server-side store (createStoreSessionStorage) to revoke sessions.',
        )
      }
      if (changes.destroyed) return ''
      const at = now()
      if (!session.dirty) {
        if (changes.storedId === undefined) return null
        const state = cookieStates.get(session)
        if (state && !state.openedWithOldSecret && state.expiresAt - at > ttl / 2) return null
      }
      const expiresAt = at + ttl
      const value = sealCookieValue(serializePayload(changes, expiresAt), keys[0] as Buffer, context)
      const bytes = cookieName.length + 1 + value.length
      if (bytes > MAX_COOKIE_BYTES) {
        throw new Error(
          `sessionkit: the session cookie "${cookieName}" would be ${bytes} bytes, over the ${MAX_COOKIE_BYTES}-byte limit browsers keep for one cookie, so the session was not saved. Store less in the session (an id to look the rest up by), or keep sessions server-side with createStoreSessionStorage and a store (memory, Redis, PostgreSQL, SQLite).`,
        )
      }
      markSessionSaved(session)
      cookieStates.set(session, { expiresAt, openedWithOldSecret: false })
      return value
    },
  }
}
