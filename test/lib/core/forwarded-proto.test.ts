import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { forwardedProtoIsHttps } from '../../../src/lib/core/forwarded-proto.ts'

describe('forwardedProtoIsHttps', () => {
  it.each([
    { header: 'https', expected: true },
    { header: 'HTTPS', expected: true },
    { header: ' https , http', expected: true },
    { header: 'http, https', expected: false },
    { header: 'http', expected: false },
    { header: '', expected: false },
    { header: null, expected: false },
    { header: undefined, expected: false },
    { header: 'httpsx', expected: false },
  ])('$header → $expected', ({ header, expected }) => {
    expect(forwardedProtoIsHttps(header)).toBe(expected)
  })

  it('only the first value counts, whatever follows it', () => {
    fc.assert(
      fc.property(fc.constantFrom('https', 'http', 'wss'), fc.string(), (first, rest) => {
        expect(forwardedProtoIsHttps(`${first},${rest}`)).toBe(first === 'https')
      }),
    )
  })
})
