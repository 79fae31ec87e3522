import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFetchSessions } from '../../../../src/lib/adapters/fetch/fetch-sessions.ts'
import type { FetchSessionsOptions } from '../../../../src/lib/adapters/fetch/fetch-session-options.ts'
import { createCookieSessionStorage } from '../../../../src/lib/storage/cookie-session-storage.ts'

// Collected over the whole file: the warning is emitted once per process (each test file gets fresh modules).
const warnings: Error[] = []
const onWarning = (warning: Error) => warnings.push(warning)
const ours = () => warnings.filter((w) => (w as Error & { code?: string }).code === 'SESSIONKIT_SECURE_COOKIE_OVER_HTTP')
const settle = () => new Promise((resolve) => setImmediate(resolve))
beforeAll(() => {
  process.on('warning', onWarning)
})
afterAll(() => {
  process.off('warning', onWarning)
  expect(ours()).toHaveLength(1)
})

const storage = createCookieSessionStorage({ secrets: 'fetch face secure cookie secret, 32 bytes or more' })
function handlerWith(options: Omit<FetchSessionsOptions, 'storage'>) {
  return createFetchSessions({ storage, ...options }).wrap(async (_request, { session }) => {
    ;(await session()).set('user', 'alice')
    return new Response('ok')
  })
}
const setCookieOf = async (handler: (request: Request) => Promise<Response>, url: string, headers: Record<string, string> = {}) =>
  (await handler(new Request(url, { headers }))).headers.getSetCookie()[0]

describe("secure: 'auto' (the default)", () => {
  it.each([
    { request: 'http://app.test/', headers: {}, trustProxy: false, secure: false },
    { request: 'https://app.test/', headers: {}, trustProxy: false, secure: true },
    { request: 'http://app.test/', headers: { 'x-forwarded-proto': 'https' }, trustProxy: false, secure: false },
    { request: 'http://app.test/', headers: { 'x-forwarded-proto': 'https, http' }, trustProxy: true, secure: true },
    { request: 'http://app.test/', headers: { 'x-forwarded-proto': 'http' }, trustProxy: true, secure: false },
  ])('$request with $headers, trustProxy $trustProxy: Secure $secure', async ({ request, headers, trustProxy, secure }) => {
    const header = await setCookieOf(handlerWith({ trustProxy }), request, headers as Record<string, string>)
    expect(header).toBeDefined()
    expect(header?.includes('; Secure')).toBe(secure)
  })
})

describe('a cookie that must be Secure on a plain-HTTP request', () => {
  it.each([
    { name: 'secure: true', options: { cookie: { secure: true } } },
    { name: "a __Host- name with secure 'auto'", options: { cookie: { name: '__Host-sid' } } },
  ])('$name: withheld, with a process warning once (with the fixes)', async ({ options }) => {
    const handler = handlerWith(options)
    expect(await setCookieOf(handler, 'http://app.test/')).toBeUndefined()
    expect(await setCookieOf(handler, 'http://app.test/')).toBeUndefined()
    await settle()
    expect(ours()).toHaveLength(1)
    const message = ours()[0]!.message
    expect(message).toMatch(/^sessionkit: the session cookie "(__session|__Host-sid)" was not sent because it/)
    expect(message).toContain('trustProxy: true')
    expect(message).toContain("cookie.secure to 'auto'")
    expect(message).toContain('HTTPS locally')
  })

  it('a __Host- cookie over HTTPS is sent with Secure, Path=/ and no Domain', async () => {
    const header = await setCookieOf(handlerWith({ cookie: { name: '__Host-sid' } }), 'https://app.test/')
    expect(header).toMatch(/^__Host-sid=[^;]+; Max-Age=86400; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/)
  })
})
