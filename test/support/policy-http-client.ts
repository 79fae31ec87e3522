import { expect } from 'vitest'
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The user agents of the scenarios: the browser that logged in, and another one replaying its cookie. */
export const BROWSER_A = 'Mozilla/5.0 (policy test) Browser A'
export const BROWSER_B = 'Mozilla/5.0 (policy test) Browser B'

/** A real HTTP server on loopback for `listener`, and how to stop it. */
export async function listenOnLoopback(listener: RequestListener): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export interface BrowserRequest {
  method?: string
  /** Another user agent than the browser's own, for this request only. */
  userAgent?: string
  /** A Cookie header to send instead of the jar's (a tampered or forged cookie). */
  cookie?: string
}

/**
 * One browser against one origin: a user agent and a cookie jar that keeps what Set-Cookie says (an empty
 * value or an expiry in the past removes the cookie) and sends it back.
 */
export class PolicyBrowser {
  constructor(
    private readonly origin: string,
    readonly userAgent: string = BROWSER_A,
    readonly cookies = new Map<string, string>(),
  ) {}

  /** The same browser (user agent and cookies) visiting another origin, as a second app on the same cookie. */
  at(origin: string): PolicyBrowser {
    return new PolicyBrowser(origin, this.userAgent, this.cookies)
  }

  /** `name=value; …` of the jar, as the browser sends it. */
  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  async request(path: string, init: BrowserRequest = {}): Promise<Response> {
    const headers: Record<string, string> = { 'user-agent': init.userAgent ?? this.userAgent }
    const cookie = init.cookie ?? this.cookieHeader
    if (cookie) headers.cookie = cookie
    const response = await fetch(this.origin + path, { method: init.method ?? 'GET', headers, redirect: 'manual' })
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';')
      const equals = pair.indexOf('=')
      const name = pair.slice(0, equals)
      const value = pair.slice(equals + 1)
      const expired = /;\s*Max-Age=0(;|$)/i.test(header) || /;\s*Expires=Thu, 01 Jan 1970/i.test(header)
      if (value === '' || expired) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }

  /** The JSON answer of a request. */
  async json<T = Record<string, unknown>>(path: string, init: BrowserRequest = {}): Promise<T> {
    const response = await this.request(path, init)
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`)
    return (await response.json()) as T
  }
}

/** A browser that has just started a session at `origin`: POST /count answered count 1 and set `cookieName`. */
export async function browserWithNewSession(origin: string, cookieName: string): Promise<{ browser: PolicyBrowser; id: string }> {
  const browser = new PolicyBrowser(origin)
  const { id, count } = await browser.json<{ id: string; count: number }>('/count', { method: 'POST' })
  expect(count).toBe(1)
  expect(browser.cookies.has(cookieName)).toBe(true)
  return { browser, id }
}

/** One kind of steady use of a session: a request to `path` every `every` ms (see STEADY_ACTIVITIES). */
export interface SteadyActivity {
  readonly method: string
  readonly path: string
  readonly writes: boolean
  readonly every: number
}

/**
 * Uses the session steadily for `duration` ms, advancing the fake clock by `activity.every` before each request,
 * and checks the session stays the same throughout (its count grows only when the activity writes).
 */
export async function keepUsing(browser: PolicyBrowser, activity: SteadyActivity, duration: number, advance: (ms: number) => void): Promise<void> {
  for (let step = 1; step <= duration / activity.every; step++) {
    advance(activity.every)
    const { count } = await browser.json<{ count: number | null }>(activity.path, { method: activity.method })
    expect(count, `${(step * activity.every) / 1000} s in`).toBe(activity.writes ? step + 1 : 1)
  }
}
