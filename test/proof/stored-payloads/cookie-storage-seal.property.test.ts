import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parsePayload } from '../../../src/lib/storage/cookie-session-payload.ts'
import { deriveCookieKeys, openCookieValue, sealCookieValue } from '../../../src/lib/storage/session-cookie-codec.ts'
import { anyString, mutationOf } from '../support/cookie-arbitraries.ts'
import { isPlainObject, PROPERTY_TIMEOUT, RUNS } from '../support/decoded-shapes.ts'
import { jsonishText, trickyJsonValue } from '../support/payload-arbitraries.ts'

/**
 * Stored-payload decoding under corrupt input: sealed cookies of the cookie storage. 100,000 generated cases for
 * this decoder over the tests below. Stored data is untrusted (a damaged file, a hand-edited row, another
 * program's key): the decoder answers "corrupt" and never throws, and what it returns has the shape its callers rely on.
 */

describe('sealed cookies of the cookie storage (storage/session-cookie-codec.ts + cookie-session-payload.ts)', () => {
  const keys = deriveCookieKeys(['cookie storage secret', 'older secret'])
  const context = '__session'

  it('never opens an arbitrary or tampered value, and never throws', () => {
    const sealed = sealCookieValue(JSON.stringify({ i: 'abc', d: {}, f: {}, e: Date.now() + 60_000 }), keys[0] as Buffer, context)
    fc.assert(
      fc.property(fc.oneof(anyString(200), mutationOf(sealed), fc.stringMatching(/^v1\.[A-Za-z0-9_-]{0,120}$/)), (value) => {
        expect(openCookieValue(value, keys, context)).toBeUndefined()
      }),
      { numRuns: Math.round(RUNS * 0.4) },
    )
  }, PROPERTY_TIMEOUT)

  it('never throws on arbitrary opened plaintext; accepts only a well-formed, unexpired payload', () => {
    const payload = fc.record({ i: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,130}$/), trickyJsonValue), d: trickyJsonValue, f: trickyJsonValue, e: fc.oneof(fc.integer(), fc.double(), trickyJsonValue) }, { requiredKeys: [] })
    fc.assert(
      fc.property(jsonishText(payload), (plaintext) => {
        const parsed = parsePayload(plaintext, 1_000)
        if (parsed === undefined) return
        expect(parsed.id).toMatch(/^[A-Za-z0-9_-]{1,128}$/)
        expect(isPlainObject(parsed.data)).toBe(true)
        expect(parsed.expiresAt).toBeGreaterThan(1_000)
        expect(Array.isArray(parsed.flash)).toBe(true)
      }),
      { numRuns: Math.round(RUNS * 0.5) },
    )
  }, PROPERTY_TIMEOUT)

  it('opens what it sealed, with the key that sealed it', () => {
    fc.assert(
      // Never empty: a payload is a JSON object (see the expected failure below for the empty string).
      fc.property(anyString(200).filter((p) => p !== ''), fc.constantFrom(0, 1), (plaintext, keyIndex) => {
        const opened = openCookieValue(sealCookieValue(plaintext, keys[keyIndex] as Buffer, context), keys, context)
        expect(opened).toEqual({ plaintext: Buffer.from(plaintext, 'utf8').toString('utf8'), keyIndex })
      }),
      { numRuns: Math.round(RUNS * 0.1) },
    )
  }, PROPERTY_TIMEOUT)

  // Found by the property above: sealing '' gives IV + tag and no ciphertext, which openCookieValue refuses
  // (`body.length <= IV_BYTES + TAG_BYTES`; `<` would accept it). Unreachable today (the payload is never empty);
  // when the bound changes this starts passing and `it.fails` flags it: turn it into a plain `it` then.
  it.fails('opens a sealed empty string', () => {
    expect(openCookieValue(sealCookieValue('', keys[0] as Buffer, context), keys, context)).toEqual({ plaintext: '', keyIndex: 0 })
  })
})
