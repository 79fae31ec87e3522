import { signValue, verifySignedValue, type Secret } from '../core/cookie-signature.js'
import { debugLog, redactSessionId } from '../core/debug-log.js'
import { describeValue } from '../core/errors.js'
import { storeWithDeadlines } from '../core/store-deadline.js'
import { markSessionGone, markSessionSaved, Session, sessionChangesOf, type SessionData } from '../core/session.js'
import type { SessionStore } from '../core/store-contract.js'
import { findStoredSession, writeStoredSession, type StoredSessionWrite } from '../core/stored-sessions.js'
import { noteRejectedCookie, type RejectedCookie } from '../core/session-read-outcome.js'
import { fromConnectStore, isConnectStyleStore, type ConnectStyleStore } from './connect-style-store.js'
import type { SessionStorage } from './session-storage.js'
import { checkedCookieName, checkedSecrets, checkedTtl } from './session-storage-options.js'
import { checkedStoreTimeout } from '../core/common-options.js'
import { changeOfSession, cookieOfWrite, recordOfSession, sessionInitOfLoaded, sessionInitOfRecord } from './session-store-records.js'

/** Options of {@link createStoreSessionStorage}. */
export interface StoreSessionStorageOptions {
  /**
   * The name of the session cookie.
   * @default '__session'
   */
  cookieName?: string
  /**
   * The secret(s) that sign the session id in the cookie: the first signs, every one verifies, so a secret
   * can be rotated by putting the new one first. A cookie signed by an older secret is re-signed with the
   * first on its next save.
   */
  secrets: Secret | readonly Secret[]
  /**
   * How long a session lives after it was last saved, in milliseconds; stores with `load` also slide it on
   * every read.
   * @default undefined (the store's own default ttl; one day for sessionkit's stores)
   */
  ttl?: number
  /**
   * Milliseconds a store call may take; past it `read` or `save` rejects with a `SessionStoreError` (code
   * `SESSIONKIT_STORE_TIMEOUT`). `Infinity` waits forever.
   * @default 10000
   */
  storeTimeout?: number
}

/** A {@link SessionStorage} over a sessionkit store. */
export interface StoreSessionStorage<Data extends object = SessionData, FlashData extends object = Data> extends SessionStorage<Data, FlashData> {
  /** The store sessions live in (for its per-user API, `clear`, metrics…). The storage never closes it. */
  readonly store: SessionStore
}

// A signed id is 32 characters, a dot and 43 of mac: anything much longer is not ours and is not hashed.
const MAX_COOKIE_LENGTH = 1024

/**
 * A session storage keeping each session in `store` (any sessionkit store: memory, Redis, PostgreSQL, SQLite,
 * …) under a random id, which the cookie carries signed with HMAC-SHA256.
 *
 * Per request: `read` is one store round trip (`load`, which also slides the expiry; `get` on stores without
 * it). `save` writes nothing for an unchanged session, and otherwise one round trip: `update` with only the
 * changed keys and flash changes on stores that have it (so parallel requests keep each other's changes),
 * `set` of the whole record for new or regenerated sessions and on stores without it. A session removed from
 * the store while a request used it (logged out everywhere, revoked) is never recreated by its save.
 *
 * @example
 * const storage = createStoreSessionStorage(createRedisStore({ client }), { secrets: process.env.SESSION_SECRET })
 * const session = await storage.read(cookieValue)
 * session.set('userId', 'mj')
 * const setCookie = await storage.save(session) // string to set, '' to clear, null: nothing to send
 */
export function createStoreSessionStorage<Data extends object = SessionData, FlashData extends object = Data>(
  storeOrConnectStore: SessionStore | ConnectStyleStore,
  options: StoreSessionStorageOptions,
): StoreSessionStorage<Data, FlashData> {
  // An express-session store (connect-redis, connect-pg-simple, …) serves through its Promise face.
  const store = isConnectStyleStore(storeOrConnectStore) ? fromConnectStore(storeOrConnectStore) : storeOrConnectStore
  checkStore(store)
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`sessionkit: createStoreSessionStorage(store, options) needs options with secrets, got ${describeValue(options)}.`)
  }
  const cookieName = checkedCookieName(options.cookieName)
  const secrets = checkedSecrets(options.secrets)
  const ttl = checkedTtl(options.ttl, undefined)
  const storeTimeout = checkedStoreTimeout(options.storeTimeout)
  // Every store call bounded in time; the face's own `store` stays the one it was given.
  const bounded = storeWithDeadlines(store, storeTimeout)
  const partial = typeof bounded.load === 'function'
  // Sessions whose cookie must be sent again although they are unchanged: it verified with an older secret (the
  // next save re-signs it with the first), or it named an id rotated away (the browser must learn the new one).
  const cookieToResend = new WeakSet<object>()

  return {
    store,
    cookieName,
    ttl,
    // `load` slides the expiry on every read; on stores without it, an unchanged session's save touches it.
    expirySlides: true,

    async read(cookie) {
      if (typeof cookie !== 'string' || cookie === '') return new Session<Data, FlashData>()
      const verified = cookie.length <= MAX_COOKIE_LENGTH ? verifySignedValue(cookie, secrets) : undefined
      if (!verified) {
        debugLog('session cookie %s does not verify with any secret; starting a new session', cookieName)
        return rejected(new Session<Data, FlashData>(), { reason: 'bad-signature' })
      }
      const stored = await findStoredSession(bounded, verified.value)
      if (stored.kind !== 'found') {
        // Never adopt the id: a new session gets a new one, so a planted id is worthless (session fixation).
        debugLog('session %s is not in the store (expired, destroyed or corrupt); starting a new session', redactSessionId(verified.value))
        return rejected(new Session<Data, FlashData>(), { reason: 'unknown-id', sessionId: verified.value })
      }
      const { id, record, flash } = stored
      const session = new Session<Data, FlashData>(flash === undefined ? sessionInitOfRecord(id, record) : sessionInitOfLoaded(id, { record, flash }))
      if (verified.secretIndex > 0 || stored.forwarded) cookieToResend.add(session)
      return session
    },

    async save(session) {
      const changes = sessionChangesOf(session)
      if (changes.destroyed) {
        for (const id of new Set([changes.storedId, changes.deleteId])) {
          if (id !== undefined) await bounded.destroy(id)
        }
        return ''
      }
      const { id } = changes
      const signed = () => signValue(id, secrets[0] as Secret)
      if (!session.dirty) {
        if (changes.storedId === undefined) return null
        // Stores without `load` did not slide the expiry on read: touch it so a session in use stays alive.
        if (!partial && bounded.touch) {
          // With the policies' metadata: a store's touch may replace the stored cookie with this one.
          const cookie = cookieOfWrite(ttl, Date.now(), changes.metadata)
          await bounded.touch(id, cookie ? { cookie } : {}, ttl)
        }
        if (!cookieToResend.delete(session)) return null
        return signed()
      }
      const now = Date.now()
      const write: StoredSessionWrite =
        partial && changes.storedId === id
          ? { kind: 'update', id, change: changeOfSession(changes, ttl, now) }
          : { kind: 'set', id, record: recordOfSession(changes, ttl, now), deleteId: changes.deleteId, forwardFrom: changes.forwardId }
      if (!(await writeStoredSession(bounded, write, ttl, now))) {
        debugLog('session %s no longer exists (destroyed or revoked meanwhile); its changes were not saved', redactSessionId(id))
        markSessionGone(session)
        return ''
      }
      markSessionSaved(session)
      cookieToResend.delete(session)
      return signed()
    },
  }
}

function rejected<S extends object>(session: S, cookie: RejectedCookie): S {
  noteRejectedCookie(session, cookie)
  return session
}


function checkStore(store: unknown): asserts store is SessionStore {
  const candidate = store as Partial<SessionStore> | null | undefined
  if (typeof candidate?.get === 'function' && typeof candidate.set === 'function' && typeof candidate.destroy === 'function') return
  throw new TypeError(
    `sessionkit: createStoreSessionStorage(store, options) needs a sessionkit store (an object with get, set and destroy methods) or an express-session store, got ${describeValue(store)}. Pass e.g. createMemoryStore(), a Redis, PostgreSQL or SQLite store, or connect-redis.`,
  )
}
