import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseSession, serializeSession, sessionJson, withFlashMessages } from '../../../src/lib/stores/memory/serialized-session.ts'
import { anyString } from '../support/cookie-arbitraries.ts'
import { PROPERTY_TIMEOUT, RUNS, sessionRecord } from '../support/decoded-shapes.ts'
import { trickyJsonValue } from '../support/payload-arbitraries.ts'

/**
 * The memory store's serialized sessions (stores/memory/serialized-session.ts), 100,000 generated records. The
 * memory store only ever decodes what it serialized itself (nothing outside the process can write to it), so
 * the property is the round trip: every record, tricky keys and flash messages included, comes back intact.
 */

describe('the memory store’s serialized sessions (stores/memory/serialized-session.ts)', () => {
  // The memory store decodes only what it serialized itself: what matters is that every record comes back intact.
  it('gives back every record it serialized, with or without flash messages merged in', () => {
    const messages = fc.dictionary(anyString(6), fc.array(trickyJsonValue, { maxLength: 3 }), { maxKeys: 3 }).map((m) => JSON.parse(JSON.stringify(m)) as Record<string, unknown[]>)
    fc.assert(
      fc.property(sessionRecord, messages, (record, flash) => {
        const serialized = serializeSession(record)
        expect(parseSession(serialized)).toEqual(record)
        const merged = withFlashMessages(serialized, flash)
        expect(JSON.parse(sessionJson(merged))).toEqual({ ...record, flash })
      }),
      { numRuns: RUNS },
    )
  }, PROPERTY_TIMEOUT)
})
