import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { signValue, unsignValue, verifySignedValue, type Secret } from '../../src/lib/core/cookie-signature.ts'
import { createMemorySessionStorage } from '../../src/lib/storage/memory-session-storage.ts'
import { anyString, mutationOf, sessionIdLike } from './support/cookie-arbitraries.ts'

/**
 * Signature verification (src/lib/core/cookie-signature.ts) under arbitrary input, 100,000 generated cases
 * over the tests below: no exception escapes, a signed value verifies with the secret that signed it (and
 * reports which one, for rotation), and no change to a signed value, no foreign secret and no random string
 * ever verifies. The last test takes the same inputs through a storage's `read`, as the Fetch face does.
 */

// PROOF_PROPERTY_RUNS scales it down for a quick local loop; the proof is the default.
const RUNS = Number(process.env.PROOF_PROPERTY_RUNS ?? 100_000)
const TIMEOUT = 60_000

/** Secrets as applications pass them: strings of any kind (even empty) and Buffers. */
const secret: fc.Arbitrary<Secret> = fc.oneof(anyString(40), fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)))
const secretList = fc.array(secret, { minLength: 1, maxLength: 4 })

/**
 * Whether two secrets are the same HMAC key. HMAC hashes a key longer than its 64-byte block and pads a shorter
 * one with zero bytes, so `''` and `'\0'` are one key: a property of HMAC, not of sessionkit.
 */
function sameSecret(a: Secret, b: Secret): boolean {
  const key = (secret: Secret): Buffer => {
    const bytes = Buffer.from(secret)
    const block = bytes.length > 64 ? createHash('sha256').update(bytes).digest() : bytes
    let end = block.length
    while (end > 0 && block[end - 1] === 0) end--
    return block.subarray(0, end)
  }
  return key(a).equals(key(b))
}

describe(`cookie signatures: ${RUNS.toLocaleString('en')} cases over these tests`, () => {
  it('verifies what one of the secrets signed, naming the first secret that is the same HMAC key', () => {
    fc.assert(
      fc.property(sessionIdLike, secretList, fc.nat(), (value, secrets, pick) => {
        const index = pick % secrets.length
        const verified = verifySignedValue(signValue(value, secrets[index] as Secret), secrets)
        expect(verified?.value).toBe(value)
        expect(verified?.secretIndex).toBe(secrets.findIndex((s) => sameSecret(s, secrets[index] as Secret)))
      }),
      { numRuns: Math.round(RUNS * 0.25) },
    )
  }, TIMEOUT)

  it('refuses every tampered signed value (one bit, character, truncation or extension away)', () => {
    fc.assert(
      fc.property(
        fc.tuple(sessionIdLike, secret).chain(([value, key]) => fc.tuple(fc.constant(value), fc.constant(key), mutationOf(signValue(value, key)))),
        ([value, key, tampered]) => {
          const verified = verifySignedValue(tampered, [key])
          // A change may land on the mac's side and leave the value intact: never verifying is what matters.
          expect(verified).toBeUndefined()
          expect(unsignValue(tampered, [key])).toBe(false)
          expect(tampered).not.toBe(signValue(value, key))
        },
      ),
      { numRuns: Math.round(RUNS * 0.35) },
    )
  }, TIMEOUT)

  it('refuses a value signed with a secret that is not in the list', () => {
    fc.assert(
      fc.property(sessionIdLike, secret, secretList, (value, signer, secrets) => {
        fc.pre(!secrets.some((s) => sameSecret(s, signer)))
        expect(verifySignedValue(signValue(value, signer), secrets)).toBeUndefined()
      }),
      { numRuns: Math.round(RUNS * 0.1) },
    )
  }, TIMEOUT)

  it('never throws on arbitrary strings, and they never verify', () => {
    fc.assert(
      fc.property(fc.oneof(anyString(120), fc.string({ unit: fc.constantFrom('.', 'a', '=', '+', '/', 's', ':'), maxLength: 80 })), secretList, (input, secrets) => {
        expect(verifySignedValue(input, secrets)).toBeUndefined()
      }),
      { numRuns: Math.round(RUNS * 0.2) },
    )
  }, TIMEOUT)

  it("a storage's read (what the Fetch face calls with each cookie value) never rejects on such values and starts a new session", async () => {
    const storage = createMemorySessionStorage({ secrets: ['storage secret'] })
    const stored = await storage.read(null)
    stored.set('n', 1)
    const valid = (await storage.save(stored)) as string
    const hostile = fc.oneof(
      anyString(200),
      mutationOf(valid),
      sessionIdLike.map((id) => signValue(id, 'storage secret')),
      fc.integer({ min: 1000, max: 20_000 }).map((length) => signValue('y'.repeat(length), 'storage secret')),
    )
    await fc.assert(
      fc.asyncProperty(hostile, async (cookie) => {
        const session = await storage.read(cookie)
        expect(session.state).toBe('new')
        expect(session.get('n' as never)).toBeUndefined()
      }),
      { numRuns: Math.round(RUNS * 0.1) },
    )
    // The valid cookie still reads its session: the storage was not broken by what it saw.
    expect((await storage.read(valid)).get('n' as never)).toBe(1)
    await storage.close()
  }, TIMEOUT)
})

describe('a note on lone surrogates', () => {
  it('two values that differ only in lone UTF-16 surrogates share a mac (HMAC hashes UTF-8, where both are U+FFFD)', () => {
    // Not reachable from a Cookie header (Node reads header bytes as Latin-1) nor with generated ids (base64url);
    // kept here so a change of that behaviour is noticed. cookie-signature, which express-session uses, does the same.
    expect(verifySignedValue(`a\uD800.${signValue('a\uDFFF', 'k').split('.').pop()}`, ['k'])?.value).toBe('a\uD800')
  })
})
