import { describe, expect, it } from 'vitest'
import { sessionEndHeadersOf, type SessionOutcome } from '../../../src/lib/core/session-end-headers.ts'

const QUIET: SessionOutcome = { cookieSent: false, destroyed: false, refused: false, sessionRead: false }
const ALL_ON = { clearCookieOnDestroy: true, clearSiteData: '"cookies"', noStore: true }
const ALL_OFF = { clearCookieOnDestroy: false, clearSiteData: undefined, noStore: false }

describe('sessionEndHeadersOf', () => {
  it.each([
    { case: 'nothing happened', outcome: {}, expected: { clearCookie: false, clearSiteData: undefined, noStore: false } },
    { case: 'a session was read', outcome: { sessionRead: true }, expected: { clearCookie: false, clearSiteData: undefined, noStore: true } },
    { case: 'a cookie is sent', outcome: { cookieSent: true }, expected: { clearCookie: false, clearSiteData: undefined, noStore: true } },
    { case: 'a logout', outcome: { destroyed: true, sessionRead: true }, expected: { clearCookie: true, clearSiteData: '"cookies"', noStore: true } },
    { case: 'a logout, then a new session', outcome: { destroyed: true, cookieSent: true }, expected: { clearCookie: false, clearSiteData: undefined, noStore: true } },
    { case: 'a refused cookie', outcome: { refused: true }, expected: { clearCookie: true, clearSiteData: undefined, noStore: true } },
    { case: 'a refused cookie replaced by a new one', outcome: { refused: true, cookieSent: true }, expected: { clearCookie: false, clearSiteData: undefined, noStore: true } },
  ])('with every option on: $case', ({ outcome, expected }) => {
    expect(sessionEndHeadersOf({ ...QUIET, ...outcome }, ALL_ON)).toEqual(expected)
  })

  it.each([
    { case: 'a logout', outcome: { destroyed: true, sessionRead: true }, expected: { clearCookie: false, clearSiteData: undefined, noStore: false } },
    { case: 'a refused cookie', outcome: { refused: true }, expected: { clearCookie: true, clearSiteData: undefined, noStore: false } },
    { case: 'a cookie is sent', outcome: { cookieSent: true, sessionRead: true }, expected: { clearCookie: false, clearSiteData: undefined, noStore: false } },
  ])("with express-session's defaults (nothing extra): $case", ({ outcome, expected }) => {
    expect(sessionEndHeadersOf({ ...QUIET, ...outcome }, ALL_OFF)).toEqual(expected)
  })
})
