import { serialize } from 'cookie'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatSetCookie, type SetCookieAttributes } from '../../../src/lib/core/set-cookie-header.ts'

const attributes = fc.record(
  {
    maxAge: fc.integer({ min: -10, max: 10_000_000 }),
    domain: fc.constantFrom('example.com', '.example.com', 'a-b.example.org'),
    path: fc.constantFrom('/', '/admin', '/a b', '/x}y'),
    expires: fc.date({ min: new Date(0), max: new Date(4102444800000), noInvalidDate: true }),
    httpOnly: fc.boolean(),
    secure: fc.boolean(),
    partitioned: fc.boolean(),
    priority: fc.constantFrom('low', 'Medium', 'HIGH'),
    sameSite: fc.constantFrom<boolean | string>(true, false, 'lax', 'Strict', 'none'),
  },
  { requiredKeys: [] },
)

describe('formatSetCookie', () => {
  it('writes exactly what the cookie package writes, for any attributes and value', () => {
    fc.assert(
      fc.property(fc.constantFrom('connect.sid', 'sid', '__Host-s'), fc.string(), attributes, (name, value, attrs) => {
        expect(formatSetCookie(name, value, attrs as SetCookieAttributes)).toBe(serialize(name, value, attrs as never))
      }),
      { numRuns: 2000 },
    )
  })

  it.each([
    ['name', 'bad name', {}, 'argument name is invalid: bad name'],
    ['domain', 'sid', { domain: 'exa mple.com' }, 'option domain is invalid: exa mple.com'],
    ['path', 'sid', { path: '/a;b' }, 'option path is invalid: /a;b'],
    ['expires', 'sid', { expires: new Date(Number.NaN) }, 'option expires is invalid'],
    ['maxAge', 'sid', { maxAge: 1.5 }, 'option maxAge is invalid: 1.5'],
    ['priority', 'sid', { priority: 'urgent' }, 'option priority is invalid: urgent'],
    ['sameSite', 'sid', { sameSite: 'sometimes' }, 'option sameSite is invalid: sometimes'],
  ])('rejects an invalid %s', (_attribute, name, attrs, message) => {
    expect(() => formatSetCookie(name, 'v', attrs as SetCookieAttributes)).toThrow(new TypeError(message))
  })

  it('still rejects an invalid path after a valid one was remembered', () => {
    expect(formatSetCookie('sid', 'v', { path: '/ok' })).toBe('sid=v; Path=/ok')
    expect(() => formatSetCookie('sid', 'v', { path: '/ok\n' })).toThrow('option path is invalid')
  })
})
