import { parse } from 'cookie'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RecentVerifications } from '../../../../src/lib/core/recent-verifications.ts'
import { readSessionCookie, signSessionId, type SessionCookie } from '../../../../src/lib/adapters/express/signed-session-cookie.ts'
import type { SessionRequest } from '../../../../src/lib/adapters/express/session-request.ts'

function requestWith(cookie: string | undefined, extra: Partial<SessionRequest> = {}): SessionRequest {
  return { headers: cookie === undefined ? {} : { cookie }, ...extra } as SessionRequest
}

const secrets = ['keyboard cat']

describe('signSessionId', () => {
  it("is express-session's cookie value (test vector)", () => {
    expect(encodeURIComponent(signSessionId('apple', 'keyboard cat'))).toBe('s%3Aapple.D8Y%2BpkTAmeR0PobOhY4G97PRW%2Bj7bUnP%2F5m6%2FOn1MCU')
  })
})

describe('readSessionCookie', () => {
  it('reads the id of a signed cookie among others, and keeps the value signed with the current secret', () => {
    const header = `a=1; connect.sid=${encodeURIComponent(signSessionId('apple', 'keyboard cat'))}; b=2`
    expect(readSessionCookie(requestWith(header), 'connect.sid', secrets)).toEqual({ sid: 'apple', signedWithCurrentSecret: signSessionId('apple', 'keyboard cat') })
  })

  it('verifies with any of the rotated secrets', () => {
    const header = `connect.sid=${encodeURIComponent(signSessionId('apple', 'old'))}`
    expect(readSessionCookie(requestWith(header), 'connect.sid', ['new', 'old'])).toEqual({ sid: 'apple', signedWithCurrentSecret: undefined })
  })

  it.each([
    ['no cookie header', undefined],
    ['an unsigned id', 'connect.sid=apple'],
    ['a tampered id', `connect.sid=${encodeURIComponent(signSessionId('apple', 'keyboard cat')).replace('apple', 'apples')}`],
    ['another secret', `connect.sid=${encodeURIComponent(signSessionId('apple', 'other'))}`],
    ['a malformed encoding', 'connect.sid=s%3Aapple.%E0%A4%A'],
    ['an empty value', 'connect.sid='],
  ])('rejects %s', (_case, header) => {
    expect(readSessionCookie(requestWith(header), 'connect.sid', secrets)).toBeUndefined()
  })

  it("accepts cookie-parser's verified req.signedCookies, and req.cookies only when signed", () => {
    expect(readSessionCookie(requestWith(undefined, { signedCookies: { 'connect.sid': 'apple' } }), 'connect.sid', secrets)?.sid).toBe('apple')
    expect(readSessionCookie(requestWith(undefined, { cookies: { 'connect.sid': signSessionId('apple', 'keyboard cat') } }), 'connect.sid', secrets)?.sid).toBe('apple')
    expect(readSessionCookie(requestWith(undefined, { cookies: { 'connect.sid': 'apple' } }), 'connect.sid', secrets)).toBeUndefined()
    expect(readSessionCookie(requestWith(undefined, { signedCookies: { 'connect.sid': false } }), 'connect.sid', secrets)).toBeUndefined()
    expect(readSessionCookie(requestWith(undefined, { signedCookies: { 'connect.sid': { j: 1 } } }), 'connect.sid', secrets)).toBeUndefined()
  })

  it('remembers values that verified, and only those, as the request sent them (URI-encoded)', () => {
    const recent = new RecentVerifications<SessionCookie>()
    const good = signSessionId('apple', 'keyboard cat')
    const bad = good.replace('apple', 'apples')
    expect(readSessionCookie(requestWith(`connect.sid=${encodeURIComponent(bad)}`), 'connect.sid', secrets, recent)).toBeUndefined()
    expect(recent.get(encodeURIComponent(bad))).toBeUndefined()
    const first = readSessionCookie(requestWith(`connect.sid=${encodeURIComponent(good)}`), 'connect.sid', secrets, recent)
    expect(recent.get(encodeURIComponent(good))).toBe(first)
    expect(first?.signedWithCurrentSecret).toBe(good)
    expect(readSessionCookie(requestWith(`connect.sid=${encodeURIComponent(good)}`), 'connect.sid', secrets, recent)).toBe(first)
  })

  it('never throws and never accepts an id that was not signed with the secret, whatever the header', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => `connect.sid=s%3A${s}`), fc.string().map((s) => `connect.sid=${s}`)), (header) => {
        const sid = readSessionCookie(requestWith(header), 'connect.sid', secrets)?.sid
        if (sid !== undefined) expect(parse(header)['connect.sid']).toBe(signSessionId(sid, 'keyboard cat'))
      }),
      { numRuns: 5000 },
    )
  })

  it('finds any signed id again in a header of random other cookies', () => {
    const cookieName = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter((name) => name !== 'connect')
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.array(fc.tuple(cookieName, fc.stringMatching(/^[A-Za-z0-9]*$/))), (sid, others) => {
        const own = `connect.sid=${encodeURIComponent(signSessionId(sid, 'keyboard cat'))}`
        const header = [...others.map(([k, v]) => `${k}=${v}`), own].join('; ')
        expect(readSessionCookie(requestWith(header), 'connect.sid', secrets)?.sid).toBe(sid)
      }),
    )
  })
})
