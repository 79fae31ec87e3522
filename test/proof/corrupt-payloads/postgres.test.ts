import fc from 'fast-check'
import pg from 'pg'
import { PostgresStore } from '../../../src/stores/postgres.ts'
import { uniqueTableName } from '../../lib/stores/postgres/postgres-test-table.ts'
import { databaseUrl, postgresAvailable } from '../../support/services.ts'
import { anyString } from '../support/cookie-arbitraries.ts'
import { describeCorruptStoredPayloads } from '../support/corrupt-store-harness.ts'
import { flashEntryLike, storedCookieLike, trickyJsonValue, trickyKey } from '../support/payload-arbitraries.ts'

/**
 * Garbage written straight into a real PostgreSQL row (DATABASE_URL) under sessions the PostgresStore wrote:
 * any JSON in the jsonb columns (data, cookie, flash; a jsonb column cannot hold text that is not JSON), odd
 * numbers in flash_seq and sliding_ttl_ms, any user_id. (jsonb itself refuses text that is not JSON and \u0000.)
 */

const up = await postgresAvailable()
const RUNS = Number(process.env.PROOF_CORRUPT_RUNS ?? 1000)

type Damage = { column: 'data' | 'cookie' | 'flash'; json: unknown } | { column: 'flash_seq' | 'sliding_ttl_ms'; number: string } | { column: 'user_id'; text: string | null }

const json = (shaped: fc.Arbitrary<unknown>) => fc.oneof(shaped, trickyJsonValue, fc.jsonValue({ maxDepth: 2 }))
const damage: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ column: fc.constant('data' as const), json: json(fc.dictionary(trickyKey, trickyJsonValue)) }) },
  { weight: 2, arbitrary: fc.record({ column: fc.constant('cookie' as const), json: json(storedCookieLike) }) },
  { weight: 3, arbitrary: fc.record({ column: fc.constant('flash' as const), json: json(fc.array(flashEntryLike, { maxLength: 4 })) }) },
  fc.record({ column: fc.constantFrom('flash_seq' as const, 'sliding_ttl_ms' as const), number: fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.integer()).map(String) }),
  fc.record({ column: fc.constant('user_id' as const), text: fc.option(anyString(20), { nil: null }) }),
)

describeCorruptStoredPayloads(
  'PostgreSQL',
  RUNS,
  async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 })
    const tableName = uniqueTableName('proof_corrupt')
    const store = new PostgresStore({ pool, tableName, createTable: true, pruneInterval: false })
    return {
      store,
      garbage: damage,
      async corrupt(id, d) {
        const [sql, value] =
          'json' in d
            ? [`UPDATE "${tableName}" SET ${d.column} = $2::jsonb WHERE id = $1`, JSON.stringify(d.json)]
            : 'text' in d
              ? [`UPDATE "${tableName}" SET user_id = $2 WHERE id = $1`, d.text]
              : [`UPDATE "${tableName}" SET ${d.column} = $2::bigint WHERE id = $1`, d.number]
        try {
          const { rowCount } = await pool.query(sql, [id, value])
          if (rowCount !== 1) throw new Error(`sessionkit test: no row for the session just written (${rowCount})`)
          return true
        } catch (error) {
          // Values PostgreSQL itself refuses (\u0000 in jsonb or text, NOT NULL) cannot be in the table.
          if (['22P05', '22021', '23502', '22P02'].includes((error as { code?: string }).code ?? '')) return false
          throw error
        }
      },
      async cleanup() {
        await store.close()
        await pool.query(`DROP TABLE IF EXISTS "${tableName}"`)
        await pool.end()
      },
    }
  },
  !up,
)
