import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { SqliteStore } from '../../../src/stores/sqlite.ts'
import { anyString } from '../support/cookie-arbitraries.ts'
import { describeCorruptStoredPayloads } from '../support/corrupt-store-harness.ts'
import { flashEntryLike, jsonishText, storedCookieLike, trickyJsonValue, trickyKey } from '../support/payload-arbitraries.ts'

/**
 * Garbage written straight into a real SQLite row (a database file of the test's own) under sessions the
 * SqliteStore wrote. SQLite is dynamically typed, so any column may be given text that is not JSON, a number,
 * a BLOB or NULL.
 */

const RUNS = Number(process.env.PROOF_CORRUPT_RUNS ?? 1000)
const COLUMNS = ['data', 'cookie', 'flash', 'flash_seq', 'user_id', 'created_at', 'last_seen_at', 'sliding_ttl_ms'] as const

const text = (shaped: fc.Arbitrary<unknown>) => jsonishText(shaped)
const cell = fc.oneof(
  { weight: 3, arbitrary: text(trickyJsonValue) },
  fc.integer(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.double(),
  fc.constant(null),
  fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes)),
  anyString(20),
)
const anyDamage = fc.oneof(
  { weight: 3, arbitrary: fc.record({ column: fc.constantFrom(...COLUMNS), value: cell }) },
  fc.record({ column: fc.constant('data' as const), value: text(fc.dictionary(trickyKey, trickyJsonValue)) }),
  fc.record({ column: fc.constant('cookie' as const), value: text(storedCookieLike) }),
  fc.record({ column: fc.constant('flash' as const), value: text(fc.array(flashEntryLike, { maxLength: 4 })) }),
)

describeCorruptStoredPayloads('SQLite', RUNS, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sessionkit-proof-sqlite-'))
  const database = new Database(join(dir, 'sessions.db'))
  const store = new SqliteStore({ database, pruneInterval: false })
  return {
    store,
    garbage: anyDamage,
    async corrupt(id, { column, value }) {
      try {
        const { changes } = database.prepare(`UPDATE sessions SET ${column} = ? WHERE id = ?`).run(value, id)
        if (changes !== 1) throw new Error(`sessionkit test: no row for the session just written (${changes})`)
        return true
      } catch (error) {
        // NOT NULL columns refuse NULL: such a row cannot exist.
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_NOTNULL') return false
        throw error
      }
    },
    async cleanup() {
      await store.close()
      database.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
})
