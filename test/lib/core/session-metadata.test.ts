import { describe, expect, it } from 'vitest'
import { metadataOfStoredCookie, storedMetadataOf, userAgentHashOf, type SessionMetadata } from '../../../src/lib/core/session-metadata.ts'

const ISO = '2026-01-15T12:00:00.000Z'
const TIME = Date.parse(ISO)

describe('metadataOfStoredCookie', () => {
  it.each<[string, unknown, SessionMetadata]>([
    ['all fields', { createdAt: ISO, lastSeenAt: ISO, userAgent: 'abc' }, { createdAt: TIME, lastSeenAt: TIME, userAgent: 'abc' }],
    ['beside the cookie settings', { originalMaxAge: 1000, expires: ISO, path: '/', createdAt: ISO }, { createdAt: TIME }],
    ['Date objects (a store that revives dates)', { createdAt: new Date(TIME), lastSeenAt: new Date(TIME) }, { createdAt: TIME, lastSeenAt: TIME }],
    ['none recorded (stored before the policies)', { originalMaxAge: null, path: '/' }, {}],
    ['not a date', { createdAt: 'yesterday', lastSeenAt: '' }, {}],
    ['an invalid Date', { createdAt: new Date(Number.NaN) }, {}],
    ['numbers are not the stored format', { createdAt: TIME, lastSeenAt: TIME }, {}],
    ['a user agent that is not a string', { userAgent: 42 }, {}],
    ['null', null, {}],
    ['undefined', undefined, {}],
    ['a string', 'cookie', {}],
    ['an array', [ISO], {}],
  ])('%s', (_case, cookie, metadata) => {
    expect(metadataOfStoredCookie(cookie)).toEqual(metadata)
  })
})

describe('storedMetadataOf', () => {
  it.each<[string, SessionMetadata, Record<string, string>]>([
    ['all fields as ISO dates', { createdAt: TIME, lastSeenAt: TIME + 1, userAgent: 'abc' }, { createdAt: ISO, lastSeenAt: '2026-01-15T12:00:00.001Z', userAgent: 'abc' }],
    ['only what was recorded', { createdAt: TIME }, { createdAt: ISO }],
    ['nothing', {}, {}],
  ])('%s', (_case, metadata, stored) => {
    expect(storedMetadataOf(metadata)).toEqual(stored)
  })

  it('round-trips through a JSON store', () => {
    const metadata: SessionMetadata = { createdAt: TIME, lastSeenAt: TIME + 123, userAgent: userAgentHashOf('Browser A') }
    expect(metadataOfStoredCookie(JSON.parse(JSON.stringify(storedMetadataOf(metadata))))).toEqual(metadata)
  })
})

describe('userAgentHashOf', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0'],
    [''],
    ['a'.repeat(10_000)],
  ])('is 22 characters of base64url (16 bytes), never the header: %#', (userAgent) => {
    const hash = userAgentHashOf(userAgent)
    expect(hash).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(hash).not.toContain(userAgent || 'not-empty')
    expect(userAgentHashOf(userAgent)).toBe(hash)
  })

  it('tells user agents apart', () => {
    expect(userAgentHashOf('Browser A')).not.toBe(userAgentHashOf('Browser B'))
    expect(userAgentHashOf('Browser A')).not.toBe(userAgentHashOf('browser a'))
  })

  it('treats a missing header as an empty one', () => {
    expect(userAgentHashOf(undefined)).toBe(userAgentHashOf(''))
    expect(userAgentHashOf(null)).toBe(userAgentHashOf(''))
  })
})
