import { checkedStoreTimeout, COOKIE_NAME_PATTERN } from '../../core/common-options.js'
import { describeValue, invalidOptionError } from '../../core/errors.js'
import type { Secret } from '../../core/cookie-signature.js'
import { generateSessionId } from '../../core/session-id.js'
import { warnOnce } from '../../core/process-warnings.js'
import { checkedClearSiteData, checkHostPrefix, checkSecureRequirement, secureRequirementOf, type ClearSiteDataDirective } from '../../core/cookie-rules.js'
import { checkedSessionPolicy, type SessionPolicy, type SessionPolicyOptions } from '../../core/session-policy.js'
import { checkedRejectionListener, type SessionRejectionListener } from '../../core/session-rejections.js'
import type { SessionStore } from '../../core/store-contract.js'
import { Cookie, type CookieOptions } from './cookie.js'
import { MemoryStore } from './memory-store.js'
import { isNativeStore, NativeStoreBridge } from './native-store-bridge.js'
import type { SessionRequest } from './session-request.js'
import type { Store } from './store.js'

/**
 * Options of the `sessionkit/express` middleware: express-session's, with the same defaults, plus sessionkit's
 * own (`storeTimeout` and the security options), which are all off unless set.
 */
export interface SessionOptions extends SessionPolicyOptions {
  /** Settings of the session cookie, or a function of the request that returns them. @default { path: '/', httpOnly: true, secure: false, maxAge: null } */
  cookie?: CookieOptions | ((req: SessionRequest) => CookieOptions)
  /** Makes the id of a new session. @default 32 characters of base64url from 24 random bytes */
  genid?: (req: SessionRequest) => string
  /** Name of the session cookie. @default 'connect.sid' */
  name?: string
  /** Older name of `name`. */
  key?: string
  /** Trust `X-Forwarded-Proto` (`true`), never (`false`), or follow Express's `trust proxy` (unset). @default undefined */
  proxy?: boolean
  /** Save the session on every request even when unchanged. Unset means `true` with a deprecation warning, as in express-session. @default true */
  resave?: boolean
  /** Send the cookie (and restart its max age) on every response. @default false */
  rolling?: boolean
  /** Save new sessions that were not modified. Unset means `true` with a deprecation warning, as in express-session. @default true */
  saveUninitialized?: boolean
  /** Secret(s) that sign the cookie: the first signs, all verify (rotation). Without it, `req.secret` (cookie-parser's) is used. */
  secret?: Secret | Secret[]
  /** The session store: a connect-style `Store` (express-session's ecosystem) or a Promise-based sessionkit store. @default new MemoryStore() */
  store?: Store | SessionStore
  /** What happens to the stored session when `req.session` is deleted or set to null. @default 'keep' */
  unset?: 'keep' | 'destroy'
  /** Milliseconds a store call may take before the request fails with a `SessionStoreError` (sessionkit only). @default 10000 */
  storeTimeout?: number
  /**
   * Called for every session cookie that is not accepted (bad signature, unknown id, timed out, another user
   * agent) with the request, to log or rate-limit (sessionkit only). Never given the raw session id.
   * @default undefined (counted in the debug output only)
   */
  onSessionRejected?: SessionRejectionListener<SessionRequest>
  /**
   * When the session is destroyed (`req.session.destroy()`, or `unset: 'destroy'`), also expire the cookie in
   * the browser (sessionkit only; express-session leaves it behind).
   * @default false
   */
  clearCookieOnDestroy?: boolean
  /**
   * Send `Clear-Site-Data` on the response that destroys the session (logout): `true` clears the site's cache,
   * cookies and storage in the browser; or name the directives (sessionkit only).
   * @default false
   */
  clearSiteData?: boolean | readonly ClearSiteDataDirective[]
  /**
   * Send `Cache-Control: no-store` on every response that carries a session (sets its cookie, or answers a
   * request that presented a stored session), so no shared cache keeps one user's page for another (sessionkit only).
   * @default false
   */
  noStore?: boolean
}

export interface NormalizedSessionOptions {
  cookie: CookieOptions | ((req: SessionRequest) => CookieOptions)
  generateId: (req: SessionRequest) => string
  name: string
  store: Store
  trustProxy: boolean | undefined
  resave: boolean
  rolling: boolean
  saveUninitialized: boolean
  secrets: Secret[] | undefined
  unsetDestroy: boolean
  storeTimeout: number
  policy: SessionPolicy
  onSessionRejected: SessionRejectionListener<SessionRequest> | undefined
  clearCookieOnDestroy: boolean
  /** The `Clear-Site-Data` header value, or `undefined`. */
  clearSiteData: string | undefined
  noStore: boolean
}

function optionalBoolean(option: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value
  throw invalidOptionError(option, value, 'Pass true or false.')
}

function deprecatedDefault(option: 'resave' | 'saveUninitialized', value: boolean | undefined): boolean {
  if (value !== undefined) return value
  warnOnce(
    `SESSIONKIT_UNDEFINED_${option.toUpperCase()}`,
    `sessionkit deprecated undefined ${option} option; provide ${option} option`,
    'DeprecationWarning',
  )
  return true
}

function normalizeSecrets(secret: unknown): Secret[] | undefined {
  if (Array.isArray(secret)) {
    if (secret.length === 0) {
      throw new TypeError('sessionkit: secret option array must contain one or more strings (the first signs, all verify)')
    }
    for (const entry of secret) {
      if (!(typeof entry === 'string' && entry.length > 0) && !Buffer.isBuffer(entry)) {
        throw invalidOptionError('secret', entry, 'Every secret must be a non-empty string or a Buffer.')
      }
    }
    return secret as Secret[]
  }
  if (secret === undefined || secret === null || secret === '') {
    warnOnce('SESSIONKIT_NO_SECRET', 'sessionkit deprecated req.secret; provide secret option', 'DeprecationWarning')
    return undefined
  }
  if (typeof secret === 'string' || Buffer.isBuffer(secret)) return [secret]
  throw invalidOptionError('secret', secret, 'Pass a string, a Buffer, or an array of them.')
}

function normalizeName(options: SessionOptions): string {
  const name = options.name || options.key || 'connect.sid'
  if (typeof name !== 'string' || !COOKIE_NAME_PATTERN.test(name)) {
    throw invalidOptionError(options.name ? 'name' : 'key', name, 'A cookie name is letters, digits and !#$%&\'*+-.^_`|~ only.')
  }
  return name
}

function checkCookieOptions(cookie: unknown, name: string): void {
  if (typeof cookie === 'function') return
  if (cookie !== undefined && cookie !== null && typeof cookie !== 'object') {
    throw invalidOptionError('cookie', cookie, 'Pass an object of cookie settings or a function (req) => settings.')
  }
  // Cookie name prefixes, which express-session does not check: the browser would drop the cookie silently.
  const { path, domain, secure } = (cookie ?? {}) as CookieOptions
  checkHostPrefix(name, path, domain, 'cookie.')
  checkSecureRequirement(secureRequirementOf(name, undefined, undefined), secure, 'cookie.')
  if (cookie === undefined || cookie === null) return
  // Build and serialize it once so a bad maxAge, domain, path, sameSite or priority fails now, not on the first request.
  const settings = { ...(cookie as CookieOptions) }
  if (settings.secure === 'auto') settings.secure = true
  if (settings.sameSite === 'auto') settings.sameSite = 'lax'
  try {
    new Cookie(settings).serialize(name, 'probe')
  } catch (err) {
    throw new TypeError(`sessionkit: option cookie is invalid: ${(err as Error).message}`, { cause: err })
  }
}

function normalizeStore(store: unknown): Store {
  if (store === undefined || store === null) return new MemoryStore()
  if (typeof store === 'object' || typeof store === 'function') {
    if (isNativeStore(store as object)) return new NativeStoreBridge(store as SessionStore)
    const candidate = store as Partial<Store>
    if (typeof candidate.get === 'function' && typeof candidate.set === 'function' && typeof candidate.destroy === 'function' && typeof candidate.on === 'function') {
      return store as Store
    }
  }
  throw invalidOptionError('store', store, 'Pass a store with get, set and destroy methods: a session.Store subclass (connect-redis, …) or a sessionkit store.')
}


/** Checks every option once, when the middleware is created, and fills in express-session's defaults. */
export function normalizeSessionOptions(options: SessionOptions | undefined): NormalizedSessionOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`sessionkit: argument options must be an object, got ${describeValue(options)}`)
  }
  const opts = options ?? {}
  const generateId = opts.genid ?? generateSessionId
  if (typeof generateId !== 'function') {
    throw new TypeError(`sessionkit: genid option must be a function (req) => string, got ${describeValue(generateId)}`)
  }
  if (opts.unset && opts.unset !== 'destroy' && opts.unset !== 'keep') {
    throw new TypeError(`sessionkit: unset option must be "destroy" or "keep", got ${describeValue(opts.unset)}`)
  }
  const name = normalizeName(opts)
  checkCookieOptions(opts.cookie, name)
  const resave = deprecatedDefault('resave', optionalBoolean('resave', opts.resave))
  const saveUninitialized = deprecatedDefault('saveUninitialized', optionalBoolean('saveUninitialized', opts.saveUninitialized))
  return {
    cookie: opts.cookie ?? {},
    generateId,
    name,
    store: normalizeStore(opts.store),
    trustProxy: optionalBoolean('proxy', opts.proxy),
    resave,
    rolling: Boolean(optionalBoolean('rolling', opts.rolling)),
    saveUninitialized,
    secrets: normalizeSecrets(opts.secret),
    unsetDestroy: opts.unset === 'destroy',
    storeTimeout: checkedStoreTimeout(opts.storeTimeout),
    policy: checkedSessionPolicy(opts),
    onSessionRejected: checkedRejectionListener<SessionRequest>(opts.onSessionRejected),
    clearCookieOnDestroy: Boolean(optionalBoolean('clearCookieOnDestroy', opts.clearCookieOnDestroy)),
    clearSiteData: checkedClearSiteData(opts.clearSiteData),
    noStore: Boolean(optionalBoolean('noStore', opts.noStore)),
  }
}
