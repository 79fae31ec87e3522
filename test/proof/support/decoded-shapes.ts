import fc from 'fast-check'
import { expect } from 'vitest'
import { anyString } from './cookie-arbitraries.ts'
import { storedCookieLike, trickyJsonValue, trickyKey } from './payload-arbitraries.ts'

/**
 * What the stored-payload property tests share: how many cases each decoder gets, the shapes a decoder's output
 * must have, and the records and flash messages a store writes (for the read-back tests).
 */

/** Generated cases per decoder, over its tests: most are garbage, the rest what the store itself writes. */
// PROOF_PROPERTY_RUNS scales it down for a quick local loop; the proof is the default.
export const RUNS = Number(process.env.PROOF_PROPERTY_RUNS ?? 100_000)
export const GARBAGE_RUNS = Math.round(RUNS * 0.8)
export const ROUND_TRIP_RUNS = RUNS - GARBAGE_RUNS
/** Generating nested JSON with tricky keys is the slow part: tens of seconds per 100,000 on this machine. */
export const PROPERTY_TIMEOUT = 60_000

export const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Asserts the flash entries every caller of a decoder relies on: an array of objects with string id and type. */
export function expectFlashEntries(flash: unknown): void {
  expect(Array.isArray(flash)).toBe(true)
  for (const entry of flash as unknown[]) {
    expect(isPlainObject(entry)).toBe(true)
    expect(typeof (entry as { id: unknown }).id).toBe('string')
    expect(typeof (entry as { type: unknown }).type).toBe('string')
  }
}

/** A record as the express face writes it: a cookie and data keys of any JSON value (tricky names included). */
export const sessionRecord: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.option(storedCookieLike.filter(isPlainObject), { nil: undefined }), fc.array(fc.tuple(trickyKey.filter((k) => k !== 'cookie' && k !== 'flash'), trickyJsonValue), { maxLength: 6 }))
  .map(([cookie, entries]) => {
    const record: Record<string, unknown> = cookie === undefined ? {} : { cookie }
    for (const [key, value] of entries) Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true })
    // What a store gets is what survived JSON (the express face serializes): compare against that.
    return JSON.parse(JSON.stringify(record)) as Record<string, unknown>
  })

/** Flash messages as a request adds them. */
export const flashMessages = fc.array(fc.record({ type: anyString(8), message: trickyJsonValue }), { maxLength: 4 }).map((list) => JSON.parse(JSON.stringify(list)) as Array<{ type: string; message: unknown }>)

/** The entries a store numbers those messages as. */
export const numbered = (messages: Array<{ type: string; message: unknown }>) => messages.map((m, i) => ({ id: String(i + 1), type: m.type, message: m.message }))
