import fc from 'fast-check'
import { anyString } from './cookie-arbitraries.ts'

/**
 * Generators of corrupt stored payloads: what a damaged, hand-edited, foreign or hostile row, hash field or file
 * may hold. Shared by the decoder property tests and the tests that write garbage into real stores.
 */

/** Any JavaScript value, exotic ones included (Maps, null-prototype objects, BigInts, boxed values, sparse arrays). */
export const anyValue = fc.anything({
  maxDepth: 2,
  withBigInt: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  withUnicodeString: true,
})

/** Keys that trip up naive code: prototype names, the record's own reserved keys, numbers, empties. */
export const trickyKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'cookie', 'flash', 'id', 'type', 'message', '', '0', '1e3', 'toJSON'),
  anyString(12),
)

/** A JSON value whose objects use {@link trickyKey}s. */
export const trickyJsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    // Two levels below the top: deep enough for nested objects in odd places, cheap enough for 100,000 runs.
    { depthSize: 'small', maxDepth: 2, withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, '', 'x'),
    anyString(20),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.tuple(trickyKey, tie('value')), { maxLength: 4 }).map((entries) => {
      const object: Record<string, unknown> = {}
      for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
      return object
    }),
  ),
})).value

/** JSON text nested `depth` levels deep: parsers cope, but recursive code that walks the result may not. */
export const deeplyNestedJson = fc.tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}'])).map(([depth, [open, close]]) => `${(open as string).repeat(depth)}1${(close as string).repeat(depth)}`)

/** Text that is, or nearly is, JSON: valid JSON of any shape, truncated or mangled JSON, JSON nested thousands of levels deep, or plain garbage. */
export function jsonishText(shaped: fc.Arbitrary<unknown> = trickyJsonValue): fc.Arbitrary<string> {
  const valid = fc.oneof(fc.json({ maxDepth: 3 }), shaped.map((value) => JSON.stringify(value) ?? 'null'))
  const truncated = fc.tuple(valid, fc.nat()).map(([text, cut]) => text.slice(0, cut % Math.max(1, text.length)))
  const mangled = fc.tuple(valid, fc.nat(), fc.constantFrom('"', '\\', '{', ']', ',', '\u0000', '\uD800', 'NaN', 'undefined')).map(([text, at, junk]) => text.slice(0, at % (text.length + 1)) + junk + text.slice(at % (text.length + 1)))
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 2, arbitrary: truncated }, { weight: 2, arbitrary: mangled }, anyString(80), deeplyNestedJson)
}

/** A flash entry as stores keep them, or something that looks like one but is not. */
export const flashEntryLike = fc.oneof(
  fc.record({ id: fc.oneof(fc.nat().map(String), anyString(6)), type: anyString(10), message: trickyJsonValue }),
  fc.record({ id: trickyJsonValue, type: trickyJsonValue, message: trickyJsonValue }, { requiredKeys: [] }),
  trickyJsonValue,
)

/** A cookie as stores keep it, or something that looks like one but is not. */
export const storedCookieLike = fc.oneof(
  fc.record(
    {
      originalMaxAge: fc.oneof(fc.constant(null), fc.integer(), fc.double()),
      expires: fc.oneof(fc.constant(null), fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())), anyString(30), fc.integer()),
      path: fc.oneof(fc.constant('/'), anyString(10)),
      httpOnly: fc.oneof(fc.boolean(), trickyJsonValue),
      secure: fc.oneof(fc.boolean(), trickyJsonValue),
      sameSite: fc.oneof(fc.constantFrom('lax', 'strict', 'none', true, false), anyString(8)),
      domain: anyString(20),
    },
    { requiredKeys: [] },
  ),
  trickyJsonValue,
)

