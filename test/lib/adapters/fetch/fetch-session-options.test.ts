import { describe, expect, it } from 'vitest'
import { createFetchSessions } from '../../../../src/lib/adapters/fetch/fetch-sessions.ts'
import type { FetchSessionsOptions } from '../../../../src/lib/adapters/fetch/fetch-session-options.ts'
import { createCookieSessionStorage } from '../../../../src/lib/storage/cookie-session-storage.ts'

const storage = createCookieSessionStorage({ secrets: 'fetch face options secret, 32 bytes or more' })
const create = (options: unknown) => () => createFetchSessions(options as FetchSessionsOptions)

describe('createFetchSessions checks its options at once', () => {
  it.each([
    { options: undefined, message: 'sessionkit: createFetchSessions(options) needs options with a storage, got undefined' },
    { options: {}, message: 'sessionkit: option storage is invalid: undefined. Pass a session storage' },
    { options: { storage: { get() {} } }, message: 'sessionkit: option storage is invalid: object Object' },
    { options: { storage, cookie: 'sid' }, message: 'sessionkit: option cookie is invalid: "sid"' },
    { options: { storage, cookie: { name: 'my session' } }, message: 'sessionkit: option cookie.name is invalid: "my session"' },
    { options: { storage, cookie: { path: 'app' } }, message: 'sessionkit: option cookie.path is invalid: "app"' },
    { options: { storage, cookie: { domain: 'bad domain!' } }, message: 'sessionkit: option cookie is invalid: option domain is invalid: bad domain!' },
    { options: { storage, cookie: { maxAge: -1 } }, message: 'sessionkit: option cookie.maxAge is invalid: -1' },
    { options: { storage, cookie: { maxAge: 1.5 } }, message: 'sessionkit: option cookie.maxAge is invalid: 1.5' },
    { options: { storage, cookie: { secure: 'yes' } }, message: `sessionkit: option cookie.secure is invalid: "yes". Pass true, false or 'auto'.` },
    { options: { storage, cookie: { sameSite: 'Lax' } }, message: `sessionkit: option cookie.sameSite is invalid: "Lax". Pass one of 'lax', 'strict', 'none'.` },
    { options: { storage, cookie: { priority: 'urgent' } }, message: 'sessionkit: option cookie.priority is invalid: "urgent"' },
    { options: { storage, cookie: { httpOnly: 'true' } }, message: 'sessionkit: option cookie.httpOnly is invalid: "true". Pass true or false.' },
    { options: { storage, trustProxy: 1 }, message: 'sessionkit: option trustProxy is invalid: 1' },
    { options: { storage, rolling: 'no' }, message: 'sessionkit: option rolling is invalid: "no"' },
    // The cookie prefixes and SameSite=None, as browsers enforce them.
    { options: { storage, cookie: { name: '__Host-sid', secure: false } }, message: 'sessionkit: option cookie.secure is invalid: false, but the cookie must be Secure because its name starts with __Host-' },
    { options: { storage, cookie: { name: '__Host-sid', path: '/app' } }, message: 'sessionkit: option cookie.name is invalid: "__Host-sid" with path "/app". Browsers accept a __Host- cookie only with Path=/ and no Domain' },
    { options: { storage, cookie: { name: '__Host-sid', domain: 'app.test' } }, message: 'sessionkit: option cookie.name is invalid: "__Host-sid" with domain "app.test"' },
    { options: { storage, cookie: { name: '__Secure-sid', secure: false } }, message: 'because its name starts with __Secure-' },
    { options: { storage, cookie: { sameSite: 'none', secure: false } }, message: 'because it is SameSite=None' },
    { options: { storage, cookie: { partitioned: true, secure: false } }, message: 'because it is Partitioned' },
  ])('$message', ({ options, message }) => {
    expect(create(options)).toThrow(TypeError)
    expect(create(options)).toThrow(message)
  })

  it.each([
    { cookie: { name: '__Host-sid' } },
    { cookie: { name: '__Host-sid', secure: true, path: '/' } },
    { cookie: { name: '__Secure-sid', secure: true, path: '/app', domain: 'app.test' } },
    { cookie: { sameSite: 'none', secure: 'auto' } },
    { cookie: { maxAge: null, partitioned: true, secure: true } },
  ])('accepts $cookie', ({ cookie }) => {
    expect(create({ storage, cookie })).not.toThrow()
  })

  it('wrap needs a function', () => {
    expect(() => createFetchSessions({ storage }).wrap('handler' as never)).toThrow('sessionkit: sessions.wrap(handler) needs a function')
  })
})
