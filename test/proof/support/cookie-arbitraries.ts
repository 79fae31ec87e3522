import fc from 'fast-check'
import { signValue, type Secret } from '../../../src/lib/core/cookie-signature.ts'

/**
 * Generators of hostile Cookie headers and cookie values, shared by the property tests of the parsers and by
 * the tests that send them over real HTTP. Every value these produce for a session cookie is invalid (never a
 * correctly signed id), so whatever reaches a session layer must start a fresh session.
 */

/** Any UTF-16 code unit, lone surrogates included: what a JavaScript string may hold, valid Unicode or not. */
export const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code))

/** Any code point, surrogate halves included (String.fromCodePoint makes a lone surrogate of one). */
const codePoints = (maxLength: number): fc.Arbitrary<string> => fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength }).map((points) => String.fromCodePoint(...points))

/** Characters that break naive parsing, for strings built mostly of them. */
const troublesome = fc.constantFrom(...'"\\{}[]:,;=%. \t\u0000\u00e9\u2028\ufeff\ufffd\ud800\udfff'.split(''), '\u{1f600}')

/**
 * Strings of every kind: ASCII with control characters, any code points (lone surrogates included), and
 * strings of troublesome characters. (Built from code points rather than fast-check's grapheme units: several
 * times cheaper to generate, which matters at 100,000 cases per target on this machine.)
 */
export const anyString = (maxLength = 64): fc.Arbitrary<string> =>
  fc.oneof(fc.string({ unit: 'binary-ascii', maxLength }), codePoints(maxLength), fc.string({ unit: troublesome, maxLength }))

/** Characters a signed cookie is made of, plus the separators and escapes that confuse parsers. */
const cookieishChar = fc.constantFrom(...'abcXYZ019-_+/=.:s%;," \\\t'.split(''))

/**
 * A session id as generated ids look (base64url), or anything else a forged cookie could name: any well-formed
 * Unicode. (Not lone surrogates: HMAC hashes a string's UTF-8 bytes, in which every lone surrogate becomes the
 * same U+FFFD, so two ids differing only there share a mac. Ids from a Cookie header are Latin-1 and never hold
 * one; see the note in cookie-signature.property.test.ts.)
 */
export const sessionIdLike = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{1,48}$/),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
)

/** What a cookie parser reads from a raw value: the part before any `;`, without surrounding spaces and tabs. */
function wireForm(value: string): string {
  return (value.split(';')[0] as string).replace(/^[ \t]+|[ \t]+$/g, '')
}

/**
 * One small change to a string that always yields a different string, even as a cookie parser reads it raw
 * (an appended `; x` or a trailing space would be cut off again and give back the original).
 */
export function mutationOf(original: string): fc.Arbitrary<string> {
  const index = fc.nat({ max: Math.max(0, original.length - 1) })
  const flipBit = fc.tuple(index, fc.nat({ max: 15 })).map(([i, bit]) => {
    const code = original.charCodeAt(i) ^ (1 << bit)
    return original.slice(0, i) + String.fromCharCode(code) + original.slice(i + 1)
  })
  const deleteOne = index.map((i) => original.slice(0, i) + original.slice(i + 1))
  const insertOne = fc.tuple(fc.nat({ max: original.length }), fc.oneof(cookieishChar, utf16Unit)).map(([i, c]) => original.slice(0, i) + c + original.slice(i))
  const truncate = fc.nat({ max: Math.max(0, original.length - 1) }).map((n) => original.slice(0, n))
  const append = fc.string({ unit: cookieishChar, minLength: 1, maxLength: 8 }).map((tail) => original + tail)
  const swapHalves = fc.constant(original.slice(Math.ceil(original.length / 2)) + original.slice(0, Math.ceil(original.length / 2)))
  return fc.oneof(flipBit, deleteOne, insertOne, truncate, append, swapHalves).filter((mutated) => mutated !== original && wireForm(mutated) !== original)
}

/** How a cookie value may travel: as is, percent-encoded (fully, partly, or with broken escapes), or quoted. */
export function encodingOf(value: string): fc.Arbitrary<string> {
  const full = (() => {
    try {
      return encodeURIComponent(value)
    } catch {
      // A lone surrogate cannot be percent-encoded: send it raw.
      return value
    }
  })()
  return fc.oneof(
    fc.constant(value),
    fc.constant(full),
    fc.constant(`"${full}"`),
    fc.constant(full.replace(/%/g, '%25')),
    fc.nat({ max: Math.max(0, full.length) }).map((n) => full.slice(0, n) + '%' + full.slice(n)),
    fc.constant(full.replace(/%3A/gi, ':').replace(/%2F/gi, '/')),
    // Overlong and surrogate UTF-8 escapes, which decodeURIComponent rejects.
    fc.constantFrom('%C0%80', '%ED%A0%80', '%FF', '%E2%82').map((bad) => full + bad),
  )
}

/** express-session's signed value `s:<id>.<mac>` for `id` under `secret`, decoded (before URI encoding). */
export const signedCookieValue = (id: string, secret: Secret): string => `s:${signValue(id, secret)}`

/**
 * A signed session cookie value (decoded) with tampered bits: signed with the right secret, then changed in
 * one place; or signed with a wrong secret; or unsigned; or a mac borrowed from another id.
 */
export function tamperedSignedValue(secret: Secret): fc.Arbitrary<string> {
  const tamperedBits = sessionIdLike.chain((id) => mutationOf(signedCookieValue(id, secret)))
  const wrongSecret = fc.tuple(sessionIdLike, anyString(20)).filter(([, other]) => other !== secret).map(([id, other]) => signedCookieValue(id, other))
  const unsigned = sessionIdLike.map((id) => `s:${id}`)
  const withoutPrefix = sessionIdLike.map((id) => signValue(id, secret))
  const borrowedMac = fc.tuple(sessionIdLike, sessionIdLike).filter(([a, b]) => a !== b).map(([a, b]) => `s:${a}.${signValue(b, secret).slice(b.length + 1)}`)
  return fc.oneof({ weight: 4, arbitrary: tamperedBits }, wrongSecret, unsigned, withoutPrefix, borrowedMac)
}

/** A cookie value that is certainly not a valid session cookie: tampered, random, huge, oddly encoded. */
export function hostileCookieValue(secret: Secret, hugeMaxLength = 8192): fc.Arbitrary<string> {
  const tampered = tamperedSignedValue(secret).chain(encodingOf)
  const random = anyString(80)
  const huge = fc.tuple(fc.string({ unit: cookieishChar, minLength: 1, maxLength: 16 }), fc.integer({ min: 256, max: hugeMaxLength })).map(([chunk, length]) => chunk.repeat(Math.ceil(length / chunk.length)).slice(0, length))
  const hugeSigned = fc.integer({ min: Math.min(1024, hugeMaxLength), max: hugeMaxLength }).chain((length) => mutationOf(signedCookieValue('x'.repeat(length), secret)))
  return fc.oneof({ weight: 5, arbitrary: tampered }, { weight: 2, arbitrary: random }, huge, hugeSigned)
}

/** One `name=value` pair of a Cookie header: the session cookie's name (sometimes padded), or another. */
function cookiePair(name: string, value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const pairName = fc.oneof({ weight: 4, arbitrary: fc.constant(name) }, fc.constantFrom(` ${name}`, `${name} `, name.toUpperCase(), `${name}x`), fc.string({ unit: cookieishChar, maxLength: 12 }))
  return fc.oneof({ weight: 6, arbitrary: fc.tuple(pairName, value).map(([n, v]) => `${n}=${v}`) }, fc.constantFrom('', '=', '==', name, `${name}=`, ';'))
}

/** Separators between pairs, as browsers and broken clients write them. */
const separator = fc.constantFrom('; ', ';', ' ; ', ';;', ', ', '\t;')

/**
 * A whole Cookie header in which no value is a valid session cookie named `name`: up to 40 pairs, many of them
 * with the session cookie's own name (same-named cookies), or plain noise.
 */
export function hostileCookieHeader(name: string, secret: Secret, options: { maxPairs?: number; hugeMaxLength?: number } = {}): fc.Arbitrary<string> {
  const { maxPairs = 40, hugeMaxLength = 8192 } = options
  const pairs = fc.array(cookiePair(name, hostileCookieValue(secret, hugeMaxLength)), { minLength: 1, maxLength: maxPairs })
  const joined = fc.tuple(pairs, fc.array(separator, { minLength: maxPairs, maxLength: maxPairs })).map(([list, seps]) => list.map((pair, i) => (i === 0 ? pair : (seps[i] as string) + pair)).join(''))
  return fc.oneof({ weight: 6, arbitrary: joined }, anyString(200))
}

/**
 * What an HTTP/1.1 client can put on the wire for a header value: bytes. Characters above U+00FF are sent
 * as their UTF-8 bytes (read back by Node as Latin-1), CR, LF and NUL as spaces (they would end the header).
 */
export function asHeaderBytes(value: string): string {
  const bytes = Buffer.from(value, 'utf8').toString('latin1')
  // Node's HTTP parser also refuses other control characters except tab: a client could not send them.
  return bytes.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ' ')
}
