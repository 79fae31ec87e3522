import { COOKIE_NAME_PATTERN } from '../../core/common-options.js'
import { checkedClearSiteData, checkHostPrefix, checkSecureRequirement, secureRequirementOf, type ClearSiteDataDirective } from '../../core/cookie-rules.js'
import { checkedSessionPolicy, type SessionPolicy, type SessionPolicyOptions } from '../../core/session-policy.js'
import { checkedRejectionListener, type SessionRejectionListener } from '../../core/session-rejections.js'
import { describeValue, invalidOptionError } from '../../core/errors.js'
import type { SessionData } from '../../core/session.js'
import { formatSetCookie } from '../../core/set-cookie-header.js'
import type { SessionStorage } from '../../storage/session-storage.js'

/** Settings of the session cookie on the Fetch face. Checked once, when {@link createFetchSessions} runs. */
export interface FetchSessionCookieOptions {
  /**
   * The cookie name. `__Host-` names need `secure`, `path: '/'` and no `domain`; `__Secure-` names need `secure`.
   * @default the storage's `cookieName` ('__session' unless set there)
   */
  name?: string
  /** @default '/' */
  path?: string
  /** @default undefined (the host only) */
  domain?: string
  /**
   * Lifetime of the cookie in milliseconds (sent as `Max-Age` in seconds, and `Expires`); `null` for a
   * browser-session cookie.
   * @default the storage's `ttl` when it has one, else `null`
   */
  maxAge?: number | null
  /**
   * `true`: the cookie is sent with `Secure`, and withheld (with a one-time process warning) on a plain-HTTP
   * request, as the browser would drop it anyway. `'auto'`: `Secure` exactly when the request is HTTPS (see
   * `trustProxy`). `false`: never `Secure`.
   * @default 'auto'
   */
  secure?: boolean | 'auto'
  /** `'none'` needs `secure` (browsers drop `SameSite=None` without it). @default 'lax' */
  sameSite?: 'lax' | 'strict' | 'none'
  /** Hide the cookie from scripts in the page. @default true */
  httpOnly?: boolean
  /** CHIPS `Partitioned` attribute; needs `secure`. @default false */
  partitioned?: boolean
  /** @default undefined (no attribute) */
  priority?: 'low' | 'medium' | 'high'
}

/** Options of {@link createFetchSessions}. */
export interface FetchSessionsOptions<Data extends object = SessionData, FlashData extends object = Data> extends SessionPolicyOptions {
  /** Where sessions live: any sessionkit `SessionStorage` (memory, store, file, cookie). */
  storage: SessionStorage<Data, FlashData>
  /** Settings of the session cookie. @default {} */
  cookie?: FetchSessionCookieOptions
  /**
   * Trust the first value of `X-Forwarded-Proto` to tell whether the request is HTTPS. Set it only behind a
   * proxy that sets (and overwrites) that header.
   * @default false
   */
  trustProxy?: boolean
  /**
   * Re-send the unchanged session cookie on every response that read the session, so its `Max-Age` counts
   * from the last use, as the server-side expiry does (stores slide it on every read). No effect when `maxAge`
   * is `null`, nor with the cookie storage, whose expiry is sealed in the cookie and renewed by the storage.
   * @default true
   */
  rolling?: boolean
  /**
   * Called for every session cookie that is not accepted (bad signature, unknown id, timed out, another user
   * agent) with the request, to log or rate-limit. Never given the raw session id.
   * @default undefined (counted in the debug output only)
   */
  onSessionRejected?: SessionRejectionListener<Request>
  /**
   * Send `Cache-Control: no-store` on every response that carries a session (sets its cookie, or answers a
   * request whose session was read), so no shared cache keeps one user's page for another.
   * @default false
   */
  noStore?: boolean
  /**
   * Send `Clear-Site-Data` on the response that destroys a session (logout): `true` clears the site's cache,
   * cookies and storage in the browser; or name the directives.
   * @default false
   */
  clearSiteData?: boolean | readonly ClearSiteDataDirective[]
}

/** The cookie settings after checking, with defaults filled in. */
export interface NormalizedFetchCookie {
  name: string
  path: string
  domain: string | undefined
  maxAge: number | null
  secure: boolean | 'auto'
  sameSite: 'lax' | 'strict' | 'none'
  httpOnly: boolean
  partitioned: boolean
  priority: 'low' | 'medium' | 'high' | undefined
  /** Why the cookie must be `Secure` (a name prefix, `SameSite=None`, `Partitioned`), or `undefined`. */
  secureRequiredBy: string | undefined
}

/** All options after checking. */
export interface NormalizedFetchSessionsOptions<Data extends object, FlashData extends object> {
  storage: SessionStorage<Data, FlashData>
  cookie: NormalizedFetchCookie
  trustProxy: boolean
  rolling: boolean
  policy: SessionPolicy
  onSessionRejected: SessionRejectionListener<Request> | undefined
  noStore: boolean
  /** The `Clear-Site-Data` header value, or `undefined`. */
  clearSiteData: string | undefined
}

// What the cookie defaults come from.
type StorageCookieDefaults = Pick<SessionStorage, 'cookieName' | 'ttl'>

const SAME_SITE = ['lax', 'strict', 'none'] as const
const PRIORITY = ['low', 'medium', 'high'] as const

function optionalBoolean(option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value === 'boolean') return value
  throw invalidOptionError(option, value, 'Pass true or false.')
}

function oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[], fallback: T | undefined): T | undefined {
  if (value === undefined) return fallback
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T
  throw invalidOptionError(option, value, `Pass one of ${allowed.map((entry) => `'${entry}'`).join(', ')}.`)
}

function checkedStorage<Data extends object, FlashData extends object>(storage: unknown): SessionStorage<Data, FlashData> {
  const candidate = storage as Partial<SessionStorage<Data, FlashData>> | null | undefined
  if (typeof candidate?.read === 'function' && typeof candidate.save === 'function' && typeof candidate.cookieName === 'string') {
    return storage as SessionStorage<Data, FlashData>
  }
  throw invalidOptionError('storage', storage, 'Pass a session storage, e.g. createMemorySessionStorage() or createStoreSessionStorage(store, { secrets }) from sessionkit.')
}

function checkedMaxAge(value: unknown, storage: StorageCookieDefaults): number | null {
  if (value === undefined) return typeof storage.ttl === 'number' ? storage.ttl : null
  if (value === null) return null
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value
  throw invalidOptionError('cookie.maxAge', value, 'Pass the cookie lifetime in milliseconds (a positive whole number), or null for a browser-session cookie.')
}

function checkedCookie(cookie: unknown, storage: StorageCookieDefaults): NormalizedFetchCookie {
  if (cookie !== undefined && (typeof cookie !== 'object' || cookie === null)) {
    throw invalidOptionError('cookie', cookie, 'Pass an object of cookie settings ({ name, path, domain, maxAge, secure, sameSite, httpOnly, partitioned, priority }).')
  }
  const options = (cookie ?? {}) as FetchSessionCookieOptions
  const name = options.name ?? storage.cookieName
  if (typeof name !== 'string' || !COOKIE_NAME_PATTERN.test(name)) {
    throw invalidOptionError('cookie.name', name, 'A cookie name is letters, digits and !#$%&\'*+-.^_`|~ only (e.g. "__session").')
  }
  const path = options.path ?? '/'
  if (typeof path !== 'string' || !path.startsWith('/')) throw invalidOptionError('cookie.path', path, 'Pass a path starting with "/".')
  const domain = options.domain
  if (domain !== undefined && (typeof domain !== 'string' || domain === '')) throw invalidOptionError('cookie.domain', domain, 'Pass a domain name such as "example.com", or leave it out for the host only.')
  const secure = options.secure ?? 'auto'
  if (secure !== true && secure !== false && secure !== 'auto') throw invalidOptionError('cookie.secure', secure, "Pass true, false or 'auto'.")
  const sameSite = oneOf('cookie.sameSite', options.sameSite, SAME_SITE, 'lax') as NormalizedFetchCookie['sameSite']
  const priority = oneOf('cookie.priority', options.priority, PRIORITY, undefined)
  const partitioned = optionalBoolean('cookie.partitioned', options.partitioned, false)
  const httpOnly = optionalBoolean('cookie.httpOnly', options.httpOnly, true)
  const maxAge = checkedMaxAge(options.maxAge, storage)

  checkHostPrefix(name, path, domain, 'cookie.')
  const secureRequiredBy = secureRequirementOf(name, sameSite, partitioned)
  checkSecureRequirement(secureRequiredBy, secure, 'cookie.')
  try {
    // The header writer's own checks (domain and path grammar), now rather than on the first request.
    formatSetCookie(name, 'probe', { path, domain, maxAge: maxAge === null ? null : Math.floor(maxAge / 1000), priority })
  } catch (error) {
    throw new TypeError(`sessionkit: option cookie is invalid: ${(error as Error).message}. Fix the cookie settings of createFetchSessions.`, { cause: error })
  }
  return { name, path, domain, maxAge, secure, sameSite, httpOnly, partitioned, priority, secureRequiredBy }
}

/** Checks every option once, when the sessions are created; throws a `sessionkit:` TypeError naming the bad one. */
export function normalizeFetchSessionsOptions<Data extends object, FlashData extends object>(
  options: FetchSessionsOptions<Data, FlashData>,
): NormalizedFetchSessionsOptions<Data, FlashData> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`sessionkit: createFetchSessions(options) needs options with a storage, got ${describeValue(options)}. Pass { storage: createMemorySessionStorage() } or another sessionkit storage.`)
  }
  const storage = checkedStorage<Data, FlashData>(options.storage)
  return {
    storage,
    cookie: checkedCookie(options.cookie, storage),
    trustProxy: optionalBoolean('trustProxy', options.trustProxy, false),
    rolling: optionalBoolean('rolling', options.rolling, true),
    policy: checkedSessionPolicy(options),
    onSessionRejected: checkedRejectionListener<Request>(options.onSessionRejected),
    noStore: optionalBoolean('noStore', options.noStore, false),
    clearSiteData: checkedClearSiteData(options.clearSiteData),
  }
}
