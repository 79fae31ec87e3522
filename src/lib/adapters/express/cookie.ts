import { formatSetCookie } from '../../core/set-cookie-header.js'

/** Cookie options of the express face, as express-session accepts them. */
export interface CookieOptions {
  /** Lifetime in milliseconds from now; sets `expires`. @default null (a browser-session cookie) */
  maxAge?: number | null
  /** The expiry date; prefer `maxAge`. @default null */
  expires?: Date | null
  /** @default true */
  httpOnly?: boolean
  /** @default '/' */
  path?: string
  /** @default undefined (the host only) */
  domain?: string
  /** `'auto'`: secure when the request is HTTPS. @default undefined */
  secure?: boolean | 'auto'
  /** `'auto'`: `None` when secure, `Lax` otherwise. @default undefined (no attribute) */
  sameSite?: boolean | 'lax' | 'strict' | 'none' | 'auto'
  /** CHIPS partitioned cookie. @default undefined */
  partitioned?: boolean
  /** @default undefined */
  priority?: 'low' | 'medium' | 'high'
  /** Kept when a stored session is loaded. */
  originalMaxAge?: number | null
}

/** The attributes a {@link Cookie} serializes, as `cookie.data` returns them. */
export interface CookieData {
  originalMaxAge: number | null | undefined
  partitioned: boolean | undefined
  priority: 'low' | 'medium' | 'high' | undefined
  expires: Date | null | undefined
  secure: boolean | 'auto' | undefined
  httpOnly: boolean | undefined
  domain: string | undefined
  path: string | undefined
  sameSite: boolean | 'lax' | 'strict' | 'none' | 'auto' | undefined
  /** sessionkit's policies (timeouts, user-agent binding) only: when the session was created, ISO date. */
  createdAt?: string | undefined
  /** sessionkit's policies only: when the session was last seen, ISO date. */
  lastSeenAt?: string | undefined
  /** sessionkit's `bindUserAgent` only: a hash of the user agent that created the session. */
  userAgent?: string | undefined
  /** sessionkit's `rotateIdEvery` only: when the current id was issued, ISO date. */
  idIssuedAt?: string | undefined
}

/**
 * The session cookie of the express face: express-session's `Cookie`, field for field
 * (`maxAge` counts down, `originalMaxAge` remembers the configured lifetime).
 */
export class Cookie {
  declare path: string | undefined
  declare httpOnly: boolean | undefined
  declare originalMaxAge: number | null | undefined
  declare domain: string | undefined
  declare secure: boolean | 'auto' | undefined
  declare sameSite: boolean | 'lax' | 'strict' | 'none' | 'auto' | undefined
  declare partitioned: boolean | undefined
  declare priority: 'low' | 'medium' | 'high' | undefined
  // What sessionkit's policies record with the session: stored with the cookie, never sent in it.
  declare createdAt: string | undefined
  declare lastSeenAt: string | undefined
  declare userAgent: string | undefined
  declare idIssuedAt: string | undefined
  // The same own property express-session keeps, so code that copies cookies sees the same fields.
  declare _expires: Date | null | undefined

  constructor(options?: CookieOptions) {
    this.path = '/'
    this.maxAge = null
    this.httpOnly = true
    if (options !== undefined && options !== null) {
      if (typeof options !== 'object') {
        throw new TypeError(`sessionkit: argument options must be a object (new Cookie(options)), got ${typeof options}`)
      }
      const target = this as unknown as Record<string, unknown>
      for (const key in options) {
        if (key !== 'data') target[key] = (options as Record<string, unknown>)[key]
      }
    }
    if (this.originalMaxAge === undefined || this.originalMaxAge === null) {
      this.originalMaxAge = this.maxAge
    }
  }

  /** The expiry date; setting it also resets `originalMaxAge` to the time left. */
  get expires(): Date | null | undefined {
    return this._expires
  }

  set expires(date: Date | null | undefined) {
    this._expires = date
    this.originalMaxAge = this.maxAge
  }

  /** Milliseconds left until the cookie expires; assign a number (or a Date, used as the expiry) to move it. */
  get maxAge(): number | null | undefined {
    const expires = this._expires
    return expires instanceof Date ? expires.valueOf() - Date.now() : (expires as null | undefined)
  }

  set maxAge(ms: number | Date | null | undefined) {
    if (ms && typeof ms !== 'number' && !(ms instanceof Date)) {
      throw new TypeError(`sessionkit: maxAge must be a number or Date (milliseconds from now), got ${typeof ms}`)
    }
    if (typeof ms === 'number' && Number.isNaN(ms)) {
      throw new TypeError('sessionkit: maxAge must be a number or Date (milliseconds from now), got NaN')
    }
    this.expires = typeof ms === 'number' ? new Date(Date.now() + ms) : ms
  }

  /** The attributes that are serialized into Set-Cookie. */
  get data(): CookieData {
    const data: CookieData = {
      originalMaxAge: this.originalMaxAge,
      partitioned: this.partitioned,
      priority: this.priority,
      expires: this._expires,
      secure: this.secure,
      httpOnly: this.httpOnly,
      domain: this.domain,
      path: this.path,
      sameSite: this.sameSite,
    }
    // Only when recorded, so a session without policies is stored exactly as express-session stores it.
    if (this.createdAt !== undefined) data.createdAt = this.createdAt
    if (this.lastSeenAt !== undefined) data.lastSeenAt = this.lastSeenAt
    if (this.userAgent !== undefined) data.userAgent = this.userAgent
    if (this.idIssuedAt !== undefined) data.idIssuedAt = this.idIssuedAt
    return data
  }

  /** The Set-Cookie header value for `name=value` with this cookie's attributes. */
  serialize(name: string, value: string): string {
    return serializeCookie(name, value, this.data)
  }

  toJSON(): CookieData {
    return this.data
  }
}

/**
 * The cookie as a store keeps it: exactly what `JSON.parse(JSON.stringify(cookie))` gives (unset attributes left
 * out, the expiry as an ISO string, or null when invalid), built directly: going through JSON costs several µs
 * per save, most of it in the generic path JSON.stringify takes for an object with `toJSON`.
 */
export function storedCookieOf(cookie: unknown): Record<string, unknown> {
  if (!(cookie instanceof Cookie)) return JSON.parse(JSON.stringify(cookie) ?? 'null') as Record<string, unknown>
  const stored: Record<string, unknown> = {}
  const data = cookie.data as unknown as Record<string, unknown>
  for (const key in data) {
    const value = data[key]
    if (value instanceof Date) stored[key] = Number.isNaN(value.valueOf()) ? null : value.toISOString()
    else if (value !== undefined) stored[key] = value
  }
  return stored
}

/** A Set-Cookie header value with the cookie's attributes; an invalid expiry fails with `option expires is invalid`. */
export function serializeCookie(name: string, value: string, data: Partial<CookieData> | undefined): string {
  return formatSetCookie(name, value, data)
}

// The largest time a Date holds (ECMAScript: ±8.64e15 ms around the epoch).
const MAX_DATE_MS = 8.64e15

/**
 * Throws when a cookie read from a store could not be sent: an attribute the header writer rejects (a bad
 * domain, path, sameSite or priority) or a lifetime that puts the next expiry before the epoch or beyond a
 * valid Date. Stored data
 * is untrusted; such a session is treated as corrupt rather than failing the response when it is sent.
 */
export function checkStoredCookie(cookie: Cookie, name: string): void {
  const lifetime = cookie.originalMaxAge
  // The expiry a touch gives it must be a Date after the epoch: anything else was never written by a cookie.
  const expiry = typeof lifetime === 'number' ? Date.now() + lifetime : 0
  if ((lifetime !== null && lifetime !== undefined && typeof lifetime !== 'number') || !(expiry >= 0 && expiry <= MAX_DATE_MS)) {
    throw new TypeError(`stored cookie has an unusable originalMaxAge: ${lifetime}`)
  }
  // The attributes the header writer checks; the expiry was checked as the record was read (isStoredSession).
  serializeCookie(name, '', { domain: cookie.domain, path: cookie.path, priority: cookie.priority, sameSite: cookie.sameSite })
}
