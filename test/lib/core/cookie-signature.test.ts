import fc from 'fast-check'
import cookieSignature from 'cookie-signature'
import { describe, expect, it } from 'vitest'
import { signValue, unsignValue } from '../../../src/lib/core/cookie-signature.ts'

describe('signValue', () => {
  it('produces the cookie-signature format express-session writes (test vector)', () => {
    expect(signValue('apple', 'keyboard cat')).toBe('apple.D8Y+pkTAmeR0PobOhY4G97PRW+j7bUnP/5m6/On1MCU')
  })

  it('signs with Buffer secrets as with the same string', () => {
    expect(signValue('apple', Buffer.from('keyboard cat'))).toBe(signValue('apple', 'keyboard cat'))
  })

  it('agrees with the cookie-signature package for any value and secret', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (value, secret) => {
        expect(signValue(value, secret)).toBe(cookieSignature.sign(value, secret))
      }),
    )
  })
})

describe('unsignValue', () => {
  it('returns the value when the signature verifies', () => {
    expect(unsignValue(signValue('apple', 'keyboard cat'), ['keyboard cat'])).toBe('apple')
  })

  it('verifies with any secret of the list (rotation)', () => {
    const signed = signValue('apple', 'old secret')
    expect(unsignValue(signed, ['new secret', 'old secret'])).toBe('apple')
    expect(unsignValue(signed, ['new secret'])).toBe(false)
  })

  it.each([
    ['a tampered value', 'applf.D8Y+pkTAmeR0PobOhY4G97PRW+j7bUnP/5m6/On1MCU'],
    ['a tampered mac', 'apple.D8Y+pkTAmeR0PobOhY4G97PRW+j7bUnP/5m6/On1MCV'],
    ['a truncated mac', 'apple.D8Y+pkTAmeR0PobOhY4G97PRW+j7bUnP/5m6/On1MC'],
    ['a padded mac', 'apple.D8Y+pkTAmeR0PobOhY4G97PRW+j7bUnP/5m6/On1MCU='],
    ['no dot', 'apple'],
    ['an empty value', '.D8Y+pkTAmeR0PobOhY4G97PRW+j7bUnP/5m6/On1MCU'],
    ['an empty string', ''],
  ])('rejects %s', (_case, signed) => {
    expect(unsignValue(signed, ['keyboard cat'])).toBe(false)
  })

  it('never throws and only accepts what was signed with the secret', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        const result = unsignValue(input, ['keyboard cat'])
        if (result !== false) expect(signValue(result, 'keyboard cat')).toBe(input)
      }),
      { numRuns: 2000 },
    )
  })

  it('round-trips any value', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (value, secret) => {
        expect(unsignValue(signValue(value, secret), [secret])).toBe(value)
      }),
    )
  })
})
