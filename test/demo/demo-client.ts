// Drives the demo app over HTTP with supertest the way a browser would: it keeps cookies, and fills in the
// CSRF token of the form it posts from a page it has just loaded.
import type { Express } from 'express'
import request from 'supertest'
import { createDemoApp, type DemoAppOptions } from '../../examples/demo/app.js'

export const SECRET = 'test-secret'
export const PASSWORD = 'correct horse battery'

/** The `demo.sid` Set-Cookie header of a response, if any. */
export function sessionSetCookie(res: request.Response): string | undefined {
  const header = res.headers['set-cookie'] as unknown as string[] | string | undefined
  const list = header === undefined ? [] : Array.isArray(header) ? header : [header]
  return list.find((c) => c.startsWith('demo.sid='))
}

/** The value of the `demo.sid` cookie a response sets. */
export function sessionCookieValue(res: request.Response): string | undefined {
  return sessionSetCookie(res)?.split(';')[0]?.slice('demo.sid='.length)
}

/** The CSRF token in a page's forms. */
export function csrfTokenIn(html: string): string {
  const token = /name="_csrf" value="([^"]*)"/.exec(html)?.[1]
  if (!token) throw new Error('the page has no form with a CSRF token')
  return token
}

/** The flash messages of a page, as `type: text` (HTML-escaped text as sent). */
export function flashesIn(html: string): string[] {
  return [...html.matchAll(/<p class="flash flash-([\w-]+)" role="\w+">([^<]*)<\/p>/g)].map((m) => `${m[1]}: ${m[2]}`)
}

/** The `device` handles of the Revoke forms on the devices page. */
export function revokeHandlesIn(html: string): string[] {
  return [...html.matchAll(/name="device" value="([^"]*)"/g)].map((m) => m[1] as string)
}

/** A visitor with a cookie jar. */
export class DemoClient {
  readonly agent: ReturnType<typeof request.agent>

  constructor(
    readonly app: Express,
    readonly userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    /** Sent with every request, such as X-Forwarded-For. */
    readonly headers: Record<string, string> = {},
  ) {
    this.agent = request.agent(app)
  }

  get(path: string): request.Test {
    return this.agent.get(path).set({ ...this.headers, 'User-Agent': this.userAgent })
  }

  /** Loads `formPage`, then posts `fields` to `path` with the page's CSRF token (unless `fields` has `_csrf`). */
  async post(path: string, fields: Record<string, string> = {}, formPage = '/about'): Promise<request.Response> {
    const _csrf = fields._csrf ?? csrfTokenIn((await this.get(formPage).expect(200)).text)
    return this.agent.post(path).set({ ...this.headers, 'User-Agent': this.userAgent }).type('form').send({ _csrf, ...fields })
  }

  /** Signs up (which logs in) and checks it worked. */
  async signUp(email: string, password = PASSWORD): Promise<request.Response> {
    const res = await this.post('/signup', { email, password }, '/signup')
    if (res.status !== 303 || res.headers.location !== '/') throw new Error(`sign-up of ${email} failed: ${res.status} ${res.headers.location}`)
    return res
  }

  /** Logs in and checks it worked. */
  async logIn(email: string, password = PASSWORD): Promise<request.Response> {
    const res = await this.post('/login', { email, password }, '/login')
    if (res.status !== 303 || res.headers.location !== '/') throw new Error(`login of ${email} failed: ${res.status} ${res.headers.location}`)
    return res
  }
}

/** A demo app on sessionkit's memory store and in-memory accounts. */
export function memoryDemoApp(options: DemoAppOptions = {}): Express {
  return createDemoApp({ secret: SECRET, ...options })
}
