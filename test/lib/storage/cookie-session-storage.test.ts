import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { createCookieSessionStorage, type CookieSessionStorageOptions } from '../../../src/lib/storage/cookie-session-storage.ts'
import { deriveCookieKeys, sealCookieValue } from '../../../src/lib/storage/session-cookie-codec.ts'

const secret = 'cookie session storage test secret, 32+ bytes'
const oldSecret = 'an older cookie session secret of 32+ bytes'
let now = Date.parse('2026-01-01T00:00:00Z')

function storage(options: Partial<CookieSessionStorageOptions> = {}) {
  return createCookieSessionStorage({ secrets: secret, now: () => now, ...options })
}

async function cookieWith(data: Record<string, unknown>, options: Partial<CookieSessionStorageOptions> = {}): Promise<{ cookie: string; id: string }> {
  const s = storage(options)
  const session = await s.read(null)
  for (const [key, value] of Object.entries(data)) session.set(key, value)
  return { cookie: (await s.save(session)) as string, id: session.id }
}

describe('createCookieSessionStorage', () => {
  it('keeps the whole session in the cookie, unreadable to the client', async () => {
    const { cookie, id } = await cookieWith({ userId: 'mj', secretNote: 'hunter2' })
    expect(cookie).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
    expect(Buffer.from(cookie.slice(3), 'base64url').toString('latin1')).not.toMatch(/mj|hunter2/)
    const session = await storage().read(cookie)
    expect(session.id).toBe(id)
    expect(session.get('secretNote')).toBe('hunter2')
    expect(session.state).toBe('clean')
  })

  it('an unchanged session sends no cookie until less than half its ttl is left, then renews it', async () => {
    const s = storage({ ttl: 1000 })
    const { cookie } = await cookieWith({ a: 1 }, { ttl: 1000 })
    now += 400
    expect(await s.save(await s.read(cookie))).toBeNull()
    now += 200
    const renewed = await s.save(await s.read(cookie))
    expect(renewed).toMatch(/^v1\./)
    now += 600
    expect((await s.read(cookie)).state).toBe('new')
    expect((await s.read(renewed)).get('a')).toBe(1)
  })

  it('an expired cookie reads as a new session', async () => {
    const { cookie, id } = await cookieWith({ a: 1 }, { ttl: 1000 })
    now += 1000
    const session = await storage({ ttl: 1000 }).read(cookie)
    expect(session.state).toBe('new')
    expect(session.id).not.toBe(id)
  })

  it('rotation: the first secret encrypts, all decrypt; an old cookie is re-encrypted on its next save', async () => {
    const { cookie } = await cookieWith({ a: 1 }, { secrets: oldSecret })
    const rotated = storage({ secrets: [secret, oldSecret] })
    const session = await rotated.read(cookie)
    expect(session.get('a')).toBe(1)
    const reissued = await rotated.save(session)
    expect(reissued).toMatch(/^v1\./)
    expect((await storage({ secrets: secret }).read(reissued)).get('a')).toBe(1)
    expect((await storage({ secrets: secret }).read(cookie)).state).toBe('new')
  })

  it('a cookie sealed under one cookie name does not open under another', async () => {
    const { cookie } = await cookieWith({ a: 1 }, { cookieName: 'admin' })
    expect((await storage({ cookieName: 'admin' }).read(cookie)).get('a')).toBe(1)
    expect((await storage({ cookieName: 'user' }).read(cookie)).state).toBe('new')
  })

  it('save throws a sessionkit: error naming the size and the limit when the cookie would exceed 4096 bytes', async () => {
    const s = storage()
    const session = await s.read(null)
    session.set('big', 'x'.repeat(4000))
    await expect(s.save(session)).rejects.toThrow(/^sessionkit: the session cookie "__session" would be \d{4} bytes, over the 4096-byte limit .*createStoreSessionStorage/)
    expect(session.state).toBe('dirty')
    session.set('big', 'x'.repeat(2000))
    expect(await s.save(session)).toMatch(/^v1\./)
  })

  it('counts the cookie name toward the limit', async () => {
    const session = await storage().read(null)
    session.set('big', 'x'.repeat(2500))
    const value = (await storage().save(session)) as string
    const padding = 4096 - value.length - 1
    const atLimit = await storage({ cookieName: 'n'.repeat(padding) }).read(null)
    atLimit.set('big', 'x'.repeat(2500))
    expect(await storage({ cookieName: 'n'.repeat(padding) }).save(atLimit)).toHaveLength(value.length)
    const over = await storage({ cookieName: 'n'.repeat(padding + 1) }).read(null)
    over.set('big', 'x'.repeat(2500))
    await expect(storage({ cookieName: 'n'.repeat(padding + 1) }).save(over)).rejects.toThrow(/would be 4097 bytes/)
  })

  it('destroy returns the empty value that clears the cookie', async () => {
    const { cookie } = await cookieWith({ a: 1 })
    const session = await storage().read(cookie)
    session.destroy()
    expect(await storage().save(session)).toBe('')
  })

  it.each([
    ['no secrets', {}, /^sessionkit: option secrets is missing/],
    ['a short secret', { secrets: 'short' }, /^sessionkit: option secrets is invalid: a secret of 5 bytes, and at least 32 are needed/],
    ['one short secret among several', { secrets: [secret, 'short'] }, /^sessionkit: option secrets is invalid: a secret of 5 bytes/],
    ['a bad ttl', { secrets: secret, ttl: 0 }, /^sessionkit: option ttl is invalid: 0/],
    ['a bad cookie name', { secrets: secret, cookieName: 'a;b' }, /^sessionkit: option cookieName is invalid: "a;b"/],
    ['a bad clock', { secrets: secret, now: 5 }, /^sessionkit: option now is invalid: 5/],
  ])('%s throws a sessionkit: TypeError at creation', (_name, options, message) => {
    expect(() => createCookieSessionStorage(options as unknown as CookieSessionStorageOptions)).toThrow(message)
  })

  it('never prints a secret in its errors', () => {
    expect(() => createCookieSessionStorage({ secrets: 'tiny-secret' })).not.toThrow(/tiny-secret/)
  })
})

describe('createCookieSessionStorage: what it cannot do', () => {
  it('warns once that regenerateId(true) cannot retire the old session, as the cookie stays valid', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    try {
      const storage = createCookieSessionStorage({ secrets: 'a secret of at least thirty-two bytes!!' })
      const first = await storage.read(null)
      first.set('user', 'mj')
      const cookie = await storage.save(first)
      for (let i = 0; i < 2; i++) {
        const session = await storage.read(cookie)
        session.regenerateId(true)
        await storage.save(session)
      }
      const warnings = warn.mock.calls.filter(([, options]) => (options as { code?: string } | undefined)?.code === 'SESSIONKIT_COOKIE_STORAGE_CANNOT_REVOKE')
      expect(warnings).toHaveLength(1)
      expect(String(warnings[0]?.[0])).toMatch(/cannot retire the old session with cookie storage/)
    } finally {
      warn.mockRestore()
    }
  })
})

describe('createCookieSessionStorage: untrusted cookies (property-based)', () => {
  const s = storage()

  async function expectNewSession(cookie: string): Promise<void> {
    const session = await s.read(cookie)
    expect(session.state).toBe('new')
    expect(session.size).toBe(0)
  }

  it('random strings never throw and never decode', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string().map((tail) => `v1.${tail}`)), expectNewSession))
  })

  it('random base64url bodies behind the right prefix never decode', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 300 }), (bytes) => expectNewSession(`v1.${Buffer.from(bytes).toString('base64url')}`)))
  })

  it('a valid cookie with any one bit of its text flipped never decodes', async () => {
    const { cookie } = await cookieWith({ userId: 'mj', roles: ['admin'] })
    await fc.assert(
      fc.asyncProperty(fc.nat(cookie.length - 1), fc.nat(6), async (position, bit) => {
        const flipped = cookie.slice(0, position) + String.fromCharCode(cookie.charCodeAt(position) ^ (1 << bit)) + cookie.slice(position + 1)
        await expectNewSession(flipped)
      }),
    )
  })

  it('a valid cookie with any one bit of its sealed bytes flipped never decodes', async () => {
    const { cookie } = await cookieWith({ userId: 'mj' })
    const body = Buffer.from(cookie.slice(3), 'base64url')
    await fc.assert(
      fc.asyncProperty(fc.nat(body.length * 8 - 1), async (bit) => {
        const flipped = Buffer.from(body)
        flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7))
        await expectNewSession(`v1.${flipped.toString('base64url')}`)
      }),
    )
  })

  it('authentic cookies with any JSON inside never throw; only well-formed live payloads decode', async () => {
    const [key] = deriveCookieKeys([secret]) as [Buffer]
    await fc.assert(
      fc.asyncProperty(fc.json(), async (json) => {
        const session = await s.read(sealCookieValue(json, key, 'sessionkit cookie session v1 __session'))
        expect(['new', 'clean', 'dirty']).toContain(session.state)
      }),
    )
    const wellFormed = JSON.stringify({ i: 'abc', d: { a: 1 }, f: { notice: 'hi' }, e: now + 1000 })
    const session = await s.read(sealCookieValue(wellFormed, key, 'sessionkit cookie session v1 __session'))
    expect([session.id, session.get('a'), session.get('notice')]).toEqual(['abc', 1, 'hi'])
  })

  it.each([
    ['a wrong id type', { i: 5, d: {}, f: {}, e: Number.MAX_SAFE_INTEGER }],
    ['an id with unsafe characters', { i: '../../x', d: {}, f: {}, e: Number.MAX_SAFE_INTEGER }],
    ['data that is an array', { i: 'abc', d: [1], f: {}, e: Number.MAX_SAFE_INTEGER }],
    ['flash that is null', { i: 'abc', d: {}, f: null, e: Number.MAX_SAFE_INTEGER }],
    ['a missing expiry', { i: 'abc', d: {}, f: {} }],
    ['an expiry in the past', { i: 'abc', d: {}, f: {}, e: 0 }],
  ])('an authentic payload with %s reads as a new session', async (_name, payload) => {
    const [key] = deriveCookieKeys([secret]) as [Buffer]
    const session = await s.read(sealCookieValue(JSON.stringify(payload), key, 'sessionkit cookie session v1 __session'))
    expect(session.state).toBe('new')
  })
})
