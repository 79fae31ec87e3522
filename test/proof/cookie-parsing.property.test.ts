import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readSessionCookie, type SessionCookie } from '../../src/lib/adapters/express/signed-session-cookie.ts'
import type { SessionRequest } from '../../src/lib/adapters/express/session-request.ts'
import { MAX_COOKIE_CANDIDATES, requestCookieValues } from '../../src/lib/adapters/fetch/request-cookie-values.ts'
import { RecentVerifications } from '../../src/lib/core/recent-verifications.ts'
import { anyString, hostileCookieHeader, hostileCookieValue, sessionIdLike, signedCookieValue } from './support/cookie-arbitraries.ts'

/**
 * Cookie parsing of both faces under arbitrary input, 100,000 generated cases per parser: the express face's
 * readSessionCookie (Cookie header → verified session id) and the Fetch face's requestCookieValues (Cookie
 * header → candidate values). No exception escapes, and only a correctly signed value ever yields an id.
 */

// PROOF_PROPERTY_RUNS scales it down for a quick local loop; the proof is the default.
const RUNS = Number(process.env.PROOF_PROPERTY_RUNS ?? 100_000)
const NAME = 'connect.sid'
const SECRET = 'property secret'
const SECRETS = [SECRET, 'older secret']

// Generating 40-pair headers with values of up to 8 KiB takes a while on this machine.
const TIMEOUT = 60_000

const requestWith = (cookie: string | undefined): SessionRequest => ({ headers: cookie === undefined ? {} : { cookie } }) as unknown as SessionRequest

describe(`readSessionCookie (express face) on arbitrary Cookie headers: ${RUNS.toLocaleString('en')} cases over its tests`, () => {
  it('never throws and never accepts a value that is not correctly signed', () => {
    // One cache for the whole run, as the middleware keeps one: it must not let anything through either.
    const recent = new RecentVerifications<SessionCookie>()
    fc.assert(
      fc.property(fc.oneof({ weight: 9, arbitrary: hostileCookieHeader(NAME, SECRET) }, anyString(400)), (header) => {
        expect(readSessionCookie(requestWith(header), NAME, SECRETS, recent)).toBeUndefined()
      }),
      { numRuns: Math.round(RUNS * 0.6) },
    )
  }, TIMEOUT)

  it('finds the id of a correctly signed cookie that comes first among same-named hostile ones, whatever follows', () => {
    const recent = new RecentVerifications<SessionCookie>()
    fc.assert(
      fc.property(
        sessionIdLike,
        fc.constantFrom(0, 1),
        fc.array(hostileCookieValue(SECRET, 2048), { maxLength: 10 }),
        fc.array(fc.string({ unit: 'grapheme-ascii', maxLength: 20 }).map((v) => `other=${v.replace(/[;=]/g, '')}`), { maxLength: 4 }),
        (id, secretIndex, followers, others) => {
          const value = signedCookieValue(id, SECRETS[secretIndex] as string)
          const header = [...others, `${NAME}=${encodeURIComponent(value)}`, ...followers.map((v) => `${NAME}=${v}`)].join('; ')
          const found = readSessionCookie(requestWith(header), NAME, SECRETS, recent)
          expect(found?.sid).toBe(id)
          // Only a value signed with the current secret is reused as the outgoing cookie.
          expect(found?.signedWithCurrentSecret).toBe(secretIndex === 0 ? value : undefined)
        },
      ),
      { numRuns: Math.round(RUNS * 0.2) },
    )
  }, TIMEOUT)

  it('ignores a correctly signed cookie that a hostile same-named one precedes (the first one counts, as in express-session)', () => {
    fc.assert(
      fc.property(sessionIdLike, hostileCookieValue(SECRET, 2048), (id, first) => {
        const header = `${NAME}=${first}; ${NAME}=${encodeURIComponent(signedCookieValue(id, SECRET))}`
        const found = readSessionCookie(requestWith(header), NAME, SECRETS)
        // The first value may decode to nothing (an empty or quoted-empty value), and then the parser moves on.
        if (found !== undefined) expect(found.sid).toBe(id)
      }),
      { numRuns: Math.round(RUNS * 0.1) },
    )
  }, TIMEOUT)

  it("never throws on what cookie-parser left in req.cookies / req.signedCookies, and never accepts an unsigned req.cookies value", () => {
    fc.assert(
      fc.property(fc.anything(), fc.oneof(hostileCookieValue(SECRET, 1024), anyString(60)), (signedCookies, cookieValue) => {
        const req = { headers: {}, signedCookies: { [NAME]: signedCookies }, cookies: { [NAME]: cookieValue } } as unknown as SessionRequest
        const found = readSessionCookie(req, NAME, SECRETS)
        // cookie-parser already verified signedCookies: a non-empty string there is trusted, as express-session does.
        if (typeof signedCookies === 'string' && signedCookies.length > 0) expect(found?.sid).toBe(signedCookies)
        else expect(found).toBeUndefined()
      }),
      { numRuns: Math.round(RUNS * 0.1) },
    )
  }, TIMEOUT)
})

/** What requestCookieValues must return for a header built from `pairs` (values without `;`): the oracle. */
function expectedValues(pairs: Array<[string, string]>, name: string): string[] {
  const values: string[] = []
  for (const [pairName, raw] of pairs) {
    if (pairName.trim() !== name) continue
    let value = raw.trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    if (value.includes('%')) {
      try {
        value = decodeURIComponent(value)
      } catch {
        // kept raw, as the cookie package does
      }
    }
    if (value !== '' && !values.includes(value)) values.push(value)
  }
  return values.slice(0, MAX_COOKIE_CANDIDATES)
}

describe(`requestCookieValues (Fetch face) on arbitrary Cookie headers: ${RUNS.toLocaleString('en')} cases over its tests`, () => {
  it(`never throws and returns at most ${MAX_COOKIE_CANDIDATES} distinct non-empty strings`, () => {
    fc.assert(
      fc.property(fc.oneof({ weight: 4, arbitrary: hostileCookieHeader(NAME, SECRET) }, anyString(400), fc.constant(null)), (header) => {
        const values = requestCookieValues(header, NAME)
        expect(values.length).toBeLessThanOrEqual(MAX_COOKIE_CANDIDATES)
        expect(new Set(values).size).toBe(values.length)
        for (const value of values) expect(typeof value === 'string' && value.length > 0).toBe(true)
      }),
      { numRuns: Math.round(RUNS * 0.7) },
    )
  }, TIMEOUT)

  it('returns exactly the first distinct decoded values of the pairs with that name, in header order', () => {
    const pairName = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(NAME, ` ${NAME}`, `${NAME} `) }, fc.string({ unit: 'grapheme-ascii', maxLength: 10 }).map((n) => n.replace(/[;=]/g, '')))
    const pairValue = fc.oneof(hostileCookieValue(SECRET, 512), anyString(30)).map((v) => v.replace(/;/g, ''))
    fc.assert(
      fc.property(fc.array(fc.tuple(pairName, pairValue), { maxLength: 12 }), (pairs) => {
        const header = pairs.map(([n, v]) => `${n}=${v}`).join(';')
        expect(requestCookieValues(header, NAME)).toEqual(expectedValues(pairs, NAME))
      }),
      { numRuns: Math.round(RUNS * 0.3) },
    )
  }, TIMEOUT)
})
